/* Split collective data access (MPI 4.0 section 14.4.5) at 2 ranks, after ROMIO's split_coll test:
 * write_all_begin/end and read_all_begin/end with the individual pointer, write_at_all_begin/end and
 * read_at_all_begin/end with explicit offsets, through a view where the ranks interleave blocks of 3 ints
 * (a vector filetype at displacement rank*3 ints) and with memory that is contiguous or strided. Work between begin and end must not
 * disturb the operation; the end call's status counts the data moved, and the individual pointer has moved
 * by the data size after write_all_end (14.4.5: the begin call is where the pointer is taken).
 * Files left: split.pointer.dat and split.at.dat, 2*ROWS*3*P ints each (int i = base + i).
 * usage: mpiexec -n 2 split_coll OUTPUT_DIR */
#include "abi_check.h"

#define ROWS 400
#define BLOCK 3

static MPI_Datatype blocks_of_rank(void)
{
    MPI_Datatype vec, placed;
    MPI_Type_vector(ROWS, BLOCK, BLOCK * abi_size, MPI_INT, &vec);
    MPI_Type_create_resized(vec, 0, (MPI_Aint)ROWS * BLOCK * abi_size * sizeof(int), &placed);
    MPI_Type_commit(&placed);
    MPI_Type_free(&vec);
    return placed;
}

/* The file int that this rank's data int n (of the view, from etype 0) lands on. */
static int file_index(int n)
{
    int per_copy = ROWS * BLOCK, copy = n / per_copy, in_copy = n % per_copy;
    return copy * per_copy * abi_size + (in_copy / BLOCK) * BLOCK * abi_size + abi_rank * BLOCK + in_copy % BLOCK;
}

static long busy_work(int *scratch, int n)
{
    long sum = 0;
    for (int i = 0; i < n; i++) { scratch[i] = i * 3; sum += scratch[i]; }
    return sum;
}

static void check_file(const char *path, int total, int base)
{
    MPI_File fh;
    MPI_Status st;
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    int *all = malloc(total * sizeof(int));
    OK(MPI_File_read_at_all_begin(fh, 0, all, total, MPI_INT));
    OK(MPI_File_read_at_all_end(fh, all, &st));
    CHECK(abi_count(&st, MPI_INT) == total, "read_at_all_end of the whole file reports %d ints, expected %d", abi_count(&st, MPI_INT), total);
    for (int i = 0; i < total; i++) CHECK(all[i] == base + i, "%s: int %d is %d, expected %d", path, i, all[i], base + i);
    free(all);
    OK(MPI_File_close(&fh));
}

int main(int argc, char **argv)
{
    abi_init(&argc, &argv, "split_coll");
    MPI_Datatype ftype = blocks_of_rank();
    int per_copy = ROWS * BLOCK, mine = 2 * per_copy, total = mine * abi_size;
    int *data = malloc(mine * sizeof(int)), *back = malloc(2 * mine * sizeof(int)), *scratch = malloc(4096 * sizeof(int));
    MPI_Datatype strided; /* every other int of a buffer twice as long */
    MPI_Type_vector(mine, 1, 2, MPI_INT, &strided);
    MPI_Type_commit(&strided);
    MPI_Status st;
    MPI_Offset pos;

    /* Individual pointer: two copies of the filetype written in two split collectives, contiguous memory. */
    const char *path = abi_path("split.pointer.dat");
    abi_fresh(path);
    MPI_File fh;
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    OK(MPI_File_set_view(fh, abi_rank * BLOCK * (MPI_Offset)sizeof(int), MPI_INT, ftype, "native", MPI_INFO_NULL));
    for (int n = 0; n < mine; n++) data[n] = 1000000 + file_index(n);
    for (int half = 0; half < 2; half++) {
        OK(MPI_File_write_all_begin(fh, data + half * per_copy, per_copy, MPI_INT));
        CHECK(busy_work(scratch, 4096) == 3L * 4096 * 4095 / 2, "work between begin and end went wrong");
        OK(MPI_File_write_all_end(fh, data + half * per_copy, &st));
        CHECK(abi_count(&st, MPI_INT) == per_copy, "write_all_end reports %d ints, expected %d", abi_count(&st, MPI_INT), per_copy);
        OK(MPI_File_get_position(fh, &pos));
        CHECK(pos == (MPI_Offset)(half + 1) * per_copy, "after split write %d the pointer is at %lld", half, (long long)pos);
    }
    abi_sync_barrier_sync(fh);
    OK(MPI_File_seek(fh, 0, MPI_SEEK_SET));
    /* Read both copies back into strided memory: the gaps keep their marker. */
    for (int i = 0; i < 2 * mine; i++) back[i] = -5;
    OK(MPI_File_read_all_begin(fh, back, 1, strided));
    busy_work(scratch, 4096);
    OK(MPI_File_read_all_end(fh, back, &st));
    CHECK(abi_count(&st, MPI_INT) == mine, "read_all_end reports %d ints, expected %d", abi_count(&st, MPI_INT), mine);
    for (int n = 0; n < mine; n++) {
        CHECK(back[2 * n] == data[n], "read_all into strided memory: data int %d is %d, expected %d", n, back[2 * n], data[n]);
        CHECK(back[2 * n + 1] == -5, "read_all into strided memory wrote gap int %d", 2 * n + 1);
    }
    OK(MPI_File_get_position(fh, &pos));
    CHECK(pos == mine, "after the split read the pointer is at %lld, expected %d", (long long)pos, mine);
    OK(MPI_File_close(&fh));
    check_file(path, total, 1000000);

    /* Explicit offsets: strided memory out, contiguous memory back; the pointer does not move. */
    path = abi_path("split.at.dat");
    abi_fresh(path);
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    OK(MPI_File_set_view(fh, abi_rank * BLOCK * (MPI_Offset)sizeof(int), MPI_INT, ftype, "native", MPI_INFO_NULL));
    for (int n = 0; n < mine; n++) { back[2 * n] = 2000000 + file_index(n); back[2 * n + 1] = -9; }
    OK(MPI_File_write_at_all_begin(fh, 0, back, 1, strided));
    busy_work(scratch, 4096);
    OK(MPI_File_write_at_all_end(fh, back, &st));
    CHECK(abi_count(&st, MPI_INT) == mine, "write_at_all_end reports %d ints, expected %d", abi_count(&st, MPI_INT), mine);
    OK(MPI_File_get_position(fh, &pos));
    CHECK(pos == 0, "write_at_all_begin/end moved the individual pointer to %lld", (long long)pos);
    abi_sync_barrier_sync(fh);
    memset(data, 0, mine * sizeof(int));
    OK(MPI_File_read_at_all_begin(fh, per_copy, data, per_copy, MPI_INT));
    busy_work(scratch, 4096);
    OK(MPI_File_read_at_all_end(fh, data, &st));
    for (int n = 0; n < per_copy; n++)
        CHECK(data[n] == 2000000 + file_index(per_copy + n), "read_at_all at etype %d: int %d is %d", per_copy, n, data[n]);
    OK(MPI_File_close(&fh));
    check_file(path, total, 2000000);

    MPI_Type_free(&strided);
    MPI_Type_free(&ftype);
    free(data);
    free(back);
    free(scratch);
    return abi_done();
}
