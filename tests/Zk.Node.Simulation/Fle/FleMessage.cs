using Zk.Node.Protocol.Peer;

namespace Zk.Node.Simulation.Fle;

/// <summary>What election nodes exchange: notifications, plus the pings of the lease stub that stands in for ZAB.</summary>
public readonly record struct FleMessage(FleMessageKind Kind, Notification Notification)
{
    public static FleMessage Vote(Notification notification) => new(FleMessageKind.Vote, notification);

    public static FleMessage Ping { get; } = new(FleMessageKind.Ping, default);

    public static FleMessage PingAck { get; } = new(FleMessageKind.PingAck, default);
}
