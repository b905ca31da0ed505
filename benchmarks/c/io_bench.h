/* Shared by the I/O benchmarks' C sides (posix_bench.c, mpiio_bench.c): command line, data pattern,
 * timing and reporting, all exactly as benchmarks/MpiIo.Bench does them in C#, so the three can be
 * compared in one run. Each harness supplies the four timed operations; this file supplies the rest.
 *
 * Timing: every repetition writes the file, reads it back and removes it. One timed phase is
 * barrier, MPI_Wtime, the transfer calls, MPI_Wtime, and the slowest rank's time (MPI_Allreduce MAX).
 * Opening and closing the file are outside the timed phase. Of the repetitions, the best and the worst
 * are dropped and the others averaged; bandwidth is all ranks' bytes over that time, in MB/s (10^6 B/s).
 * Every read is checked word by word against the pattern written; a mismatch aborts the job. */
#ifndef IO_BENCH_H
#define IO_BENCH_H

#include <mpi.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum bench_kind { BENCH_INDEPENDENT, BENCH_STRIDED };

struct bench_args {
    enum bench_kind kind;
    const char *dir;
    const char *name;   /* file name stem; default derived from rank 0's pid */
    const char *impl;   /* --impl: first word of the output and file name suffix instead of the harness's own */
    long long size;     /* independent: bytes per rank */
    long long xfer;     /* independent: bytes per call (0: the whole block) */
    long long t;        /* strided: segment bytes */
    long long s;        /* strided: segments per rank */
    int reps;
    int collective;     /* --collective yes: MPI-IO harnesses use the _all calls */
    int nhints;         /* --hint KEY=VALUE, for the MPI-IO harnesses */
    char *hint_key[16], *hint_value[16];
};

/* Per-harness operations: write or read this rank's share of the file at path; return 0, or print the
 * failure and return -1. Each calls bench_start and bench_stop exactly once, failure or not, around
 * the transfer calls only (they are collective). */
struct bench_ops {
    const char *impl;   /* first word of every output line */
    int (*write)(const char *path, const struct bench_args *a, int rank, int nranks, char *buf, double *seconds);
    int (*read)(const char *path, const struct bench_args *a, int rank, int nranks, char *buf, double *seconds);
};

static void bench_usage(const char *prog, FILE *to)
{
    fprintf(to,
        "usage: %s independent [--dir DIR] [--size BYTES] [--xfer BYTES] [--reps N] [--hint K=V] [--name STEM]\n"
        "       %s strided     [--dir DIR] [-t BYTES] [-s COUNT] [--reps N] [--hint K=V] [--name STEM]\n"
        "  independent: each rank writes then reads one block of --size bytes at rank*size, --xfer bytes per call\n"
        "               (default: the whole block); defaults --size 64m\n"
        "  strided:     rank r writes then reads s segments of t bytes, segment i at (i*P + r)*t; defaults -t 64k -s 1024\n"
        "  --dir DIR    directory of the file (default /dev/shm); the file is removed after every repetition\n"
        "  --reps N     repetitions (default 5; best and worst dropped when N >= 3)\n"
        "  --collective yes  collective calls (write_at_all/read_at_all) in the MPI-IO harnesses\n"
        "  --hint K=V   an MPI-IO hint for open (repeatable; e.g. romio_ds_read=disable); the POSIX harness ignores it\n"
        "  --impl NAME  the first word of the output lines (default: the harness's, e.g. mpich); e.g. preload when\n"
        "               the MPI-IO harness runs with libmpiio.so preloaded\n"
        "  sizes take a k, m or g suffix (powers of 1024) and must be multiples of 8\n"
        "output (rank 0): \"IMPL write-LABEL MB/s min max\" and \"IMPL read-LABEL MB/s min max\"\n",
        prog, prog);
}

