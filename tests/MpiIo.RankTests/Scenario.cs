using MpiIo.Mpi;

namespace MpiIo.RankTests;

/// <summary>A multi-rank test body: every rank of <see cref="Communicator.World"/> runs it.</summary>
public delegate void ScenarioBody(Communicator world, RankCheck check);

/// <summary>A named scenario of a suite.</summary>
public sealed record Scenario(string Name, ScenarioBody Body);
