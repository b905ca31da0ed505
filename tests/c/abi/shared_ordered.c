/* Shared file pointer and ordered access (MPI 4.0 section 14.4.4), after ROMIO's shared_fp test, at 3 ranks:
 *  - ordered.dat: write_ordered, then write_ordered_begin/end, read back with read_ordered and
 *    read_ordered_begin/end after seek_shared; get_position_shared checked after each step. Rank order makes
 *    the file deterministic.
 *  - shared.dat: write_shared and iwrite_shared (with MPI_Wait) passed rank to rank by a token, so the
 *    order is fixed; read back the same way with read_shared and iread_shared.
 *  - concurrent shared access without a token: the order the ranks reach the pointer is free, so the
 *    checks are order-free (every record exactly once, a sum over all ranks), and the file, whose layout
 *    depends on that order, is removed afterwards.
 * Record of rank r in phase p: COUNT ints, int i = p*10000 + r*COUNT + i.
 * usage: mpiexec -n 3 shared_ordered OUTPUT_DIR */
#include "abi_check.h"

#define COUNT 100

static void record(int *buf, int phase, int rank)
{
    for (int i = 0; i < COUNT; i++) buf[i] = phase * 10000 + rank * COUNT + i;
}

static void check_record(const int *buf, int phase, int rank, const char *what)
{
    for (int i = 0; i < COUNT; i++)
        CHECK(buf[i] == phase * 10000 + rank * COUNT + i, "%s: int %d is %d, expected rank %d's record of phase %d", what, i, buf[i], rank, phase);
}

static void check_position(MPI_File fh, MPI_Offset expected, const char *after)
{
    MPI_Offset pos = -1;
    OK(MPI_File_get_position_shared(fh, &pos));
    CHECK(pos == expected, "after %s the shared pointer is at %lld, expected %lld", after, (long long)pos, (long long)expected);
}

/* The shared pointer as every rank sees it, before any rank moves it again (collective). */
static void check_shared_position(MPI_File fh, MPI_Offset expected, const char *after)
{
    check_position(fh, expected, after);
    MPI_Barrier(MPI_COMM_WORLD);
}

static void ordered(void)
{
    const char *path = abi_path("ordered.dat");
    abi_fresh(path);
    MPI_File fh;
    MPI_Status st;
    int buf[COUNT];
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    OK(MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "native", MPI_INFO_NULL));
    check_shared_position(fh, 0, "set_view");
    record(buf, 1, abi_rank);
    OK(MPI_File_write_ordered(fh, buf, COUNT, MPI_INT, &st));
    CHECK(abi_count(&st, MPI_INT) == COUNT, "write_ordered moved %d ints", abi_count(&st, MPI_INT));
    check_shared_position(fh, (MPI_Offset)abi_size * COUNT, "write_ordered");
    record(buf, 2, abi_rank);
    OK(MPI_File_write_ordered_begin(fh, buf, COUNT, MPI_INT));
    OK(MPI_File_write_ordered_end(fh, buf, &st));
    CHECK(abi_count(&st, MPI_INT) == COUNT, "write_ordered_end reports %d ints", abi_count(&st, MPI_INT));
    check_shared_position(fh, 2 * (MPI_Offset)abi_size * COUNT, "write_ordered_begin/end");

    abi_sync_barrier_sync(fh);
    OK(MPI_File_seek_shared(fh, 0, MPI_SEEK_SET));
    check_shared_position(fh, 0, "seek_shared(0, SET)");
    memset(buf, 0, sizeof buf);
    OK(MPI_File_read_ordered(fh, buf, COUNT, MPI_INT, &st));
    CHECK(abi_count(&st, MPI_INT) == COUNT, "read_ordered moved %d ints", abi_count(&st, MPI_INT));
    check_record(buf, 1, abi_rank, "read_ordered");
    memset(buf, 0, sizeof buf);
    OK(MPI_File_read_ordered_begin(fh, buf, COUNT, MPI_INT));
    OK(MPI_File_read_ordered_end(fh, buf, &st));
    check_record(buf, 2, abi_rank, "read_ordered_begin/end");
    /* Past the end, an ordered read moves nothing. */
    OK(MPI_File_read_ordered(fh, buf, COUNT, MPI_INT, &st));
    CHECK(abi_count(&st, MPI_INT) == 0, "read_ordered at the end moved %d ints", abi_count(&st, MPI_INT));

    /* seek_shared counts etypes of the view; END is the end of the file in the view. */
    OK(MPI_File_seek_shared(fh, -COUNT, MPI_SEEK_END));
    check_shared_position(fh, 2 * (MPI_Offset)abi_size * COUNT - COUNT, "seek_shared(-COUNT, END)");
    OK(MPI_File_seek_shared(fh, COUNT / 2, MPI_SEEK_CUR));
    check_shared_position(fh, 2 * (MPI_Offset)abi_size * COUNT - COUNT / 2, "seek_shared(COUNT/2, CUR)");
    OK(MPI_File_close(&fh));
}

