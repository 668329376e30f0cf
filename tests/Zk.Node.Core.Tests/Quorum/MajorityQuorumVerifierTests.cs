using Zk.Node.Core.Quorum;

namespace Zk.Node.Core.Tests.Quorum;

public sealed class MajorityQuorumVerifierTests
{
    [Theory]
    [InlineData(new long[] { 1 }, new long[] { 1 }, true)]
    [InlineData(new long[] { 1 }, new long[] { }, false)]
    [InlineData(new long[] { 1, 2 }, new long[] { 1 }, false)]
    [InlineData(new long[] { 1, 2 }, new long[] { 1, 2 }, true)]
    [InlineData(new long[] { 1, 2, 3 }, new long[] { 1, 3 }, true)]
    [InlineData(new long[] { 1, 2, 3 }, new long[] { 3 }, false)]
    [InlineData(new long[] { 1, 2, 3, 4 }, new long[] { 1, 2 }, false)]
    [InlineData(new long[] { 1, 2, 3, 4 }, new long[] { 1, 2, 4 }, true)]
    [InlineData(new long[] { 1, 2, 3, 4, 5 }, new long[] { 5, 4, 3 }, true)]
    [InlineData(new long[] { 1, 2, 3, 4, 5 }, new long[] { 5, 4, 4, 4 }, false)]
    public void A_quorum_is_a_strict_majority_of_distinct_voters(long[] voters, long[] acks, bool quorum)
    {
        Assert.Equal(quorum, new MajorityQuorumVerifier(voters).ContainsQuorum(acks));
    }

    [Fact]
    public void Observers_and_strangers_never_count()
    {
        var config = QuorumConfig.Parse("server.1=a:1:2;3\nserver.2=b:1:2;3\nserver.3=c:1:2;3\nserver.4=d:1:2:observer;3\nserver.5=e:1:2:observer;3");

        Assert.False(config.Verifier.ContainsQuorum([1, 4, 5]));
        Assert.False(config.Verifier.ContainsQuorum([2, 4, 5, 99, 100]));
        Assert.True(config.Verifier.ContainsQuorum([1, 2, 4]));
        Assert.False(config.Verifier.IsVoter(4));
        Assert.True(config.Verifier.IsVoter(3));
    }
}