static long long bench_parse_size(const char *text, const char *what)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    long long mult = 1;
    if (*end == 'k' || *end == 'K') mult = 1LL << 10, end++;
    else if (*end == 'm' || *end == 'M') mult = 1LL << 20, end++;
    else if (*end == 'g' || *end == 'G') mult = 1LL << 30, end++;
    if (errno || end == text || *end != '\0' || v <= 0) {
        fprintf(stderr, "bench: %s must be a positive size (e.g. 4m), got '%s'\n", what, text);
        return -1;
    }
    return v * mult;
}

/* Returns 0 when the harness should run, 1 after --help, 2 on a bad command line (message printed on rank 0). */
static int bench_parse(int argc, char **argv, int rank, struct bench_args *a)
{
    memset(a, 0, sizeof *a);
    a->dir = "/dev/shm";
    a->size = 64LL << 20;
    a->t = 64LL << 10;
    a->s = 1024;
    a->reps = 5;
    FILE *err = rank == 0 ? stderr : fopen("/dev/null", "w");
    int rc = 2;
    if (argc < 2) { bench_usage(argv[0], err); goto out; }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) { if (rank == 0) bench_usage(argv[0], stdout); rc = 1; goto out; }
    if (!strcmp(argv[1], "independent")) a->kind = BENCH_INDEPENDENT;
    else if (!strcmp(argv[1], "strided")) a->kind = BENCH_STRIDED;
    else { fprintf(err, "%s: unknown benchmark '%s' (known: independent, strided)\n", argv[0], argv[1]); goto out; }
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        if (!strcmp(o, "-h") || !strcmp(o, "--help")) { if (rank == 0) bench_usage(argv[0], stdout); rc = 1; goto out; }
        if (i + 1 >= argc) { fprintf(err, "%s: %s needs a value\n", argv[0], o); goto out; }
        const char *v = argv[++i];
        long long *target = NULL;
        if (!strcmp(o, "--dir")) a->dir = v;
        else if (!strcmp(o, "--name")) a->name = v;
        else if (!strcmp(o, "--impl")) a->impl = v;
        else if (!strcmp(o, "--collective")) a->collective = !strcmp(v, "yes") || !strcmp(v, "1");
        else if (!strcmp(o, "--size")) target = &a->size;
        else if (!strcmp(o, "--xfer")) target = &a->xfer;
        else if (!strcmp(o, "-t")) target = &a->t;
        else if (!strcmp(o, "-s")) target = &a->s;
        else if (!strcmp(o, "--hint")) {
            const char *eq = strchr(v, '=');
            if (!eq || eq == v || a->nhints == 16) { fprintf(err, "%s: --hint takes KEY=VALUE (at most 16), got '%s'\n", argv[0], v); goto out; }
            a->hint_key[a->nhints] = strndup(v, (size_t)(eq - v));
            a->hint_value[a->nhints++] = strdup(eq + 1);
        }
        else if (!strcmp(o, "--reps")) {
            a->reps = atoi(v);
            if (a->reps < 1 || a->reps > 100) { fprintf(err, "%s: --reps must be 1..100, got '%s'\n", argv[0], v); goto out; }
        } else { fprintf(err, "%s: unknown option %s (see --help)\n", argv[0], o); goto out; }
        if (target) {
            long long n = bench_parse_size(v, o);
            if (n < 0) goto out;
            *target = n;
        }
    }
    if (a->xfer == 0) a->xfer = a->size;
    if (a->size % 8 || a->xfer % 8 || a->t % 8) { fprintf(err, "%s: --size, --xfer and -t must be multiples of 8\n", argv[0]); goto out; }
    if (a->xfer > a->size || a->size % a->xfer) { fprintf(err, "%s: --xfer (%lld) must divide --size (%lld)\n", argv[0], a->xfer, a->size); goto out; }
    if (a->kind == BENCH_STRIDED && a->t * a->s > 0x7fffffffLL) { fprintf(err, "%s: t*s must be below 2 GiB\n", argv[0]); goto out; }
    if (a->kind == BENCH_INDEPENDENT && a->xfer > 0x7fffffffLL) { fprintf(err, "%s: --xfer must be below 2 GiB\n", argv[0]); goto out; }
    rc = 0;
