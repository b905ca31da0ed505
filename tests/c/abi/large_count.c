/* The large-count forms of MPI 4.0 (section 14.4, the 29 MPI_File_*_c functions, MPI_Count counts and
 * MPI_Aint extents) at 2 ranks: every one moves one slot of B ints, statuses are read with MPI_Get_count_c.
 * Slot s of rank r holds file ints (s*P + r)*B .. +B, int i = 7000000 + i, so the ordered and the
 * rank-ordered shared-pointer calls land on the same layout as the explicit-offset ones.
 * File left: large_count.dat (SLOTS*P*B ints).
 * usage: mpiexec -n 2 large_count OUTPUT_DIR */
#include "abi_check.h"

#define B 64
#define SLOTS 14

static MPI_Offset slot_byte(int s) { return ((MPI_Offset)s * abi_size + abi_rank) * B * (MPI_Offset)sizeof(int); }

static void fill(int *buf, int s)
{
    for (int i = 0; i < B; i++) buf[i] = 7000000 + (s * abi_size + abi_rank) * B + i;
}

/* One slot by one family of calls: explicit offset, individual pointer (after a seek), split, shared. */
static void transfer(MPI_File fh, int s, int writing, int *buf)
{
    MPI_Status st;
    MPI_Request req;
    MPI_Count n = B;
    const char *call = "";
    if ((s >= 4 && s <= 7) || s == 9) OK(MPI_File_seek(fh, slot_byte(s), MPI_SEEK_SET));
    switch (s) {
    case 0: call = "write/read_at_c"; OK(writing ? MPI_File_write_at_c(fh, slot_byte(s), buf, n, MPI_INT, &st) : MPI_File_read_at_c(fh, slot_byte(s), buf, n, MPI_INT, &st)); break;
    case 1: call = "write/read_at_all_c"; OK(writing ? MPI_File_write_at_all_c(fh, slot_byte(s), buf, n, MPI_INT, &st) : MPI_File_read_at_all_c(fh, slot_byte(s), buf, n, MPI_INT, &st)); break;
    case 2: call = "iwrite/iread_at_c"; OK(writing ? MPI_File_iwrite_at_c(fh, slot_byte(s), buf, n, MPI_INT, &req) : MPI_File_iread_at_c(fh, slot_byte(s), buf, n, MPI_INT, &req)); OK(MPI_Wait(&req, &st)); break;
    case 3: call = "iwrite/iread_at_all_c"; OK(writing ? MPI_File_iwrite_at_all_c(fh, slot_byte(s), buf, n, MPI_INT, &req) : MPI_File_iread_at_all_c(fh, slot_byte(s), buf, n, MPI_INT, &req)); OK(MPI_Wait(&req, &st)); break;
    case 4: call = "write/read_c"; OK(writing ? MPI_File_write_c(fh, buf, n, MPI_INT, &st) : MPI_File_read_c(fh, buf, n, MPI_INT, &st)); break;
    case 5: call = "write/read_all_c"; OK(writing ? MPI_File_write_all_c(fh, buf, n, MPI_INT, &st) : MPI_File_read_all_c(fh, buf, n, MPI_INT, &st)); break;
    case 6: call = "iwrite/iread_c"; OK(writing ? MPI_File_iwrite_c(fh, buf, n, MPI_INT, &req) : MPI_File_iread_c(fh, buf, n, MPI_INT, &req)); OK(MPI_Wait(&req, &st)); break;
    case 7: call = "iwrite/iread_all_c"; OK(writing ? MPI_File_iwrite_all_c(fh, buf, n, MPI_INT, &req) : MPI_File_iread_all_c(fh, buf, n, MPI_INT, &req)); OK(MPI_Wait(&req, &st)); break;
    case 8:
        call = "write/read_at_all_begin_c";
        if (writing) { OK(MPI_File_write_at_all_begin_c(fh, slot_byte(s), buf, n, MPI_INT)); OK(MPI_File_write_at_all_end(fh, buf, &st)); }
        else { OK(MPI_File_read_at_all_begin_c(fh, slot_byte(s), buf, n, MPI_INT)); OK(MPI_File_read_at_all_end(fh, buf, &st)); }
        break;
    case 9:
        call = "write/read_all_begin_c";
        if (writing) { OK(MPI_File_write_all_begin_c(fh, buf, n, MPI_INT)); OK(MPI_File_write_all_end(fh, buf, &st)); }
        else { OK(MPI_File_read_all_begin_c(fh, buf, n, MPI_INT)); OK(MPI_File_read_all_end(fh, buf, &st)); }
        break;
    case 10:
        call = "write/read_ordered_c";
        OK(MPI_File_seek_shared(fh, (MPI_Offset)s * abi_size * B * (MPI_Offset)sizeof(int), MPI_SEEK_SET));
        OK(writing ? MPI_File_write_ordered_c(fh, buf, n, MPI_INT, &st) : MPI_File_read_ordered_c(fh, buf, n, MPI_INT, &st));
        break;
    case 11:
        call = "write/read_ordered_begin_c";
        if (writing) { OK(MPI_File_write_ordered_begin_c(fh, buf, n, MPI_INT)); OK(MPI_File_write_ordered_end(fh, buf, &st)); }
        else { OK(MPI_File_read_ordered_begin_c(fh, buf, n, MPI_INT)); OK(MPI_File_read_ordered_end(fh, buf, &st)); }
        break;
    case 12:
        call = "write/read_shared_c";
        abi_token_wait();
        OK(writing ? MPI_File_write_shared_c(fh, buf, n, MPI_INT, &st) : MPI_File_read_shared_c(fh, buf, n, MPI_INT, &st));
        abi_token_pass();
        break;
    default:
        call = "iwrite/iread_shared_c";
        abi_token_wait();
        OK(writing ? MPI_File_iwrite_shared_c(fh, buf, n, MPI_INT, &req) : MPI_File_iread_shared_c(fh, buf, n, MPI_INT, &req));
        OK(MPI_Wait(&req, &st));
        abi_token_pass();
        break;
    }
    MPI_Count got = -1;
    OK(MPI_Get_count_c(&st, MPI_INT, &got));
    CHECK(got == B, "slot %d, %s: MPI_Get_count_c gives %lld ints, expected %d", s, call, (long long)got, B);
    if (!writing) {
        int expected[B];
        fill(expected, s);
        for (int i = 0; i < B; i++) CHECK(buf[i] == expected[i], "slot %d, %s: int %d is %d, expected %d", s, call, i, buf[i], expected[i]);
    }
}

int main(int argc, char **argv)
{
    abi_init(&argc, &argv, "large_count");
    const char *path = abi_path("large_count.dat");
    abi_fresh(path);
    MPI_File fh;
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    MPI_Count extent = -1;
    OK(MPI_File_get_type_extent_c(fh, MPI_INT, &extent));
    CHECK(extent == (MPI_Count)sizeof(int), "get_type_extent_c(MPI_INT) %lld", (long long)extent);
    int buf[B];
    for (int s = 0; s < SLOTS; s++) {
        fill(buf, s);
        transfer(fh, s, 1, buf);
    }
    abi_sync_barrier_sync(fh);
    for (int s = 0; s < SLOTS; s++) {
        for (int i = 0; i < B; i++) buf[i] = -1;
        transfer(fh, s, 0, buf);
    }
    MPI_Offset size = -1;
    OK(MPI_File_get_size(fh, &size));
    CHECK(size == (MPI_Offset)SLOTS * abi_size * B * (MPI_Offset)sizeof(int), "large_count.dat has %lld bytes", (long long)size);
    OK(MPI_File_close(&fh));
    return abi_done();
}
