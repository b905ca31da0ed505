/* The MPICH side of btio's differential tests and benchmark: the I/O of BT-IO's "full" subtype through
 * MPICH's own MPI-IO (ROMIO), with the decomposition of btio (BT's multipartition) and the index content
 * (each double holds its own index in the file, so the file reads 0, 1, 2, ...).
 *
 * usage: btio_peer CLASS FILE [--hints k=v,k=v] [--no-read] [--json PATH]
 *   CLASS   S W A B C (G = 12 24 64 102 162; 12 dumps for S, 40 for the others)
 *   FILE    the file to write (deleted first)
 * The element is MPI_Type_contiguous(5, MPI_DOUBLE); each rank's filetype is the struct of its cells'
 * Fortran-order subarrays, all at displacement 0; MPI_File_set_view once, then one MPI_File_write_all per
 * dump. The file is then reopened read-only and every dump read back with MPI_File_read_all and checked.
 * Rank 0 prints one line: "btio_peer class C procs P write_s W read_s R write_mbps X read_mbps Y verified V"
 * (times: the slowest rank's sum over the dumps, MPI_Wtime; MB = 1e6 bytes). --json writes the same figures in
 * btio's JSON result format (file_system "mpich-ufs"), so `btio report` can put ROMIO next to MpiIo.
 * Exit status: 0 verified, 1 not, 2 bad input, 3 an MPI error. */
#include <mpi.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COMPONENTS 5

static void check(int rc, const char *call)
{
    if (rc != MPI_SUCCESS) {
        char msg[MPI_MAX_ERROR_STRING];
        int len = 0, cls = 0;
        MPI_Error_class(rc, &cls);
        MPI_Error_string(rc, msg, &len);
        fprintf(stderr, "btio_peer: ERROR %s class %d: %s\n", call, cls, msg);
        MPI_Abort(MPI_COMM_WORLD, 3);
    }
}

/* The untimed barrier before each timed call, as btio's QuietBarrier: MPI_Barrier spins, and with more ranks
   than cores an early rank would take the core of one still finishing the previous call. */
static void quiet_barrier(void)
{
    MPI_Request request;
    int done = 0;
    struct timespec ms = {0, 1000000};
    check(MPI_Ibarrier(MPI_COMM_WORLD, &request), "MPI_Ibarrier");
    for (;;) {
        check(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "MPI_Test");
        if (done) break;
        nanosleep(&ms, NULL);
    }
}

static int cell_size(int t, int g, int q) { return g / q + (t < g % q ? 1 : 0); }
static int cell_start(int t, int g, int q) { return t * (g / q) + (t < g % q ? t : g % q); }

