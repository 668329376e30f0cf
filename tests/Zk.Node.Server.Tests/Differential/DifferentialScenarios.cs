using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;

namespace Zk.Node.Server.Tests.Differential;

/// <summary>Scripted request sequences sent identically to Apache ZooKeeper 3.8 and to zknode.</summary>
internal static class DifferentialScenarios
{
    public static readonly IReadOnlyDictionary<string, Func<Script, Task>> All = new Dictionary<string, Func<Script, Task>>
    {
        ["crud_and_stats"] = CrudAndStats,
        ["sequential_names_after_deletes"] = SequentialNamesAfterDeletes,
        ["multi_and_multi_read"] = MultiAndMultiRead,
        ["one_shot_watches"] = OneShotWatches,
        ["persistent_and_recursive_watches"] = PersistentAndRecursiveWatches,
        ["acls_and_auth"] = AclsAndAuth,
        ["bad_arguments"] = BadArguments,
        ["ephemerals_and_close"] = EphemeralsAndClose,
        ["containers_ttl_and_misc"] = ContainersTtlAndMisc,
        ["exists_is_not_acl_checked"] = ExistsIsNotAclChecked,
        ["jute_maxbuffer_bounds_the_whole_request"] = JuteMaxBufferBoundsTheWholeRequest,
        ["skip_acl"] = SkipAcl,
        ["reconfig_checks_in_zookeepers_order"] = ReconfigChecksInZooKeepersOrder,
    };

    /// <summary>zoo.cfg lines a scenario needs on both servers (made per run: they may hold free ports).</summary>
    public static readonly IReadOnlyDictionary<string, Func<string>> Config = new Dictionary<string, Func<string>>
    {
        ["skip_acl"] = () => "skipACL=yes",

        // One voter with standaloneEnabled=false runs the quorum code path: a leader that can prepare reconfigs.
        ["reconfig_checks_in_zookeepers_order"] = () =>
            $"standaloneEnabled=false\nreconfigEnabled=true\nserver.1=127.0.0.1:{FreePort.Next()}:{FreePort.Next()}:participant",
    };

    private static async Task CrudAndStats(Script s)
    {
        await s.Open("a");
        await s.Create("a", "/d", "root");
        await s.Create("a", "/d/x", "one", op: OpCode.Create2);
        await s.Create("a", "/d/null", null);
        await s.Create("a", "/d/empty", "");
        await s.GetData("a", "/d/null");
        await s.GetData("a", "/d/empty");
        await s.Create("a", "/d/x", "dup");
        await s.SetData("a", "/d/x", "two", 0);
        await s.SetData("a", "/d/x", "three", 0);
        await s.SetData("a", "/d/x", null, -1);
        await s.GetData("a", "/d/x");
        await s.Exists("a", "/d/x");
        await s.Exists("a", "/d/missing");
        await s.GetData("a", "/d/missing");
        await s.GetChildren2("a", "/d");
        await s.Delete("a", "/d");
        await s.Delete("a", "/d/x", 5);
        await s.Delete("a", "/d/x", 2);
        await s.Delete("a", "/d/x");
        await s.GetChildren("a", "/d");
        await s.GetAllChildrenNumber("a", "/d");
        await s.Create("a", "/d/x/y/z", "deep");
        await s.Sync("a", "/d");
        await s.Close("a");
    }

    private static async Task SequentialNamesAfterDeletes(Script s)
    {
        await s.Open("a");
        await s.Create("a", "/q", null);
        await s.Create("a", "/q/job-", "", CreateFlags.PersistentSequential);
        await s.Create("a", "/q/job-", "", CreateFlags.PersistentSequential);
        await s.Create("a", "/q/plain", "");
        await s.Delete("a", "/q/job-0000000000");
        await s.Delete("a", "/q/plain");
        await s.Create("a", "/q/job-", "", CreateFlags.EphemeralSequential, op: OpCode.Create2);
        await s.Exists("a", "/q");
        await s.Create("a", "/q/", "", CreateFlags.PersistentSequential);
        await s.GetChildren("a", "/q");
        await s.Close("a");
    }

