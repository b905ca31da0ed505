using MpiIo.Algorithms;
using MpiIo.Mpi;
using MpiIo.Storage;

namespace MpiIo.Windows;

// Lazy release consistency between the node copies, and pvshm's cache tools.
public sealed unsafe partial class FileWindow
{
    private long[] _notices = [];
    private int[] _released = [];
    private byte[] _fresh = [];

    /// <summary>
    /// Release (collective over the node's ranks): writes back what the node changed since its last
    /// release and publishes write notices for the pages. In multiple-writer mode each changed page is
    /// diffed against its twin and only the changed bytes are written (list I/O through the storage
    /// driver, each rank writing the pages it tracks), so nodes that change different bytes of one page
    /// both win; in single-writer mode changed pages are written whole. When it returns on any rank, the
    /// node's changes are in the file and a later <see cref="Acquire"/> on any node sees them.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.ReadOnly"/> on a read-only window; <see cref="ErrorClass.Win"/> after <see cref="Free"/>. I/O failures are raised on every rank of the node; the failing rank's pages stay tracked, so a later release writes them.</exception>
    public void Release()
    {
        var node = NodeCommunicator;
        if (IsReadOnly) throw new MpiException(ErrorClass.ReadOnly, "A read-only file window has nothing to release.");
        // Every rank of the node has finished storing before any page is diffed.
        node.Barrier();
        Exception? local = null;
        try
        {
            WriteBackTracked();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _writer.Discard();
            local = e;
        }
        Agreement.Agree(node, local, "FileWindow.Release");
        if (node.Rank == 0) Count(CounterReleases, 1);
    }

    /// <summary>Alias of <see cref="Release"/> (pvshm's and msync's word).</summary>
    public void Sync() => Release();

    /// <summary>
    /// Acquire (collective over the node's ranks): re-reads the pages other nodes released since this
    /// node's last acquire (their write notices changed), split over the node's ranks; all other pages stay.
    /// A page this node changed and has not released keeps the node's changed bytes on top of the fresh
    /// copy. A read-only window has no write notices, so this does nothing; use <see cref="Invalidate"/>
    /// after the file was changed by other means.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Win"/> after <see cref="Free"/>; I/O failures on every rank of the node.</exception>
    public void Acquire()
    {
        var node = NodeCommunicator;
        if (IsReadOnly) return;
        node.Barrier();
        Exception? local = null;
        if (node.Rank == 0)
        {
            try { FetchVersions(Incoming); }
            catch (Exception e) when (e is not OutOfMemoryException) { local = e; }
        }
        Agreement.Agree(node, local, "FileWindow.Acquire");
        try
        {
            RefreshNoticed();
        }
        catch (Exception e) when (e is not OutOfMemoryException) { local = e; }
        Agreement.Agree(node, local, "FileWindow.Acquire");
    }

    /// <summary>Alias of <see cref="Acquire"/>.</summary>
    public void Refresh() => Acquire();

    /// <summary>
    /// <see cref="Release"/>, a barrier over the file's communicator, <see cref="Acquire"/> (collective over
    /// the file's communicator): afterwards every rank sees every change any node released before it.
    /// On a read-only window only the barrier.
    /// </summary>
    public void Fence()
    {
        var comm = _comm ?? throw Freed();
        Exception? local = null;
        if (!IsReadOnly)
        {
            try { Release(); }
            catch (Exception e) when (e is not OutOfMemoryException) { local = e; }
        }
        // The agreement is the barrier: a node whose release failed must not leave the others waiting in it.
        Agreement.Agree(comm, local, "FileWindow.Fence");
        if (!IsReadOnly) Acquire();
    }

    /// <summary>
    /// pvshm's flush (<c>msync</c>), collective over the node's ranks: writes the pages of the range the node
    /// changed back whole, now, without diffing and without publishing write notices; the pages stay
    /// tracked until the next <see cref="Release"/>. Whole pages overwrite other nodes' bytes of those
    /// pages: use it when the node alone writes the range.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.ReadOnly"/> on a read-only window; <see cref="ErrorClass.Arg"/> for a range outside the window.</exception>
    public void Flush(long offset, long length)
    {
        var node = NodeCommunicator;
        Exception? local = null;
        try
        {
            CheckRange(offset, length);
            if (IsReadOnly) throw new MpiException(ErrorClass.ReadOnly, "A read-only file window has nothing to flush.");
        }
        catch (Exception e) when (e is not OutOfMemoryException) { local = e; }
        // The agreement is also the barrier after which no rank of the node stores.
        Agreement.Agree(node, local, "FileWindow.Flush");
        try
        {
            var (first, end) = _layout.Pages(offset, length);
            _tracked.SortByPage();
            int runStart = -1, previous = -2;
            for (int i = 0; i < _tracked.Count; i++)
            {
                int p = _tracked.PageAt(i);
                if (p < first || p >= end) continue;
                if (p != previous + 1)
                {
                    if (runStart >= 0) WritePagesWhole(runStart, previous + 1);
                    runStart = p;
                }
                previous = p;
            }
            if (runStart >= 0) WritePagesWhole(runStart, previous + 1);
        }
        catch (Exception e) when (e is not OutOfMemoryException) { local = e; }
        Agreement.Agree(node, local, "FileWindow.Flush");
    }

