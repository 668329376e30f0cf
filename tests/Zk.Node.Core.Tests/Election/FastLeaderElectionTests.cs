using System.Text;
using Zk.Node.Core.Election;
using Zk.Node.Protocol.Peer;
using static Zk.Node.Core.Tests.Election.ElectionTestKit;

namespace Zk.Node.Core.Tests.Election;

public sealed class FastLeaderElectionTests
{
    [Fact]
    public void Starting_proposes_ourselves_to_every_other_voter_in_the_next_round()
    {
        var config = Config(voters: 3, observers: 1);
        var fle = new FastLeaderElection(2, config, new Vote(2, 0x100000007, 0, 1), logicalClock: 4, Options);

        fle.Start(0);
        var ready = fle.TakeReady();

        Assert.Equal([1L, 3], ready.Messages.Select(m => m.To));
        Assert.All(ready.Messages, m =>
        {
            Assert.Equal(ServerState.Looking, m.Message.State);
            Assert.Equal((2L, 0x100000007L, 5L, 1L), (m.Message.Leader, m.Message.Zxid, m.Message.ElectionEpoch, m.Message.PeerEpoch));
            Assert.Equal(config.Format(), Encoding.UTF8.GetString(m.Message.Config));
        });
        Assert.Equal(5, fle.LogicalClock);
        Assert.Equal(ServerState.Looking, fle.State);
    }

    [Fact]
    public void A_better_vote_in_our_round_replaces_the_proposal_and_is_broadcast()
    {
        var fle = Started(1, Config(3), zxid: 0x100000005);

        fle.Receive(2, Looking(2, 0x100000009, 1, 1));
        var ready = fle.TakeReady();

        Assert.Equal(new Vote(2, 0x100000009, 1, 1), fle.Proposal);
        Assert.Equal([2L, 3], ready.Messages.Select(m => m.To));
        Assert.All(ready.Messages, m => Assert.Equal(2, m.Message.Leader));
    }

    [Fact]
    public void A_worse_vote_in_our_round_changes_nothing_and_sends_nothing()
    {
        var fle = Started(3, Config(3), zxid: 0x100000005);

        fle.Receive(2, Looking(2, 0x100000004, 1, 1));

        Assert.Equal(3, fle.Proposal.Leader);
        Assert.Empty(fle.TakeReady().Messages);
    }

    [Fact]
    public void A_later_round_resets_our_votes_and_we_compare_against_our_initial_vote()
    {
        var fle = Started(1, Config(5), zxid: 0x100000005);
        fle.Receive(4, Looking(4, 0x100000009, 1, 1));
        Assert.Equal(4, fle.Proposal.Leader);
        fle.TakeReady();

        // Round 7 with a vote worse than our own initial vote: we move to round 7 but propose ourselves again.
        fle.Receive(2, Looking(2, 0x100000001, 7, 1));
        var ready = fle.TakeReady();

        Assert.Equal(7, fle.LogicalClock);
        Assert.Equal(new Vote(1, 0x100000005, 7, 1), fle.Proposal);
        Assert.Equal(4, ready.Messages.Count);
        Assert.All(ready.Messages, m => Assert.Equal((1L, 7L), (m.Message.Leader, m.Message.ElectionEpoch)));
    }

    [Fact]
    public void Votes_from_an_earlier_round_are_answered_with_our_proposal_and_otherwise_ignored()
    {
        var fle = Started(1, Config(3), zxid: 0x100000005, logicalClock: 4);

        fle.Receive(3, Looking(3, 0x100000009, 2, 1));
        var reply = Assert.Single(fle.TakeReady().Messages);

        Assert.Equal(3, reply.To);
        Assert.Equal((ServerState.Looking, 1L, 5L), (reply.Message.State, reply.Message.Leader, reply.Message.ElectionEpoch));
        Assert.Equal(1, fle.Proposal.Leader);
    }

