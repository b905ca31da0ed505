using System.Diagnostics;

namespace MpiIo.Paper.Driver;

/// <summary>
/// A one-line stderr progress bar with an ETA, redrawn in place (<c>\r</c>) at most five times a second. Work is
/// counted in bytes moved (the ETA assumes the rest goes at the rate seen so far). Silent when quiet; when the
/// output is not a terminal (a log, CI) it prints a plain line at every tenth instead of redrawing.
/// </summary>
internal sealed class ProgressLine(long totalWork, bool quiet, TextWriter? output = null, bool interactive = true)
{
    private int _lastTenth = -1;

    private readonly TextWriter _out = output ?? Console.Error;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _done;
    private double _lastDraw = -1;
    private string _what = "";

    /// <summary>Work done so far.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>Adds work done and redraws.</summary>
    public void Advance(long work, string what)
    {
        Interlocked.Add(ref _done, work);
        _what = what;
        Draw(false);
    }

    /// <summary>Names what runs now and redraws.</summary>
    public void Status(string what)
    {
        _what = what;
        Draw(true);
    }

    /// <summary>The bar as text: <c>[#####.....]  42%  ETA 1:23  what</c>.</summary>
    public static string Render(long done, long total, double elapsedSeconds, string what)
    {
        double f = total > 0 ? Math.Clamp((double)done / total, 0, 1) : 0;
        int filled = (int)(f * 30);
        string eta = f > 0.01 ? Clock(elapsedSeconds * (1 - f) / f) : "?";
        return $"[{new string('#', filled)}{new string('.', 30 - filled)}] {f * 100,3:0}%  {Clock(elapsedSeconds)} elapsed, ETA {eta}  {what}";
    }

    private static string Clock(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", System.Globalization.CultureInfo.InvariantCulture);

    private void Draw(bool force)
    {
        if (quiet)
            return;
        double now = _clock.Elapsed.TotalSeconds;
        if (!interactive)
        {
            int tenth = totalWork > 0 ? (int)(Done * 10 / totalWork) : 0;
            if (tenth == _lastTenth)
                return;
            _lastTenth = tenth;
            lock (_out)
                _out.WriteLine(Render(Done, totalWork, now, _what));
            return;
        }
        if (!force && now - _lastDraw < 0.2)
            return;
        _lastDraw = now;
        string line = Render(Done, totalWork, now, _what);
        lock (_out)
            _out.Write("\r" + (line.Length > 118 ? line[..118] : line.PadRight(118)));
    }

    /// <summary>Ends the line.</summary>
    public void Finish()
    {
        if (quiet || !interactive)
            return;
        Draw(true);
        lock (_out)
            _out.WriteLine();
    }
}
