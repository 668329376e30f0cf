using Zk.Node.Server.Tests.Ensemble.Support;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Ensemble;

/// <summary>
/// readonlymode.enabled end to end with real clients: a member cut off from its quorum serves reads to clients that
/// allow read-only servers, refuses their writes with NotReadOnly, turns other clients away, and serves writes again
/// once the quorum is back.
/// </summary>
[Collection(EnsembleCollection.Name)]
public sealed class EnsembleReadOnlyTests
{
    [Fact]
    public async Task A_member_without_quorum_serves_reads_to_read_only_clients_and_writes_again_when_the_quorum_returns()
    {
        await using var ensemble = await EnsembleProcess.StartAsync(voters: 3, extraConfig: "readonlymode.enabled=true");
        await Kazoo.RunAsync(ensemble.Hosts, """zk.create("/ro", b"before")""");
        var leader = await ensemble.LeaderAsync();
        var survivor = ensemble.Members.First(m => m != leader);
        var stopped = ensemble.Members.Where(m => m != survivor).ToList();
        foreach (var member in stopped)
        {
            member.Kill();
        }

        await Deadline.UntilAsync(async () => await Isro(survivor) == "ro", TimeSpan.FromSeconds(20), "the survivor to enter read-only mode");
        Assert.Equal("read-only", await survivor.ModeAsync());

        // kazoo with read_only=True: reads work, writes fail with NotReadOnlyCallError, the session is read-only.
        string readOnly = await Kazoo.RunAsync(survivor.Hosts, """
            print("STATE", zk.client_state)
            print("DATA", zk.get("/ro")[0])
            try:
                zk.create("/ro/write", b"x")
                print("WRITE accepted")
            except NotReadOnlyCallError:
                print("WRITE notreadonly")
            try:
                zk.set("/ro", b"changed")
                print("SET accepted")
            except NotReadOnlyCallError:
                print("SET notreadonly")
            print("CHILDREN", zk.get_children("/ro"))
            """, readOnly: true);
        Assert.Contains("STATE CONNECTED_RO", readOnly, StringComparison.Ordinal);
        Assert.Contains("DATA b'before'", readOnly, StringComparison.Ordinal);
        Assert.Contains("WRITE notreadonly", readOnly, StringComparison.Ordinal);
        Assert.Contains("SET notreadonly", readOnly, StringComparison.Ordinal);
        Assert.Contains("CHILDREN []", readOnly, StringComparison.Ordinal);

        // The Java client with -r (canBeReadOnly) likewise.
        var javaGet = await ProcessRunner.RunAsync(Binaries.JavaCli, ["-r", "-server", survivor.Hosts, "get", "/ro"], TimeSpan.FromSeconds(60));
        Assert.Contains("before", javaGet.Output, StringComparison.Ordinal);
        var javaCreate = await ProcessRunner.RunAsync(Binaries.JavaCli, ["-r", "-server", survivor.Hosts, "create", "/ro/java", "x"], TimeSpan.FromSeconds(60));
        Assert.True(javaCreate.Output.Contains("state:ConnectedReadOnly", StringComparison.Ordinal), javaCreate.Output);
        Assert.True(javaCreate.Output.Contains("Not a read-only call: /ro/java", StringComparison.Ordinal), javaCreate.Output);

        // A client that does not accept read-only servers is turned away (ZooKeeper closes its connection).
        string plain = await Kazoo.RunAsync(survivor.Hosts, $$"""
            other = KazooClient(hosts="{{survivor.Hosts}}", timeout=2, read_only=False)
            try:
                other.start(timeout=3)
                print("PLAIN connected")
            except Exception as e:
                print("PLAIN refused", type(e).__name__)
            """, readOnly: true);
        Assert.Contains("PLAIN refused", plain, StringComparison.Ordinal);

        // One read-only client stays connected while the quorum returns: it is moved to a read-write session and
        // its write succeeds.
        string ready = Path.Combine(ensemble.Directory, "ro-client-ready");
        var transition = Kazoo.RunAsync(survivor.Hosts, $$"""
            from kazoo.protocol.states import KeeperState
            first = zk.client_state
            open("{{ready}}", "w").close()
            deadline = time.time() + 45
            result = "never"
            while time.time() < deadline:
                try:
                    if zk.client_state == KeeperState.CONNECTED:
                        zk.create("/ro/after", b"rw")
                        result = "written"
                        break
                except (NotReadOnlyCallError, ConnectionLoss, SessionExpiredError):
                    pass
                time.sleep(0.1)
            print("FIRST", first, "THEN", zk.client_state, "RESULT", result)
            print("DATA", zk.get("/ro/after")[0])
            """, TimeSpan.FromSeconds(90), readOnly: true);
        await Deadline.UntilAsync(() => Task.FromResult(File.Exists(ready) || transition.IsCompleted), TimeSpan.FromSeconds(30), "the read-only client to connect");
        foreach (var member in stopped)
        {
            member.Start();
        }

        string after = await transition;
        Assert.Contains("FIRST CONNECTED_RO THEN CONNECTED RESULT written", after, StringComparison.Ordinal);
        Assert.Contains("DATA b'rw'", after, StringComparison.Ordinal);
        await ensemble.WaitUntilServingAsync(ensemble.Members);
        Assert.Equal("rw", await Isro(survivor));
        string everywhere = await Kazoo.RunAsync(ensemble.Hosts, """zk.sync("/ro"); print("AFTER", zk.get("/ro/after")[0])""");
        Assert.Contains("AFTER b'rw'", everywhere, StringComparison.Ordinal);
    }

    private static async Task<string?> Isro(EnsembleMember member)
    {
        try
        {
            return await FourLetter.AskAsync(member.ClientPort, "isro", TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return null;
        }
    }
}
