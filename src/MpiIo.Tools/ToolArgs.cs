using System.Globalization;

namespace MpiIo.Tools;

/// <summary>A command's arguments: <c>--name value</c> options, <c>-x</c> flags and positional words.</summary>
internal sealed class ToolArgs
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public ToolArgs(IEnumerable<string> args, IReadOnlySet<string> valued)
    {
        using IEnumerator<string> e = args.GetEnumerator();
        while (e.MoveNext())
        {
            string a = e.Current;
            if (valued.Contains(a))
            {
                if (!e.MoveNext())
                    throw new UsageException($"{a} needs a value");
                _options[a] = e.Current;
            }
            else if (a.StartsWith('-') && a.Length > 1)
            {
                _flags.Add(a);
            }
            else
            {
                Positional.Add(a);
            }
        }
    }

    public List<string> Positional { get; } = [];

    public bool Flag(string name) => _flags.Contains(name);

    public IEnumerable<string> Flags => _flags;

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public long Long(string name, long fallback, long min = 0)
    {
        string? text = Option(name);
        if (text == null)
            return fallback;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) || value < min)
            throw new UsageException($"{name} must be an integer ≥ {min}, got '{text}'");
        return value;
    }
}

/// <summary>Bad command line: reported with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