    private static async Task MultiAndMultiRead(Script s)
    {
        await s.Open("a");
        await s.Create("a", "/m", "r");
        await s.Multi("a", "ok",
            new MultiOperation(OpCode.Create, new CreateRequest("/m/a", Script.Bytes("1"), Acl.OpenAclUnsafe, 0)),
            new MultiOperation(OpCode.Create2, new CreateRequest("/m/b", Script.Bytes("2"), Acl.OpenAclUnsafe, 0)),
            new MultiOperation(OpCode.SetData, new SetDataRequest("/m", Script.Bytes("r2"), 0)),
            new MultiOperation(OpCode.Check, new CheckVersionRequest("/m/a", 0)));
        await s.Multi("a", "fails-in-middle",
            new MultiOperation(OpCode.Create, new CreateRequest("/m/c", null, Acl.OpenAclUnsafe, 0)),
            new MultiOperation(OpCode.Delete, new DeleteRequest("/m/missing", -1)),
            new MultiOperation(OpCode.SetData, new SetDataRequest("/m", null, -1)));
        await s.Multi("a", "bad-version-check",
            new MultiOperation(OpCode.Check, new CheckVersionRequest("/m", 7)),
            new MultiOperation(OpCode.Delete, new DeleteRequest("/m/a", -1)));
        await s.Exists("a", "/m/c");
        await s.GetData("a", "/m");
        await s.Multi("a", "sees-own-earlier-ops",
            new MultiOperation(OpCode.Create, new CreateRequest("/m/d", null, Acl.OpenAclUnsafe, 0)),
            new MultiOperation(OpCode.Create, new CreateRequest("/m/d/e", null, Acl.OpenAclUnsafe, 0)),
            new MultiOperation(OpCode.Delete, new DeleteRequest("/m/d/e", 0)),
            new MultiOperation(OpCode.Delete, new DeleteRequest("/m/d", -1)));
        await s.Multi("a", "empty");
        await s.MultiRead("a", "reads",
            new MultiOperation(OpCode.GetData, new GetDataRequest("/m/a", false)),
            new MultiOperation(OpCode.GetChildren, new GetChildrenRequest("/m", false)),
            new MultiOperation(OpCode.GetData, new GetDataRequest("/m/nope", false)));
        await s.Close("a");
    }

    private static async Task OneShotWatches(Script s)
    {
        await s.Open("a");
        await s.Open("b");
        await s.Create("a", "/w", null);
        await s.Exists("a", "/w/n", watch: true);
        await s.GetChildren("a", "/w", watch: true);
        await s.Create("b", "/w/n", "1");
        await s.Barrier();
        await s.GetData("a", "/w/n", watch: true);
        await s.SetData("a", "/w/n", "2");
        await s.SetData("a", "/w/n", "3");
        await s.Barrier();
        await s.GetData("b", "/w/n", watch: true);
        await s.Exists("b", "/w/n", watch: true);
        await s.GetChildren("b", "/w/n", watch: true);
        await s.Delete("a", "/w/n");
        await s.Barrier();
        await s.GetData("a", "/w/gone", watch: true);
        await s.Create("b", "/w/gone", null);
        await s.Barrier();
        await s.CheckWatches("a", "/w", WatcherType.Children);
        await s.GetChildren("a", "/w", watch: true);
        await s.CheckWatches("a", "/w", WatcherType.Children);
        await s.CheckWatches("a", "/w", WatcherType.Data);
        await s.RemoveWatches("a", "/w", WatcherType.Any);
        await s.Create("b", "/w/after-remove", null);
        await s.Barrier();
        await s.Close("b");
        await s.Close("a");
    }

