/* The I/O benchmarks' POSIX reference: the same pieces as benchmarks/MpiIo.Bench and mpiio_bench.c move
 * through MPI-IO, moved with plain pwrite/pread (one call per piece: per transfer for independent, per
 * segment for strided). Command line and output: see io_bench.h or --help. */
#include "io_bench.h"
#include <fcntl.h>

/* One pwrite/pread per piece, continuing after short transfers; 0 or -1 with the error printed. */
static int transfer(int fd, int writing, const struct bench_args *a, int rank, int nranks, char *buf)
{
    long long piece = a->kind == BENCH_STRIDED ? a->t : a->xfer;
    long long n = bench_bytes(a) / piece;
    for (long long k = 0; k < n; k++) {
        long long at = a->kind == BENCH_STRIDED ? bench_piece_offset(a, rank, nranks, k) : (long long)rank * a->size + k * piece;
        char *p = buf + k * piece;
        long long done = 0;
        while (done < piece) {
            ssize_t r = writing ? pwrite(fd, p + done, (size_t)(piece - done), at + done)
                                : pread(fd, p + done, (size_t)(piece - done), at + done);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) {
                fprintf(stderr, "posix: rank %d %s at %lld: %s\n", rank, writing ? "pwrite" : "pread", at + done,
                        r < 0 ? strerror(errno) : "unexpected end of file");
                return -1;
            }
            done += r;
        }
    }
    return 0;
}

static int phase(const char *path, int writing, const struct bench_args *a, int rank, int nranks, char *buf, double *seconds)
{
    int fd = open(path, writing ? O_WRONLY | O_CREAT : O_RDONLY, 0644);
    if (fd < 0) fprintf(stderr, "posix: rank %d cannot open %s: %s\n", rank, path, strerror(errno));
    double t0 = bench_start();
    int rc = fd < 0 ? -1 : transfer(fd, writing, a, rank, nranks, buf);
    *seconds = bench_stop(t0);
    if (fd >= 0 && close(fd) != 0) { fprintf(stderr, "posix: rank %d close: %s\n", rank, strerror(errno)); rc = -1; }
    return rc;
}

static int do_write(const char *path, const struct bench_args *a, int rank, int nranks, char *buf, double *seconds)
{
    int rc = phase(path, 1, a, rank, nranks, buf, seconds);
    MPI_Barrier(MPI_COMM_WORLD); /* every rank's data is in the file before anyone reads */
    return rc;
}

static int do_read(const char *path, const struct bench_args *a, int rank, int nranks, char *buf, double *seconds)
{
    return phase(path, 0, a, rank, nranks, buf, seconds);
}

int main(int argc, char **argv)
{
    static const struct bench_ops ops = { "posix", do_write, do_read };
    return bench_main(argc, argv, &ops);
}
