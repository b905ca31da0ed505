namespace MpiIo.Windows;

/// <summary>
/// The state word every page has in the node's shared segment, changed only with atomic operations
/// (they work across the processes of a node because the segment is one physical mapping).
/// </summary>
/// <remarks>
/// Bits 0–1: presence (absent, being filled, present). Bit 2: a twin is being taken. Bit 3: changed
/// since the node's last release. Bits 16 and up: the node rank that tracks the page (holds its twin and
/// writes it back), plus one.
/// </remarks>
internal static class PageState
{
    public const int Absent = 0;
    public const int Filling = 1;
    public const int Present = 2;
    public const int PresenceMask = 3;
    public const int Claiming = 4;
    public const int Dirty = 8;
    private const int OwnerShift = 16;

    public static int Presence(int state) => state & PresenceMask;

    public static bool IsDirty(int state) => (state & Dirty) != 0;

    /// <summary>The node rank tracking the page, or -1.</summary>
    public static int Owner(int state) => (state >> OwnerShift) - 1;

    public static int WithOwner(int state, int nodeRank) => (state & 0xFFFF) | ((nodeRank + 1) << OwnerShift);

    /// <summary>A present page nobody tracks.</summary>
    public static int Clean => Present;
}
