
namespace Zk.Node.Server.Tests.Ensemble.Support;

/// <summary>
/// N zknode processes on loopback ports forming one ensemble (server.N lines, myid files, one data folder each).
/// Timings are short (tickTime 200 ms; syncLimit 2 s, initLimit 6 s: `make test` runs every test assembly at once on
/// two cores, and a follower starved for one second made a leader with syncLimit 1 s step down mid-test, dropping the
/// clients) so failover takes a few seconds. Dispose kills every member and deletes
/// the folders; <see cref="Logs"/> gathers every member's output for failure messages.
/// </summary>
public sealed class EnsembleProcess : IAsyncDisposable
{
    public static readonly TimeSpan ServeLimit = TimeSpan.FromSeconds(30);

    private EnsembleProcess(string directory, IReadOnlyList<EnsembleMember> members)
    {
        Directory = directory;
        Members = members;
    }

    public string Directory { get; }

    public IReadOnlyList<EnsembleMember> Members { get; }

    public IEnumerable<EnsembleMember> Voters => Members.Where(m => !m.IsObserver);

    /// <summary>Every member's client address, the connection string clients spread over.</summary>
    public string Hosts => string.Join(',', Members.Select(m => m.Hosts));

    public string Logs => string.Join("\n", Members.Select(m => $"==== {m}\n{m.Log}"));

    /// <summary>The last <paramref name="chars"/> characters of each member's output: enough to see an election.</summary>
    public string LogTails(int chars = 3000) =>
        string.Join("\n", Members.Select(m => $"==== {m} (tail)\n{m.Log[^Math.Min(chars, m.Log.Length)..]}"));

    /// <summary>
    /// The running ensemble one of whose members serves a client port in <paramref name="hosts"/>, if any: a failed
    /// client snippet names what the members logged meanwhile (a step-down, a lost quorum) without every call site
    /// passing the ensemble along.
    /// </summary>
    public static EnsembleProcess? Serving(string hosts) =>
        hosts.Split(',').Select(h => Running.GetValueOrDefault(h.Trim())).FirstOrDefault(e => e is not null);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, EnsembleProcess> Running = new();

    public EnsembleMember this[long id] => Members.Single(m => m.Id == id);

    /// <summary>Writes the configs, starts every member and waits until each serves and exactly one leads.</summary>
    public static async Task<EnsembleProcess> StartAsync(int voters, int observers = 0, string extraConfig = "")
    {
        string directory = Path.Combine(Path.GetTempPath(), $"zk-ensemble-{Guid.NewGuid():N}"[..36]);
        var members = new List<EnsembleMember>();
        for (int i = 1; i <= voters + observers; i++)
        {
            members.Add(new EnsembleMember(i, i > voters, Path.Combine(directory, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), FreePort.Next(), FreePort.Next(), FreePort.Next()));
        }

        string serverLines = string.Join('\n', members.Select(m => m.ServerLine));
        foreach (var member in members)
        {
            string data = Path.Combine(member.Directory, "data");
            System.IO.Directory.CreateDirectory(data);
            await File.WriteAllTextAsync(Path.Combine(data, "myid"), $"{member.Id}\n");
            await File.WriteAllTextAsync(member.ConfigPath, $"""
                tickTime=200
                initLimit=30
                syncLimit=10
                dataDir={data}
                clientPort={member.ClientPort}
                clientPortAddress=127.0.0.1
                4lw.commands.whitelist=*
                admin.enableServer=false
                maxClientCnxns=0
                maxSessionTimeout=10000
                preAllocSize=1024
                {(member.IsObserver ? "peerType=observer" : "")}
                {extraConfig}
                {serverLines}
                """);
        }

        var ensemble = new EnsembleProcess(directory, members);
        foreach (var member in members)
        {
            Running[member.Hosts] = ensemble;
            member.Start();
        }

        try
        {
            await ensemble.WaitUntilServingAsync(members);
        }
        catch
        {
            await ensemble.DisposeAsync();
            throw;
        }

        return ensemble;
    }

    /// <summary>Waits until every given member serves and the running members agree on exactly one leader.</summary>
    public async Task WaitUntilServingAsync(IEnumerable<EnsembleMember> members, TimeSpan? limit = null)
    {
        var list = members.ToList();
        try
        {
            await Deadline.UntilAsync(
                async () =>
                {
                    var modes = await Task.WhenAll(Members.Where(m => m.IsRunning).Select(m => m.ModeAsync()));
                    var wanted = await Task.WhenAll(list.Select(m => m.ModeAsync()));
                    return wanted.All(m => m is not null) && modes.Count(m => m == "leader") == 1;
                },
                limit ?? ServeLimit,
                $"members {string.Join(",", list.Select(m => m.Id))} to serve under one leader");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + Logs, e);
        }
    }

    /// <summary>The member that says it leads (after <see cref="WaitUntilServingAsync"/>).</summary>
    public async Task<EnsembleMember> LeaderAsync()
    {
        foreach (var member in Members.Where(m => m.IsRunning))
        {
            if (await member.ModeAsync() == "leader")
            {
                return member;
            }
        }

        throw new InvalidOperationException("no member leads\n" + Logs);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members)
        {
            Running.TryRemove(member.Hosts, out _);
            member.Kill();
        }

        await Task.Yield();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
