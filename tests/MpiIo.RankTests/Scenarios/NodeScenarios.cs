using MpiIo.Mpi;

namespace MpiIo.RankTests.Scenarios;

/// <summary>Scenarios run with <c>MPIR_CVAR_NUM_CLIQUES</c> set, so one host acts as several nodes.</summary>
public static class NodeScenarios
{
    public static IReadOnlyList<Scenario> All()
    {
        var binding = BindingScenarios.All();
        return binding.Where(s => s.Name is "SplitShared" or "SharedWindowFence").ToArray();
    }
}