    private static async Task PersistentAndRecursiveWatches(Script s)
    {
        await s.Open("a");
        await s.Open("b");
        await s.Create("a", "/p", null);
        await s.AddWatch("a", "/p", AddWatchMode.PersistentRecursive);
        await s.AddWatch("b", "/p", AddWatchMode.Persistent);
        await s.GetChildren("a", "/p", watch: true);
        await s.Create("b", "/p/c", "x");
        await s.Barrier();
        await s.SetData("b", "/p/c", "y");
        await s.SetData("b", "/p", "z");
        await s.Create("b", "/p/c/g", null);
        await s.Barrier();
        await s.Delete("b", "/p/c/g");
        await s.Delete("b", "/p/c");
        await s.Barrier();
        await s.RemoveWatches("b", "/p", WatcherType.Any);
        await s.SetData("a", "/p", "again");
        await s.Barrier();
        await s.Close("b");
        await s.Close("a");
    }

    private static async Task AclsAndAuth(Script s)
    {
        await s.Open("owner");
        await s.Open("other");
        await s.Auth("owner", "digest", "alice:secret");
        await s.WhoAmI("owner");
        var alice = new Acl(Perms.All, new Id("digest", "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E="));
        await s.Create("owner", "/acl", "secret", acl: [alice]);
        await s.Create("owner", "/acl-auth", "mine", acl: [new Acl(Perms.All, new Id("auth", ""))]);
        await s.GetAcl("owner", "/acl-auth");
        await s.GetData("other", "/acl");
        await s.GetAcl("other", "/acl");
        await s.SetData("other", "/acl", "x");
        await s.Create("other", "/acl/child", null);
        await s.Create("other", "/noauth", null, acl: [new Acl(Perms.All, new Id("auth", ""))]);
        await s.Create("other", "/empty-acl", null, acl: []);
        await s.Create("other", "/bad-ip", null, acl: [new Acl(Perms.All, new Id("ip", "not-an-ip"))]);
        await s.Create("other", "/ip-ok", null, acl: [new Acl(Perms.Read, new Id("ip", "127.0.0.0/8"))]);
        await s.GetData("other", "/ip-ok");
        await s.SetData("other", "/ip-ok", "w");
        await s.Auth("other", "digest", "alice:secret");
        await s.GetData("other", "/acl");
        await s.SetAcl("owner", "/acl", Acl.ReadAclUnsafe, 0);
        await s.SetAcl("owner", "/acl", Acl.ReadAclUnsafe, 0);
        await s.GetAcl("owner", "/acl");
        await s.Auth("other", "nosuchscheme", "x");
        await s.Close("owner");
    }

    private static async Task BadArguments(Script s)
    {
        await s.Open("a");
        foreach (string path in new[] { "", "noslash", "/trailing/", "/double//slash", "/dot/./x", "/dotdot/../x", "/bad\u0001char" })
        {
            await s.Create("a", path, null);
        }

        await s.Create("a", "/flags", null, flags: 9);
        await s.Create("a", "/eph", null, CreateFlags.Ephemeral);
        await s.Create("a", "/eph/child", null);
        await s.Create("a", "/no/parent", null);
        await s.SetData("a", "/zookeeper/config", "x");
        await s.GetData("a", "/zookeeper/config");
        await s.GetChildren("a", "/zookeeper");
        await s.Unknown("a", 999);
        await s.Exists("a", "/eph");
        await s.Close("a");
    }

    private static async Task EphemeralsAndClose(Script s)
    {
        await s.Open("a");
        await s.Open("b");
        await s.Open("c");
        await s.Create("a", "/e", null);
        await s.Create("a", "/e/1", null, CreateFlags.Ephemeral);
        await s.Create("a", "/e/2", null, CreateFlags.EphemeralSequential);
        await s.Create("b", "/e/3", null, CreateFlags.Ephemeral);
        await s.GetEphemerals("a", "/");
        await s.GetEphemerals("a", "/e/1");
        await s.GetEphemerals("b", "");

        // ZooKeeper deletes a closing session's ephemerals in Java HashSet order, so each watcher here
        // watches one thing: the order of events on one connection must not depend on that order.
        await s.Exists("b", "/e/1", watch: true);
        await s.GetChildren("c", "/e", watch: true);
        await s.Close("a");
        await s.Barrier();
        await s.GetChildren("b", "/e");
        await s.Close("c");
        await s.Close("b");
    }

