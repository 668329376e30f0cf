namespace Zk.Node.Simulation.Framework;

/// <summary>
/// A node the <see cref="Simulator{TMessage}"/> drives: a deterministic state machine fed messages and ticks, whose
/// output is drained with <see cref="Ready"/> after every input (etcd-raft's Step/Tick/Ready). ZAB nodes plug in the
/// same way as the election nodes do.
/// </summary>
public interface ISimNode<TMessage>
{
    long Id { get; }

    /// <summary>Called once when the node (or its restarted incarnation) comes up.</summary>
    void Start(long nowTick);

    /// <summary>A message from <paramref name="from"/> arrived.</summary>
    void Step(long from, TMessage message);

    /// <summary>One tick of simulated time passed.</summary>
    void Tick();

    /// <summary>Drains the messages to send since the last call.</summary>
    IReadOnlyList<Envelope<TMessage>> Ready();

    /// <summary>
    /// The crash/restart hook: a new incarnation built only from what this node had persisted (anything volatile —
    /// election round, in-memory queues, unsynced writes — is lost).
    /// </summary>
    ISimNode<TMessage> Restart();
}