    [Fact]
    public void A_quorum_for_our_proposal_decides_only_after_the_finalize_wait()
    {
        var fle = Started(3, Config(3), zxid: 0x100000005);

        fle.Receive(1, Looking(3, 0x100000005, 1, 1));
        TickUntil(fle, Options.FinalizeWaitTicks - 1);
        Assert.Equal(ServerState.Looking, fle.State);
        Assert.Null(fle.TakeReady().Decision);

        fle.Tick();
        var decision = fle.TakeReady().Decision;

        Assert.Equal(new ElectionDecision(new Vote(3, 0x100000005, 1, 1), ServerState.Leading), decision);
        Assert.Equal(ServerState.Leading, fle.State);
    }

    [Fact]
    public void A_follower_decides_when_a_quorum_including_itself_agrees()
    {
        var fle = Started(1, Config(3), zxid: 0x100000005);

        fle.Receive(3, Looking(3, 0x100000008, 1, 1));
        TickUntil(fle, Options.FinalizeWaitTicks);

        Assert.Equal(new ElectionDecision(new Vote(3, 0x100000008, 1, 1), ServerState.Following), fle.TakeReady().Decision);
    }

    [Fact]
    public void One_vote_for_us_in_five_is_not_a_quorum()
    {
        var fle = Started(5, Config(5));

        fle.Receive(1, Looking(5, 0x100000005, 1, 1));
        TickUntil(fle, 3 * Options.MaxNotificationIntervalTicks);

        Assert.Equal(ServerState.Looking, fle.State);
    }

    [Fact]
    public void A_better_vote_during_the_finalize_wait_resumes_the_round()
    {
        var fle = Started(2, Config(3), zxid: 0x100000005);
        fle.Receive(1, Looking(2, 0x100000005, 1, 1));
        fle.Tick();

        fle.Receive(3, Looking(3, 0x100000006, 1, 1));
        TickUntil(fle, Options.FinalizeWaitTicks + 1);
        var ready = fle.TakeReady();

        Assert.Contains(ready.Messages, m => m.To == 1 && m.Message.Leader == 3);
        Assert.Equal(new ElectionDecision(new Vote(3, 0x100000006, 1, 1), ServerState.Following), ready.Decision);
    }

    [Fact]
    public void A_worse_vote_during_the_finalize_wait_is_discarded_and_restarts_the_wait()
    {
        var fle = Started(3, Config(3), zxid: 0x100000005);
        fle.Receive(1, Looking(3, 0x100000005, 1, 1));
        TickUntil(fle, 3);

        fle.Receive(2, Looking(2, 0x100000001, 1, 1));
        TickUntil(fle, 3 + Options.FinalizeWaitTicks - 1);
        Assert.Equal(ServerState.Looking, fle.State);

        fle.Tick();
        Assert.Equal(ServerState.Leading, fle.State);
    }

    [Fact]
    public void An_established_leader_is_joined_once_a_quorum_follows_it_and_it_says_it_leads()
    {
        var fle = Started(1, Config(3), zxid: 0x100000001);

        fle.Receive(2, OutOfElection(ServerState.Following, 3, 0x200000000, 6, 2));
        Assert.Equal(ServerState.Looking, fle.State);
        fle.Receive(3, OutOfElection(ServerState.Leading, 3, 0x200000000, 6, 2));
        var decision = fle.TakeReady().Decision;

        Assert.Equal(ServerState.Following, decision?.State);
        Assert.Equal(3, decision?.Vote.Leader);
        Assert.Equal(6, fle.LogicalClock);
    }

    [Fact]
    public void Followers_alone_do_not_make_a_leader_without_its_own_word()
    {
        var fle = Started(1, Config(5), zxid: 0x100000001);

        fle.Receive(2, OutOfElection(ServerState.Following, 5, 0x200000000, 6, 2));
        fle.Receive(3, OutOfElection(ServerState.Following, 5, 0x200000000, 6, 2));
        fle.Receive(4, OutOfElection(ServerState.Following, 5, 0x200000000, 6, 2));

        Assert.Equal(ServerState.Looking, fle.State);
        Assert.Null(fle.TakeReady().Decision);
    }

