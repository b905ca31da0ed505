using System.Runtime.InteropServices;
using MpiIo.Mpi;

namespace MpiIo.Windows;

// Local access to the node copy: spans and pointers, lazy fill, and write tracking.
public sealed unsafe partial class FileWindow
{
    /// <summary>The node copy's first byte (valid until <see cref="Free"/>); for ranges beyond 2 GiB.</summary>
    public byte* Pointer
    {
        get
        {
            _ = Shared;
            return _base;
        }
    }

    /// <summary>The whole node copy as a span (ranges up to 2 GiB; beyond, use <see cref="GetChunk"/> or <see cref="Pointer"/>).</summary>
    /// <remarks>No lazy fill happens here: with <see cref="WindowFill.Lazy"/>, <see cref="Touch"/> the bytes first.</remarks>
    /// <exception cref="MpiException"><see cref="ErrorClass.Count"/> for a range over 2 GiB.</exception>
    public Span<byte> Span => new(Pointer, WholeLength());

    /// <summary>The whole node copy as memory (ranges up to 2 GiB), e.g. for nonblocking file calls; no lazy fill happens here.</summary>
    public Memory<byte> Memory
    {
        get
        {
            int n = WholeLength();
            return (_memory ??= new NativeMemoryManager(_base, n)).Memory;
        }
    }

    /// <summary>The whole node copy as values of <typeparamref name="T"/> (<c>MemoryMarshal.Cast</c>; a trailing partial value is left out).</summary>
    public Span<T> AsSpan<T>() where T : unmanaged => MemoryMarshal.Cast<byte, T>(Span);

    /// <summary>The number of <see cref="ChunkBytes"/> chunks covering the range.</summary>
    public int ChunkCount => (int)((Length + ChunkBytes - 1) / ChunkBytes);

    /// <summary>Chunk <paramref name="index"/> of the node copy (1 GiB, the last one shorter); no lazy fill happens here.</summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for an index outside [0, <see cref="ChunkCount"/>).</exception>
    public Span<byte> GetChunk(int index)
    {
        _ = Shared;
        if ((uint)index >= (uint)ChunkCount) throw new MpiException(ErrorClass.Arg, $"index {index} is outside the {ChunkCount} chunks.");
        long start = (long)index * ChunkBytes;
        return new Span<byte>(_base + start, (int)Math.Min(ChunkBytes, Length - start));
    }

    /// <summary>
    /// <paramref name="length"/> bytes of the node copy at window offset <paramref name="offset"/>, read
    /// first if the window fills lazily. For reading; announce stores with <see cref="GetWritableSpan"/> or <see cref="BeginWrite"/>.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a range outside the window.</exception>
    public Span<byte> GetSpan(long offset, int length)
    {
        CheckRange(offset, length);
        if (Fill == WindowFill.Lazy) TouchPages(offset, length);
        return new Span<byte>(_base + offset, length);
    }

    /// <summary><paramref name="count"/> values of <typeparamref name="T"/> at window byte offset <paramref name="offset"/>, read first if the window fills lazily.</summary>
    public Span<T> GetSpan<T>(long offset, int count) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(GetSpan(offset, BytesOf<T>(count)));

    /// <summary>
    /// <see cref="BeginWrite"/> followed by <see cref="GetSpan(long, int)"/>: a span the caller may store
    /// into until the node's next <see cref="Release"/>.
    /// </summary>
    public Span<byte> GetWritableSpan(long offset, int length)
    {
        BeginWrite(offset, length);
        return new Span<byte>(_base + offset, length);
    }

    /// <summary><see cref="GetWritableSpan"/> as values of <typeparamref name="T"/>.</summary>
    public Span<T> GetWritableSpan<T>(long offset, int count) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(GetWritableSpan(offset, BytesOf<T>(count)));

    private static int BytesOf<T>(int count) where T : unmanaged
    {
        long bytes = (long)count * sizeof(T);
        if (count < 0 || bytes > int.MaxValue) throw new MpiException(ErrorClass.Count, $"count {count} of {typeof(T).Name} is negative or exceeds 2 GiB.");
        return (int)bytes;
    }

    /// <summary>Copies <paramref name="destination"/>.Length bytes from window offset <paramref name="offset"/> (a local call).</summary>
    public void Read(long offset, Span<byte> destination) => GetSpan(offset, destination.Length).CopyTo(destination);

    /// <summary>Stores <paramref name="data"/> at window offset <paramref name="offset"/>, tracked for the next release (a local call).</summary>
    public void Write(long offset, ReadOnlySpan<byte> data) => data.CopyTo(GetWritableSpan(offset, data.Length));

