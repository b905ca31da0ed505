using System.Runtime.InteropServices;

namespace MpiIo.Windows;

/// <summary>
/// The pages one rank tracks since its node's last release, with their twins in the rank's private
/// memory (a twin is only read by the rank that took it). Twin buffers are kept for reuse across
/// intervals, so a steady write pattern allocates nothing.
/// </summary>
internal sealed unsafe class TwinSet : IDisposable
{
    private readonly int _pageSize;
    private int[] _pages = new int[64];
    private nint[] _twins = new nint[64];
    private int _count;
    private readonly Stack<nint> _spare = new();

    public TwinSet(int pageSize) => _pageSize = pageSize;

    public int Count => _count;

    public int PageAt(int i) => _pages[i];

    /// <summary>The twin of entry <paramref name="i"/> (empty in single-writer mode, where pages have none).</summary>
    public Span<byte> TwinAt(int i, int length) => _twins[i] == 0 ? default : new Span<byte>((void*)_twins[i], length);

    /// <summary>Tracks <paramref name="page"/>, with a twin copied from <paramref name="content"/> unless it is empty.</summary>
    public void Add(int page, ReadOnlySpan<byte> content)
    {
        if (_count == _pages.Length)
        {
            Array.Resize(ref _pages, _count * 2);
            Array.Resize(ref _twins, _count * 2);
        }
        nint twin = 0;
        if (!content.IsEmpty)
        {
            twin = _spare.Count > 0 ? _spare.Pop() : (nint)NativeMemory.AlignedAlloc((nuint)_pageSize, 64);
            content.CopyTo(new Span<byte>((void*)twin, _pageSize));
        }
        _pages[_count] = page;
        _twins[_count] = twin;
        _count++;
    }

    /// <summary>Orders the entries by page, so write-back runs in file order and adjacent pages join.</summary>
    public void SortByPage() => _pages.AsSpan(0, _count).Sort(_twins.AsSpan(0, _count));

    /// <summary>The entry of <paramref name="page"/> after <see cref="SortByPage"/>, or a negative number.</summary>
    public int IndexOf(int page) => Array.BinarySearch(_pages, 0, _count, page);

    /// <summary>Drops the entries of pages [<paramref name="firstPage"/>, <paramref name="endPage"/>), recycling their twins.</summary>
    public void RemovePages(int firstPage, int endPage)
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            if (_pages[i] >= firstPage && _pages[i] < endPage)
            {
                if (_twins[i] != 0) _spare.Push(_twins[i]);
                continue;
            }
            _pages[kept] = _pages[i];
            _twins[kept] = _twins[i];
            kept++;
        }
        _count = kept;
    }

    /// <summary>Drops every entry, recycling the twins.</summary>
    public void Clear()
    {
        for (int i = 0; i < _count; i++)
            if (_twins[i] != 0) _spare.Push(_twins[i]);
        _count = 0;
    }

    public void Dispose()
    {
        Clear();
        while (_spare.Count > 0) NativeMemory.AlignedFree((void*)_spare.Pop());
    }
}
