using System.Text.Json;
using System.Text.Json.Nodes;

namespace Zk.Operator.Cluster.Tests.PodRunner;

/// <summary>
/// What the pod runner takes from an image: its entrypoint, default arguments, working directory, user and
/// environment, and where the published application sits in it (mounted from a local folder). Read from the
/// Dockerfile's final stage, so a pod template that disagrees with the image's entrypoint fails here as it would
/// on a cluster.
/// </summary>
internal sealed record ContainerImage(
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    string WorkingDirectory,
    string? User,
    IReadOnlyDictionary<string, string> Environment,
    string AppPath,
    string AppSource)
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// What a container of this image runs, as the container runtime decides it: command, else the ENTRYPOINT; then args,
    /// else the CMD when the container sets no command; $(VAR) references expanded from <paramref name="env"/>.
    /// </summary>
    public List<string> CommandLine(JsonObject container, IReadOnlyDictionary<string, string> env)
    {
        var command = container["command"]?.AsArray().Select(c => (string)c!).ToList();
        var args = container["args"]?.AsArray().Select(a => (string)a!).ToList();
        var line = (command ?? [.. Entrypoint]).Concat(args ?? (command is null ? Cmd : []));
        return line.Select(part => ContainerEnvironment.Expand(part, env)).ToList();
    }

    /// <summary>
    /// Parses the final stage of <paramref name="dockerfile"/>: ENTRYPOINT and CMD (exec form), WORKDIR, USER, ENV, and
    /// the <c>COPY --from=STAGE SRC DEST</c> of the build output, whose DEST is mounted from <paramref name="appSource"/>.
    /// </summary>
    public static ContainerImage FromDockerfile(string dockerfile, string appSource)
    {
        var lines = Logical(File.ReadAllLines(dockerfile));
        int lastFrom = lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase));
        var stage = lines.Skip(Math.Max(lastFrom, 0)).ToList();
        IReadOnlyList<string> entrypoint = [], cmd = [];
        string workdir = "/";
        string? user = null;
        string? app = null;
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = DefaultPath };
        foreach (var line in stage)
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            string keyword = space < 0 ? line.ToUpperInvariant() : line[..space].ToUpperInvariant();
            string rest = space < 0 ? "" : line[(space + 1)..].Trim();
            switch (keyword)
            {
                case "ENTRYPOINT":
                    entrypoint = ExecForm(rest, dockerfile);
                    cmd = [];
                    break;
                case "CMD":
                    cmd = ExecForm(rest, dockerfile);
                    break;
                case "WORKDIR":
                    workdir = rest;
                    break;
                case "USER":
                    user = rest;
                    break;
                case "ENV":
                    foreach (var (key, value) in EnvPairs(rest))
                    {
                        env[key] = Expand(value, env);
                    }

                    break;
                case "COPY" when rest.StartsWith("--from=", StringComparison.Ordinal):
                    app = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
                    break;
            }
        }

        if (entrypoint.Count == 0 || app is null)
        {
            throw new InvalidOperationException($"{dockerfile}: the final stage needs an exec-form ENTRYPOINT and a COPY --from of the build output");
        }

        return new ContainerImage(entrypoint, cmd, workdir, user, env, app, appSource);
    }

    /// <summary>Joins continuation lines and drops comments and blank lines.</summary>
    private static List<string> Logical(string[] raw)
    {
        var result = new List<string>();
        string pending = "";
        foreach (var line in raw)
        {
            var trimmed = line.Trim();
            if (pending.Length == 0 && (trimmed.Length == 0 || trimmed.StartsWith('#')))
            {
                continue;
            }

            if (trimmed.EndsWith('\\'))
            {
                pending += trimmed[..^1] + " ";
                continue;
            }

            result.Add(pending + trimmed);
            pending = "";
        }

        return result;
    }

    private static string[] ExecForm(string text, string dockerfile) =>
        text.StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(text) ?? []
            : throw new InvalidOperationException($"{dockerfile}: only the exec form [\"...\"] of ENTRYPOINT/CMD is supported, found {text}");

    /// <summary>ENV KEY=VALUE pairs, values optionally double-quoted (the legacy "ENV KEY VALUE" form too).</summary>
    private static IEnumerable<(string Key, string Value)> EnvPairs(string text)
    {
        if (!text.Contains('=', StringComparison.Ordinal))
        {
            int space = text.IndexOf(' ', StringComparison.Ordinal);
            yield return (text[..space], text[(space + 1)..].Trim());
            yield break;
        }

        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            int eq = text.IndexOf('=', i);
            if (eq < 0)
            {
                yield break;
            }

            string key = text[i..eq];
            i = eq + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                int end = text.IndexOf('"', i + 1);
                value = text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                int end = text.IndexOf(' ', i);
                end = end < 0 ? text.Length : end;
                value = text[i..end];
                i = end;
            }

            yield return (key, value);
        }
    }

    private static string Expand(string value, Dictionary<string, string> env)
    {
        foreach (var (key, current) in env)
        {
            value = value.Replace("${" + key + "}", current, StringComparison.Ordinal).Replace("$" + key, current, StringComparison.Ordinal);
        }

        return value;
    }
}