    /// <summary>
    /// Makes sure the pages of [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>)
    /// are in the node copy (a local call; any rank, any time). With <see cref="WindowFill.Lazy"/> the
    /// absent pages are read, each by exactly one rank of the node, the others wait for it; with
    /// <see cref="WindowFill.Eager"/> it does nothing.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a range outside the window.</exception>
    public void Touch(long offset, long length)
    {
        CheckRange(offset, length);
        if (Fill == WindowFill.Lazy) TouchPages(offset, length);
    }

    /// <summary>
    /// Announces that this rank will store into [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>)
    /// before the node's next <see cref="Release"/> (a local call). The first announcement of a page in an
    /// interval takes its twin (multiple-writer mode) or marks it for whole-page write-back (single-writer
    /// mode); later ones cost one atomic read per page. Stores to bytes nobody announced are not written back.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.ReadOnly"/> on a read-only window; <see cref="ErrorClass.Arg"/> for a range outside the window.</exception>
    public void BeginWrite(long offset, long length)
    {
        CheckRange(offset, length);
        if (IsReadOnly) throw new MpiException(ErrorClass.ReadOnly, "The file window was mapped read-only.");
        if (Fill == WindowFill.Lazy) TouchPages(offset, length);
        var (first, end) = _layout.Pages(offset, length);
        int me = _node!.Rank;
        bool twins = WriterMode == WriterMode.Multiple;
        for (int p = first; p < end; p++)
        {
            ref int state = ref State(p);
            var spin = new SpinWait();
            while (true)
            {
                int s = Volatile.Read(ref state);
                if ((s & PageState.Claiming) != 0)
                {
                    // Another rank of the node is copying the twin: a store now would slip into it.
                    spin.SpinOnce();
                    continue;
                }
                if (PageState.IsDirty(s)) break;
                if (!twins)
                {
                    if (Interlocked.CompareExchange(ref state, PageState.WithOwner(s | PageState.Dirty, me), s) != s) continue;
                    _tracked.Add(p, default);
                    break;
                }
                if (Interlocked.CompareExchange(ref state, PageState.WithOwner(s | PageState.Dirty | PageState.Claiming, me), s) != s) continue;
                _tracked.Add(p, PageSpan(p));
                Volatile.Write(ref state, PageState.WithOwner(s | PageState.Dirty, me));
                break;
            }
        }
    }

    private void CheckRange(long offset, long length)
    {
        _ = Shared;
        if (offset < 0 || length < 0 || offset > Length - length)
            throw new MpiException(ErrorClass.Arg, $"offset {offset} and length {length} do not lie within the window's {Length} bytes.");
    }

    private int WholeLength()
    {
        _ = Shared;
        if (Length > int.MaxValue) throw new MpiException(ErrorClass.Count, $"The window holds {Length} bytes, more than one span can; use GetChunk or Pointer.");
        return (int)Length;
    }

    // Claims absent pages in runs, reads each run with one driver call, then waits for pages other ranks
    // of the node are filling. A claim is a CAS from absent to filling, so every page is read once.
    private void TouchPages(long offset, long length)
    {
        var (first, end) = _layout.Pages(offset, length);
        int runStart = -1;
        bool othersFilling = false;
        for (int p = first; p < end; p++)
        {
            ref int state = ref State(p);
            int s = Volatile.Read(ref state);
            int presence = PageState.Presence(s);
            bool claimed = presence == PageState.Absent
                && Interlocked.CompareExchange(ref state, (s & ~PageState.PresenceMask) | PageState.Filling, s) == s;
            if (claimed)
            {
                if (runStart < 0) runStart = p;
                if ((long)(p + 1 - runStart) * PageSize >= ReadChunk) { FillRun(runStart, p + 1); runStart = -1; }
                continue;
            }
            if (runStart >= 0) { FillRun(runStart, p); runStart = -1; }
            if (presence != PageState.Present) othersFilling = true;
        }
        if (runStart >= 0) FillRun(runStart, end);
        if (!othersFilling) return;
        for (int p = first; p < end; p++)
        {
            ref int state = ref State(p);
            var spin = new SpinWait();
            while (true)
            {
                int s = Volatile.Read(ref state);
                if (PageState.Presence(s) == PageState.Present) break;
                // A page another rank gave up on (its read failed) is claimed again here.
                if (PageState.Presence(s) == PageState.Absent) { TouchPages(_layout.PageStart(p), 1); break; }
                spin.SpinOnce();
            }
        }
    }

    private void FillRun(int first, int end)
    {
        try
        {
            ReadPages(first, end);
        }
        catch
        {
            for (int p = first; p < end; p++)
            {
                ref int state = ref State(p);
                Volatile.Write(ref state, Volatile.Read(ref state) & ~PageState.PresenceMask);
            }
            throw;
        }
    }
}
