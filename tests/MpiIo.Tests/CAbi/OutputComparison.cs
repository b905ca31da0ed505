namespace MpiIo.Tests.CAbi;

/// <summary>Compares the data files two runs of a program left in their output directories.</summary>
public static class OutputComparison
{
    /// <summary>
    /// The differences between the files of <paramref name="expectedDirectory"/> and <paramref name="actualDirectory"/>
    /// (names, sizes, first differing byte), one line each; empty when every file is byte-identical. Hidden files
    /// (an implementation's shared-file-pointer scratch) are not data and are ignored.
    /// </summary>
    public static List<string> Differences(string expectedDirectory, string actualDirectory)
    {
        var expected = DataFiles(expectedDirectory);
        var actual = DataFiles(actualDirectory);
        var diffs = new List<string>();
        foreach (var name in expected.Except(actual)) diffs.Add($"{name}: missing");
        foreach (var name in actual.Except(expected)) diffs.Add($"{name}: not produced by the reference run");
        foreach (var name in expected.Intersect(actual))
        {
            var a = File.ReadAllBytes(Path.Combine(expectedDirectory, name));
            var b = File.ReadAllBytes(Path.Combine(actualDirectory, name));
            int common = a.AsSpan().CommonPrefixLength(b);
            if (a.Length != b.Length) diffs.Add($"{name}: {b.Length} bytes, expected {a.Length} (first difference at byte {common})");
            else if (common != a.Length) diffs.Add($"{name}: first difference at byte {common} (0x{b[common]:x2}, expected 0x{a[common]:x2})");
        }
        return diffs;
    }

    private static SortedSet<string> DataFiles(string directory) =>
        new(Directory.EnumerateFiles(directory).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Select(n => n!), StringComparer.Ordinal);
}