out:
    if (rank != 0 && err) fclose(err);
    return rc;
}

/* The word at file byte offset off (a multiple of 8) in repetition seed: the same in C and C#. */
static inline uint64_t bench_word(uint64_t off, uint64_t seed)
{
    uint64_t x = (off / 8 + seed * 0x100000001B3ULL) * 0x9E3779B97F4A7C15ULL;
    return x ^ (x >> 29);
}

static void bench_fill(char *buf, long long len, long long file_off, uint64_t seed)
{
    uint64_t *w = (uint64_t *)buf;
    for (long long i = 0; i < len / 8; i++) w[i] = bench_word((uint64_t)(file_off + 8 * i), seed);
}

/* Index of the first wrong byte of buf, or -1. */
static long long bench_check(const char *buf, long long len, long long file_off, uint64_t seed)
{
    const uint64_t *w = (const uint64_t *)buf;
    for (long long i = 0; i < len / 8; i++)
        if (w[i] != bench_word((uint64_t)(file_off + 8 * i), seed)) return 8 * i;
    return -1;
}

/* This rank's data as pieces: piece k of the data buffer lives at file offset bench_piece_offset(k). */
static long long bench_piece_len(const struct bench_args *a) { return a->kind == BENCH_STRIDED ? a->t : a->size; }
static long long bench_bytes(const struct bench_args *a) { return a->kind == BENCH_STRIDED ? a->t * a->s : a->size; }
static long long bench_piece_offset(const struct bench_args *a, int rank, int nranks, long long k)
{
    return a->kind == BENCH_STRIDED ? (k * nranks + rank) * a->t : (long long)rank * a->size;
}

static void bench_fill_all(const struct bench_args *a, int rank, int nranks, char *buf, uint64_t seed)
{
    long long piece = bench_piece_len(a), n = bench_bytes(a) / piece;
    for (long long k = 0; k < n; k++) bench_fill(buf + k * piece, piece, bench_piece_offset(a, rank, nranks, k), seed);
}

static long long bench_check_all(const struct bench_args *a, int rank, int nranks, const char *buf, uint64_t seed)
{
    long long piece = bench_piece_len(a), n = bench_bytes(a) / piece;
    for (long long k = 0; k < n; k++) {
        long long bad = bench_check(buf + k * piece, piece, bench_piece_offset(a, rank, nranks, k), seed);
        if (bad >= 0) return k * piece + bad;
    }
    return -1;
}

/* Output label: "block" or the transfer size for independent; "t64k-s1024" for strided. */
static void bench_size_text(long long v, char *out, size_t cap)
{
    if (v % (1LL << 30) == 0) snprintf(out, cap, "%lldg", v >> 30);
    else if (v % (1LL << 20) == 0) snprintf(out, cap, "%lldm", v >> 20);
    else if (v % (1LL << 10) == 0) snprintf(out, cap, "%lldk", v >> 10);
    else snprintf(out, cap, "%lld", v);
}

static void bench_label(const struct bench_args *a, char *out, size_t cap)
{
    char x[32];
    if (a->kind == BENCH_INDEPENDENT) {
        if (a->xfer == a->size) snprintf(out, cap, "block");
        else { bench_size_text(a->xfer, x, sizeof x); snprintf(out, cap, "%s", x); }
    } else {
        bench_size_text(a->t, x, sizeof x);
        snprintf(out, cap, "t%s-s%lld", x, a->s);
    }
    if (a->collective) strncat(out, "-coll", cap - strlen(out) - 1);
}

static int bench_cmp(const void *p, const void *q) { double x = *(const double *)p, y = *(const double *)q; return x < y ? -1 : x > y; }

/* Trimmed mean of the times (best and worst dropped when there are at least 3), as MB/s of total bytes;
 * also the slowest and fastest repetition's MB/s. */
