namespace MpiIo.Server;

/// <summary>Log levels, most severe first.</summary>
public enum LogLevel
{
    /// <summary>Failures that stop a server or lose a connection's work.</summary>
    Error,
    /// <summary>Rejected requests and broken connections.</summary>
    Warn,
    /// <summary>Start, stop, configuration.</summary>
    Info,
    /// <summary>Every request.</summary>
    Debug,
}

/// <summary>A minimal thread-safe logger to stderr: "time level [server] message".</summary>
public sealed class ServerLog
{
    private readonly object _gate = new();
    private readonly TextWriter _writer;

    /// <summary>Creates a logger writing messages at <paramref name="level"/> or more severe to <paramref name="writer"/> (stderr by default).</summary>
    public ServerLog(LogLevel level = LogLevel.Info, TextWriter? writer = null)
    {
        Level = level;
        _writer = writer ?? Console.Error;
    }

    /// <summary>The least severe level written.</summary>
    public LogLevel Level { get; }

    /// <summary>Whether <paramref name="level"/> is written.</summary>
    public bool IsEnabled(LogLevel level) => level <= Level;

    /// <summary>Writes a message.</summary>
    public void Write(LogLevel level, string source, string message)
    {
        if (!IsEnabled(level))
            return;
        string line = $"{DateTime.UtcNow:HH:mm:ss.fff} {level.ToString().ToUpperInvariant(),-5} [{source}] {message}";
        lock (_gate)
            _writer.WriteLine(line);
    }

    /// <summary>Parses a level name (error, warn, info, debug).</summary>
    public static LogLevel ParseLevel(string? name) => name?.ToLowerInvariant() switch
    {
        "error" => LogLevel.Error,
        "warn" or "warning" => LogLevel.Warn,
        "debug" => LogLevel.Debug,
        _ => LogLevel.Info,
    };
}
