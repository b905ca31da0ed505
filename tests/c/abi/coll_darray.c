/* Collective I/O through distributed-array views, after ROMIO's coll_test: a 32x32x32 int array, element
 * (i,j,k) holding its global index, spread over a P-rank grid from MPI_Dims_create.
 *  - darray.block.dat: block distribution in every dimension; memory is the local block inside one layer of
 *    ghost cells (a subarray memory type), written with write_all and read back with read_all.
 *  - darray.cyclic.dat: cyclic(2) distribution in the first dimension, block in the others; contiguous
 *    memory, written with write_at_all and read back with read_at_all.
 * After each write every rank reads the whole file through the default view and checks every element.
 * usage: mpiexec -n 4 coll_darray OUTPUT_DIR (any rank count works) */
#include "abi_check.h"

#define G 32
#define TOTAL (G * G * G)

/* This rank's darray of the G^3 ints and, in *index (malloc'd), the global index of each of its *count local
 * elements in order: MPICH's own datatype engine answers (MPI_Pack of the global array's indices through the
 * type), independently of MPI-IO. */
static MPI_Datatype make_darray(const int *distribs, const int *dargs, const int *psizes, int **index, int *count)
{
    int gsizes[3] = { G, G, G };
    MPI_Datatype darray;
    MPI_Type_create_darray(abi_size, abi_rank, 3, gsizes, distribs, dargs, psizes, MPI_ORDER_C, MPI_INT, &darray);
    MPI_Type_commit(&darray);
    int bytes = 0;
    MPI_Type_size(darray, &bytes);
    *count = bytes / (int)sizeof(int);
    *index = malloc((*count ? *count : 1) * sizeof(int));
    int *all = malloc(TOTAL * sizeof(int));
    for (int g = 0; g < TOTAL; g++) all[g] = g;
    int position = 0;
    MPI_Pack(all, 1, darray, *index, bytes, &position, MPI_COMM_SELF);
    CHECK(position == bytes, "MPI_Pack of the darray gave %d bytes, expected %d", position, bytes);
    free(all);
    return darray;
}

static void check_whole_file(const char *path, const char *name)
{
    MPI_File fh;
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    MPI_Offset size = -1;
    OK(MPI_File_get_size(fh, &size));
    CHECK(size == TOTAL * (MPI_Offset)sizeof(int), "%s has %lld bytes, expected %d", name, (long long)size, TOTAL * 4);
    int *all = malloc(TOTAL * sizeof(int));
    MPI_Status st;
    OK(MPI_File_read_at_all(fh, 0, all, TOTAL, MPI_INT, &st));
    for (int g = 0; g < TOTAL; g++) CHECK(all[g] == g, "%s: element %d holds %d", name, g, all[g]);
    free(all);
    OK(MPI_File_close(&fh));
}

