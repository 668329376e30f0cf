namespace Zk.Operator.Runtime;

/// <summary>Where <see cref="LocalProcessRuntime"/> finds zknode, keeps member folders and opens ports.</summary>
public sealed record LocalRuntimeOptions
{
    public const string BinaryVariable = "ZKNODE_BIN";

    /// <summary>The zknode executable; <see cref="DefaultBinary"/> unless given.</summary>
    public required string ZknodeBinary { get; init; }

    /// <summary>One sub-folder per member: zoo.cfg, zoo.cfg.dynamic, data/ (with myid) and zknode.log.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>First client port; see <see cref="LocalPorts"/> for the layout.</summary>
    public int BasePort { get; init; } = 2181;

    public TimeSpan ProbeTimeout { get; init; } = MemberProbe.DefaultTimeout;

    /// <summary>ZKNODE_BIN, else out/zknode/zknode under the current folder or the nearest folder above holding it.</summary>
    public static string DefaultBinary(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(BinaryVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        string relative = Path.Combine("out", "zknode", "zknode");
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return Path.GetFullPath(relative);
    }
}
