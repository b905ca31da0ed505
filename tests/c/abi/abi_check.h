/* Shared by the C ABI test programs (the .c files of tests/c/abi): start-up, self-checks and the report of which
 * library answers MPI_File_open.
 *
 * Every program is a plain MPICH program. It takes the output directory as argv[1] and leaves its data
 * files there, so a run with MPICH's own MPI-IO and a run with libmpiio.so preloaded can be compared
 * file by file. A failed check prints "PROGRAM: rank R line L: ..." on stderr and aborts the job with
 * status 3; a clean run ends with "PROGRAM: OK" from rank 0. Rank 0 also prints "PROGRAM: MPI_File_open
 * from LIBRARY", so the test can tell which MPI-IO implementation actually ran. */
#ifndef ABI_CHECK_H
#define ABI_CHECK_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <mpi.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int abi_rank, abi_size;
static const char *abi_name;
static const char *abi_dir;

static inline void abi_fail_at(int line, const char *fmt, ...)
{
    va_list ap;
    char msg[1024];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: rank %d line %d: %s\n", abi_name, abi_rank, line, msg);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 3);
    exit(3);
}

static inline const char *abi_class_name(int cls)
{
    switch (cls) {
    case MPI_SUCCESS: return "MPI_SUCCESS";
    case MPI_ERR_ARG: return "MPI_ERR_ARG";
    case MPI_ERR_COUNT: return "MPI_ERR_COUNT";
    case MPI_ERR_TYPE: return "MPI_ERR_TYPE";
    case MPI_ERR_COMM: return "MPI_ERR_COMM";
    case MPI_ERR_OTHER: return "MPI_ERR_OTHER";
    case MPI_ERR_FILE: return "MPI_ERR_FILE";
    case MPI_ERR_AMODE: return "MPI_ERR_AMODE";
    case MPI_ERR_ACCESS: return "MPI_ERR_ACCESS";
    case MPI_ERR_NO_SUCH_FILE: return "MPI_ERR_NO_SUCH_FILE";
    case MPI_ERR_FILE_EXISTS: return "MPI_ERR_FILE_EXISTS";
    case MPI_ERR_READ_ONLY: return "MPI_ERR_READ_ONLY";
    case MPI_ERR_IO: return "MPI_ERR_IO";
    case MPI_ERR_UNSUPPORTED_DATAREP: return "MPI_ERR_UNSUPPORTED_DATAREP";
    case MPI_ERR_UNSUPPORTED_OPERATION: return "MPI_ERR_UNSUPPORTED_OPERATION";
    case MPI_ERR_INFO_VALUE: return "MPI_ERR_INFO_VALUE";
    case MPI_ERR_REQUEST: return "MPI_ERR_REQUEST";
    default: return "another class";
    }
}

static inline void abi_call_failed(int line, const char *call, int rc)
{
    char msg[MPI_MAX_ERROR_STRING];
    int len = 0, cls = -1;
    MPI_Error_class(rc, &cls);
    MPI_Error_string(rc, msg, &len);
    abi_fail_at(line, "%s returned %d (class %d %s): %s", call, rc, cls, abi_class_name(cls), msg);
}

/* A call that must succeed. */
#define OK(call) do { int abi_rc_ = (call); if (abi_rc_ != MPI_SUCCESS) abi_call_failed(__LINE__, #call, abi_rc_); } while (0)

/* A condition that must hold; the message says what was expected. */
#define CHECK(cond, ...) do { if (!(cond)) abi_fail_at(__LINE__, __VA_ARGS__); } while (0)

/* A call that must fail with error class cls (and, the standard says, change nothing). */
#define FAILS(cls, call) abi_expect_class(__LINE__, #call, (call), (cls), -1)
/* A call that must fail with either of two classes (where the standard leaves the choice open). */
#define FAILS2(cls1, cls2, call) abi_expect_class(__LINE__, #call, (call), (cls1), (cls2))

static inline int abi_expect_class(int line, const char *call, int rc, int cls1, int cls2)
{
    int cls = MPI_SUCCESS;
    if (rc != MPI_SUCCESS) MPI_Error_class(rc, &cls);
    if (cls != cls1 && (cls2 < 0 || cls != cls2)) {
        if (cls2 < 0) abi_fail_at(line, "%s: expected class %s, got %s (%d)", call, abi_class_name(cls1), abi_class_name(cls), cls);
        abi_fail_at(line, "%s: expected class %s or %s, got %s (%d)", call, abi_class_name(cls1), abi_class_name(cls2), abi_class_name(cls), cls);
    }
    return rc;
}

/* MPI_Init, the output directory from argv[1], and the report of the MPI_File_open provider. */
static inline void abi_init(int *argc, char ***argv, const char *name)
{
    abi_name = name;
    MPI_Init(argc, argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &abi_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &abi_size);
    if (*argc < 2) {
        if (abi_rank == 0) fprintf(stderr, "usage: %s OUTPUT_DIR\n", (*argv)[0]);
        MPI_Finalize();
        exit(2);
    }
    abi_dir = (*argv)[1];
    if (abi_rank == 0) {
        Dl_info where;
        int (*open_fn)(MPI_Comm, const char *, int, MPI_Info, MPI_File *) = MPI_File_open;
        const char *lib = dladdr((void *)open_fn, &where) && where.dli_fname ? where.dli_fname : "(unknown)";
        printf("%s: MPI_File_open from %s\n", name, lib);
        fflush(stdout);
    }
}

/* Ends a run whose checks all passed on every rank. */
static inline int abi_done(void)
{
    MPI_Barrier(MPI_COMM_WORLD);
    if (abi_rank == 0) { printf("%s: OK\n", abi_name); fflush(stdout); }
    MPI_Finalize();
    return 0;
}

/* The path of a data file in the output directory. */
static inline const char *abi_path(const char *file)
{
    static char paths[8][4096];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, sizeof paths[0], "%s/%s", abi_dir, file);
    return p;
}

/* Removes a file left by an earlier run (rank 0), so every run starts from nothing. */
static inline void abi_fresh(const char *path)
{
    if (abi_rank == 0) unlink(path);
    MPI_Barrier(MPI_COMM_WORLD);
}

/* The count of elements a status reports for datatype t. */
static inline int abi_count(const MPI_Status *st, MPI_Datatype t)
{
    int n = -1;
    OK(MPI_Get_count(st, t, &n));
    return n;
}

/* Non-atomic mode's way to make writes of other ranks visible: sync, barrier, sync (MPI 4.0 14.6.1). */
static inline void abi_sync_barrier_sync(MPI_File fh)
{
    OK(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    OK(MPI_File_sync(fh));
}

/* Rank order for independent shared-pointer calls: wait for the previous rank, act, then abi_token_pass
 * wakes the next rank and waits for all. */
static inline void abi_token_wait(void)
{
    int t;
    if (abi_rank > 0) MPI_Recv(&t, 1, MPI_INT, abi_rank - 1, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

static inline void abi_token_pass(void)
{
    int t = 0;
    if (abi_rank < abi_size - 1) MPI_Send(&t, 1, MPI_INT, abi_rank + 1, 7, MPI_COMM_WORLD);
    MPI_Barrier(MPI_COMM_WORLD);
}

#endif
