namespace Zk.Node.Simulation.Framework;

public sealed class SimulatedNetworkTests
{
    [Fact]
    public void A_reliable_network_delivers_everything_within_the_delay_bounds()
    {
        var net = new SimulatedNetwork<int>(new Random(1), new NetworkOptions { MinDelayTicks = 2, MaxDelayTicks = 4 });
        for (int i = 0; i < 100; i++)
        {
            net.Send(new Envelope<int>(1, 2, i), now: 10);
        }

        Assert.Empty(net.DeliverDue(11));
        var delivered = Enumerable.Range(12, 3).SelectMany(t => net.DeliverDue(t)).Select(e => e.Message).ToList();

        Assert.Equal(Enumerable.Range(0, 100), delivered.Order());
        Assert.Equal(0, net.InFlight);
    }

    [Fact]
    public void Random_delays_reorder_messages_on_one_link()
    {
        var net = new SimulatedNetwork<int>(new Random(7), new NetworkOptions { MinDelayTicks = 1, MaxDelayTicks = 10 });
        for (int i = 0; i < 50; i++)
        {
            net.Send(new Envelope<int>(1, 2, i), now: 0);
        }

        var order = Enumerable.Range(1, 10).SelectMany(t => net.DeliverDue(t)).Select(e => e.Message).ToList();

        Assert.Equal(50, order.Count);
        Assert.NotEqual(Enumerable.Range(0, 50), order);
    }

    [Fact]
    public void Drops_and_duplicates_follow_their_probabilities()
    {
        var net = new SimulatedNetwork<int>(new Random(3), new NetworkOptions { DropProbability = 0.5, DuplicateProbability = 0.5 });
        for (int i = 0; i < 2000; i++)
        {
            net.Send(new Envelope<int>(1, 2, i), now: 0);
        }

        var delivered = Enumerable.Range(1, 5).SelectMany(t => net.DeliverDue(t)).ToList();
        int distinct = delivered.Select(e => e.Message).Distinct().Count();

        Assert.InRange(distinct, 850, 1150);
        Assert.InRange(delivered.Count - distinct, 350, 650);
    }

    [Fact]
    public void A_partition_drops_messages_in_flight_across_it_and_healing_restores_the_link()
    {
        var net = new SimulatedNetwork<int>(new Random(1), NetworkOptions.Reliable);
        net.Send(new Envelope<int>(1, 2, 1), 0);
        net.Send(new Envelope<int>(1, 3, 2), 0);
        net.Partition([[1, 3], [2]]);

        var during = Enumerable.Range(1, 5).SelectMany(t => net.DeliverDue(t)).Select(e => e.Message).ToList();
        Assert.Equal([2], during);
        Assert.Equal([1L, 3], net.Component(1, [1, 2, 3]).Order());

        net.Heal();
        net.Send(new Envelope<int>(1, 2, 3), 5);
        Assert.Equal([3], Enumerable.Range(6, 5).SelectMany(t => net.DeliverDue(t)).Select(e => e.Message));
        Assert.Equal(3, net.Component(1, [1, 2, 3]).Count);
    }
}
