using System.Text.Json;
using System.Text.Json.Nodes;
using Zk.Operator.Core.Crd;
using Zk.Operator.Core.Resources;

namespace Zk.Operator.Hosting;

/// <summary>
/// The ZkEnsemble of <c>zk-operator local --file F</c>: a manifest the user edits as they would <c>kubectl edit</c>
/// one. Read at start (written from the command's flags when it does not exist yet), then polled: every change that
/// reads as a ZkEnsemble goes to the controller; one that does not is reported and the running spec stays.
/// </summary>
public sealed class EnsembleFile(string path)
{
    private const string Header =
        "# The ensemble `zk-operator local` runs. Edit and save: the operator applies the change one step at a time\n"
        + "# (replicas: odd, 1 to 9, voters added or removed through reconfig; observers; config: zoo.cfg overrides;\n"
        + "# restartRequestedAt: any new value rolls the members, followers first, the leader last).\n";

    public string Path { get; } = path;

    public bool Exists => File.Exists(Path);

    /// <exception cref="FormatException">Not readable, not YAML/JSON, not a ZkEnsemble, or fields of the wrong type; the message says which.</exception>
    public ZkEnsemble Read()
    {
        try
        {
            return Parse(File.ReadAllText(Path));
        }
        catch (IOException e)
        {
            throw new FormatException($"cannot read {Path}: {e.Message}", e);
        }
    }

    private ZkEnsemble Parse(string text)
    {
        var manifest = YamlReader.ReadObject(text);
        if ((string?)manifest["apiVersion"] != ZkEnsemble.ApiVersionValue || (string?)manifest["kind"] != ZkEnsemble.KindName)
        {
            throw new FormatException($"{Path} must hold apiVersion: {ZkEnsemble.ApiVersionValue} and kind: {ZkEnsemble.KindName}");
        }

        try
        {
            return ZkEnsemble.FromJson(manifest);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{Path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes the manifest of <paramref name="ensemble"/>, creating the folder: its name and the spec fields the local
    /// runtime uses (the rest, image, storage and pod settings, only matter on Kubernetes and may be added).
    /// </summary>
    public void Write(ZkEnsemble ensemble)
    {
        var full = ZkJson.ToJsonObject(ensemble.Spec);
        var spec = new JsonObject();
        foreach (string field in (string[])["replicas", "observers", "config", "restartRequestedAt"])
        {
            if (full[field] is { } value)
            {
                spec[field] = value.DeepClone();
            }
        }

        var manifest = new JsonObject
        {
            ["apiVersion"] = ZkEnsemble.ApiVersionValue,
            ["kind"] = ZkEnsemble.KindName,
            ["metadata"] = new JsonObject { ["name"] = ensemble.Metadata.Name },
            ["spec"] = spec,
        };
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.WriteAllText(Path, Header + YamlWriter.Write(manifest));
    }

    /// <summary>Polls the file every <paramref name="interval"/> until cancelled; a changed text is read and handed on.</summary>
    public async Task WatchAsync(TimeProvider time, TimeSpan interval, Action<ZkEnsemble> changed, Action<string> invalid, CancellationToken cancellationToken)
    {
        string? last = Snapshot();
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                string? now = Snapshot();
                if (now == last)
                {
                    continue;
                }

                last = now;
                try
                {
                    // The text just read is the one parsed; a vanished file goes through Read, which says why.
                    changed(now is null ? Read() : Parse(now));
                }
                catch (FormatException e)
                {
                    invalid(e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private string? Snapshot()
    {
        try
        {
            return File.Exists(Path) ? File.ReadAllText(Path) : null;
        }
        catch (IOException)
        {
            return null; // being rewritten by an editor: the next poll sees the result
        }
    }
}
