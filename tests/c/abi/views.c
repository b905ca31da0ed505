/* File views at the edges (MPI 4.0 sections 14.3, 14.4.1), 1 or 2 ranks, after ROMIO's resized and
 * zero-length tests:
 *  - resized.dat: filetype = MPI_INT resized to lb 4, extent 12; two ints written through it land at ints 0
 *    and 3 (copy n of the filetype starts at disp + n*extent) and the file is 16 bytes long. The bytes between
 *    are a hole the standard leaves undefined, so they are written afterwards through the byte view.
 *  - resized.prefilled.dat: the same write over 32 bytes of 0xAB: the bytes outside the view keep 0xAB.
 *  - zerolen.dat: filetype and memory type built with zero-length blocks; only the non-empty blocks move.
 *  - etype.dat: an etype of 2 ints (a contiguous type), offsets and seek in etypes, get_type_extent.
 *  - filetypes whose displacements decrease or overlap are rejected on a writable file (14.3 requires
 *    monotonically non-decreasing displacements, and no overlap unless the file is read-only), and an
 *    overlapping view reads fine on a read-only file.
 * Rank 0 writes the files; the other ranks only take part in the collective calls.
 * usage: mpiexec -n 2 views OUTPUT_DIR */
#include "abi_check.h"

static MPI_File open_fresh(const char *name, MPI_Info info)
{
    const char *path = abi_path(name);
    abi_fresh(path);
    MPI_File fh;
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, info, &fh));
    return fh;
}

static void read_bytes(MPI_File fh, MPI_Offset at, unsigned char *out, int n)
{
    MPI_Status st;
    OK(MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL));
    OK(MPI_File_read_at_all(fh, at, out, n, MPI_BYTE, &st));
    CHECK(abi_count(&st, MPI_BYTE) == n, "read %d of %d bytes at %lld", abi_count(&st, MPI_BYTE), n, (long long)at);
}

static void resized(void)
{
    MPI_Datatype spaced;
    MPI_Type_create_resized(MPI_INT, 4, 12, &spaced);
    MPI_Type_commit(&spaced);
    int two[2] = { 0x01020304, 0x0a0b0c0d };
    MPI_Status st;
    int n = abi_rank == 0 ? 2 : 0;

    MPI_File fh = open_fresh("resized.dat", MPI_INFO_NULL);
    OK(MPI_File_set_view(fh, 0, MPI_INT, spaced, "native", MPI_INFO_NULL));
    OK(MPI_File_write_at_all(fh, 0, two, n, MPI_INT, &st));
    MPI_Offset size = -1;
    OK(MPI_File_get_size(fh, &size));
    CHECK(size == 16, "two ints through resized(int, lb 4, extent 12) made a file of %lld bytes, expected 16", (long long)size);
    abi_sync_barrier_sync(fh);
    int back[2] = { 0, 0 };
    OK(MPI_File_read_at_all(fh, 0, back, n, MPI_INT, &st));
    CHECK(n == 0 || (back[0] == two[0] && back[1] == two[1]), "read through the resized view: %#x %#x", back[0], back[1]);
    int ints[4] = { 0 };
    OK(MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "native", MPI_INFO_NULL));
    OK(MPI_File_read_at_all(fh, 0, ints, 4, MPI_INT, &st));
    CHECK(ints[0] == two[0] && ints[3] == two[1], "the ints did not land at ints 0 and 3 (%#x, %#x)", ints[0], ints[3]);
    unsigned char fill[8];
    memset(fill, 0x11, sizeof fill);
    OK(MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL));
    OK(MPI_File_write_at_all(fh, 4, fill, abi_rank == 0 ? 8 : 0, MPI_BYTE, &st));
    OK(MPI_File_close(&fh));

    fh = open_fresh("resized.prefilled.dat", MPI_INFO_NULL);
    unsigned char pre[32];
    memset(pre, 0xAB, sizeof pre);
    OK(MPI_File_write_at_all(fh, 0, pre, abi_rank == 0 ? 32 : 0, MPI_BYTE, &st));
    abi_sync_barrier_sync(fh);
    OK(MPI_File_set_view(fh, 0, MPI_INT, spaced, "native", MPI_INFO_NULL));
    OK(MPI_File_write_at_all(fh, 0, two, n, MPI_INT, &st));
    abi_sync_barrier_sync(fh);
    unsigned char bytes[32];
    read_bytes(fh, 0, bytes, 32);
    for (int b = 4; b < 32; b++)
        if (b < 12 || b >= 16) CHECK(bytes[b] == 0xAB, "byte %d outside the view changed to %#x", b, bytes[b]);
    CHECK(!memcmp(bytes, &two[0], 4) && !memcmp(bytes + 12, &two[1], 4), "the ints are not at bytes 0 and 12");
    OK(MPI_File_close(&fh));
    MPI_Type_free(&spaced);
}

