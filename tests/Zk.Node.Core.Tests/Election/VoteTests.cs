using Zk.Node.Core.Election;
using Zk.Node.Protocol.Peer;

namespace Zk.Node.Core.Tests.Election;

public sealed class VoteTests
{
    [Theory]
    // new (leader, zxid, peerEpoch) vs current (leader, zxid, peerEpoch)
    [InlineData(1, 0x100, 2, 3, 0x999, 1, true)]
    [InlineData(3, 0x999, 1, 1, 0x100, 2, false)]
    [InlineData(1, 0x200, 2, 3, 0x100, 2, true)]
    [InlineData(3, 0x100, 2, 1, 0x200, 2, false)]
    [InlineData(3, 0x200, 2, 1, 0x200, 2, true)]
    [InlineData(1, 0x200, 2, 3, 0x200, 2, false)]
    [InlineData(2, 0x200, 2, 2, 0x200, 2, false)]
    [InlineData(1, 0, 0, long.MinValue, long.MinValue, long.MinValue, true)]
    public void Higher_epoch_then_higher_zxid_then_higher_id_wins(
        long newLeader, long newZxid, long newEpoch, long curLeader, long curZxid, long curEpoch, bool better)
    {
        Assert.Equal(better, Vote.IsBetter(newLeader, newZxid, newEpoch, curLeader, curZxid, curEpoch));
        Assert.Equal(better, new Vote(newLeader, newZxid, 9, newEpoch).IsBetterThan(new Vote(curLeader, curZxid, 9, curEpoch)));
    }

    public static TheoryData<Vote, Vote, bool> MatchCases => new()
    {
        { new Vote(3, 0x10, 1, 1), new Vote(3, 0x10, 1, 1), true },
        { new Vote(3, 0x10, 1, 1), new Vote(3, 0x11, 1, 1), false },
        { new Vote(3, 0x10, 1, 1), new Vote(3, 0x10, 2, 1), false },
        { new Vote(3, 0x10, 1, 1), new Vote(3, 0x10, 1, 1, ServerState.Following), true },
        { new Vote(3, 0x10, 1, 1), new Vote(3, 0x99, 7, 1, ServerState.Following), false },
        { new Vote(3, 0x10, 1, 1, ServerState.Leading), new Vote(3, 0x99, 7, 1, ServerState.Following), true },
        { new Vote(3, 0x10, 1, 1, ServerState.Leading), new Vote(3, 0x10, 1, 2, ServerState.Following), false },
        { new Vote(3, 0x10, 1, 1, ServerState.Leading), new Vote(2, 0x10, 1, 1, ServerState.Following), false },
        { new Vote(3, 0x10, 1, 1, ServerState.Leading, 0), new Vote(3, 0x10, 1, 2, ServerState.Following, 2), true },
        { new Vote(3, 0x10, 1, 1, ServerState.Leading, 0), new Vote(3, 0x10, 1, 2, ServerState.Following, 0), false },
    };

    [Theory]
    [MemberData(nameof(MatchCases))]
    public void Votes_match_as_ZooKeepers_Vote_equals_decides(Vote a, Vote b, bool same)
    {
        Assert.Equal(same, a.Matches(b));
        Assert.Equal(same, b.Matches(a));
    }
}