    private static async Task ContainersTtlAndMisc(Script s)
    {
        await s.Open("a");
        await s.Create("a", "/c", null, CreateFlags.Container, op: OpCode.CreateContainer);
        await s.Create("a", "/c/child", "x");
        await s.Exists("a", "/c");
        await s.CreateTtl("a", "/ttl", 1000);
        await s.Create("a", "/plain", null, CreateFlags.Container, op: OpCode.Create);
        await s.Sync("a", "/");
        await s.Close("a");
    }

    /// <summary>
    /// FinalRequestProcessor answers exists with the Stat whatever the node's ACL (getData is refused), and checks the
    /// path only for a NUL character.
    /// </summary>
    private static async Task ExistsIsNotAclChecked(Script s)
    {
        await s.Open("owner");
        await s.Open("other");
        await s.Auth("owner", "digest", "alice:secret");
        var alice = new Acl(Perms.All, new Id("digest", "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E="));
        await s.Create("owner", "/private", "secret", acl: [alice]);
        await s.Create("owner", "/private/child", "x", acl: [alice]);
        await s.Exists("other", "/private");
        await s.Exists("other", "/private/child");
        await s.GetData("other", "/private");
        await s.Exists("other", "/private/missing");
        await s.Exists("other", "noslash");
        await s.Exists("other", "/trailing/");
        await s.Exists("other", "/nul\0char");
        await s.Close("other");
        await s.Close("owner");
    }

    /// <summary>
    /// jute.maxbuffer (default 1,048,575) bounds the whole request frame, not the data alone: a setData of "/big" fits
    /// with 24 bytes of header, path and version, one byte more closes the connection, and so does data of exactly
    /// jute.maxbuffer bytes. The session survives.
    /// </summary>
    private static async Task JuteMaxBufferBoundsTheWholeRequest(Script s)
    {
        const int maxBuffer = 0xfffff;
        const int setDataOverhead = 8 + 4 + 4 + 4 + 4; // RequestHeader, path length, "/big", data length, version
        await s.Open("a");
        await s.Create("a", "/big", null);
        await s.SetDataOfLength("a", "/big", maxBuffer - setDataOverhead);
        await s.GetDataLength("a", "/big");
        await s.SetDataOfLength("a", "/big", maxBuffer - setDataOverhead + 1);
        await s.Open("b");
        await s.GetDataLength("b", "/big");
        await s.SetDataOfLength("b", "/big", maxBuffer);
        await s.Open("c");
        await s.GetDataLength("c", "/big");
        await s.Close("c");
    }

    /// <summary>skipACL=yes: ZooKeeper's checkACL returns at once, so a digest-only node is open to everyone.</summary>
    private static async Task SkipAcl(Script s)
    {
        await s.Open("owner");
        await s.Open("other");
        await s.Auth("owner", "digest", "alice:secret");
        var alice = new Acl(Perms.All, new Id("digest", "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E="));
        await s.Create("owner", "/locked", "secret", acl: [alice]);
        await s.GetData("other", "/locked");
        await s.SetData("other", "/locked", "changed");
        await s.Create("other", "/locked/child", "c");
        await s.GetAcl("other", "/locked");
        await s.SetAcl("other", "/locked", Acl.OpenAclUnsafe);
        await s.Delete("other", "/locked/child");
        await s.Close("other");
        await s.Close("owner");
    }

    /// <summary>
    /// PrepRequestProcessor's reconfig order for a client without super rights: the version (BADVERSION) and the
    /// arguments (BADARGUMENTS) are checked before WRITE permission on /zookeeper/config (NOAUTH).
    /// </summary>
    private static async Task ReconfigChecksInZooKeepersOrder(Script s)
    {
        const string observer = "server.2=127.0.0.1:1:2:observer;3";
        await s.Open("a");
        await s.Reconfig("a", observer, null, null, fromConfig: 0x1234);
        await s.Reconfig("a", null, "1", null);
        await s.Reconfig("a", "not a server", null, null);
        await s.Reconfig("a", observer, null, null);
        await s.Close("a");
    }
}