static void block_with_ghosts(const int *psizes)
{
    const char *path = abi_path("darray.block.dat");
    abi_fresh(path);
    int distribs[3], dargs[3], count, *index;
    for (int d = 0; d < 3; d++) { distribs[d] = MPI_DISTRIBUTE_BLOCK; dargs[d] = MPI_DISTRIBUTE_DFLT_DARG; }
    MPI_Datatype darray = make_darray(distribs, dargs, psizes, &index, &count);

    /* The local block is ceil(G/p) per dimension except at the grid's far edge. */
    int coords[3], local[3], r = abi_rank;
    for (int d = 2; d >= 0; d--) { coords[d] = r % psizes[d]; r /= psizes[d]; }
    for (int d = 0; d < 3; d++) {
        int b = (G + psizes[d] - 1) / psizes[d];
        int lo = coords[d] * b, hi = lo + b < G ? lo + b : G;
        local[d] = hi > lo ? hi - lo : 0;
    }
    CHECK(local[0] * local[1] * local[2] == count, "local block %dx%dx%d does not hold the darray's %d ints", local[0], local[1], local[2], count);
    int padded[3] = { local[0] + 2, local[1] + 2, local[2] + 2 }, starts[3] = { 1, 1, 1 };
    int cells = padded[0] * padded[1] * padded[2];
    int *mem = malloc(cells * sizeof(int));
    for (int c = 0; c < cells; c++) mem[c] = -7; /* ghosts: must never reach the file */
    MPI_Datatype memtype;
    MPI_Type_create_subarray(3, padded, local, starts, MPI_ORDER_C, MPI_INT, &memtype);
    MPI_Type_commit(&memtype);
    int n = 0;
    for (int i = 0; i < local[0]; i++)
        for (int j = 0; j < local[1]; j++)
            for (int k = 0; k < local[2]; k++) mem[((i + 1) * padded[1] + j + 1) * padded[2] + k + 1] = index[n++];

    MPI_File fh;
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &fh));
    OK(MPI_File_set_view(fh, 0, MPI_INT, darray, "native", MPI_INFO_NULL));
    MPI_Status st;
    OK(MPI_File_write_all(fh, mem, 1, memtype, &st));
    CHECK(abi_count(&st, MPI_INT) == count, "write_all moved %d ints, expected %d", abi_count(&st, MPI_INT), count);
    OK(MPI_File_close(&fh));
    check_whole_file(path, "darray.block.dat");

    for (int c = 0; c < cells; c++) mem[c] = -7;
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    OK(MPI_File_set_view(fh, 0, MPI_INT, darray, "native", MPI_INFO_NULL));
    OK(MPI_File_read_all(fh, mem, 1, memtype, &st));
    CHECK(abi_count(&st, MPI_INT) == count, "read_all moved %d ints, expected %d", abi_count(&st, MPI_INT), count);
    OK(MPI_File_close(&fh));
    n = 0;
    for (int i = 0; i < padded[0]; i++)
        for (int j = 0; j < padded[1]; j++)
            for (int k = 0; k < padded[2]; k++) {
                int inside = i > 0 && j > 0 && k > 0 && i <= local[0] && j <= local[1] && k <= local[2];
                int v = mem[(i * padded[1] + j) * padded[2] + k];
                int expected = inside ? index[n++] : -7;
                CHECK(v == expected, "read_all into the ghosted block: cell (%d,%d,%d) is %d, expected %d", i, j, k, v, expected);
            }
    MPI_Type_free(&memtype);
    MPI_Type_free(&darray);
    free(mem);
    free(index);
}

static void cyclic_contiguous(const int *psizes)
{
    const char *path = abi_path("darray.cyclic.dat");
    abi_fresh(path);
    int distribs[3] = { MPI_DISTRIBUTE_CYCLIC, MPI_DISTRIBUTE_BLOCK, MPI_DISTRIBUTE_BLOCK };
    int dargs[3] = { 2, MPI_DISTRIBUTE_DFLT_DARG, MPI_DISTRIBUTE_DFLT_DARG };
    int count, *index;
    MPI_Datatype darray = make_darray(distribs, dargs, psizes, &index, &count);

    MPI_File fh;
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    OK(MPI_File_set_view(fh, 0, MPI_INT, darray, "native", MPI_INFO_NULL));
    MPI_Status st;
    OK(MPI_File_write_at_all(fh, 0, index, count, MPI_INT, &st));
    CHECK(abi_count(&st, MPI_INT) == count, "write_at_all moved %d ints, expected %d", abi_count(&st, MPI_INT), count);
    abi_sync_barrier_sync(fh);
    int *back = malloc((count ? count : 1) * sizeof(int));
    for (int n = 0; n < count; n++) back[n] = -1;
    OK(MPI_File_read_at_all(fh, 0, back, count, MPI_INT, &st));
    for (int n = 0; n < count; n++) CHECK(back[n] == index[n], "read_at_all: local element %d is %d, expected %d", n, back[n], index[n]);
    OK(MPI_File_close(&fh));
    check_whole_file(path, "darray.cyclic.dat");
    MPI_Type_free(&darray);
    free(index);
    free(back);
}

int main(int argc, char **argv)
{
    abi_init(&argc, &argv, "coll_darray");
    int psizes[3] = { 0, 0, 0 };
    MPI_Dims_create(abi_size, 3, psizes);
    block_with_ghosts(psizes);
    cyclic_contiguous(psizes);
    return abi_done();
}
