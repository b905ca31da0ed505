using MpiIo.Algorithms;
using MpiIo.Datatypes;
using MpiIo.Mpi;
using MpiIo.Storage;

namespace MpiIo.Views;

/// <summary>
/// Streams the file blocks (absolute offsets, merged where they touch) of a range of view bytes,
/// lazily: a <see cref="TypeCursor"/> over the tiled filetype. Reusable: <see cref="Reset"/> it for the
/// next access; nothing is allocated per access or per block. Not thread-safe.
/// </summary>
public sealed class ViewBlockSource : IBlockSource
{
    private readonly TypeCursor _cursor = new();
    private FileView? _view;
    private long _next;
    private long _remaining;

    /// <summary>Points the source at <paramref name="length"/> view bytes from <paramref name="viewByteStart"/> of <paramref name="view"/>.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a negative start or length, or a range past 2⁶³ bytes.</exception>
    public void Reset(FileView view, long viewByteStart, long length)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (viewByteStart < 0 || length < 0 || length > long.MaxValue - viewByteStart)
            throw new MpiException(ErrorClass.Arg, $"viewByteStart ({viewByteStart}) and length ({length}) must be nonnegative and fit 63 bits.");
        _view = view;
        _remaining = length;
        if (view.IsContiguous)
        {
            _next = view.Disp + viewByteStart;
            return;
        }
        Datatype filetype = view.Filetype;
        // Enough copies to cover the range; the view itself is unbounded.
        long end = viewByteStart + length;
        long copies = end / filetype.Size + 1;
        _cursor.Reset(filetype, Math.Min(copies, long.MaxValue / filetype.Size));
        _cursor.Seek(viewByteStart);
    }

    /// <summary>Bytes of the range not yet handed out.</summary>
    public long Remaining => _remaining;

    /// <inheritdoc/>
    public int Fill(Span<FileBlock> destination)
    {
        if (_view is null || _remaining == 0 || destination.IsEmpty)
            return 0;
        if (_view.IsContiguous)
        {
            destination[0] = new FileBlock(_next, _remaining);
            _next += _remaining;
            _remaining = 0;
            return 1;
        }
        int n = 0;
        long disp = _view.Disp;
        while (n < destination.Length && _remaining > 0 && _cursor.Next(_remaining, out long offset, out long length))
        {
            destination[n++] = new FileBlock(disp + offset, length);
            _remaining -= length;
        }
        return n;
    }
}
