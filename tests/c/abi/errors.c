/* Error classes and file error handlers at 2 ranks (MPI 4.0 sections 9.3.4, 14.7): bad arguments come back
 * as error codes of the right class through MPI_ERRORS_RETURN, the default handler of files, and a rejected
 * call changes nothing; a user handler made with MPI_File_create_errhandler is called by failing calls and by
 * MPI_File_call_errhandler; MPI_File_set_errhandler on MPI_FILE_NULL sets the handler new files start with.
 * File left: errors.dat (64 bytes).
 * usage: mpiexec -n 2 errors OUTPUT_DIR */
#include "abi_check.h"

static int handler_calls;
static MPI_File handler_file;
static int handler_code;

static void on_error(MPI_File *fh, int *code, ...)
{
    handler_calls++;
    handler_file = *fh;
    handler_code = *code;
}

static int class_of(int code)
{
    int cls = -1;
    MPI_Error_class(code, &cls);
    return cls;
}

int main(int argc, char **argv)
{
    abi_init(&argc, &argv, "errors");
    const char *path = abi_path("errors.dat");
    const char *missing = abi_path("missing.dat");
    abi_fresh(path);
    abi_fresh(missing);

    MPI_File fh = MPI_FILE_NULL;
    MPI_Status st;
    MPI_Errhandler eh;

    /* Files start with MPI_ERRORS_RETURN, and so do errors on MPI_FILE_NULL (9.3.4, 14.7). The standard
     * lets the caller free what get_errhandler returns, but ROMIO's MPI_File_get_errhandler adds no reference
     * (MPI_Errhandler_free of it fails an assertion in MPICH 4.0.2), so the handles it returns are not freed. */
    OK(MPI_File_get_errhandler(MPI_FILE_NULL, &eh));
    CHECK(eh == MPI_ERRORS_RETURN, "the handler of MPI_FILE_NULL is not MPI_ERRORS_RETURN");

    /* Access modes: exactly one of RDONLY, RDWR, WRONLY; no CREATE or EXCL with RDONLY; no RDWR with SEQUENTIAL (14.2.1). */
    FAILS(MPI_ERR_AMODE, MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY | MPI_MODE_CREATE, MPI_INFO_NULL, &fh));
    FAILS(MPI_ERR_AMODE, MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY | MPI_MODE_EXCL, MPI_INFO_NULL, &fh));
    FAILS(MPI_ERR_AMODE, MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    FAILS(MPI_ERR_AMODE, MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_WRONLY | MPI_MODE_RDWR | MPI_MODE_CREATE, MPI_INFO_NULL, &fh));
    FAILS(MPI_ERR_AMODE, MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE, MPI_INFO_NULL, &fh));
    FAILS(MPI_ERR_AMODE, MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR | MPI_MODE_SEQUENTIAL | MPI_MODE_CREATE, MPI_INFO_NULL, &fh));
    CHECK(access(path, F_OK) != 0, "a rejected open created %s", path);
    FAILS(MPI_ERR_NO_SUCH_FILE, MPI_File_open(MPI_COMM_WORLD, missing, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    if (abi_rank == 0) FAILS(MPI_ERR_NO_SUCH_FILE, MPI_File_delete(missing, MPI_INFO_NULL));
    FAILS(MPI_ERR_COMM, MPI_File_open(MPI_COMM_NULL, path, MPI_MODE_RDWR | MPI_MODE_CREATE, MPI_INFO_NULL, &fh));

    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    OK(MPI_File_get_errhandler(fh, &eh));
    CHECK(eh == MPI_ERRORS_RETURN, "a new file's handler is not MPI_ERRORS_RETURN");
    int words[8];
    for (int i = 0; i < 8; i++) words[i] = abi_rank * 100 + i;
    OK(MPI_File_write_at_all(fh, abi_rank * (MPI_Offset)sizeof words, words, 8, MPI_INT, &st));

    /* Bad arguments on a good file. None may move a byte or a file pointer. */
    FAILS(MPI_ERR_COUNT, MPI_File_write_at(fh, 0, words, -1, MPI_INT, &st));
    FAILS(MPI_ERR_TYPE, MPI_File_write_at(fh, 0, words, 1, MPI_DATATYPE_NULL, &st));
    MPI_Datatype uncommitted;
    MPI_Type_contiguous(2, MPI_INT, &uncommitted);
    FAILS(MPI_ERR_TYPE, MPI_File_write_at(fh, 0, words, 1, uncommitted, &st));
    MPI_Type_free(&uncommitted);
    FAILS(MPI_ERR_ARG, MPI_File_read_at(fh, -8, words, 1, MPI_INT, &st));
    FAILS(MPI_ERR_ARG, MPI_File_seek(fh, 0, 12345));
    FAILS(MPI_ERR_ARG, MPI_File_seek(fh, -4, MPI_SEEK_SET));
    MPI_Offset pos = -1;
    OK(MPI_File_get_position(fh, &pos));
    CHECK(pos == 0, "rejected seeks moved the individual pointer to %lld", (long long)pos);
    FAILS(MPI_ERR_UNSUPPORTED_DATAREP, MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "no-such-representation", MPI_INFO_NULL));
    /* The filetype must be built from etypes (14.3): 6 bytes of filetype cannot hold whole 4-byte etypes. */
    MPI_Datatype six;
    MPI_Type_contiguous(6, MPI_BYTE, &six);
    MPI_Type_commit(&six);
    FAILS2(MPI_ERR_ARG, MPI_ERR_TYPE, MPI_File_set_view(fh, 0, MPI_INT, six, "native", MPI_INFO_NULL));
    MPI_Type_free(&six);
    FAILS(MPI_ERR_ARG, MPI_File_set_view(fh, -4, MPI_INT, MPI_INT, "native", MPI_INFO_NULL));
    MPI_Offset size = -1;
    OK(MPI_File_get_size(fh, &size));
    CHECK(size == 2 * (MPI_Offset)sizeof words, "rejected calls changed the size to %lld", (long long)size);
    MPI_Aint extent = -1;
    OK(MPI_File_get_type_extent(fh, MPI_INT, &extent));
    CHECK(extent == 4, "the view changed after rejected set_view calls: extent of MPI_INT %ld", (long)extent);
    MPI_Datatype etype, filetype;
    MPI_Offset disp = -1;
    char rep[MPI_MAX_DATAREP_STRING];
    OK(MPI_File_get_view(fh, &disp, &etype, &filetype, rep));
    CHECK(disp == 0 && etype == MPI_BYTE && filetype == MPI_BYTE && !strcmp(rep, "native"),
          "rejected set_view calls changed the view (disp %lld, datarep %s)", (long long)disp, rep);
    OK(MPI_File_close(&fh));

    /* A file opened read-only refuses writes; the standard names no single class for it (14.7 offers
     * MPI_ERR_READ_ONLY and MPI_ERR_ACCESS), ROMIO says MPI_ERR_READ_ONLY. A write-only file refuses reads. */
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    FAILS2(MPI_ERR_READ_ONLY, MPI_ERR_ACCESS, MPI_File_write_at(fh, 0, words, 1, MPI_INT, &st));
    FAILS2(MPI_ERR_READ_ONLY, MPI_ERR_ACCESS, MPI_File_set_size(fh, 0));
    OK(MPI_File_close(&fh));
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_WRONLY, MPI_INFO_NULL, &fh));
    FAILS(MPI_ERR_ACCESS, MPI_File_read_at(fh, 0, words, 1, MPI_INT, &st));
    OK(MPI_File_close(&fh));
    /* Sequential files have no explicit offsets and no individual pointer to seek (14.2.1). */
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY | MPI_MODE_SEQUENTIAL, MPI_INFO_NULL, &fh));
    FAILS(MPI_ERR_UNSUPPORTED_OPERATION, MPI_File_read_at(fh, 0, words, 1, MPI_INT, &st));
    FAILS(MPI_ERR_UNSUPPORTED_OPERATION, MPI_File_seek(fh, 0, MPI_SEEK_SET));
    OK(MPI_File_close(&fh));
    FAILS(MPI_ERR_FILE_EXISTS, MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_EXCL | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));

    /* MPI_FILE_NULL is not a file (14.7: MPI_ERR_FILE, "invalid file handle"). */
    FAILS(MPI_ERR_FILE, MPI_File_get_size(MPI_FILE_NULL, &size));
    FAILS(MPI_ERR_FILE, MPI_File_read_at(MPI_FILE_NULL, 0, words, 1, MPI_INT, &st));
    FAILS(MPI_ERR_FILE, MPI_File_set_view(MPI_FILE_NULL, 0, MPI_INT, MPI_INT, "native", MPI_INFO_NULL));
    MPI_File null = MPI_FILE_NULL;
    FAILS(MPI_ERR_FILE, MPI_File_close(&null));

    /* A user handler: called with the file and the code by a failing call, and by call_errhandler. */
    OK(MPI_File_create_errhandler(on_error, &eh));
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    OK(MPI_File_set_errhandler(fh, eh));
    MPI_Errhandler got;
    OK(MPI_File_get_errhandler(fh, &got));
    CHECK(got == eh, "get_errhandler does not return the handler just set");
    int rc = MPI_File_read_at(fh, -8, words, 1, MPI_INT, &st);
    CHECK(handler_calls == 1, "the handler ran %d times for one failing read_at", handler_calls);
    CHECK(handler_file == fh, "the handler got another file handle");
    CHECK(class_of(handler_code) == MPI_ERR_ARG, "the handler got class %d, expected MPI_ERR_ARG", class_of(handler_code));
    CHECK(rc == handler_code, "the failing call returned %d, the handler saw %d", rc, handler_code);
    OK(MPI_File_call_errhandler(fh, MPI_ERR_OTHER));
    CHECK(handler_calls == 2 && class_of(handler_code) == MPI_ERR_OTHER, "call_errhandler: %d calls, class %d", handler_calls, class_of(handler_code));
    OK(MPI_File_close(&fh));

    /* The handler of MPI_FILE_NULL is what new files start with, and what errors on MPI_FILE_NULL call. */
    OK(MPI_File_set_errhandler(MPI_FILE_NULL, eh));
    handler_calls = 0;
    rc = MPI_File_get_size(MPI_FILE_NULL, &size);
    CHECK(handler_calls == 1 && class_of(handler_code) == MPI_ERR_FILE, "get_size(MPI_FILE_NULL): %d handler calls, class %d", handler_calls, class_of(handler_code));
    CHECK(class_of(rc) == MPI_ERR_FILE, "get_size(MPI_FILE_NULL) returned class %d", class_of(rc));
    OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    OK(MPI_File_get_errhandler(fh, &got));
    CHECK(got == eh, "a file opened after set_errhandler(MPI_FILE_NULL) does not start with that handler");
    handler_calls = 0;
    FAILS(MPI_ERR_COUNT, MPI_File_write_at(fh, 0, words, -1, MPI_INT, &st));
    CHECK(handler_calls == 1, "the inherited handler ran %d times", handler_calls);
    OK(MPI_File_set_errhandler(fh, MPI_ERRORS_RETURN));
    OK(MPI_File_set_errhandler(MPI_FILE_NULL, MPI_ERRORS_RETURN));
    handler_calls = 0;
    FAILS(MPI_ERR_COUNT, MPI_File_write_at(fh, 0, words, -1, MPI_INT, &st));
    CHECK(handler_calls == 0, "the handler ran after MPI_ERRORS_RETURN was set back");
    MPI_Errhandler_free(&eh);

    /* Everything above left the data alone. */
    int all[16];
    OK(MPI_File_read_at_all(fh, 0, all, 16, MPI_INT, &st));
    for (int i = 0; i < 16; i++) CHECK(all[i] == (i / 8) * 100 + i % 8, "word %d is %d after the rejected calls", i, all[i]);
    OK(MPI_File_close(&fh));
    return abi_done();
}
