using MpiIo.Paper.Workload;

namespace MpiIo.Paper.Report;

/// <summary>One repetition of one case: the raw measurement (bandwidth in MB/s = 10⁶ bytes per second).</summary>
internal sealed record ResultRow(PaperCase Case, int Rep, double WriteSeconds, double ReadSeconds, long BadBytes)
{
    /// <summary>Aggregate write bandwidth: all ranks' bytes over the slowest rank's time.</summary>
    public double WriteMBps => Case.TotalBytes / WriteSeconds / 1e6;

    /// <summary>Aggregate read bandwidth.</summary>
    public double ReadMBps => Case.TotalBytes / ReadSeconds / 1e6;
}

/// <summary>A case's repetitions reduced the paper's way, with MpiIo ÷ MPICH where MPICH ran the same point.</summary>
internal sealed record PointSummary(PaperCase Case, int Reps, double WriteMBps, double ReadMBps, double? WriteRatio, double? ReadRatio, long BadBytes)
{
    /// <summary>Whether the case ran more ranks than the machine has cores.</summary>
    public bool Oversubscribed(int cores) => Case.Ranks > cores;
}

/// <summary>The machine a report was measured on.</summary>
internal sealed record MachineInfo(string Host, string Os, string Cpu, int Cores, long MemoryBytes, string Mpich, string DotNet,
    string LocalStorage, string PvfsStorage, double LoopbackMBps, string Started);