static void zero_length_blocks(void)
{
    /* File: ints 1, 2 and 5 of every 8 (blocks of 0, 2, 0, 1, 0 ints), resized to 8 ints. */
    int flens[5] = { 0, 2, 0, 1, 0 }, fdisps[5] = { 0, 1, 3, 5, 7 };
    MPI_Datatype findexed, ftype;
    MPI_Type_indexed(5, flens, fdisps, MPI_INT, &findexed);
    MPI_Type_create_resized(findexed, 0, 8 * 4, &ftype);
    MPI_Type_commit(&ftype);
    /* Memory: bytes 0-3 and 12-19, with empty blocks between and after (hindexed); the empty block at byte 20
     * adds no entry to the typemap, so the extent is 20 bytes (MPI 4.0 5.1: bounds come from the entries). */
    int mlens[4] = { 1, 0, 2, 0 };
    MPI_Aint mdisps[4] = { 0, 4, 12, 20 };
    MPI_Datatype mtype;
    MPI_Type_create_hindexed(4, mlens, mdisps, MPI_INT, &mtype);
    MPI_Type_commit(&mtype);
    int mem[12];
    for (int i = 0; i < 12; i++) mem[i] = 100 + i;

    MPI_File fh = open_fresh("zerolen.dat", MPI_INFO_NULL);
    int pre[16];
    for (int i = 0; i < 16; i++) pre[i] = -1 - i;
    MPI_Status st;
    OK(MPI_File_write_at_all(fh, 0, pre, abi_rank == 0 ? 16 : 0, MPI_INT, &st));
    abi_sync_barrier_sync(fh);
    OK(MPI_File_set_view(fh, 0, MPI_INT, ftype, "native", MPI_INFO_NULL));
    /* Two memory records (ints 0, 3, 4 and 5, 8, 9) into two filetype copies (ints 1, 2, 5 and 9, 10, 13). */
    OK(MPI_File_write_all(fh, mem, abi_rank == 0 ? 2 : 0, mtype, &st));
    CHECK(abi_count(&st, MPI_INT) == (abi_rank == 0 ? 6 : 0), "write_all with zero-length blocks moved %d ints", abi_count(&st, MPI_INT));
    abi_sync_barrier_sync(fh);
    int ints[16];
    read_bytes(fh, 0, (unsigned char *)ints, 64);
    int expected[16];
    for (int i = 0; i < 16; i++) expected[i] = pre[i];
    expected[1] = 100; expected[2] = 103; expected[5] = 104; expected[9] = 105; expected[10] = 108; expected[13] = 109;
    for (int i = 0; i < 16; i++) CHECK(ints[i] == expected[i], "zerolen.dat int %d is %d, expected %d", i, ints[i], expected[i]);
    OK(MPI_File_set_view(fh, 0, MPI_INT, ftype, "native", MPI_INFO_NULL));
    int back[12];
    for (int i = 0; i < 12; i++) back[i] = 0;
    OK(MPI_File_read_at_all(fh, 0, back, abi_rank == 0 ? 2 : 0, mtype, &st));
    if (abi_rank == 0)
        for (int i = 0; i < 12; i++) {
            int in_type = i < 10 && (i % 5 == 0 || i % 5 == 3 || i % 5 == 4);
            CHECK(back[i] == (in_type ? mem[i] : 0), "zero-length read: memory int %d is %d", i, back[i]);
        }
    OK(MPI_File_close(&fh));
    MPI_Type_free(&ftype);
    MPI_Type_free(&findexed);
    MPI_Type_free(&mtype);
}

