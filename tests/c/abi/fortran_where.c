/* Linked into fortran_subarray: reports which library answers the Fortran binding mpi_file_open_ (MPICH's
 * libmpichfort, or libmpiio.so when preloaded), as abi_check.h does for the C programs. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

extern void mpi_file_open_(void);

void fortran_where_(void)
{
    Dl_info where;
    void (*fn)(void) = mpi_file_open_;
    const char *lib = dladdr((void *)fn, &where) && where.dli_fname ? where.dli_fname : "(unknown)";
    printf("fortran_subarray: mpi_file_open_ from %s\n", lib);
    fflush(stdout);
}
