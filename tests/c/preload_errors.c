/* Failure paths of the C ABI library's own checks, preloaded (tests/MpiIo.Tests/Native/PreloadSmokeTests.cs):
 * every bad argument comes back as an error code of the right class through MPI_ERRORS_RETURN, the program
 * goes on, and a handler from MPI_File_create_errhandler sees the failures of its file.
 * Prints "NAME class=N" per case and "preload_errors done" at the end (rank 0).
 *
 * usage: mpiexec -n N preload_errors FILE */
#include <mpi.h>
#include <stdio.h>

static int rank;
static int seen = 0, seen_code = 0;

static void on_error(MPI_File *fh, int *code, ...)
{
    (void)fh;
    seen++;
    seen_code = *code;
}

static void report(const char *name, int rc)
{
    int cls = -1;
    if (rc != MPI_SUCCESS) MPI_Error_class(rc, &cls);
    else cls = 0;
    if (rank == 0) printf("%s class=%d\n", name, cls);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (argc < 2) MPI_Abort(MPI_COMM_WORLD, 2);
    MPI_File fh = MPI_FILE_NULL, bogus = (MPI_File)(void *)0x1234;
    MPI_Offset size;
    int flag;

    report("null_comm", MPI_File_open(MPI_COMM_NULL, argv[1], MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    report("bad_info", MPI_File_open(MPI_COMM_WORLD, argv[1], MPI_MODE_CREATE | MPI_MODE_RDWR, (MPI_Info)0x12345, &fh));
    report("null_fh_pointer", MPI_File_open(MPI_COMM_WORLD, argv[1], MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, NULL));
    report("file_null", MPI_File_get_size(MPI_FILE_NULL, &size));
    report("foreign_handle", MPI_File_get_size(bogus, &size));
    report("null_filename", MPI_File_delete(NULL, MPI_INFO_NULL));

    if (MPI_File_open(MPI_COMM_WORLD, argv[1], MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh) != MPI_SUCCESS)
        MPI_Abort(MPI_COMM_WORLD, 1);
    int data[4] = {1, 2, 3, 4};
    report("bad_datatype", MPI_File_write_at(fh, 0, data, 4, (MPI_Datatype)0x77, MPI_STATUS_IGNORE));
    report("null_buffer", MPI_File_write_at(fh, 0, NULL, 4, MPI_INT, MPI_STATUS_IGNORE));
    report("null_result", MPI_File_get_atomicity(fh, NULL));
    report("collective_bad_datatype", MPI_File_write_at_all(fh, 0, data, 4, rank == 0 ? MPI_DATATYPE_NULL : MPI_INT, MPI_STATUS_IGNORE));
    report("comm_errhandler_on_file", MPI_File_set_errhandler(fh, MPI_ERRHANDLER_NULL));

    MPI_Errhandler eh;
    MPI_File_create_errhandler(on_error, &eh);
    MPI_File_set_errhandler(fh, eh);
    MPI_Errhandler got;
    MPI_File_get_errhandler(fh, &got);
    report("user_handler_read_only_bad_offset", MPI_File_read_at(fh, -1, data, 1, MPI_INT, MPI_STATUS_IGNORE));
    /* get_errhandler gives a reference of its own: the program frees both, and the handler stays in force. */
    int same = got == eh;
    MPI_Errhandler_free(&got);
    MPI_Errhandler_free(&eh);
    report("user_handler_after_frees", MPI_File_read_at(fh, -2, data, 1, MPI_INT, MPI_STATUS_IGNORE));
    if (rank == 0) printf("handler calls=%d code_class_arg=%d same_handle=%d\n", seen, seen_code == MPI_ERR_ARG, same);
    MPI_File_set_errhandler(fh, MPI_ERRORS_RETURN);

    /* A close while a split collective is active is refused on every rank, and the handle stays usable. */
    MPI_File kept = fh;
    MPI_File_write_at_all_begin(fh, 64 + 16 * rank, data, 4, MPI_INT);
    report("close_with_split_active", MPI_File_close(&fh));
    if (rank == 0) printf("refused_close_keeps_handle=%d\n", fh == kept);
    report("split_end_after_refused_close", MPI_File_write_at_all_end(fh, data, MPI_STATUS_IGNORE));

    MPI_File_close(&fh);
    report("closed_handle", MPI_File_get_atomicity(fh, &flag));
    if (rank == 0) printf("c2f_of_null=%d f2c_of_0_is_null=%d\n", (int)MPI_File_c2f(MPI_FILE_NULL), MPI_File_f2c(0) == MPI_FILE_NULL);
    if (rank == 0) MPI_File_delete(argv[1], MPI_INFO_NULL);
    if (rank == 0) printf("preload_errors done\n");
    MPI_Finalize();
    return 0;
}
