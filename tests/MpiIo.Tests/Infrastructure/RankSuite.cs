using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace MpiIo.Tests.Infrastructure;

/// <summary>
/// Runs a suite of the rank-test program once per (suite, ranks, environment) and caches the per-scenario
/// verdicts, so each scenario is its own NUnit test while the suite costs one <c>mpiexec</c> launch.
/// </summary>
public static partial class RankSuite
{
    private static readonly ConcurrentDictionary<string, Lazy<(MpiRunResult Run, Dictionary<string, string> Verdicts)>> s_runs = new();

    /// <summary>The hard timeout of one suite run.</summary>
    public static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(180);

    /// <summary>Asserts that <paramref name="scenario"/> passed on every rank of a run of <paramref name="suite"/> with <paramref name="ranks"/> ranks.</summary>
    public static void AssertPassed(string suite, int ranks, string scenario, IReadOnlyDictionary<string, string>? environment = null)
    {
        var key = $"{suite}|{ranks}|{(environment == null ? "" : string.Join(",", environment.Select(kv => kv.Key + "=" + kv.Value)))}";
        var (run, verdicts) = s_runs.GetOrAdd(key, _ => new(() =>
        {
            var r = MpiRun.Dotnet(ranks, RepoPaths.Program("MpiIo.RankTests"), [suite], Timeout, environment);
            var v = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match m in ScenarioLine().Matches(r.Output)) v[m.Groups[1].Value] = m.Groups[2].Value.Trim();
            return (r, v);
        })).Value;
        if (!verdicts.TryGetValue(scenario, out var verdict))
            Assert.Fail($"scenario {scenario} did not report (suite {suite}, {ranks} ranks)\n{run.Transcript}");
        else if (verdict != "ok")
            Assert.Fail($"scenario {scenario}: {verdict}\n{run.Transcript}");
    }

    [GeneratedRegex(@"^SCENARIO (\S+) (.*)$", RegexOptions.Multiline)]
    private static partial Regex ScenarioLine();
}
