using System.Runtime.InteropServices;

namespace MpiIo.Paper.Workload;

/// <summary>
/// Flushes the kernel's dirty pages and journal before a timed write, outside the timing. Without it a
/// repetition's write on ext4 sometimes lands on the previous repetition's writeback or a jbd2 commit and takes
/// 4–8 times longer, whichever implementation is running; the C peer does the same (<c>sync()</c> in
/// <c>benchmarks/c/paper_peer.c</c>), so both start every repetition from the same clean state.
/// </summary>
internal static partial class WritebackQuiesce
{
    /// <summary>sync(2): schedules and waits for the writeback of every file system.</summary>
    public static void Run() => sync();

    [LibraryImport("libc", EntryPoint = "sync")]
    private static partial void sync();
}
