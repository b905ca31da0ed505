namespace MpiIo.Paper.Report;

/// <summary>Everything a report holds; the writers only format it.</summary>
internal sealed record ReportData(string Label, MachineInfo Machine, int Reps, int Drop, IReadOnlyList<string> ServerAddresses,
    IReadOnlyList<ResultRow> Rows, IReadOnlyList<PointSummary> Summaries, IReadOnlyList<CurveFitRow> Fits, IReadOnlyList<string> Failures,
    IReadOnlyList<string> Plots);