    [Fact]
    public void Out_of_election_votes_for_different_epochs_do_not_add_up()
    {
        var fle = Started(1, Config(3), zxid: 0x100000001);

        fle.Receive(2, OutOfElection(ServerState.Following, 3, 0x200000000, 6, 1));
        fle.Receive(3, OutOfElection(ServerState.Leading, 3, 0x200000000, 6, 2));

        Assert.Equal(ServerState.Looking, fle.State);
    }

    [Fact]
    public void After_deciding_a_looking_peer_is_told_the_leader_and_our_state()
    {
        var fle = Started(1, Config(3));
        fle.Receive(3, OutOfElection(ServerState.Following, 2, 0x200000000, 6, 2));
        fle.Receive(2, OutOfElection(ServerState.Leading, 2, 0x200000000, 6, 2));
        fle.TakeReady();

        fle.Receive(3, Looking(3, 0x100000001, 9, 1));
        fle.Receive(2, OutOfElection(ServerState.Leading, 2, 0x200000000, 6, 2));
        var reply = Assert.Single(fle.TakeReady().Messages);

        Assert.Equal(3, reply.To);
        Assert.Equal(
            new Notification(ServerState.Following, 2, 0x200000000, 6, 2, reply.Message.Config),
            reply.Message);
    }

    [Fact]
    public void Servers_handed_over_to_a_designated_leader_announce_one_vote_a_looker_joins()
    {
        // 2 and 3 decided in different rounds with different peer epochs, then a reconfig at 0x500000004 named 3.
        var follower = Started(2, Config(3), zxid: 0x400000001, peerEpoch: 3, logicalClock: 4);
        var leader = Started(3, Config(3), zxid: 0x400000001, peerEpoch: 4, logicalClock: 6);
        Assert.Equal(new ElectionDecision(new Vote(3, 0x500000004, follower.CurrentVote.ElectionEpoch, 5), ServerState.Following), follower.Designate(3, 0x500000004));
        Assert.Equal(ServerState.Leading, leader.Designate(3, 0x500000004).State);
        Assert.Empty(follower.TakeReady().Messages);

        var looker = Started(1, Config(3), zxid: 0x400000001);
        foreach (var (sid, fle) in new[] { (2L, follower), (3L, leader) })
        {
            fle.Receive(1, Looking(1, 0x400000001, looker.LogicalClock, 1));
            looker.Receive(sid, Assert.Single(fle.TakeReady().Messages).Message);
        }

        Assert.Equal(new ElectionDecision(new Vote(3, 0x500000004, leader.CurrentVote.ElectionEpoch, 5), ServerState.Following), looker.TakeReady().Decision);
    }

    [Fact]
    public void Silence_resends_with_doubling_waits_up_to_the_maximum()
    {
        var fle = Started(1, Config(3));
        var resends = new List<long>();

        while (fle.Now < 200)
        {
            fle.Tick();
            if (fle.TakeReady().Messages.Count > 0)
            {
                resends.Add(fle.Now);
            }
        }

        // 5, then 5+10, +20, then capped at 40.
        Assert.Equal([5L, 15, 35, 75, 115, 155, 195], resends);
    }

    [Fact]
    public void Any_notification_postpones_the_resend()
    {
        var fle = Started(3, Config(5));
        TickUntil(fle, 4);
        fle.Receive(1, Looking(1, 0, 1, 0));
        TickUntil(fle, 8);

        Assert.Empty(fle.TakeReady().Messages);
        fle.Tick();
        Assert.NotEmpty(fle.TakeReady().Messages);
    }

    [Fact]
    public void Votes_for_non_voters_and_from_non_voters_are_not_counted()
    {
        var fle = Started(3, Config(voters: 3, observers: 1));

        fle.Receive(1, Looking(4, 0x900000000, 1, 9));
        fle.Receive(4, Looking(3, 0x100000005, 1, 1));
        TickUntil(fle, 3 * Options.MaxNotificationIntervalTicks);

        Assert.Equal(3, fle.Proposal.Leader);
        Assert.Equal(ServerState.Looking, fle.State);
    }

