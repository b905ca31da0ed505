using MpiIo.Paper.Stats;

namespace MpiIo.Paper.Report;

/// <summary>A fitted curve of the report: which series (e.g. "pvfs native, 4 I/O servers, write") and its fit.</summary>
internal sealed record CurveFitRow(string Series, string Operation, CurveFit Fit);