    /// <summary>
    /// pvshm's reverse msync, collective over the node's ranks: drops the node's copy of the pages of the
    /// range, changes included (they are forgotten, not written), and re-reads them (eager fill) or
    /// leaves them to be read on the next touch (lazy fill).
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.Arg"/> for a range outside the window; <see cref="ErrorClass.Win"/> after <see cref="Free"/>.</exception>
    public void Invalidate(long offset, long length)
    {
        var node = NodeCommunicator;
        Exception? local = null;
        try { CheckRange(offset, length); }
        catch (Exception e) when (e is not OutOfMemoryException) { local = e; }
        Agreement.Agree(node, local, "FileWindow.Invalidate");
        try
        {
            var (first, end) = _layout.Pages(offset, length);
            _tracked.RemovePages(first, end);
            var (mine, mineEnd) = WindowLayout.Share(first, end, node.Rank, node.Size);
            for (int p = mine; p < mineEnd; p++) Volatile.Write(ref State(p), PageState.Absent);
            if (Fill == WindowFill.Eager) ReadPages(mine, mineEnd);
        }
        catch (Exception e) when (e is not OutOfMemoryException) { local = e; }
        Agreement.Agree(node, local, "FileWindow.Invalidate");
    }

    /// <summary>
    /// Switches between multiple- and single-writer write-back (collective over the node's ranks, which
    /// pass the same mode). Releases first, so no page is tracked under the old mode.
    /// </summary>
    /// <exception cref="MpiException"><see cref="ErrorClass.ReadOnly"/> on a read-only window; <see cref="ErrorClass.Arg"/> for an unknown mode; <see cref="ErrorClass.NotSame"/> when the node's ranks differ.</exception>
    public void SetWriterMode(WriterMode mode)
    {
        var node = NodeCommunicator;
        if (IsReadOnly) throw new MpiException(ErrorClass.ReadOnly, "A read-only file window has no writer mode.");
        Exception? local = Enum.IsDefined(mode) ? null : new MpiException(ErrorClass.Arg, $"mode {(int)mode} is not a WriterMode.");
        Agreement.AgreeOnValue(node, local, "FileWindow.SetWriterMode", "mode", (long)mode);
        Release();
        WriterMode = mode;
    }

    // This rank's part of a release: diffs (or whole pages) of the pages it tracks, then write notices.
    private void WriteBackTracked()
    {
        _tracked.SortByPage();
        int n = _tracked.Count;
        if (_released.Length < n) _released = new int[Math.Max(n, 2 * _released.Length)];
        int released = 0;
        long bytesBefore = _writer.BytesWritten, blocksBefore = _writer.BlocksWritten;
        if (WriterMode == WriterMode.Multiple)
        {
            for (int i = 0; i < n; i++)
            {
                int page = _tracked.PageAt(i);
                var current = PageSpan(page);
                var twin = _tracked.TwinAt(i, current.Length);
                long at = FileOffset + _layout.PageStart(page);
                int position = 0;
                bool changed = false;
                if (twin.IsEmpty)
                {
                    // Tracked in single-writer mode before a switch: no twin, so the page goes whole.
                    _writer.Add(_storage, at, current);
                    changed = true;
                }
                else
                {
                    while (PageDiff.NextRun(current, twin, ref position, out int start, out int length))
                    {
                        _writer.Add(_storage, at + start, current.Slice(start, length));
                        changed = true;
                    }
                }
                if (changed) _released[released++] = page;
            }
            _writer.Flush(_storage);
        }
        else
        {
            int runStart = -1;
            for (int i = 0; i < n; i++)
            {
                int page = _tracked.PageAt(i);
                if (runStart >= 0 && page != _released[released - 1] + 1)
                {
                    WritePagesWhole(runStart, _released[released - 1] + 1);
                    runStart = page;
                }
                else if (runStart < 0) runStart = page;
                _released[released++] = page;
            }
            if (runStart >= 0) WritePagesWhole(runStart, _released[released - 1] + 1);
        }
        Count(CounterBytesWritten, _writer.BytesWritten - bytesBefore);
        Count(CounterBlocksWritten, _writer.BlocksWritten - blocksBefore);

        // The data is in the file before the notices go out, so whoever sees a notice reads the new bytes.
        PublishNotices(_released.AsSpan(0, released));
        var seen = Seen;
        for (int i = 0; i < released; i++) seen[_released[i]]++;
        for (int i = 0; i < n; i++) Volatile.Write(ref State(_tracked.PageAt(i)), PageState.Clean);
        _tracked.Clear();
    }

