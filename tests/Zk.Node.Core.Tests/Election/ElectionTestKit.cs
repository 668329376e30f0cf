using Zk.Node.Core.Election;
using Zk.Node.Core.Quorum;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Core.Tests.Election;

internal static class ElectionTestKit
{
    public static readonly ElectionOptions Options = new()
    {
        FinalizeWaitTicks = 5,
        MinNotificationIntervalTicks = 5,
        MaxNotificationIntervalTicks = 40,
    };

    public static QuorumConfig Config(int voters, int observers = 0, long version = 0x100000000)
    {
        var members = Enumerable.Range(1, voters + observers).Select(i => new QuorumServerSpec(
            i, "zk-" + i, 2888, 3888, i <= voters ? LearnerRole.Participant : LearnerRole.Observer, "0.0.0.0", 2181));
        return new QuorumConfig(members, version);
    }

    /// <summary>A started election for <paramref name="myId"/> with the given last zxid and epoch; its first batch is drained.</summary>
    public static FastLeaderElection Started(long myId, QuorumConfig config, long zxid = 0x100000005, long peerEpoch = 1, long logicalClock = 0)
    {
        var fle = new FastLeaderElection(myId, config, new Vote(myId, zxid, 0, peerEpoch), logicalClock, Options);
        fle.Start(0);
        fle.TakeReady();
        return fle;
    }

    public static Notification Looking(long leader, long zxid, long round, long peerEpoch) =>
        new(ServerState.Looking, leader, zxid, round, peerEpoch, []);

    public static Notification OutOfElection(ServerState state, long leader, long zxid, long round, long peerEpoch) =>
        new(state, leader, zxid, round, peerEpoch, []);

    public static void TickUntil(FastLeaderElection fle, long tick)
    {
        while (fle.Now < tick)
        {
            fle.Tick();
        }
    }
}