static void bench_report(const char *impl, const char *op, const char *label, double *t, int reps, double total)
{
    qsort(t, reps, sizeof *t, bench_cmp);
    int lo = reps >= 3 ? 1 : 0, hi = reps >= 3 ? reps - 1 : reps;
    double sum = 0;
    for (int i = lo; i < hi; i++) sum += t[i];
    double mean = sum / (hi - lo);
    printf("%s %s-%s %.1f %.1f %.1f\n", impl, op, label, total / mean / 1e6, total / t[reps - 1] / 1e6, total / t[0] / 1e6);
    fflush(stdout);
}

/* The start of a timed phase: every rank ready. */
static double bench_start(void)
{
    MPI_Barrier(MPI_COMM_WORLD);
    return MPI_Wtime();
}

/* The end of a timed phase: the slowest rank's time. */
static double bench_stop(double t0)
{
    double mine = MPI_Wtime() - t0, worst;
    MPI_Allreduce(&mine, &worst, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return worst;
}

/* Runs the benchmark: returns the process exit status. */
static int bench_main(int argc, char **argv, const struct bench_ops *ops)
{
    MPI_Init(&argc, &argv);
    int rank, nranks;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);
    struct bench_args a;
    int parsed = bench_parse(argc, argv, rank, &a);
    if (parsed) { MPI_Finalize(); return parsed == 1 ? 0 : 2; }

    const char *impl = a.impl ? a.impl : ops->impl;
    long long pid = getpid();
    MPI_Bcast(&pid, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    char path[4096];
    if (a.name) snprintf(path, sizeof path, "%s/%s.%s.dat", a.dir, a.name, impl);
    else snprintf(path, sizeof path, "%s/mpiio-bench.%lld.%s.dat", a.dir, pid, impl);

    long long bytes = bench_bytes(&a);
    char *buf = NULL;
    if (posix_memalign((void **)&buf, 4096, (size_t)bytes)) { fprintf(stderr, "%s: rank %d cannot allocate %lld bytes\n", argv[0], rank, bytes); MPI_Abort(MPI_COMM_WORLD, 1); }
    double tw[100], tr[100];
    int status = 0;
    for (int rep = 0; rep < a.reps && status == 0; rep++) {
        uint64_t seed = (uint64_t)rep + 1;
        bench_fill_all(&a, rank, nranks, buf, seed);
        /* Both phases run even after a failure: their barriers and reductions are collective. */
        int bad = ops->write(path, &a, rank, nranks, buf, &tw[rep]) != 0;
        memset(buf, 0, (size_t)bytes);
        bad |= ops->read(path, &a, rank, nranks, buf, &tr[rep]) != 0;
        long long wrong = bad ? -1 : bench_check_all(&a, rank, nranks, buf, seed);
        if (wrong >= 0) fprintf(stderr, "%s: rank %d repetition %d: data read back is wrong at buffer byte %lld\n", impl, rank, rep, wrong);
        int local = bad || wrong >= 0, any;
        MPI_Allreduce(&local, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        if (rank == 0 && unlink(path) != 0 && errno != ENOENT) fprintf(stderr, "%s: cannot remove %s: %s\n", impl, path, strerror(errno));
        MPI_Barrier(MPI_COMM_WORLD);
        if (any) status = 1;
    }
    if (status == 0 && rank == 0) {
        char label[64];
        bench_label(&a, label, sizeof label);
        double total = (double)bytes * nranks;
        bench_report(impl, "write", label, tw, a.reps, total);
        bench_report(impl, "read", label, tr, a.reps, total);
    }
    if (status && rank == 0) fprintf(stderr, "%s: FAILED (see above); no figures reported\n", impl);
    free(buf);
    for (int i = 0; i < a.nhints; i++) { free(a.hint_key[i]); free(a.hint_value[i]); }
    MPI_Finalize();
    return status;
}

#endif
