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
    /// <param name="suite">The rank program's suite.</param>
    /// <param name="ranks">Ranks of the run.</param>
    /// <param name="scenario">The scenario to check.</param>
    /// <param name="environment">Extra environment of the run.</param>
    /// <param name="alone">Run only this scenario (for expensive rank counts) instead of sharing one run of the whole suite.</param>
    public static void AssertPassed(string suite, int ranks, string scenario, IReadOnlyDictionary<string, string>? environment = null, bool alone = false)
    {
        var key = $"{suite}|{ranks}|{(environment == null ? "" : string.Join(",", environment.Select(kv => kv.Key + "=" + kv.Value)))}|{(alone ? scenario : "")}";
        var (run, verdicts) = s_runs.GetOrAdd(key, _ => new(() =>
        {
            string[] args = alone ? [suite, scenario] : [suite];
            var r = MpiRun.Dotnet(ranks, RepoPaths.Program("MpiIo.RankTests"), args, Timeout, environment);
            var v = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match m in ScenarioLine().Matches(r.Output)) v[m.Groups[1].Value] = m.Groups[2].Value.Trim();
            return (r, v);
        })).Value;
        if (!verdicts.TryGetValue(scenario, out var verdict))
            Assert.Fail($"scenario {scenario} did not report (suite {suite}, {ranks} ranks)\n{run.Transcript}");
        else if (verdict != "ok")
            Assert.Fail($"scenario {scenario}: {verdict}\n{run.Transcript}");
        else if (run.ExitCode != 0 && verdicts.Values.All(v => v == "ok"))
            // Every scenario passed but the run did not end cleanly (a crash in MPI_Finalize, say).
            Assert.Fail($"the {suite} run at {ranks} ranks exited with {run.ExitCode} after all scenarios passed\n{run.Transcript}");
    }

    [GeneratedRegex(@"^SCENARIO (\S+) (.*)$", RegexOptions.Multiline)]
    private static partial Regex ScenarioLine();
}
