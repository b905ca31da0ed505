/* The binding-overhead benchmark's C side: MPI_Allreduce of 8 bytes and MPI_Bcast of 1 MiB, timed
 * exactly as benchmarks/MpiIo.Bench does from C#, so the two can be compared in one run.
 * Output: one line per measurement, "c <name> <microseconds per call>" (median of the trials, slowest rank). */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }

static double median(double *v, int n) { qsort(v, n, sizeof *v, cmp); return v[n / 2]; }

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int iters_small = argc > 1 ? atoi(argv[1]) : 20000, iters_big = argc > 2 ? atoi(argv[2]) : 500, trials = argc > 3 ? atoi(argv[3]) : 7;
    int rank; MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    double t[64];
    long in = rank, out = 0;
    for (int i = 0; i < iters_small / 10; i++) MPI_Allreduce(&in, &out, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    for (int k = 0; k < trials; k++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        for (int i = 0; i < iters_small; i++) MPI_Allreduce(&in, &out, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
        double mine = (MPI_Wtime() - t0) / iters_small, worst;
        MPI_Allreduce(&mine, &worst, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        t[k] = worst;
    }
    if (rank == 0) printf("c allreduce8 %.4f\n", median(t, trials) * 1e6);
    size_t big = 1 << 20;
    char *buf = malloc(big);
    memset(buf, rank, big);
    for (int i = 0; i < iters_big / 10; i++) MPI_Bcast(buf, (int)big, MPI_BYTE, 0, MPI_COMM_WORLD);
    for (int k = 0; k < trials; k++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        for (int i = 0; i < iters_big; i++) MPI_Bcast(buf, (int)big, MPI_BYTE, 0, MPI_COMM_WORLD);
        double mine = (MPI_Wtime() - t0) / iters_big, worst;
        MPI_Allreduce(&mine, &worst, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        t[k] = worst;
    }
    if (rank == 0) printf("c bcast1m %.4f\n", median(t, trials) * 1e6);
    free(buf);
    MPI_Finalize();
    return 0;
}
