using System.Text;
using MpiIo.Datatypes;
using MpiIo.Native.Errors;
using MpiIo.Native.Interop;
using MpiIo.Native.Runtime;

namespace MpiIo.Native.Files;

// Views, file pointers and offsets.
internal static unsafe partial class FileCalls
{
    /// <summary><c>MPI_File_set_view</c> (collective).</summary>
    public static int SetView(nint fh, long disp, int etype, int filetype, byte* datarep, int info)
    {
        NativeFile? file = null;
        try
        {
            file = Lookup(fh);
            // A local failure must not skip the collective: null types make MpiIo agree on an error on
            // every rank; this rank then reports its own cause.
            Datatype? e = null, f = null;
            string rep = Views.FileView.Native;
            IReadOnlyDictionary<string, string>? hints = null;
            Exception? local = null;
            try
            {
                e = Session.Types.Get(etype);
                f = Session.Types.Get(filetype);
                rep = Text(datarep, "datarep");
                hints = Hints(info);
            }
            catch (Exception x) { local = x; }
            try { file.File.SetView(disp, local == null ? e! : null!, local == null ? f! : null!, rep, hints); }
            catch when (local != null) { throw local; }
            var held = ViewTypes.Hold(etype, filetype, Session.Types.IsNamed);
            file.ViewTypes.Release();
            file.ViewTypes = held;
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(file, fh, "MPI_File_set_view", e); }
    }

    /// <summary><c>MPI_File_get_view</c>: derived types come back as new handles the application frees.</summary>
    public static int GetView(nint fh, long* disp, int* etype, int* filetype, byte* datarep)
    {
        NativeFile? file = null;
        try
        {
            file = Lookup(fh);
            Require(disp, "disp");
            Require(etype, "etype");
            Require(filetype, "filetype");
            Require(datarep, "datarep");
            var view = file.File.GetView();
            int e = file.ViewTypes.HandEtype();
            int f = file.ViewTypes.HandFiletype();
            *disp = view.Disp;
            *etype = e;
            *filetype = f;
            var rep = new Span<byte>(datarep, MpichConstants.MaxDatarepString);
            int n = Encoding.UTF8.GetBytes(view.Datarep.AsSpan(0, Math.Min(view.Datarep.Length, MpichConstants.MaxDatarepString - 1)), rep);
            rep[n] = 0;
            return 0;
        }
        catch (Exception e) { return FileErrors.Raise(file, fh, "MPI_File_get_view", e); }
    }

    /// <summary><c>MPI_File_get_type_extent</c> (and its large-count form: MPI_Aint and MPI_Count are both 8 bytes).</summary>
    public static int GetTypeExtent(nint fh, int datatype, long* extent) =>
        Get(fh, "MPI_File_get_type_extent", extent, datatype, static (f, t) => f.GetTypeExtent(Session.Types.Get(t)));

    /// <summary><c>MPI_File_seek</c>.</summary>
    public static int Seek(nint fh, long offset, int whence) =>
        OnFile(fh, "MPI_File_seek", (offset, whence), static (f, a) => f.Seek(a.offset, (Whence)a.whence));

    /// <summary><c>MPI_File_seek_shared</c> (collective).</summary>
    public static int SeekShared(nint fh, long offset, int whence) =>
        OnFile(fh, "MPI_File_seek_shared", (offset, whence), static (f, a) => f.SeekShared(a.offset, (Whence)a.whence));

    /// <summary><c>MPI_File_get_position</c>.</summary>
    public static int GetPosition(nint fh, long* offset) => Get(fh, "MPI_File_get_position", offset, static f => f.GetPosition());

    /// <summary><c>MPI_File_get_position_shared</c>.</summary>
    public static int GetPositionShared(nint fh, long* offset) =>
        Get(fh, "MPI_File_get_position_shared", offset, static f => f.GetPositionShared());

    /// <summary><c>MPI_File_get_byte_offset</c>.</summary>
    public static int GetByteOffset(nint fh, long offset, long* disp) =>
        Get(fh, "MPI_File_get_byte_offset", disp, offset, static (f, o) => f.GetByteOffset(o));
}