/* Fills one dump's values in local order (cell by cell, Fortran order, 5 components together). */
static void fill(double *v, int dump, int g, int q, const int (*cells)[6])
{
    long long at = 0, dumpbase = (long long)dump * COMPONENTS * g * g * g;
    for (int c = 0; c < q; c++)
        for (int k = cells[c][2]; k < cells[c][2] + cells[c][5]; k++)
            for (int j = cells[c][1]; j < cells[c][1] + cells[c][4]; j++)
                for (int i = cells[c][0]; i < cells[c][0] + cells[c][3]; i++)
                    for (int m = 0; m < COMPONENTS; m++)
                        v[at++] = (double)(dumpbase + m + COMPONENTS * (i + (long long)g * (j + (long long)g * k)));
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int P, R;
    MPI_Comm_size(MPI_COMM_WORLD, &P);
    MPI_Comm_rank(MPI_COMM_WORLD, &R);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_File_set_errhandler(MPI_FILE_NULL, MPI_ERRORS_RETURN);
    if (argc < 3) {
        if (R == 0) fprintf(stderr, "usage: btio_peer CLASS FILE [--hints k=v,...] [--no-read] [--json PATH]\n");
        MPI_Finalize();
        return 2;
    }
    int g = 0, dumps = 40;
    switch (argv[1][0]) {
    case 'S': g = 12; dumps = 12; break;
    case 'W': g = 24; break;
    case 'A': g = 64; break;
    case 'B': g = 102; break;
    case 'C': g = 162; break;
    }
    int q = (int)(sqrt((double)P) + 0.5);
    if (g == 0 || argv[1][1] != 0 || q * q != P || q > g) {
        if (R == 0) fprintf(stderr, "btio_peer: bad class '%s' or process count %d\n", argv[1], P);
        MPI_Finalize();
        return 2;
    }
    const char *file = argv[2];
    int read_back = 1;
    const char *json = NULL;
    MPI_Info info;
    MPI_Info_create(&info);
    for (int a = 3; a < argc; a++) {
        if (strcmp(argv[a], "--no-read") == 0) read_back = 0;
        else if (strcmp(argv[a], "--json") == 0 && a + 1 < argc) json = argv[++a];
        else if (strcmp(argv[a], "--hints") == 0 && a + 1 < argc) {
            char *list = strdup(argv[++a]), *save = NULL;
            for (char *kv = strtok_r(list, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
                char *eq = strchr(kv, '=');
                if (!eq) continue;
                *eq = 0;
                MPI_Info_set(info, kv, eq + 1);
            }
            free(list);
        } else {
            if (R == 0) fprintf(stderr, "btio_peer: unknown argument '%s'\n", argv[a]);
            MPI_Finalize();
            return 2;
        }
    }

    /* BT's multipartition: the first cell at (R mod q, R div q, 0), then x+1, y-1, z+1 (mod q). */
    int (*cells)[6] = malloc(sizeof(int[6]) * q);
    long long points = 0;
    int x = R % q, y = R / q, z = 0;
    for (int c = 0; c < q; c++) {
        cells[c][0] = cell_start(x, g, q); cells[c][3] = cell_size(x, g, q);
        cells[c][1] = cell_start(y, g, q); cells[c][4] = cell_size(y, g, q);
        cells[c][2] = cell_start(z, g, q); cells[c][5] = cell_size(z, g, q);
        points += (long long)cells[c][3] * cells[c][4] * cells[c][5];
        x = (x + 1) % q;
        y = (y - 1 + q) % q;
        z++;
    }

    MPI_Datatype element, combined, *ftypes = malloc(sizeof(MPI_Datatype) * q);
    int *blens = malloc(sizeof(int) * q);
    MPI_Aint *disps = malloc(sizeof(MPI_Aint) * q);
    check(MPI_Type_contiguous(COMPONENTS, MPI_DOUBLE, &element), "MPI_Type_contiguous");
    check(MPI_Type_commit(&element), "MPI_Type_commit");
    for (int c = 0; c < q; c++) {
        int sizes[3] = { g, g, g };
        int subsizes[3] = { cells[c][3], cells[c][4], cells[c][5] };
        int starts[3] = { cells[c][0], cells[c][1], cells[c][2] };
        check(MPI_Type_create_subarray(3, sizes, subsizes, starts, MPI_ORDER_FORTRAN, element, &ftypes[c]), "MPI_Type_create_subarray");
        blens[c] = 1;
        disps[c] = 0;
    }
    check(MPI_Type_create_struct(q, blens, disps, ftypes, &combined), "MPI_Type_create_struct");
    check(MPI_Type_commit(&combined), "MPI_Type_commit");

    double *values = malloc(sizeof(double) * COMPONENTS * points);
    double *expected = malloc(sizeof(double) * COMPONENTS * points);
    if (!values || !expected) {
        fprintf(stderr, "btio_peer: out of memory\n");
        MPI_Abort(MPI_COMM_WORLD, 3);
    }

    if (R == 0) MPI_File_delete(file, MPI_INFO_NULL);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_File fh;
    check(MPI_File_open(MPI_COMM_WORLD, file, MPI_MODE_CREATE | MPI_MODE_RDWR, info, &fh), "MPI_File_open");
    check(MPI_File_set_view(fh, 0, element, combined, "native", info), "MPI_File_set_view");
    double write_s = 0, read_s = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    for (int d = 0; d < dumps; d++) {
        fill(values, d, g, q, (const int (*)[6])cells);
        quiet_barrier(); /* untimed, as in btio: filling stays out of the I/O time */
        double t = MPI_Wtime();
        check(MPI_File_write_all(fh, values, (int)points, element, MPI_STATUS_IGNORE), "MPI_File_write_all");
        write_s += MPI_Wtime() - t;
    }
    check(MPI_File_close(&fh), "MPI_File_close");

    long long bad = 0;
    if (read_back) {
        check(MPI_File_open(MPI_COMM_WORLD, file, MPI_MODE_RDONLY, info, &fh), "MPI_File_open");
        check(MPI_File_set_view(fh, 0, element, combined, "native", info), "MPI_File_set_view");
        MPI_Barrier(MPI_COMM_WORLD);
        for (int d = 0; d < dumps; d++) {
            memset(values, 0, sizeof(double) * COMPONENTS * points);
            quiet_barrier(); /* untimed, as in btio: verification stays out of the read time */
            double t = MPI_Wtime();
            check(MPI_File_read_all(fh, values, (int)points, element, MPI_STATUS_IGNORE), "MPI_File_read_all");
            read_s += MPI_Wtime() - t;
            fill(expected, d, g, q, (const int (*)[6])cells);
            for (long long e = 0; e < COMPONENTS * points; e++)
                if (values[e] != expected[e]) bad++;
        }
        check(MPI_File_close(&fh), "MPI_File_close");
    }

    double times[2] = { write_s, read_s }, slowest[2];
    long long allbad = 0;
    MPI_Reduce(times, slowest, 2, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    MPI_Reduce(&bad, &allbad, 1, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    int verified = allbad == 0;
    MPI_Bcast(&verified, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (R == 0) {
        double bytes = (double)dumps * COMPONENTS * sizeof(double) * g * g * g;
        printf("btio_peer class %c procs %d write_s %.6f read_s %.6f write_mbps %.2f read_mbps %.2f verified %d\n",
               argv[1][0], P, slowest[0], slowest[1], bytes / slowest[0] / 1e6,
               read_back ? bytes / slowest[1] / 1e6 : 0.0, read_back ? verified : -1);
        FILE *j = json ? fopen(json, "w") : NULL;
        if (json && !j) fprintf(stderr, "btio_peer: cannot write %s\n", json);
        if (j) {
            fprintf(j, "{\n  \"benchmark\": \"BT-IO\",\n  \"class\": \"%c\",\n  \"grid\": %d,\n  \"iterations\": %d,\n"
                       "  \"dumps\": %d,\n  \"processes\": %d,\n  \"subtype\": \"full\",\n  \"file_system\": \"mpich-ufs\",\n"
                       "  \"file\": \"%s\",\n  \"content\": \"index\",\n  \"write_time_s\": %.6f,\n  \"read_time_s\": %.6f,\n"
                       "  \"bytes_written\": %.0f,\n  \"write_mbps\": %.3f,\n  \"read_mbps\": %.3f,\n  \"verified\": %s\n}\n",
                    argv[1][0], g, dumps == 12 ? 60 : 200, dumps, P, file, slowest[0], slowest[1], bytes,
                    bytes / slowest[0] / 1e6, read_back ? bytes / slowest[1] / 1e6 : 0.0, read_back && verified ? "true" : "false");
            fclose(j);
        }
    }
    for (int c = 0; c < q; c++) MPI_Type_free(&ftypes[c]);
    MPI_Type_free(&combined);
    MPI_Type_free(&element);
    MPI_Info_free(&info);
    free(ftypes); free(blens); free(disps); free(cells); free(values); free(expected);
    MPI_Finalize();
    return verified ? 0 : 1;
}
