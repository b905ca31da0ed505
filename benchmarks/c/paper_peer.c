/* The PVFS paper's §4.1 benchmark through MPICH's own MPI-IO (ROMIO), timed exactly as benchmarks/MpiIo.Paper
 * times MpiIo, so the two run in one sweep and the report carries their ratio. Every rank writes one contiguous
 * block of a new shared file at offset rank * block in calls of `request` bytes (MPI_File_write_at or
 * MPI_File_write_at_all), closes, reopens, reads it back; barriers around each operation; an operation's time is
 * the slowest rank's (MPI_Wtime, MPI_Allreduce max).
 *
 * usage: paper_peer --id N --path FILE --block BYTES --request BYTES --reps R --mode independent|collective
 * output (rank 0): one line per repetition, "result ID REP WRITE_SECONDS READ_SECONDS BAD_BYTES". */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void fill(unsigned char *p, long n, int rank, int id)
{
    unsigned int x = (unsigned int)(rank * 7919 + id * 104729 + 1);
    for (long i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (unsigned char)x;
    }
}

static void check(int rc, const char *what)
{
    if (rc != MPI_SUCCESS) {
        char msg[MPI_MAX_ERROR_STRING];
        int len = 0;
        MPI_Error_string(rc, msg, &len);
        fprintf(stderr, "paper_peer: %s: %s\n", what, msg);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const char *path = NULL, *mode = "independent";
    long block = 0, request = 0;
    int reps = 5, id = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--path")) path = argv[i + 1];
        else if (!strcmp(argv[i], "--block")) block = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--request")) request = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--reps")) reps = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--id")) id = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--mode")) mode = argv[i + 1];
        else {
            if (rank == 0) fprintf(stderr, "paper_peer: unknown option %s\n", argv[i]);
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
    }
    int collective = !strcmp(mode, "collective");
    if (!path || block <= 0 || request <= 0 || reps <= 0 || (!collective && strcmp(mode, "independent"))) {
        if (rank == 0) fprintf(stderr, "usage: paper_peer --id N --path FILE --block BYTES --request BYTES --reps R --mode independent|collective\n");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    if (request > block) request = block;
    unsigned char *data = malloc(block), *back = malloc(block);
    if (!data || !back) { fprintf(stderr, "paper_peer: out of memory\n"); MPI_Abort(MPI_COMM_WORLD, 1); }
    fill(data, block, rank, id);
    MPI_Offset mine = (MPI_Offset)block * rank;
    for (int rep = 0; rep < reps; rep++) {
        if (rank == 0) MPI_File_delete(path, MPI_INFO_NULL); /* a new file each time; missing is fine */
        MPI_Barrier(MPI_COMM_WORLD);
        MPI_File fh;
        check(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &fh), "open for writing");
        if (rank == 0) sync(); /* as the C# ranks do: start every timed write from a flushed page cache and journal */
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        for (long done = 0; done < block; done += request) {
            int n = (int)(block - done < request ? block - done : request);
            MPI_Status st;
            check(collective ? MPI_File_write_at_all(fh, mine + done, data + done, n, MPI_BYTE, &st)
                             : MPI_File_write_at(fh, mine + done, data + done, n, MPI_BYTE, &st), "write");
        }
        double w = MPI_Wtime() - t0, wmax, rmax;
        MPI_Barrier(MPI_COMM_WORLD);
        check(MPI_File_close(&fh), "close");
        MPI_Allreduce(&w, &wmax, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);

        memset(back, 0, block);
        check(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh), "open for reading");
        MPI_Barrier(MPI_COMM_WORLD);
        t0 = MPI_Wtime();
        for (long done = 0; done < block; done += request) {
            int n = (int)(block - done < request ? block - done : request);
            MPI_Status st;
            check(collective ? MPI_File_read_at_all(fh, mine + done, back + done, n, MPI_BYTE, &st)
                             : MPI_File_read_at(fh, mine + done, back + done, n, MPI_BYTE, &st), "read");
        }
        double r = MPI_Wtime() - t0;
        MPI_Barrier(MPI_COMM_WORLD);
        check(MPI_File_close(&fh), "close");
        MPI_Allreduce(&r, &rmax, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        long bad = 0, badsum = 0;
        if (memcmp(back, data, block))
            for (long i = 0; i < block; i++) bad += back[i] != data[i];
        MPI_Allreduce(&bad, &badsum, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
        if (rank == 0) {
            printf("result %d %d %.17g %.17g %ld\n", id, rep, wmax, rmax, badsum);
            fflush(stdout);
        }
    }
    if (rank == 0) MPI_File_delete(path, MPI_INFO_NULL);
    free(data);
    free(back);
    MPI_Finalize();
    return 0;
}