    [Fact]
    public void An_observer_is_answered_with_our_current_vote_whatever_its_round()
    {
        var fle = Started(2, Config(voters: 3, observers: 1), zxid: 0x100000005);

        fle.Receive(4, Looking(long.MinValue, long.MinValue, 1, long.MinValue));
        var reply = Assert.Single(fle.TakeReady().Messages);

        Assert.Equal(4, reply.To);
        Assert.Equal((ServerState.Looking, 2L, 0x100000005L), (reply.Message.State, reply.Message.Leader, reply.Message.Zxid));
    }

    [Fact]
    public void An_observer_never_proposes_itself_and_learns_the_leader_from_the_voters()
    {
        var fle = new FastLeaderElection(4, Config(voters: 3, observers: 1), new Vote(4, 0x100000005, 0, 1), 0, Options);
        fle.Start(0);
        var first = fle.TakeReady();
        Assert.Equal([1L, 2, 3], first.Messages.Select(m => m.To));
        Assert.All(first.Messages, m => Assert.Equal(long.MinValue, m.Message.Leader));

        fle.Receive(1, OutOfElection(ServerState.Following, 3, 0x200000000, 2, 2));
        fle.Receive(3, OutOfElection(ServerState.Leading, 3, 0x200000000, 2, 2));

        Assert.Equal(ServerState.Observing, fle.TakeReady().Decision?.State);
    }

    [Fact]
    public void A_server_without_history_ignores_looking_votes()
    {
        var fle = Started(1, Config(3), zxid: -1);

        fle.Receive(2, Looking(2, 0x100000009, 1, 1));

        Assert.Equal(1, fle.Proposal.Leader);
        Assert.Empty(fle.TakeReady().Messages);
    }

    [Fact]
    public void A_newer_configuration_with_other_members_is_adopted_and_restarts_the_round()
    {
        var fle = Started(1, Config(3, version: 0x100000000), logicalClock: 6);
        var newer = Config(5, version: 0x100000003);

        fle.Receive(2, new Notification(ServerState.Looking, 2, 0x100000009, 1, 1, newer.FormatBytes().ToArray()));
        var ready = fle.TakeReady();

        Assert.Equal(newer.Format(), ready.AdoptedConfig?.Format());
        Assert.Equal(1, fle.LogicalClock);
        Assert.Equal(1, fle.Proposal.Leader);
        Assert.Equal([2L, 3, 4, 5], ready.Messages.Select(m => m.To));
    }

    [Fact]
    public void An_older_configuration_is_ignored()
    {
        var fle = Started(1, Config(3, version: 0x100000005));

        fle.Receive(2, new Notification(ServerState.Looking, 2, 0x100000009, 1, 1, Config(5, version: 0x100000001).FormatBytes().ToArray()));

        Assert.Null(fle.TakeReady().AdoptedConfig);
        Assert.Equal(3, fle.Config.Members.Count);
        Assert.Equal(2, fle.Proposal.Leader);
    }

    [Fact]
    public void Restart_after_a_decision_starts_a_new_round_from_the_new_initial_vote()
    {
        var fle = Started(3, Config(3));
        fle.Receive(1, Looking(3, 0x100000005, 1, 1));
        TickUntil(fle, Options.FinalizeWaitTicks);
        Assert.Equal(ServerState.Leading, fle.State);
        fle.UpdateElectionVote(2);
        Assert.Equal(2, fle.CurrentVote.PeerEpoch);

        fle.Restart(new Vote(3, 0x200000004, 0, 2));
        var ready = fle.TakeReady();

        Assert.Equal(ServerState.Looking, fle.State);
        Assert.Equal(new Vote(3, 0x200000004, 2, 2), fle.Proposal);
        Assert.Equal(2, ready.Messages.Count);
    }

    [Fact]
    public void Inputs_before_start_are_programmer_errors()
    {
        var fle = new FastLeaderElection(1, Config(3), new Vote(1, 0, 0, 0), 0, Options);

        Assert.Throws<InvalidOperationException>(fle.Tick);
        Assert.Throws<InvalidOperationException>(() => fle.Receive(2, Looking(2, 0, 1, 0)));
        fle.Start(0);
        Assert.Throws<InvalidOperationException>(() => fle.Start(0));
    }
}
