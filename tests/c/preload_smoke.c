/* Smoke test of the C ABI library (artifacts/native/libmpiio.so): an unmodified MPICH program that opens
 * a file, sets a strided view (a vector type: rank r owns every size-th int from int r), writes it
 * collectively, reads it back collectively and independently, and closes. Run it with and without
 * LD_PRELOAD; with the library preloaded it prints the MPI_File handle, which then is MpiIo's own
 * (tagged 0x4d49... in its top bytes) instead of ROMIO's heap pointer.
 *
 * usage: mpiexec -n N preload_smoke FILE */
#include <mpi.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

#define N 1000

static int fail(const char *what, int rc)
{
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, text, &len);
    fprintf(stderr, "preload_smoke: %s failed: %s\n", what, text);
    MPI_Abort(MPI_COMM_WORLD, 1);
    return 1;
}

#define CHECK(call) do { int rc_ = (call); if (rc_ != MPI_SUCCESS) fail(#call, rc_); } while (0)

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (argc < 2) {
        if (rank == 0) fprintf(stderr, "usage: preload_smoke FILE\n");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }

    MPI_File fh;
    CHECK(MPI_File_open(MPI_COMM_WORLD, argv[1], MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    if (rank == 0) printf("handle=%p\n", (void *)fh);

    MPI_Datatype strided;
    CHECK(MPI_Type_vector(N, 1, size, MPI_INT, &strided));
    CHECK(MPI_Type_commit(&strided));
    CHECK(MPI_File_set_view(fh, (MPI_Offset)rank * sizeof(int), MPI_INT, strided, "native", MPI_INFO_NULL));
    /* The view keeps its own copy: freeing the application's handle must not disturb it. */
    CHECK(MPI_Type_free(&strided));

    int *out = malloc(N * sizeof(int)), *in = malloc(N * sizeof(int));
    for (int i = 0; i < N; i++) out[i] = rank * 100000 + i;
    MPI_Status st;
    CHECK(MPI_File_write_at_all(fh, 0, out, N, MPI_INT, &st));
    int count = -1;
    MPI_Get_count(&st, MPI_INT, &count);
    if (count != N) { fprintf(stderr, "preload_smoke: write count %d, expected %d\n", count, N); MPI_Abort(MPI_COMM_WORLD, 1); }

    CHECK(MPI_File_read_at_all(fh, 0, in, N, MPI_INT, &st));
    for (int i = 0; i < N; i++)
        if (in[i] != out[i]) { fprintf(stderr, "preload_smoke: rank %d read %d at %d, expected %d\n", rank, in[i], i, out[i]); MPI_Abort(MPI_COMM_WORLD, 1); }

    /* Back to the whole file as bytes: rank 0 checks the interleaving independently. */
    CHECK(MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL));
    MPI_Offset fsize = 0;
    CHECK(MPI_File_get_size(fh, &fsize));
    if (fsize != (MPI_Offset)N * size * sizeof(int)) { fprintf(stderr, "preload_smoke: size %lld\n", (long long)fsize); MPI_Abort(MPI_COMM_WORLD, 1); }
    if (rank == 0) {
        int *all = malloc((size_t)N * size * sizeof(int));
        CHECK(MPI_File_read_at(fh, 0, all, N * size, MPI_INT, MPI_STATUS_IGNORE));
        for (int i = 0; i < N * size; i++)
            if (all[i] != (i % size) * 100000 + i / size) { fprintf(stderr, "preload_smoke: file int %d is %d\n", i, all[i]); MPI_Abort(MPI_COMM_WORLD, 1); }
        free(all);
    }
    CHECK(MPI_File_close(&fh));
    if (fh != MPI_FILE_NULL) { fprintf(stderr, "preload_smoke: close left the handle set\n"); MPI_Abort(MPI_COMM_WORLD, 1); }
    free(out);
    free(in);
    if (rank == 0) printf("preload_smoke ok\n");
    MPI_Finalize();
    return 0;
}
