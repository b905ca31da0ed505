/* File manipulation (MPI 4.0 section 14.2) at 2 ranks: open, close, delete, set_size, preallocate, get_size,
 * get_group, get_amode, set_info, get_info (ROMIO's default hints), sync, set/get_atomicity,
 * get_type_extent, c2f/f2c, and the access modes APPEND, DELETE_ON_CLOSE, EXCL, UNIQUE_OPEN and SEQUENTIAL,
 * with MPI_COMM_WORLD and MPI_COMM_SELF. Files left: manage.dat (808 bytes), self.R.dat per rank.
 * usage: mpiexec -n 2 file_manage OUTPUT_DIR */
#include "abi_check.h"
#include <sys/stat.h>

#define SIZE 800

static unsigned char byte_at(long off) { return (unsigned char)(off * 7 + 3); }

static void check_hint(MPI_Info info, const char *key, const char *expected)
{
    char value[MPI_MAX_INFO_VAL + 1];
    int found = 0;
    OK(MPI_Info_get(info, key, MPI_MAX_INFO_VAL, value, &found));
    CHECK(found, "get_info: hint %s missing (expected %s)", key, expected);
    CHECK(!strcmp(value, expected), "get_info: hint %s is '%s', expected '%s'", key, value, expected);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int main(int argc, char **argv)
{
    abi_init(&argc, &argv, "file_manage");
    const char *path = abi_path("manage.dat");
    abi_fresh(path);

    MPI_Info hints;
    OK(MPI_Info_create(&hints));
    OK(MPI_Info_set(hints, "ind_rd_buffer_size", "8192"));
    MPI_File fh;
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, hints, &fh));
    OK(MPI_Info_free(&hints));
    CHECK(fh != MPI_FILE_NULL, "open returned MPI_FILE_NULL");

    int amode = 0;
    OK(MPI_File_get_amode(fh, &amode));
    CHECK(amode == (MPI_MODE_CREATE | MPI_MODE_RDWR), "get_amode %d, expected CREATE|RDWR %d", amode, MPI_MODE_CREATE | MPI_MODE_RDWR);

    MPI_Group group, world;
    int cmp = MPI_UNEQUAL;
    OK(MPI_File_get_group(fh, &group));
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    MPI_Group_compare(group, world, &cmp);
    CHECK(cmp == MPI_IDENT, "get_group: the group differs from MPI_COMM_WORLD's (compare %d)", cmp);
    MPI_Group_free(&group);
    MPI_Group_free(&world);

    /* get_info: the hint given at open, and ROMIO's defaults for the others (which MpiIo adopts; the
     * standard lets an implementation choose its hints, so these values are ROMIO's, not the standard's). */
    MPI_Info used;
    OK(MPI_File_get_info(fh, &used));
    check_hint(used, "ind_rd_buffer_size", "8192");
    check_hint(used, "ind_wr_buffer_size", "524288");
    check_hint(used, "cb_buffer_size", "16777216");
    check_hint(used, "romio_cb_read", "automatic");
    check_hint(used, "romio_cb_write", "automatic");
    check_hint(used, "romio_ds_read", "automatic");
    check_hint(used, "romio_ds_write", "automatic");
    check_hint(used, "cb_config_list", "*:1");
    int nkeys = 0;
    OK(MPI_Info_get_nkeys(used, &nkeys));
    CHECK(nkeys >= 8, "get_info returned %d hints, expected at least 8", nkeys);
    OK(MPI_Info_free(&used));

    /* set_info: a new value for a hint that may change on an open file. */
    OK(MPI_Info_create(&hints));
    OK(MPI_Info_set(hints, "ind_wr_buffer_size", "65536"));
    OK(MPI_File_set_info(fh, hints));
    OK(MPI_Info_free(&hints));
    OK(MPI_File_get_info(fh, &used));
    check_hint(used, "ind_wr_buffer_size", "65536");
    OK(MPI_Info_free(&used));

    MPI_Offset size = -1;
    OK(MPI_File_get_size(fh, &size));
    CHECK(size == 0, "a new file has size %lld", (long long)size);
    OK(MPI_File_set_size(fh, 1000));
    OK(MPI_File_get_size(fh, &size));
    CHECK(size == 1000, "after set_size(1000) the size is %lld", (long long)size);
    OK(MPI_File_set_size(fh, 600));
    OK(MPI_File_get_size(fh, &size));
    CHECK(size == 600, "after set_size(600) (truncation) the size is %lld", (long long)size);
    OK(MPI_File_preallocate(fh, SIZE));
    OK(MPI_File_get_size(fh, &size));
    CHECK(size == SIZE, "after preallocate(%d) the size is %lld", SIZE, (long long)size);
    /* A smaller preallocation leaves the size alone (MPI 4.0 14.2.5). */
    OK(MPI_File_preallocate(fh, 100));
    OK(MPI_File_get_size(fh, &size));
    CHECK(size == SIZE, "after preallocate(100) the size is %lld, expected it unchanged at %d", (long long)size, SIZE);

    /* The extended and preallocated bytes are undefined (14.2.4, 14.2.5): every byte is written below. */
    int flag = -1;
    OK(MPI_File_get_atomicity(fh, &flag));
    CHECK(flag == 0, "a new file is in atomic mode (%d)", flag);
    OK(MPI_File_set_atomicity(fh, 1));
    OK(MPI_File_get_atomicity(fh, &flag));
    CHECK(flag == 1, "set_atomicity(1) then get_atomicity gives %d", flag);
    OK(MPI_File_set_atomicity(fh, 0));
    OK(MPI_File_get_atomicity(fh, &flag));
    CHECK(flag == 0, "set_atomicity(0) then get_atomicity gives %d", flag);

    unsigned char buf[SIZE];
    int half = SIZE / 2;
    for (int i = 0; i < half; i++) buf[i] = byte_at(abi_rank * half + i);
    MPI_Status st;
    OK(MPI_File_write_at(fh, abi_rank * half, buf, half, MPI_BYTE, &st));
    CHECK(abi_count(&st, MPI_BYTE) == half, "write_at moved %d bytes, expected %d", abi_count(&st, MPI_BYTE), half);
    abi_sync_barrier_sync(fh);
    int other = 1 - abi_rank;
    memset(buf, 0, sizeof buf);
    OK(MPI_File_read_at(fh, other * half, buf, half, MPI_BYTE, &st));
    for (int i = 0; i < half; i++)
        CHECK(buf[i] == byte_at(other * half + i), "after sync-barrier-sync, byte %d of rank %d's half is %d", i, other, buf[i]);

    MPI_Aint extent = 0;
    OK(MPI_File_get_type_extent(fh, MPI_INT, &extent));
    CHECK(extent == (MPI_Aint)sizeof(int), "get_type_extent(MPI_INT) %ld", (long)extent);
    MPI_Datatype spaced;
    MPI_Type_create_resized(MPI_INT, 0, 12, &spaced);
    MPI_Type_commit(&spaced);
    OK(MPI_File_get_type_extent(fh, spaced, &extent));
    CHECK(extent == 12, "get_type_extent(resized int, extent 12) %ld", (long)extent);
    MPI_Type_free(&spaced);

    MPI_Fint f = MPI_File_c2f(fh);
    CHECK(MPI_File_f2c(f) == fh, "f2c(c2f(fh)) is not fh");
    CHECK(MPI_File_f2c(MPI_File_c2f(MPI_FILE_NULL)) == MPI_FILE_NULL, "f2c(c2f(MPI_FILE_NULL)) is not MPI_FILE_NULL");

    OK(MPI_File_close(&fh));
    CHECK(fh == MPI_FILE_NULL, "close did not set the handle to MPI_FILE_NULL");

    /* Read-only reopen: the whole file as written. */
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY | MPI_MODE_UNIQUE_OPEN, MPI_INFO_NULL, &fh));
    OK(MPI_File_get_amode(fh, &amode));
    CHECK(amode == (MPI_MODE_RDONLY | MPI_MODE_UNIQUE_OPEN), "get_amode %d after a read-only open", amode);
    memset(buf, 0, sizeof buf);
    OK(MPI_File_read_at_all(fh, 0, buf, SIZE, MPI_BYTE, &st));
    CHECK(abi_count(&st, MPI_BYTE) == SIZE, "read_at_all of the whole file moved %d bytes", abi_count(&st, MPI_BYTE));
    for (int i = 0; i < SIZE; i++) CHECK(buf[i] == byte_at(i), "byte %d is %d, expected %d", i, buf[i], byte_at(i));
    /* Reading past the end moves only the bytes there are. */
    OK(MPI_File_read_at(fh, SIZE - 10, buf, 100, MPI_BYTE, &st));
    CHECK(abi_count(&st, MPI_BYTE) == 10, "read_at across the end moved %d bytes, expected 10", abi_count(&st, MPI_BYTE));
    OK(MPI_File_close(&fh));

    /* APPEND: both file pointers start at the end (14.2.1). */
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_WRONLY | MPI_MODE_APPEND, MPI_INFO_NULL, &fh));
    MPI_Offset pos = -1;
    OK(MPI_File_get_position(fh, &pos));
    CHECK(pos == SIZE, "APPEND: individual pointer at %lld, expected %d", (long long)pos, SIZE);
    OK(MPI_File_get_position_shared(fh, &pos));
    CHECK(pos == SIZE, "APPEND: shared pointer at %lld, expected %d", (long long)pos, SIZE);
    if (abi_rank == 0) {
        unsigned char tail[8];
        for (int i = 0; i < 8; i++) tail[i] = byte_at(SIZE + i);
        OK(MPI_File_write(fh, tail, 8, MPI_BYTE, &st));
    }
    OK(MPI_File_close(&fh));
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    OK(MPI_File_get_size(fh, &size));
    CHECK(size == SIZE + 8, "after an append of 8 bytes the size is %lld", (long long)size);
    OK(MPI_File_close(&fh));

    /* SEQUENTIAL with the shared pointer: each rank appends its byte in rank order; DELETE_ON_CLOSE
     * removes the file when the read-only reopen closes. */
    const char *seq = abi_path("sequential.tmp");
    abi_fresh(seq);
    OK(MPI_File_open(MPI_COMM_WORLD, seq, MPI_MODE_CREATE | MPI_MODE_WRONLY | MPI_MODE_SEQUENTIAL, MPI_INFO_NULL, &fh));
    unsigned char mine = (unsigned char)('a' + abi_rank);
    OK(MPI_File_write_ordered(fh, &mine, 1, MPI_BYTE, &st));
    OK(MPI_File_close(&fh));
    OK(MPI_File_open(MPI_COMM_WORLD, seq, MPI_MODE_RDONLY | MPI_MODE_DELETE_ON_CLOSE, MPI_INFO_NULL, &fh));
    OK(MPI_File_get_size(fh, &size));
    CHECK(size == abi_size, "SEQUENTIAL: %lld bytes after one ordered byte per rank", (long long)size);
    unsigned char seen[64] = { 0 };
    OK(MPI_File_read_at_all(fh, 0, seen, abi_size, MPI_BYTE, &st));
    for (int r = 0; r < abi_size; r++) CHECK(seen[r] == 'a' + r, "SEQUENTIAL: byte %d is %d, expected rank %d's", r, seen[r], r);
    OK(MPI_File_close(&fh));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK(!exists(seq), "DELETE_ON_CLOSE: %s still exists after close", seq);

    /* EXCL on a new file works; delete removes it. */
    const char *doomed = abi_path("doomed.tmp");
    abi_fresh(doomed);
    OK(MPI_File_open(MPI_COMM_WORLD, doomed, MPI_MODE_CREATE | MPI_MODE_EXCL | MPI_MODE_WRONLY, MPI_INFO_NULL, &fh));
    OK(MPI_File_close(&fh));
    CHECK(exists(doomed), "open with CREATE|EXCL did not create %s", doomed);
    MPI_Barrier(MPI_COMM_WORLD);
    if (abi_rank == 0) OK(MPI_File_delete(doomed, MPI_INFO_NULL));
    MPI_Barrier(MPI_COMM_WORLD);
    CHECK(!exists(doomed), "MPI_File_delete left %s", doomed);

    /* MPI_COMM_SELF: one file per rank. */
    char self_name[64];
    snprintf(self_name, sizeof self_name, "self.%d.dat", abi_rank);
    const char *self = abi_path(self_name);
    unlink(self);
    OK(MPI_File_open(MPI_COMM_SELF, self, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    OK(MPI_File_get_group(fh, &group));
    int gsize = 0;
    MPI_Group_size(group, &gsize);
    CHECK(gsize == 1, "get_group of a MPI_COMM_SELF file has %d members", gsize);
    MPI_Group_free(&group);
    int words[16];
    for (int i = 0; i < 16; i++) words[i] = abi_rank * 1000 + i;
    OK(MPI_File_write(fh, words, 16, MPI_INT, &st));
    OK(MPI_File_seek(fh, 0, MPI_SEEK_SET));
    memset(words, 0, sizeof words);
    OK(MPI_File_read(fh, words, 16, MPI_INT, &st));
    for (int i = 0; i < 16; i++) CHECK(words[i] == abi_rank * 1000 + i, "self file word %d is %d", i, words[i]);
    OK(MPI_File_close(&fh));

    return abi_done();
}
