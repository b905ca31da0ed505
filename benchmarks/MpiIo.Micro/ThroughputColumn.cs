using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MpiIo.Micro;

/// <summary>
/// A "Throughput" column: the work of one invocation (from <see cref="ThroughputAttribute"/>) divided by
/// the mean time, e.g. blocks walked per second or bytes packed per second.
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);
    public string ColumnName => "Throughput";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Work per second: units of the benchmark's [Throughput] attribute divided by Mean";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var attribute = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<ThroughputAttribute>();
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (attribute is null || stats is null || stats.Mean <= 0)
            return "-";
        double perOp = attribute.PerOp;
        if (attribute.Parameter is not null)
        {
            object? value = benchmarkCase.Parameters[attribute.Parameter];
            if (value is null)
                return "-";
            perOp *= Convert.ToDouble(value, CultureInfo.InvariantCulture);
        }
        double perSecond = perOp / (stats.Mean * 1e-9);
        return attribute.Unit switch
        {
            "GB/s" => (perSecond / 1e9).ToString("F2", CultureInfo.InvariantCulture) + " GB/s",
            _ => (perSecond / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " M" + attribute.Unit,
        };
    }

    public override string ToString() => ColumnName;
}
