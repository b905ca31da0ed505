/* Atomic mode (MPI 4.0 section 14.6.1) at 2 ranks, after ROMIO's atomicity test: with atomicity on, a
 * reader that overlaps a writer sees either all old data or all new data, never a mix. Rank 0 writes the
 * old values, everyone turns atomic mode on, then rank 0 overwrites everything with new values while the
 * other ranks read the same range, several times over. Once with a contiguous access and once through an
 * interleaving vector view with strided memory. The last round's new values stay in the files.
 * Files left: atomicity.contig.dat and atomicity.noncontig.dat (N ints each).
 * usage: mpiexec -n 2 atomicity OUTPUT_DIR */
#include "abi_check.h"

#define N 20000
#define ROUNDS 4

static int value(int version, int i) { return version * 1000000 + i; }

static void run(int noncontig)
{
    const char *path = abi_path(noncontig ? "atomicity.noncontig.dat" : "atomicity.contig.dat");
    abi_fresh(path);
    MPI_File fh;
    MPI_Status st;
    int *buf = malloc(2 * N * sizeof(int));
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    /* Noncontiguous: the file view takes ints 0, 2, 4, ... of every pair; memory takes every other int too,
     * so the access covers N/2 ints of the file. The odd ints are written once, before, and never change. */
    MPI_Datatype ftype = MPI_INT, mtype = MPI_INT, vec;
    int count = N;
    if (noncontig) {
        MPI_Type_vector(N / 2, 1, 2, MPI_INT, &vec);
        MPI_Type_create_resized(vec, 0, (MPI_Aint)N * 4, &ftype);
        MPI_Type_commit(&ftype);
        mtype = vec;
        MPI_Type_commit(&mtype);
        count = 1;
    }
    for (int round = 0; round < ROUNDS; round++) {
        int old = 2 * round + 1, new = 2 * round + 2;
        OK(MPI_File_set_atomicity(fh, 0));
        OK(MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "native", MPI_INFO_NULL));
        if (abi_rank == 0) {
            for (int i = 0; i < N; i++) buf[i] = noncontig && i % 2 ? value(9, i) : value(old, i);
            OK(MPI_File_write_at(fh, 0, buf, N, MPI_INT, &st));
        }
        abi_sync_barrier_sync(fh);
        OK(MPI_File_set_atomicity(fh, 1));
        int flag = 0;
        OK(MPI_File_get_atomicity(fh, &flag));
        CHECK(flag == 1, "get_atomicity after set_atomicity(1) is %d", flag);
        if (noncontig) OK(MPI_File_set_view(fh, 0, MPI_INT, ftype, "native", MPI_INFO_NULL));
        /* Memory int 2k holds file int 2k's value (noncontiguous) or memory int i file int i's. */
        for (int i = 0; i < N; i++) buf[i] = value(new, i);
        MPI_Barrier(MPI_COMM_WORLD);
        if (abi_rank == 0) {
            OK(MPI_File_write_at(fh, 0, buf, count, mtype, &st));
        } else {
            for (int i = 0; i < N; i++) buf[i] = -1;
            OK(MPI_File_read_at(fh, 0, buf, count, mtype, &st));
            int seen = -1;
            for (int i = 0; i < N; i += noncontig ? 2 : 1) {
                int version = buf[i] == value(old, i) ? old : buf[i] == value(new, i) ? new : -1;
                CHECK(version > 0, "round %d: int %d is %d, neither old nor new", round, i, buf[i]);
                if (seen < 0) seen = version;
                CHECK(version == seen, "round %d: a mix of old and new data (int %d is version %d, earlier ones %d)", round, i, version, seen);
                if (noncontig && i + 1 < N) CHECK(buf[i + 1] == -1, "round %d: the read wrote memory int %d outside its type", round, i + 1);
            }
        }
        MPI_Barrier(MPI_COMM_WORLD);
    }
    /* The last new values, and the odd ints of the noncontiguous file untouched since they were written. */
    OK(MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "native", MPI_INFO_NULL));
    OK(MPI_File_read_at_all(fh, 0, buf, N, MPI_INT, &st));
    for (int i = 0; i < N; i++) {
        int expected = noncontig && i % 2 ? value(9, i) : value(2 * ROUNDS, i);
        CHECK(buf[i] == expected, "final file int %d is %d, expected %d", i, buf[i], expected);
    }
    OK(MPI_File_close(&fh));
    if (noncontig) { MPI_Type_free(&ftype); MPI_Type_free(&mtype); }
    free(buf);
}

int main(int argc, char **argv)
{
    abi_init(&argc, &argv, "atomicity");
    run(0);
    run(1);
    return abi_done();
}
