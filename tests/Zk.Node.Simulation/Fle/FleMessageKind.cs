namespace Zk.Node.Simulation.Fle;

public enum FleMessageKind
{
    /// <summary>An election notification.</summary>
    Vote,

    /// <summary>The stand-in for ZAB's leader ping.</summary>
    Ping,

    /// <summary>A follower's answer to <see cref="Ping"/>.</summary>
    PingAck,
}
