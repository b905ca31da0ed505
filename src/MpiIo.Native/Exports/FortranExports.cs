// Generated from one table of MPICH 4.0.2's MPI_File_* signatures (mpio.h, mpi_proto.h); every entry point
// only forwards to FileCalls, which holds the implementation.
using System.Runtime.InteropServices;
using MpiIo.Mpi.Native;
using MpiIo.Native.Files;

namespace MpiIo.Native.Exports;

/// <summary>The Fortran bindings MPICH's <c>mpif.h</c> and <c>use mpi</c> programs call (gfortran names: lower case, one trailing underscore): every argument by reference, handles as <c>MPI_Fint</c>, <c>ierror</c> last, string lengths as hidden trailing arguments.</summary>
internal static unsafe class FortranExports
{
    [UnmanagedCallersOnly(EntryPoint = "mpi_file_open_")]
    private static void mpi_file_open_(int* comm, byte* filename, int* amode, int* info, int* fh, int* ierror, nuint filename_len)
    {
        nint cfh = 0;
        fixed (byte* zfilename = Fortran.Text(filename, filename_len))
        {
            int rc = FileCalls.Open(*comm, zfilename, *amode, *info, &cfh);
            *fh = FileCalls.C2f(cfh);
            if (ierror != null) *ierror = rc;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_close_")]
    private static void mpi_file_close_(int* fh, int* ierror)
    {
        nint cfh = FileCalls.F2c(*fh);
        int rc = FileCalls.Close(&cfh);
        *fh = FileCalls.C2f(cfh);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_delete_")]
    private static void mpi_file_delete_(byte* filename, int* info, int* ierror, nuint filename_len)
    {
        fixed (byte* zfilename = Fortran.Text(filename, filename_len))
        {
            int rc = FileCalls.Delete(zfilename, *info);
            if (ierror != null) *ierror = rc;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_set_size_")]
    private static void mpi_file_set_size_(int* fh, long* size, int* ierror)
    {
        int rc = FileCalls.SetSize(FileCalls.F2c(*fh), *size);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_preallocate_")]
    private static void mpi_file_preallocate_(int* fh, long* size, int* ierror)
    {
        int rc = FileCalls.Preallocate(FileCalls.F2c(*fh), *size);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_get_size_")]
    private static void mpi_file_get_size_(int* fh, long* size, int* ierror)
    {
        int rc = FileCalls.GetSize(FileCalls.F2c(*fh), size);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_get_group_")]
    private static void mpi_file_get_group_(int* fh, int* group, int* ierror)
    {
        int rc = FileCalls.GetGroup(FileCalls.F2c(*fh), group);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_get_amode_")]
    private static void mpi_file_get_amode_(int* fh, int* amode, int* ierror)
    {
        int rc = FileCalls.GetAmode(FileCalls.F2c(*fh), amode);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_set_info_")]
    private static void mpi_file_set_info_(int* fh, int* info, int* ierror)
    {
        int rc = FileCalls.SetInfo(FileCalls.F2c(*fh), *info);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_get_info_")]
    private static void mpi_file_get_info_(int* fh, int* info_used, int* ierror)
    {
        int rc = FileCalls.GetInfo(FileCalls.F2c(*fh), info_used);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_set_view_")]
    private static void mpi_file_set_view_(int* fh, long* disp, int* etype, int* filetype, byte* datarep, int* info, int* ierror, nuint datarep_len)
    {
        fixed (byte* zdatarep = Fortran.Text(datarep, datarep_len))
        {
            int rc = FileCalls.SetView(FileCalls.F2c(*fh), *disp, *etype, *filetype, zdatarep, *info);
            if (ierror != null) *ierror = rc;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_get_view_")]
    private static void mpi_file_get_view_(int* fh, long* disp, int* etype, int* filetype, byte* datarep, int* ierror, nuint datarep_len)
    {
        byte* zdatarep = stackalloc byte[MpiIo.Native.Interop.MpichConstants.MaxDatarepString];
        int rc = FileCalls.GetView(FileCalls.F2c(*fh), disp, etype, filetype, zdatarep);
        if (rc == 0) Fortran.Pad(zdatarep, datarep, datarep_len);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_read_at_")]
    private static void mpi_file_read_at_(int* fh, long* offset, void* buf, int* count, int* datatype, int* status, int* ierror)
    {
        int rc = FileCalls.Access(FileOp.ReadAt, FileCalls.F2c(*fh), *offset, Fortran.Buffer(buf), *count, *datatype, Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_write_at_")]
    private static void mpi_file_write_at_(int* fh, long* offset, void* buf, int* count, int* datatype, int* status, int* ierror)
    {
        int rc = FileCalls.Access(FileOp.WriteAt, FileCalls.F2c(*fh), *offset, Fortran.Buffer(buf), *count, *datatype, Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_read_at_all_")]
    private static void mpi_file_read_at_all_(int* fh, long* offset, void* buf, int* count, int* datatype, int* status, int* ierror)
    {
        int rc = FileCalls.Access(FileOp.ReadAtAll, FileCalls.F2c(*fh), *offset, Fortran.Buffer(buf), *count, *datatype, Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_write_at_all_")]
    private static void mpi_file_write_at_all_(int* fh, long* offset, void* buf, int* count, int* datatype, int* status, int* ierror)
    {
        int rc = FileCalls.Access(FileOp.WriteAtAll, FileCalls.F2c(*fh), *offset, Fortran.Buffer(buf), *count, *datatype, Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_read_")]
    private static void mpi_file_read_(int* fh, void* buf, int* count, int* datatype, int* status, int* ierror)
    {
        int rc = FileCalls.Access(FileOp.Read, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_write_")]
    private static void mpi_file_write_(int* fh, void* buf, int* count, int* datatype, int* status, int* ierror)
    {
        int rc = FileCalls.Access(FileOp.Write, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_read_all_")]
    private static void mpi_file_read_all_(int* fh, void* buf, int* count, int* datatype, int* status, int* ierror)
    {
        int rc = FileCalls.Access(FileOp.ReadAll, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_write_all_")]
    private static void mpi_file_write_all_(int* fh, void* buf, int* count, int* datatype, int* status, int* ierror)
    {
        int rc = FileCalls.Access(FileOp.WriteAll, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_read_shared_")]
    private static void mpi_file_read_shared_(int* fh, void* buf, int* count, int* datatype, int* status, int* ierror)
    {
        int rc = FileCalls.Access(FileOp.ReadShared, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_write_shared_")]
    private static void mpi_file_write_shared_(int* fh, void* buf, int* count, int* datatype, int* status, int* ierror)
    {
        int rc = FileCalls.Access(FileOp.WriteShared, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_read_ordered_")]
    private static void mpi_file_read_ordered_(int* fh, void* buf, int* count, int* datatype, int* status, int* ierror)
    {
        int rc = FileCalls.Access(FileOp.ReadOrdered, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_write_ordered_")]
    private static void mpi_file_write_ordered_(int* fh, void* buf, int* count, int* datatype, int* status, int* ierror)
    {
        int rc = FileCalls.Access(FileOp.WriteOrdered, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_iread_at_")]
    private static void mpi_file_iread_at_(int* fh, long* offset, void* buf, int* count, int* datatype, int* request, int* ierror)
    {
        int rc = FileCalls.Start(FileOp.ReadAt, FileCalls.F2c(*fh), *offset, Fortran.Buffer(buf), *count, *datatype, request);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_iwrite_at_")]
    private static void mpi_file_iwrite_at_(int* fh, long* offset, void* buf, int* count, int* datatype, int* request, int* ierror)
    {
        int rc = FileCalls.Start(FileOp.WriteAt, FileCalls.F2c(*fh), *offset, Fortran.Buffer(buf), *count, *datatype, request);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_iread_at_all_")]
    private static void mpi_file_iread_at_all_(int* fh, long* offset, void* buf, int* count, int* datatype, int* request, int* ierror)
    {
        int rc = FileCalls.Start(FileOp.ReadAtAll, FileCalls.F2c(*fh), *offset, Fortran.Buffer(buf), *count, *datatype, request);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_iwrite_at_all_")]
    private static void mpi_file_iwrite_at_all_(int* fh, long* offset, void* buf, int* count, int* datatype, int* request, int* ierror)
    {
        int rc = FileCalls.Start(FileOp.WriteAtAll, FileCalls.F2c(*fh), *offset, Fortran.Buffer(buf), *count, *datatype, request);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_iread_")]
    private static void mpi_file_iread_(int* fh, void* buf, int* count, int* datatype, int* request, int* ierror)
    {
        int rc = FileCalls.Start(FileOp.Read, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, request);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_iwrite_")]
    private static void mpi_file_iwrite_(int* fh, void* buf, int* count, int* datatype, int* request, int* ierror)
    {
        int rc = FileCalls.Start(FileOp.Write, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, request);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_iread_all_")]
    private static void mpi_file_iread_all_(int* fh, void* buf, int* count, int* datatype, int* request, int* ierror)
    {
        int rc = FileCalls.Start(FileOp.ReadAll, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, request);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_iwrite_all_")]
    private static void mpi_file_iwrite_all_(int* fh, void* buf, int* count, int* datatype, int* request, int* ierror)
    {
        int rc = FileCalls.Start(FileOp.WriteAll, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, request);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_iread_shared_")]
    private static void mpi_file_iread_shared_(int* fh, void* buf, int* count, int* datatype, int* request, int* ierror)
    {
        int rc = FileCalls.Start(FileOp.ReadShared, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, request);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_iwrite_shared_")]
    private static void mpi_file_iwrite_shared_(int* fh, void* buf, int* count, int* datatype, int* request, int* ierror)
    {
        int rc = FileCalls.Start(FileOp.WriteShared, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype, request);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_read_at_all_begin_")]
    private static void mpi_file_read_at_all_begin_(int* fh, long* offset, void* buf, int* count, int* datatype, int* ierror)
    {
        int rc = FileCalls.Begin(FileOp.ReadAtAll, FileCalls.F2c(*fh), *offset, Fortran.Buffer(buf), *count, *datatype);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_read_at_all_end_")]
    private static void mpi_file_read_at_all_end_(int* fh, void* buf, int* status, int* ierror)
    {
        int rc = FileCalls.End(FileOp.ReadAtAll, FileCalls.F2c(*fh), Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_write_at_all_begin_")]
    private static void mpi_file_write_at_all_begin_(int* fh, long* offset, void* buf, int* count, int* datatype, int* ierror)
    {
        int rc = FileCalls.Begin(FileOp.WriteAtAll, FileCalls.F2c(*fh), *offset, Fortran.Buffer(buf), *count, *datatype);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_write_at_all_end_")]
    private static void mpi_file_write_at_all_end_(int* fh, void* buf, int* status, int* ierror)
    {
        int rc = FileCalls.End(FileOp.WriteAtAll, FileCalls.F2c(*fh), Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_read_all_begin_")]
    private static void mpi_file_read_all_begin_(int* fh, void* buf, int* count, int* datatype, int* ierror)
    {
        int rc = FileCalls.Begin(FileOp.ReadAll, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_read_all_end_")]
    private static void mpi_file_read_all_end_(int* fh, void* buf, int* status, int* ierror)
    {
        int rc = FileCalls.End(FileOp.ReadAll, FileCalls.F2c(*fh), Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_write_all_begin_")]
    private static void mpi_file_write_all_begin_(int* fh, void* buf, int* count, int* datatype, int* ierror)
    {
        int rc = FileCalls.Begin(FileOp.WriteAll, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_write_all_end_")]
    private static void mpi_file_write_all_end_(int* fh, void* buf, int* status, int* ierror)
    {
        int rc = FileCalls.End(FileOp.WriteAll, FileCalls.F2c(*fh), Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_read_ordered_begin_")]
    private static void mpi_file_read_ordered_begin_(int* fh, void* buf, int* count, int* datatype, int* ierror)
    {
        int rc = FileCalls.Begin(FileOp.ReadOrdered, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_read_ordered_end_")]
    private static void mpi_file_read_ordered_end_(int* fh, void* buf, int* status, int* ierror)
    {
        int rc = FileCalls.End(FileOp.ReadOrdered, FileCalls.F2c(*fh), Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_write_ordered_begin_")]
    private static void mpi_file_write_ordered_begin_(int* fh, void* buf, int* count, int* datatype, int* ierror)
    {
        int rc = FileCalls.Begin(FileOp.WriteOrdered, FileCalls.F2c(*fh), 0, Fortran.Buffer(buf), *count, *datatype);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_write_ordered_end_")]
    private static void mpi_file_write_ordered_end_(int* fh, void* buf, int* status, int* ierror)
    {
        int rc = FileCalls.End(FileOp.WriteOrdered, FileCalls.F2c(*fh), Fortran.Status(status));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_get_type_extent_")]
    private static void mpi_file_get_type_extent_(int* fh, int* datatype, long* extent, int* ierror)
    {
        int rc = FileCalls.GetTypeExtent(FileCalls.F2c(*fh), *datatype, extent);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_seek_")]
    private static void mpi_file_seek_(int* fh, long* offset, int* whence, int* ierror)
    {
        int rc = FileCalls.Seek(FileCalls.F2c(*fh), *offset, *whence);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_get_position_")]
    private static void mpi_file_get_position_(int* fh, long* offset, int* ierror)
    {
        int rc = FileCalls.GetPosition(FileCalls.F2c(*fh), offset);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_get_byte_offset_")]
    private static void mpi_file_get_byte_offset_(int* fh, long* offset, long* disp, int* ierror)
    {
        int rc = FileCalls.GetByteOffset(FileCalls.F2c(*fh), *offset, disp);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_seek_shared_")]
    private static void mpi_file_seek_shared_(int* fh, long* offset, int* whence, int* ierror)
    {
        int rc = FileCalls.SeekShared(FileCalls.F2c(*fh), *offset, *whence);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_get_position_shared_")]
    private static void mpi_file_get_position_shared_(int* fh, long* offset, int* ierror)
    {
        int rc = FileCalls.GetPositionShared(FileCalls.F2c(*fh), offset);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_set_atomicity_")]
    private static void mpi_file_set_atomicity_(int* fh, int* flag, int* ierror)
    {
        int rc = FileCalls.SetAtomicity(FileCalls.F2c(*fh), *flag);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_get_atomicity_")]
    private static void mpi_file_get_atomicity_(int* fh, int* flag, int* ierror)
    {
        int rc = FileCalls.GetAtomicity(FileCalls.F2c(*fh), flag);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_sync_")]
    private static void mpi_file_sync_(int* fh, int* ierror)
    {
        int rc = FileCalls.Sync(FileCalls.F2c(*fh));
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_create_errhandler_")]
    private static void mpi_file_create_errhandler_(nint function, int* errhandler, int* ierror)
    {
        int rc = FileCalls.CreateErrhandler(function, errhandler, true);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_set_errhandler_")]
    private static void mpi_file_set_errhandler_(int* file, int* errhandler, int* ierror)
    {
        int rc = FileCalls.SetErrhandler(FileCalls.F2c(*file), *errhandler);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_get_errhandler_")]
    private static void mpi_file_get_errhandler_(int* file, int* errhandler, int* ierror)
    {
        int rc = FileCalls.GetErrhandler(FileCalls.F2c(*file), errhandler);
        if (ierror != null) *ierror = rc;
    }

    [UnmanagedCallersOnly(EntryPoint = "mpi_file_call_errhandler_")]
    private static void mpi_file_call_errhandler_(int* fh, int* errorcode, int* ierror)
    {
        int rc = FileCalls.CallErrhandler(FileCalls.F2c(*fh), *errorcode);
        if (ierror != null) *ierror = rc;
    }
}
