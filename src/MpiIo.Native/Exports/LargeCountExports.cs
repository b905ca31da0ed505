// Generated from one table of MPICH 4.0.2's MPI_File_* signatures (mpio.h, mpi_proto.h); every entry point
// only forwards to FileCalls, which holds the implementation.
using System.Runtime.InteropServices;
using MpiIo.Mpi.Native;
using MpiIo.Native.Files;

namespace MpiIo.Native.Exports;

/// <summary>The large-count forms (<c>MPI_File_*_c</c>, MPI-4) MPICH 4.0.2 declares, and their profiling names.</summary>
internal static unsafe class LargeCountExports
{
    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_at_c")]
    private static int MPI_File_read_at_c(nint fh, long offset, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadAt, fh, offset, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_at_c")]
    private static int MPI_File_write_at_c(nint fh, long offset, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteAt, fh, offset, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_at_all_c")]
    private static int MPI_File_read_at_all_c(nint fh, long offset, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadAtAll, fh, offset, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_at_all_c")]
    private static int MPI_File_write_at_all_c(nint fh, long offset, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteAtAll, fh, offset, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_c")]
    private static int MPI_File_read_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.Read, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_c")]
    private static int MPI_File_write_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.Write, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_all_c")]
    private static int MPI_File_read_all_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadAll, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_all_c")]
    private static int MPI_File_write_all_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteAll, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_shared_c")]
    private static int MPI_File_read_shared_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadShared, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_shared_c")]
    private static int MPI_File_write_shared_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteShared, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_ordered_c")]
    private static int MPI_File_read_ordered_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadOrdered, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_ordered_c")]
    private static int MPI_File_write_ordered_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteOrdered, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iread_at_c")]
    private static int MPI_File_iread_at_c(nint fh, long offset, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.ReadAt, fh, offset, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iwrite_at_c")]
    private static int MPI_File_iwrite_at_c(nint fh, long offset, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.WriteAt, fh, offset, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iread_at_all_c")]
    private static int MPI_File_iread_at_all_c(nint fh, long offset, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.ReadAtAll, fh, offset, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iwrite_at_all_c")]
    private static int MPI_File_iwrite_at_all_c(nint fh, long offset, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.WriteAtAll, fh, offset, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iread_c")]
    private static int MPI_File_iread_c(nint fh, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.Read, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iwrite_c")]
    private static int MPI_File_iwrite_c(nint fh, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.Write, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iread_all_c")]
    private static int MPI_File_iread_all_c(nint fh, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.ReadAll, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iwrite_all_c")]
    private static int MPI_File_iwrite_all_c(nint fh, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.WriteAll, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iread_shared_c")]
    private static int MPI_File_iread_shared_c(nint fh, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.ReadShared, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iwrite_shared_c")]
    private static int MPI_File_iwrite_shared_c(nint fh, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.WriteShared, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_at_all_begin_c")]
    private static int MPI_File_read_at_all_begin_c(nint fh, long offset, void* buf, long count, int datatype) => FileCalls.Begin(FileOp.ReadAtAll, fh, offset, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_at_all_begin_c")]
    private static int MPI_File_write_at_all_begin_c(nint fh, long offset, void* buf, long count, int datatype) => FileCalls.Begin(FileOp.WriteAtAll, fh, offset, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_all_begin_c")]
    private static int MPI_File_read_all_begin_c(nint fh, void* buf, long count, int datatype) => FileCalls.Begin(FileOp.ReadAll, fh, 0, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_all_begin_c")]
    private static int MPI_File_write_all_begin_c(nint fh, void* buf, long count, int datatype) => FileCalls.Begin(FileOp.WriteAll, fh, 0, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_ordered_begin_c")]
    private static int MPI_File_read_ordered_begin_c(nint fh, void* buf, long count, int datatype) => FileCalls.Begin(FileOp.ReadOrdered, fh, 0, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_ordered_begin_c")]
    private static int MPI_File_write_ordered_begin_c(nint fh, void* buf, long count, int datatype) => FileCalls.Begin(FileOp.WriteOrdered, fh, 0, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_get_type_extent_c")]
    private static int MPI_File_get_type_extent_c(nint fh, int datatype, long* extent) => FileCalls.GetTypeExtent(fh, datatype, extent);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_read_at_c")]
    private static int PMPI_File_read_at_c(nint fh, long offset, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadAt, fh, offset, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_write_at_c")]
    private static int PMPI_File_write_at_c(nint fh, long offset, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteAt, fh, offset, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_read_at_all_c")]
    private static int PMPI_File_read_at_all_c(nint fh, long offset, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadAtAll, fh, offset, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_write_at_all_c")]
    private static int PMPI_File_write_at_all_c(nint fh, long offset, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteAtAll, fh, offset, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_read_c")]
    private static int PMPI_File_read_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.Read, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_write_c")]
    private static int PMPI_File_write_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.Write, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_read_all_c")]
    private static int PMPI_File_read_all_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadAll, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_write_all_c")]
    private static int PMPI_File_write_all_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteAll, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_read_shared_c")]
    private static int PMPI_File_read_shared_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadShared, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_write_shared_c")]
    private static int PMPI_File_write_shared_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteShared, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_read_ordered_c")]
    private static int PMPI_File_read_ordered_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadOrdered, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_write_ordered_c")]
    private static int PMPI_File_write_ordered_c(nint fh, void* buf, long count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteOrdered, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_iread_at_c")]
    private static int PMPI_File_iread_at_c(nint fh, long offset, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.ReadAt, fh, offset, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_iwrite_at_c")]
    private static int PMPI_File_iwrite_at_c(nint fh, long offset, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.WriteAt, fh, offset, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_iread_at_all_c")]
    private static int PMPI_File_iread_at_all_c(nint fh, long offset, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.ReadAtAll, fh, offset, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_iwrite_at_all_c")]
    private static int PMPI_File_iwrite_at_all_c(nint fh, long offset, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.WriteAtAll, fh, offset, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_iread_c")]
    private static int PMPI_File_iread_c(nint fh, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.Read, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_iwrite_c")]
    private static int PMPI_File_iwrite_c(nint fh, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.Write, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_iread_all_c")]
    private static int PMPI_File_iread_all_c(nint fh, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.ReadAll, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_iwrite_all_c")]
    private static int PMPI_File_iwrite_all_c(nint fh, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.WriteAll, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_iread_shared_c")]
    private static int PMPI_File_iread_shared_c(nint fh, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.ReadShared, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_iwrite_shared_c")]
    private static int PMPI_File_iwrite_shared_c(nint fh, void* buf, long count, int datatype, int* request) => FileCalls.Start(FileOp.WriteShared, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_read_at_all_begin_c")]
    private static int PMPI_File_read_at_all_begin_c(nint fh, long offset, void* buf, long count, int datatype) => FileCalls.Begin(FileOp.ReadAtAll, fh, offset, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_write_at_all_begin_c")]
    private static int PMPI_File_write_at_all_begin_c(nint fh, long offset, void* buf, long count, int datatype) => FileCalls.Begin(FileOp.WriteAtAll, fh, offset, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_read_all_begin_c")]
    private static int PMPI_File_read_all_begin_c(nint fh, void* buf, long count, int datatype) => FileCalls.Begin(FileOp.ReadAll, fh, 0, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_write_all_begin_c")]
    private static int PMPI_File_write_all_begin_c(nint fh, void* buf, long count, int datatype) => FileCalls.Begin(FileOp.WriteAll, fh, 0, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_read_ordered_begin_c")]
    private static int PMPI_File_read_ordered_begin_c(nint fh, void* buf, long count, int datatype) => FileCalls.Begin(FileOp.ReadOrdered, fh, 0, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_write_ordered_begin_c")]
    private static int PMPI_File_write_ordered_begin_c(nint fh, void* buf, long count, int datatype) => FileCalls.Begin(FileOp.WriteOrdered, fh, 0, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "PMPI_File_get_type_extent_c")]
    private static int PMPI_File_get_type_extent_c(nint fh, int datatype, long* extent) => FileCalls.GetTypeExtent(fh, datatype, extent);
}
