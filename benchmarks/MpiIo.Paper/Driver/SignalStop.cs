using System.Runtime.InteropServices;

namespace MpiIo.Paper.Driver;

/// <summary>
/// SIGINT and SIGTERM turned into a cancellation instead of the process's end, so a driver can stop the launch it is
/// running, its servers and its scratch folder before it exits. Prints <c>NAME: SIGNAL: stopping</c>.
/// </summary>
internal sealed class SignalStop : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration _term, _interrupt;

    /// <summary>Registers for both signals until disposed.</summary>
    public SignalStop(string name, TextWriter stderr)
    {
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stderr.WriteLine($"\n{name}: {context.Signal}: stopping");
            _cancel.Cancel();
        }
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    /// <summary>Cancelled once a signal came.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Whether a signal came.</summary>
    public bool IsCancellationRequested => _cancel.IsCancellationRequested;

    /// <summary>Unregisters; signals then end the process as usual.</summary>
    public void Dispose()
    {
        _term.Dispose();
        _interrupt.Dispose();
        _cancel.Dispose();
    }
}
