using MpiIo.Datatypes;
using MpiIo.Mpi;

namespace MpiIo.Views;

/// <summary>
/// A file view (<c>MPI_File_set_view</c>): the file seen as the data of filetype copies tiled from
/// <see cref="Disp"/>, copy <c>n</c> at <c>Disp + n · Filetype.Extent</c>. A view byte position is an
/// offset into that data stream. Checks and mappings work on the filetype's flattened tree, so they cost
/// O(depth · log) whatever the number of blocks, never a walk.
/// </summary>
public sealed class FileView
{
    /// <summary>The data representation names MPI defines.</summary>
    public const string Native = "native", Internal = "internal", External32Name = "external32";

    private FileView(long disp, Datatype etype, Datatype filetype, string datarep)
    {
        Disp = disp;
        Etype = etype;
        Filetype = filetype;
        Datarep = datarep;
        IsContiguous = filetype.IsContiguous && (filetype.Layout?.FirstStart ?? 0) == 0;
    }

    /// <summary>The default view: displacement 0, etype and filetype <see cref="Datatype.Byte"/>, "native".</summary>
    public static FileView Default { get; } = new(0, Datatype.Byte, Datatype.Byte, Native);

    /// <summary>Absolute byte displacement where the view starts.</summary>
    public long Disp { get; }

    /// <summary>The elementary type: the unit of offsets and counts in the view.</summary>
    public Datatype Etype { get; }

    /// <summary>The filetype tiled over the file.</summary>
    public Datatype Filetype { get; }

    /// <summary>The data representation: "native", "internal" or "external32".</summary>
    public string Datarep { get; }

    /// <summary>Whether the view is one run from <see cref="Disp"/>: <c>FileOffsetOf(p) = Disp + p</c>.</summary>
    public bool IsContiguous { get; }

    /// <summary>
    /// Makes a view, with <c>MPI_File_set_view</c>'s checks (ROMIO's, with MPICH's error classes).
    /// </summary>
    /// <param name="disp">Absolute byte displacement of the view.</param>
    /// <param name="etype">Elementary type.</param>
    /// <param name="filetype">Filetype; its data must be a whole number of etypes.</param>
    /// <param name="datarep">"native", "internal" or "external32" (case-sensitive).</param>
    /// <param name="readOnlyFile">Whether the file is open read-only, where overlapping filetype blocks are allowed.</param>
    /// <exception cref="MpiException">
    /// <see cref="ErrorClass.Arg"/> for a negative displacement, an etype without data, or a filetype whose
    /// size is zero or not a multiple of the etype size; <see cref="ErrorClass.IO"/> for a filetype with a
    /// negative or decreasing displacement, or (unless <paramref name="readOnlyFile"/>) a byte covered twice,
    /// tiled copies included; <see cref="ErrorClass.UnsupportedDatarep"/> for another representation, or
    /// external32 with a type it cannot convert; <see cref="ErrorClass.Type"/> for a null type.
    /// </exception>
    public static FileView Create(long disp, Datatype etype, Datatype filetype, string datarep, bool readOnlyFile)
    {
        if (etype is null)
            throw new MpiException(ErrorClass.Type, "etype must not be null.");
        if (filetype is null)
            throw new MpiException(ErrorClass.Type, "filetype must not be null.");
        if (disp < 0)
            throw new MpiException(ErrorClass.Arg, $"disp must be nonnegative, got {disp}.");
        if (datarep is not (Native or Internal or External32Name))
            throw new MpiException(ErrorClass.UnsupportedDatarep,
                $"datarep must be \"native\", \"internal\" or \"external32\", got \"{datarep}\".");
        if (etype.Size <= 0)
            throw new MpiException(ErrorClass.Arg, "etype must hold data.");
        if (filetype.Size <= 0 || filetype.Size % etype.Size != 0)
            throw new MpiException(ErrorClass.Arg,
                $"The filetype size ({filetype.Size}) must be a positive multiple of the etype size ({etype.Size}).");
        if (datarep == External32Name && !(External32.Supports(etype) && External32.Supports(filetype)))
            throw new MpiException(ErrorClass.UnsupportedDatarep,
                "external32 views cannot hold MPI_LONG, MPI_UNSIGNED_LONG, MPI_WCHAR or MPI_LONG_DOUBLE.");
        etype.Commit();
        FlatNode root = filetype.Commit().Layout!;
        if (root.MinStart < 0)
            throw new MpiException(ErrorClass.IO, "Filetype displacements must be nonnegative.");
        if (!filetype.TiledOrdered)
            throw new MpiException(ErrorClass.IO, "Filetype displacements must be monotonically nondecreasing.");
        if (!readOnlyFile && !filetype.IsMonotonic)
            throw new MpiException(ErrorClass.IO,
                "Filetype blocks overlap (a byte is covered twice); allowed only on a file opened read-only.");
        return new FileView(disp, etype, filetype, datarep);
    }

    /// <summary>Absolute file offset of view byte <paramref name="viewByte"/>, in O(depth · log).</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a negative position.</exception>
    public long FileOffsetOf(long viewByte)
    {
        if (IsContiguous)
        {
            if (viewByte < 0)
                throw new MpiException(ErrorClass.Arg, $"viewByte must be nonnegative, got {viewByte}.");
            return Disp + viewByte;
        }
        return Disp + Filetype.DisplacementOf(viewByte);
    }

    /// <summary>
    /// The view position of the first view byte at or after absolute file offset
    /// <paramref name="fileOffset"/>: how many view bytes lie before it in the file.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.UnsupportedOperation"/> on a view whose blocks overlap (read-only files only).</exception>
    public long ViewByteAtOrAfter(long fileOffset)
    {
        if (IsContiguous)
            return Math.Max(0, fileOffset - Disp);
        if (!Filetype.IsMonotonic)
            throw new MpiException(ErrorClass.UnsupportedOperation,
                "A view with overlapping blocks has no single view position for a file offset.");
        return Filetype.DataOffsetAtOrAfter(fileOffset - Disp);
    }

    /// <summary>
    /// The file side of an access of <paramref name="length"/> view bytes from <paramref name="viewByteStart"/>,
    /// as a stream of merged blocks. Allocates one source; reuse a <see cref="ViewBlockSource"/> on hot paths.
    /// </summary>
    public ViewBlockSource Blocks(long viewByteStart, long length)
    {
        var source = new ViewBlockSource();
        source.Reset(this, viewByteStart, length);
        return source;
    }

    /// <summary>
    /// The extent of an access and how many merged file blocks it touches, computed from the tree
    /// without walking it (the end is exact for views without overlapping blocks).
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a negative start or length.</exception>
    public AccessSummary AccessSummary(long start, long length)
    {
        if (start < 0 || length < 0)
            throw new MpiException(ErrorClass.Arg, $"start ({start}) and length ({length}) must be nonnegative.");
        long first = FileOffsetOf(start);
        if (length == 0)
            return new AccessSummary(first, first, 0, 0);
        long last = start + length - 1;
        long end = FileOffsetOf(last) + 1;
        long blocks = IsContiguous ? 1 : Filetype.BlockIndexOf(last) - Filetype.BlockIndexOf(start) + 1;
        return new AccessSummary(first, end, blocks, length);
    }
}