static void token_ordered(void)
{
    const char *path = abi_path("shared.dat");
    abi_fresh(path);
    MPI_File fh;
    MPI_Status st;
    MPI_Request req;
    int buf[COUNT];
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    OK(MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "native", MPI_INFO_NULL));
    abi_token_wait();
    record(buf, 3, abi_rank);
    OK(MPI_File_write_shared(fh, buf, COUNT, MPI_INT, &st));
    CHECK(abi_count(&st, MPI_INT) == COUNT, "write_shared moved %d ints", abi_count(&st, MPI_INT));
    check_position(fh, (MPI_Offset)(abi_rank + 1) * COUNT, "this rank's write_shared");
    abi_token_pass();
    abi_token_wait();
    record(buf, 4, abi_rank);
    OK(MPI_File_iwrite_shared(fh, buf, COUNT, MPI_INT, &req));
    OK(MPI_Wait(&req, &st));
    CHECK(req == MPI_REQUEST_NULL, "MPI_Wait left the iwrite_shared request active");
    CHECK(abi_count(&st, MPI_INT) == COUNT, "iwrite_shared moved %d ints", abi_count(&st, MPI_INT));
    abi_token_pass();
    check_shared_position(fh, 2 * (MPI_Offset)abi_size * COUNT, "every rank's write_shared and iwrite_shared");

    abi_sync_barrier_sync(fh);
    OK(MPI_File_seek_shared(fh, 0, MPI_SEEK_SET));
    abi_token_wait();
    memset(buf, 0, sizeof buf);
    OK(MPI_File_read_shared(fh, buf, COUNT, MPI_INT, &st));
    check_record(buf, 3, abi_rank, "read_shared in rank order");
    abi_token_pass();
    abi_token_wait();
    memset(buf, 0, sizeof buf);
    OK(MPI_File_iread_shared(fh, buf, COUNT, MPI_INT, &req));
    int done = 0;
    while (!done) OK(MPI_Test(&req, &done, &st));
    CHECK(abi_count(&st, MPI_INT) == COUNT, "iread_shared moved %d ints", abi_count(&st, MPI_INT));
    check_record(buf, 4, abi_rank, "iread_shared in rank order");
    abi_token_pass();
    OK(MPI_File_close(&fh));
}

static void order_free(void)
{
    const char *path = abi_path("shared_free.tmp");
    abi_fresh(path);
    MPI_File fh;
    MPI_Status st;
    int buf[COUNT];
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR | MPI_MODE_DELETE_ON_CLOSE, MPI_INFO_NULL, &fh));
    OK(MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "native", MPI_INFO_NULL));
    record(buf, 5, abi_rank);
    OK(MPI_File_write_shared(fh, buf, COUNT, MPI_INT, &st));
    abi_sync_barrier_sync(fh);
    check_shared_position(fh, (MPI_Offset)abi_size * COUNT, "concurrent write_shared");

    /* Every record once, each whole: the records were written with one call each. */
    int *all = malloc((size_t)abi_size * COUNT * sizeof(int));
    OK(MPI_File_read_at(fh, 0, all, abi_size * COUNT, MPI_INT, &st));
    int *seen = calloc((size_t)abi_size, sizeof(int));
    for (int slot = 0; slot < abi_size; slot++) {
        int owner = (all[slot * COUNT] - 5 * 10000) / COUNT;
        CHECK(owner >= 0 && owner < abi_size && !seen[owner], "concurrent write_shared: record slot %d starts with %d", slot, all[slot * COUNT]);
        seen[owner] = 1;
        check_record(all + slot * COUNT, 5, owner, "concurrent write_shared");
    }

    /* Concurrent read_shared: each rank gets one whole record; together they get every record once. */
    OK(MPI_File_seek_shared(fh, 0, MPI_SEEK_SET));
    OK(MPI_File_read_shared(fh, buf, COUNT, MPI_INT, &st));
    CHECK(abi_count(&st, MPI_INT) == COUNT, "concurrent read_shared moved %d ints", abi_count(&st, MPI_INT));
    int owner = (buf[0] - 5 * 10000) / COUNT;
    CHECK(owner >= 0 && owner < abi_size, "concurrent read_shared got a record starting with %d", buf[0]);
    check_record(buf, 5, owner, "concurrent read_shared");
    int *owners = malloc((size_t)abi_size * sizeof(int));
    MPI_Allgather(&owner, 1, MPI_INT, owners, 1, MPI_INT, MPI_COMM_WORLD);
    memset(seen, 0, (size_t)abi_size * sizeof(int));
    for (int r = 0; r < abi_size; r++) {
        CHECK(!seen[owners[r]], "concurrent read_shared: record of rank %d read twice", owners[r]);
        seen[owners[r]] = 1;
    }
    MPI_Barrier(MPI_COMM_WORLD);
    check_shared_position(fh, (MPI_Offset)abi_size * COUNT, "concurrent read_shared");
    OK(MPI_File_close(&fh));
    free(all);
    free(seen);
    free(owners);
}

int main(int argc, char **argv)
{
    abi_init(&argc, &argv, "shared_ordered");
    ordered();
    token_ordered();
    order_free();
    return abi_done();
}
