using MpiIo.Mpi;
using MpiIo.Mpi.Native;
using MpiIo.Native.Interop;

namespace MpiIo.Native.Files;

/// <summary>
/// The MPICH handles of a view's etype and filetype, kept so <c>MPI_File_get_view</c> can hand them back
/// after the application freed its own: derived types are duplicated at <c>MPI_File_set_view</c> (the
/// duplicates belong to the file) and duplicated again for each caller of get_view, as ROMIO does.
/// </summary>
internal sealed unsafe class ViewTypes
{
    /// <summary>The default view: MPI_BYTE for both.</summary>
    public static readonly ViewTypes Default = new(MpiAbi.MPI_BYTE, MpiAbi.MPI_BYTE, false, false);

    private readonly bool _ownEtype, _ownFiletype;
    private bool _released;

    private ViewTypes(int etype, int filetype, bool ownEtype, bool ownFiletype)
    {
        Etype = etype;
        Filetype = filetype;
        _ownEtype = ownEtype;
        _ownFiletype = ownFiletype;
    }

    /// <summary>The etype handle the file holds.</summary>
    public int Etype { get; }

    /// <summary>The filetype handle the file holds.</summary>
    public int Filetype { get; }

    /// <summary>Holds the application's <paramref name="etype"/> and <paramref name="filetype"/>: named ones as they are, derived ones duplicated.</summary>
    /// <param name="etype">The application's etype handle.</param>
    /// <param name="filetype">The application's filetype handle.</param>
    /// <param name="isNamed">Whether a handle is a predefined type.</param>
    public static ViewTypes Hold(int etype, int filetype, Func<int, bool> isNamed)
    {
        bool ownE = !isNamed(etype), ownF = !isNamed(filetype);
        int e = ownE ? Dup(etype) : etype;
        int f;
        try { f = ownF ? Dup(filetype) : filetype; }
        catch
        {
            if (ownE) Free(e);
            throw;
        }
        return new ViewTypes(e, f, ownE, ownF);
    }

    /// <summary>A handle for the application: the named type itself or a new committed duplicate, which the application frees.</summary>
    public static int Hand(int held, bool owned) => owned ? Dup(held) : held;

    /// <summary><see cref="Hand"/> for the etype.</summary>
    public int HandEtype() => Hand(Etype, _ownEtype);

    /// <summary><see cref="Hand"/> for the filetype.</summary>
    public int HandFiletype() => Hand(Filetype, _ownFiletype);

    /// <summary>Frees the duplicates this object holds.</summary>
    public void Release()
    {
        if (_released) return;
        _released = true;
        if (_ownEtype) Free(Etype);
        if (_ownFiletype) Free(Filetype);
    }

    private static int Dup(int type)
    {
        int d;
        MpiError.Check(Mpich.MPI_Type_dup(type, &d));
        MpiError.Check(MpiNative.MPI_Type_commit(&d));
        return d;
    }

    private static void Free(int type) => MpiNative.MPI_Type_free(&type);
}
