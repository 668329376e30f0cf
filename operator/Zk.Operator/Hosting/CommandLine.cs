using System.Globalization;

namespace Zk.Operator.Hosting;

/// <summary>
/// The flag values of <c>local</c>, read behind System.CommandLine (which has already refused unknown flags and
/// answered --help): a command word, then <c>--name value</c> or <c>--name=value</c>; a flag may repeat
/// (<c>--config a=1 --config b=2</c>); typed getters with range checks whose messages name the flag.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private CommandLine(string command) => Command = command;

    public string Command { get; }

    /// <summary>Parses; throws <see cref="FormatException"/> with a message for the user on a malformed line.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlySet<string> booleanFlags)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            throw new FormatException("expected a command: run, crd or local");
        }

        var line = new CommandLine(args[0]);
        for (int i = 1; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new FormatException($"unexpected argument '{arg}'");
            }

            string name = arg[2..];
            string? value = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (booleanFlags.Contains(name))
            {
                value = "true";
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new FormatException($"--{name} needs a value");
            }

            if (!line._values.TryGetValue(name, out var list))
            {
                list = [];
                line._values[name] = list;
            }

            list.Add(value);
        }

        return line;
    }

    public IEnumerable<string> Names => _values.Keys;

    public string? Get(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public int GetInt(string name, int fallback, int min, int max)
    {
        string? text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            throw new FormatException($"--{name} must be an integer from {min} to {max}, got '{text}'");
        }

        return value;
    }

    public bool GetBool(string name, bool fallback) => Get(name)?.ToLowerInvariant() switch
    {
        null => fallback,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        var other => throw new FormatException($"--{name} must be true or false, got '{other}'"),
    };

    /// <summary>Fails on flags the command does not know, so a typo is not silently ignored.</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (string name in _values.Keys)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw new FormatException($"{Command}: unknown flag --{name}");
            }
        }
    }
}
