namespace MpiIo.Micro;

/// <summary>
/// How much work one invocation of a benchmark does, for <see cref="ThroughputColumn"/>: a fixed
/// <see cref="PerOp"/>, or the value of the parameter <see cref="Parameter"/> times <see cref="PerOp"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ThroughputAttribute(string unit, double perOp, string? parameter = null) : Attribute
{
    /// <summary>The rate's unit as shown, e.g. "blocks/s" or "GB/s".</summary>
    public string Unit { get; } = unit;

    /// <summary>Units per invocation, or per unit of <see cref="Parameter"/>.</summary>
    public double PerOp { get; } = perOp;

    /// <summary>A numeric benchmark parameter the work scales with, or null.</summary>
    public string? Parameter { get; } = parameter;
}
