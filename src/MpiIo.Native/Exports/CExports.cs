// Generated from one table of MPICH 4.0.2's MPI_File_* signatures (mpio.h, mpi_proto.h); every entry point
// only forwards to FileCalls, which holds the implementation.
using System.Runtime.InteropServices;
using MpiIo.Mpi.Native;
using MpiIo.Native.Files;

namespace MpiIo.Native.Exports;

/// <summary>The <c>MPI_File_*</c> entry points of MPICH's C ABI.</summary>
internal static unsafe class CExports
{
    [UnmanagedCallersOnly(EntryPoint = "MPI_File_open")]
    private static int MPI_File_open(int comm, byte* filename, int amode, int info, nint* fh) => FileCalls.Open(comm, filename, amode, info, fh);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_close")]
    private static int MPI_File_close(nint* fh) => FileCalls.Close(fh);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_delete")]
    private static int MPI_File_delete(byte* filename, int info) => FileCalls.Delete(filename, info);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_set_size")]
    private static int MPI_File_set_size(nint fh, long size) => FileCalls.SetSize(fh, size);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_preallocate")]
    private static int MPI_File_preallocate(nint fh, long size) => FileCalls.Preallocate(fh, size);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_get_size")]
    private static int MPI_File_get_size(nint fh, long* size) => FileCalls.GetSize(fh, size);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_get_group")]
    private static int MPI_File_get_group(nint fh, int* group) => FileCalls.GetGroup(fh, group);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_get_amode")]
    private static int MPI_File_get_amode(nint fh, int* amode) => FileCalls.GetAmode(fh, amode);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_set_info")]
    private static int MPI_File_set_info(nint fh, int info) => FileCalls.SetInfo(fh, info);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_get_info")]
    private static int MPI_File_get_info(nint fh, int* info_used) => FileCalls.GetInfo(fh, info_used);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_set_view")]
    private static int MPI_File_set_view(nint fh, long disp, int etype, int filetype, byte* datarep, int info) => FileCalls.SetView(fh, disp, etype, filetype, datarep, info);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_get_view")]
    private static int MPI_File_get_view(nint fh, long* disp, int* etype, int* filetype, byte* datarep) => FileCalls.GetView(fh, disp, etype, filetype, datarep);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_at")]
    private static int MPI_File_read_at(nint fh, long offset, void* buf, int count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadAt, fh, offset, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_at")]
    private static int MPI_File_write_at(nint fh, long offset, void* buf, int count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteAt, fh, offset, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_at_all")]
    private static int MPI_File_read_at_all(nint fh, long offset, void* buf, int count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadAtAll, fh, offset, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_at_all")]
    private static int MPI_File_write_at_all(nint fh, long offset, void* buf, int count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteAtAll, fh, offset, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read")]
    private static int MPI_File_read(nint fh, void* buf, int count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.Read, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write")]
    private static int MPI_File_write(nint fh, void* buf, int count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.Write, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_all")]
    private static int MPI_File_read_all(nint fh, void* buf, int count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadAll, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_all")]
    private static int MPI_File_write_all(nint fh, void* buf, int count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteAll, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_shared")]
    private static int MPI_File_read_shared(nint fh, void* buf, int count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadShared, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_shared")]
    private static int MPI_File_write_shared(nint fh, void* buf, int count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteShared, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_ordered")]
    private static int MPI_File_read_ordered(nint fh, void* buf, int count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.ReadOrdered, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_ordered")]
    private static int MPI_File_write_ordered(nint fh, void* buf, int count, int datatype, MpiStatusRaw* status) => FileCalls.Access(FileOp.WriteOrdered, fh, 0, buf, count, datatype, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iread_at")]
    private static int MPI_File_iread_at(nint fh, long offset, void* buf, int count, int datatype, int* request) => FileCalls.Start(FileOp.ReadAt, fh, offset, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iwrite_at")]
    private static int MPI_File_iwrite_at(nint fh, long offset, void* buf, int count, int datatype, int* request) => FileCalls.Start(FileOp.WriteAt, fh, offset, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iread_at_all")]
    private static int MPI_File_iread_at_all(nint fh, long offset, void* buf, int count, int datatype, int* request) => FileCalls.Start(FileOp.ReadAtAll, fh, offset, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iwrite_at_all")]
    private static int MPI_File_iwrite_at_all(nint fh, long offset, void* buf, int count, int datatype, int* request) => FileCalls.Start(FileOp.WriteAtAll, fh, offset, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iread")]
    private static int MPI_File_iread(nint fh, void* buf, int count, int datatype, int* request) => FileCalls.Start(FileOp.Read, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iwrite")]
    private static int MPI_File_iwrite(nint fh, void* buf, int count, int datatype, int* request) => FileCalls.Start(FileOp.Write, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iread_all")]
    private static int MPI_File_iread_all(nint fh, void* buf, int count, int datatype, int* request) => FileCalls.Start(FileOp.ReadAll, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iwrite_all")]
    private static int MPI_File_iwrite_all(nint fh, void* buf, int count, int datatype, int* request) => FileCalls.Start(FileOp.WriteAll, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iread_shared")]
    private static int MPI_File_iread_shared(nint fh, void* buf, int count, int datatype, int* request) => FileCalls.Start(FileOp.ReadShared, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_iwrite_shared")]
    private static int MPI_File_iwrite_shared(nint fh, void* buf, int count, int datatype, int* request) => FileCalls.Start(FileOp.WriteShared, fh, 0, buf, count, datatype, request);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_at_all_begin")]
    private static int MPI_File_read_at_all_begin(nint fh, long offset, void* buf, int count, int datatype) => FileCalls.Begin(FileOp.ReadAtAll, fh, offset, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_at_all_end")]
    private static int MPI_File_read_at_all_end(nint fh, void* buf, MpiStatusRaw* status) => FileCalls.End(FileOp.ReadAtAll, fh, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_at_all_begin")]
    private static int MPI_File_write_at_all_begin(nint fh, long offset, void* buf, int count, int datatype) => FileCalls.Begin(FileOp.WriteAtAll, fh, offset, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_at_all_end")]
    private static int MPI_File_write_at_all_end(nint fh, void* buf, MpiStatusRaw* status) => FileCalls.End(FileOp.WriteAtAll, fh, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_all_begin")]
    private static int MPI_File_read_all_begin(nint fh, void* buf, int count, int datatype) => FileCalls.Begin(FileOp.ReadAll, fh, 0, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_all_end")]
    private static int MPI_File_read_all_end(nint fh, void* buf, MpiStatusRaw* status) => FileCalls.End(FileOp.ReadAll, fh, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_all_begin")]
    private static int MPI_File_write_all_begin(nint fh, void* buf, int count, int datatype) => FileCalls.Begin(FileOp.WriteAll, fh, 0, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_all_end")]
    private static int MPI_File_write_all_end(nint fh, void* buf, MpiStatusRaw* status) => FileCalls.End(FileOp.WriteAll, fh, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_ordered_begin")]
    private static int MPI_File_read_ordered_begin(nint fh, void* buf, int count, int datatype) => FileCalls.Begin(FileOp.ReadOrdered, fh, 0, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_read_ordered_end")]
    private static int MPI_File_read_ordered_end(nint fh, void* buf, MpiStatusRaw* status) => FileCalls.End(FileOp.ReadOrdered, fh, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_ordered_begin")]
    private static int MPI_File_write_ordered_begin(nint fh, void* buf, int count, int datatype) => FileCalls.Begin(FileOp.WriteOrdered, fh, 0, buf, count, datatype);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_write_ordered_end")]
    private static int MPI_File_write_ordered_end(nint fh, void* buf, MpiStatusRaw* status) => FileCalls.End(FileOp.WriteOrdered, fh, status);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_get_type_extent")]
    private static int MPI_File_get_type_extent(nint fh, int datatype, long* extent) => FileCalls.GetTypeExtent(fh, datatype, extent);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_seek")]
    private static int MPI_File_seek(nint fh, long offset, int whence) => FileCalls.Seek(fh, offset, whence);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_get_position")]
    private static int MPI_File_get_position(nint fh, long* offset) => FileCalls.GetPosition(fh, offset);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_get_byte_offset")]
    private static int MPI_File_get_byte_offset(nint fh, long offset, long* disp) => FileCalls.GetByteOffset(fh, offset, disp);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_seek_shared")]
    private static int MPI_File_seek_shared(nint fh, long offset, int whence) => FileCalls.SeekShared(fh, offset, whence);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_get_position_shared")]
    private static int MPI_File_get_position_shared(nint fh, long* offset) => FileCalls.GetPositionShared(fh, offset);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_set_atomicity")]
    private static int MPI_File_set_atomicity(nint fh, int flag) => FileCalls.SetAtomicity(fh, flag);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_get_atomicity")]
    private static int MPI_File_get_atomicity(nint fh, int* flag) => FileCalls.GetAtomicity(fh, flag);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_sync")]
    private static int MPI_File_sync(nint fh) => FileCalls.Sync(fh);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_create_errhandler")]
    private static int MPI_File_create_errhandler(nint function, int* errhandler) => FileCalls.CreateErrhandler(function, errhandler, false);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_set_errhandler")]
    private static int MPI_File_set_errhandler(nint file, int errhandler) => FileCalls.SetErrhandler(file, errhandler);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_get_errhandler")]
    private static int MPI_File_get_errhandler(nint file, int* errhandler) => FileCalls.GetErrhandler(file, errhandler);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_call_errhandler")]
    private static int MPI_File_call_errhandler(nint fh, int errorcode) => FileCalls.CallErrhandler(fh, errorcode);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_c2f")]
    private static int MPI_File_c2f(nint file) => FileCalls.C2f(file);

    [UnmanagedCallersOnly(EntryPoint = "MPI_File_f2c")]
    private static nint MPI_File_f2c(int file) => FileCalls.F2c(file);
}
