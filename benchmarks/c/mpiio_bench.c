/* The I/O benchmarks' MPICH side: the same accesses as benchmarks/MpiIo.Bench, through MPICH's MPI-IO
 * (ROMIO). Independent: MPI_File_write_at/read_at of --xfer bytes at a time. Strided: a file view with
 * filetype resized(contiguous(t bytes), extent P*t) at displacement r*t, then one write_at/read_at of
 * all s*t bytes (IOR's --mpiio.useFileView --mpiio.useStridedDatatype). Default hints unless --hint.
 * Command line and output: see io_bench.h or --help. */
#include "io_bench.h"

static int failed(int rc, const char *what, int rank)
{
    if (rc == MPI_SUCCESS) return 0;
    char msg[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, msg, &len);
    fprintf(stderr, "mpich: rank %d %s: %s\n", rank, what, msg);
    return 1;
}

static int phase(const char *path, int writing, const struct bench_args *a, int rank, int nranks, char *buf, double *seconds)
{
    MPI_File fh;
    MPI_Info info = MPI_INFO_NULL;
    if (a->nhints) {
        MPI_Info_create(&info);
        for (int i = 0; i < a->nhints; i++) MPI_Info_set(info, a->hint_key[i], a->hint_value[i]);
    }
    int bad = failed(MPI_File_open(MPI_COMM_WORLD, path, writing ? MPI_MODE_CREATE | MPI_MODE_WRONLY : MPI_MODE_RDONLY, info, &fh),
                     "MPI_File_open", rank);
    if (info != MPI_INFO_NULL) MPI_Info_free(&info);
    /* MPI_File_open is collective and fails everywhere or nowhere for these modes. */
    MPI_Datatype filetype = MPI_DATATYPE_NULL;
    if (!bad && a->kind == BENCH_STRIDED) {
        MPI_Datatype segment;
        MPI_Type_contiguous((int)a->t, MPI_BYTE, &segment);
        MPI_Type_create_resized(segment, 0, (MPI_Aint)(a->t * nranks), &filetype);
        MPI_Type_free(&segment);
        MPI_Type_commit(&filetype);
        bad = failed(MPI_File_set_view(fh, (MPI_Offset)(rank * a->t), MPI_BYTE, filetype, "native", MPI_INFO_NULL), "MPI_File_set_view", rank);
    }
    long long piece = a->kind == BENCH_STRIDED ? bench_bytes(a) : a->xfer;
    long long n = bench_bytes(a) / piece;
    double t0 = bench_start();
    for (long long k = 0; k < n && !bad; k++) {
        MPI_Offset at = a->kind == BENCH_STRIDED ? 0 : (MPI_Offset)(rank * a->size + k * piece);
        MPI_Status st;
        int rc = writing ? MPI_File_write_at(fh, at, buf + k * piece, (int)piece, MPI_BYTE, &st)
                         : MPI_File_read_at(fh, at, buf + k * piece, (int)piece, MPI_BYTE, &st);
        bad = failed(rc, writing ? "MPI_File_write_at" : "MPI_File_read_at", rank);
        int count = 0;
        if (!bad) MPI_Get_count(&st, MPI_BYTE, &count);
        if (!bad && count != piece) {
            fprintf(stderr, "mpich: rank %d %s moved %d of %lld bytes\n", rank, writing ? "write_at" : "read_at", count, piece);
            bad = 1;
        }
    }
    *seconds = bench_stop(t0);
    /* MPI_File_close is collective: every rank that opened closes, whatever happened since. */
    if (filetype != MPI_DATATYPE_NULL) MPI_Type_free(&filetype);
    bad |= failed(MPI_File_close(&fh), "MPI_File_close", rank);
    return bad ? -1 : 0;
}

static int do_write(const char *path, const struct bench_args *a, int rank, int nranks, char *buf, double *seconds)
{
    return phase(path, 1, a, rank, nranks, buf, seconds);
}

static int do_read(const char *path, const struct bench_args *a, int rank, int nranks, char *buf, double *seconds)
{
    return phase(path, 0, a, rank, nranks, buf, seconds);
}

int main(int argc, char **argv)
{
    static const struct bench_ops ops = { "mpich", do_write, do_read };
    return bench_main(argc, argv, &ops);
}
