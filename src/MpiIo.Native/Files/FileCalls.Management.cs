using MpiIo.Native.Errors;
using MpiIo.Native.Runtime;

namespace MpiIo.Native.Files;

// Opening, closing, deleting; size, group, mode, hints, atomicity, sync.
internal static unsafe partial class FileCalls
{
    /// <summary><c>MPI_File_open</c>.</summary>
    public static int Open(int comm, byte* filename, int amode, int info, nint* fh)
    {
        try
        {
            Session.Ensure();
            Require(fh, "fh");
            *fh = 0;
            *fh = FileLifetime.Open(comm, Text(filename, "filename"), amode, Hints(info));
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(null, 0, "MPI_File_open", e); }
    }

    /// <summary><c>MPI_File_close</c>: sets the handle to MPI_FILE_NULL.</summary>
    public static int Close(nint* fh)
    {
        NativeFile? file = null;
        nint handle = 0;
        try
        {
            Require(fh, "fh");
            handle = *fh;
            file = Lookup(handle);
            try { FileLifetime.Close(handle, file); }
            finally { if (!file.File.IsOpen) *fh = 0; }
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(file, handle, "MPI_File_close", e); }
    }

    /// <summary><c>MPI_File_delete</c>.</summary>
    public static int Delete(byte* filename, int info)
    {
        try
        {
            Session.Ensure();
            string name = Text(filename, "filename");
            _ = Hints(info);
            MpiFile.Delete(name);
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(null, 0, "MPI_File_delete", e); }
    }

    /// <summary><c>MPI_File_set_size</c>.</summary>
    public static int SetSize(nint fh, long size) => OnFile(fh, "MPI_File_set_size", size, static (f, s) => f.SetSize(s));

    /// <summary><c>MPI_File_preallocate</c>.</summary>
    public static int Preallocate(nint fh, long size) => OnFile(fh, "MPI_File_preallocate", size, static (f, s) => f.Preallocate(s));

    /// <summary><c>MPI_File_get_size</c>.</summary>
    public static int GetSize(nint fh, long* size) => Get(fh, "MPI_File_get_size", size, static f => f.GetSize());

    /// <summary><c>MPI_File_get_group</c>: a new group the application frees (the wrapper is dropped, not disposed).</summary>
    public static int GetGroup(nint fh, int* group) => Get(fh, "MPI_File_get_group", group, static f => f.GetGroup().Handle);

    /// <summary><c>MPI_File_get_amode</c>.</summary>
    public static int GetAmode(nint fh, int* amode) => Get(fh, "MPI_File_get_amode", amode, static f => (int)f.Amode);

    /// <summary><c>MPI_File_set_info</c>.</summary>
    public static int SetInfo(nint fh, int info) =>
        OnFile(fh, "MPI_File_set_info", info, static (f, i) => f.SetInfo(Hints(i) ?? new Dictionary<string, string>()));

    /// <summary><c>MPI_File_get_info</c>: a new info object with the hints in force, which the application frees.</summary>
    public static int GetInfo(nint fh, int* info) => Get(fh, "MPI_File_get_info", info, static f => f.GetMpiInfo().Handle);

    /// <summary><c>MPI_File_set_atomicity</c>.</summary>
    public static int SetAtomicity(nint fh, int flag) => OnFile(fh, "MPI_File_set_atomicity", flag != 0, static (f, a) => f.SetAtomicity(a));

    /// <summary><c>MPI_File_get_atomicity</c>.</summary>
    public static int GetAtomicity(nint fh, int* flag) => Get(fh, "MPI_File_get_atomicity", flag, static f => f.GetAtomicity() ? 1 : 0);

    /// <summary><c>MPI_File_sync</c>.</summary>
    public static int Sync(nint fh) => OnFile(fh, "MPI_File_sync", 0, static (f, _) => f.Sync());

    /// <summary>Runs <paramref name="body"/> on the file behind <paramref name="fh"/>; failures go through its error handler.</summary>
    private static int OnFile<T>(nint fh, string call, T arg, Action<MpiFile, T> body)
    {
        NativeFile? file = null;
        try
        {
            file = Lookup(fh);
            body(file.File, arg);
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(file, fh, call, e); }
    }

    /// <summary>Stores what <paramref name="query"/> answers for the file behind <paramref name="fh"/> in <paramref name="result"/>.</summary>
    private static int Get<T>(nint fh, string call, T* result, Func<MpiFile, T> query) where T : unmanaged =>
        Get(fh, call, result, query, static (f, q) => q(f));

    /// <summary>Stores what <paramref name="query"/> answers for the file and <paramref name="arg"/> in <paramref name="result"/>.</summary>
    private static int Get<TArg, T>(nint fh, string call, T* result, TArg arg, Func<MpiFile, TArg, T> query) where T : unmanaged
    {
        NativeFile? file = null;
        try
        {
            file = Lookup(fh);
            Require(result, "the result argument");
            *result = query(file.File, arg);
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(file, fh, call, e); }
    }
}