static void etype_units(void)
{
    MPI_Datatype pair;
    MPI_Type_contiguous(2, MPI_INT, &pair);
    MPI_Type_commit(&pair);
    MPI_File fh = open_fresh("etype.dat", MPI_INFO_NULL);
    OK(MPI_File_set_view(fh, 8, pair, pair, "native", MPI_INFO_NULL));
    MPI_Aint extent = 0;
    OK(MPI_File_get_type_extent(fh, pair, &extent));
    CHECK(extent == 8, "get_type_extent of 2 ints: %ld", (long)extent);
    int data[6] = { 11, 12, 21, 22, 31, 32 };
    MPI_Status st;
    if (abi_rank == 0) {
        OK(MPI_File_seek(fh, 1, MPI_SEEK_SET));
        OK(MPI_File_write(fh, data, 3, pair, &st));
        MPI_Offset pos = -1, byte = -1;
        OK(MPI_File_get_position(fh, &pos));
        CHECK(pos == 4, "after seek 1 and 3 pairs the position is %lld etypes", (long long)pos);
        OK(MPI_File_get_byte_offset(fh, pos, &byte));
        CHECK(byte == 8 + 4 * 8, "get_byte_offset(4 pairs) %lld", (long long)byte);
        OK(MPI_File_write_at(fh, 0, data, 1, pair, &st));
    }
    abi_sync_barrier_sync(fh);
    MPI_Offset size = -1;
    OK(MPI_File_get_size(fh, &size));
    CHECK(size == 8 + 4 * 8, "etype.dat has %lld bytes, expected 40", (long long)size);
    int head[2] = { 7, 7 };
    OK(MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL));
    OK(MPI_File_write_at_all(fh, 0, head, abi_rank == 0 ? 8 : 0, MPI_BYTE, &st));
    OK(MPI_File_close(&fh));
    MPI_Type_free(&pair);
}

/* A filetype with displacements the standard forbids: the view or the first write through it must fail. */
static void rejected(const char *what, MPI_Datatype bad, int amode)
{
    const char *path = abi_path("rejected.tmp");
    MPI_File fh;
    OK(MPI_File_open(MPI_COMM_WORLD, path, amode | MPI_MODE_DELETE_ON_CLOSE, MPI_INFO_NULL, &fh));
    int rc = MPI_File_set_view(fh, 0, MPI_INT, bad, "native", MPI_INFO_NULL);
    if (rc == MPI_SUCCESS) {
        int data[4] = { 1, 2, 3, 4 };
        MPI_Status st;
        rc = MPI_File_write_at(fh, 0, data, 4, MPI_INT, &st);
    }
    CHECK(rc != MPI_SUCCESS, "a filetype with %s was accepted by set_view and write_at", what);
    OK(MPI_File_close(&fh));
}

static void bad_filetypes(void)
{
    /* A negative displacement is erroneous too (14.3), but the standard does not require it to be detected
     * and ROMIO accepts it, so it is not tested. ROMIO reports the two below with MPI_ERR_IO; the standard
     * names no class, so any error passes. */
    int lens[2] = { 1, 1 };
    int decreasing[2] = { 2, 0 };
    int overlap_lens[2] = { 2, 2 }, overlapping[2] = { 0, 1 };
    MPI_Datatype t;
    abi_fresh(abi_path("rejected.tmp"));
    MPI_Type_indexed(2, lens, decreasing, MPI_INT, &t);
    MPI_Type_commit(&t);
    rejected("decreasing displacements", t, MPI_MODE_CREATE | MPI_MODE_RDWR);
    MPI_Type_free(&t);
    MPI_Type_indexed(2, overlap_lens, overlapping, MPI_INT, &t);
    MPI_Type_commit(&t);
    rejected("overlapping blocks (writable file)", t, MPI_MODE_CREATE | MPI_MODE_RDWR);

    /* Overlap is allowed on a file opened read-only: ints 0,1 then 1,2 of etype.dat (7, 11, 12 ...). */
    MPI_File fh;
    OK(MPI_File_open(MPI_COMM_WORLD, abi_path("etype.dat"), MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    OK(MPI_File_set_view(fh, 0, MPI_INT, t, "native", MPI_INFO_NULL));
    int got[4] = { 0 };
    MPI_Status st;
    OK(MPI_File_read_at_all(fh, 0, got, 4, MPI_INT, &st));
    int ints[3] = { 0 };
    OK(MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "native", MPI_INFO_NULL));
    OK(MPI_File_read_at_all(fh, 0, ints, 3, MPI_INT, &st));
    CHECK(got[0] == ints[0] && got[1] == ints[1] && got[2] == ints[1] && got[3] == ints[2],
          "read through an overlapping view: %d %d %d %d from file ints %d %d %d", got[0], got[1], got[2], got[3], ints[0], ints[1], ints[2]);
    OK(MPI_File_close(&fh));
    MPI_Type_free(&t);
}

int main(int argc, char **argv)
{
    abi_init(&argc, &argv, "views");
    resized();
    zero_length_blocks();
    etype_units();
    bad_filetypes();
    return abi_done();
}