    // Writes pages [first, end) of the node copy whole, straight from shared memory.
    private void WritePagesWhole(int first, int end)
    {
        long start = _layout.PageStart(first);
        long stop = Math.Min(Length, _layout.PageStart(end));
        for (long at = start; at < stop; at += ReadChunk)
        {
            int n = (int)Math.Min(ReadChunk, stop - at);
            _writer.Flush(_storage);
            _storage.WriteAt(FileOffset + at, new ReadOnlySpan<byte>(_base + at, n));
            Count(CounterBytesWritten, n);
            Count(CounterBlocksWritten, 1);
        }
    }

    // Bumps the write-notice counter of each released page (sorted) on its home with MPI_Accumulate(SUM):
    // one call per cluster of nearby pages, zeros in the gaps, then MPI_Win_flush for remote completion.
    private void PublishNotices(ReadOnlySpan<int> pages)
    {
        if (pages.IsEmpty) return;
        const int gap = 64, span = 1 << 20;
        for (int i = 0; i < pages.Length;)
        {
            int a = pages[i], j = i;
            while (j + 1 < pages.Length && pages[j + 1] - pages[j] <= gap && pages[j + 1] - a < span) j++;
            int count = pages[j] - a + 1;
            if (_notices.Length < count) _notices = new long[Math.Max(count, 2 * _notices.Length)];
            var ones = _notices.AsSpan(0, count);
            ones.Clear();
            for (int k = i; k <= j; k++) ones[pages[k] - a] = 1;
            _versions!.Accumulate<long>(ones, 0, a, Op.Sum);
            i = j + 1;
        }
        _versions!.Flush(0);
    }

    // This rank's part of an acquire: pages whose notices moved, clean ones from its share of the page
    // range (re-read in runs), changed ones it tracks itself (rebased onto the fresh file bytes).
    private void RefreshNoticed()
    {
        var seen = Seen;
        var incoming = Incoming;
        int me = _node!.Rank;
        var (mine, mineEnd) = WindowLayout.Share(0, PageCount, me, _node.Size);
        _tracked.SortByPage();
        long refreshed = 0;
        int runStart = -1;
        for (int p = 0; p < PageCount; p++)
        {
            bool take = false;
            if (incoming[p] != seen[p])
            {
                int s = Volatile.Read(ref State(p));
                if (PageState.IsDirty(s))
                {
                    if (PageState.Owner(s) == me)
                    {
                        if (RebaseTracked(p)) refreshed++;
                        seen[p] = incoming[p];
                    }
                }
                else if (p >= mine && p < mineEnd)
                {
                    seen[p] = incoming[p];
                    // An absent page (lazy fill) will be read fresh when touched.
                    take = PageState.Presence(s) == PageState.Present;
                }
            }
            if (take)
            {
                if (runStart < 0) runStart = p;
                continue;
            }
            if (runStart >= 0)
            {
                ReadPages(runStart, p);
                refreshed += p - runStart;
                runStart = -1;
            }
        }
        if (runStart >= 0)
        {
            ReadPages(runStart, PageCount);
            refreshed += PageCount - runStart;
        }
        Count(CounterPagesRefreshed, refreshed);
    }

    private bool RebaseTracked(int page)
    {
        int i = _tracked.IndexOf(page);
        var current = PageSpan(page);
        var twin = i >= 0 ? _tracked.TwinAt(i, current.Length) : default;
        // Single-writer pages have no twin: the node promised nobody else writes them, so its copy stays.
        if (twin.IsEmpty) return false;
        if (_fresh.Length < PageSize) _fresh = new byte[PageSize];
        var fresh = _fresh.AsSpan(0, current.Length);
        _storage.ReadFully(FileOffset + _layout.PageStart(page), fresh);
        Count(CounterBytesRead, fresh.Length);
        PageDiff.Rebase(current, twin, fresh);
        return true;
    }
}
