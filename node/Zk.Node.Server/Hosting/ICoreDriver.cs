using Zk.Node.Core.Server;

namespace Zk.Node.Server.Hosting;

/// <summary>
/// What the core thread drives: the standalone <see cref="ServerCore"/> or an ensemble member's QuorumPeer. The
/// <see cref="CoreLoop"/> owns the thread, the client connections and the batching; the driver turns inputs into
/// calls on its state machine and applies that machine's ready batch in its documented order.
/// </summary>
internal interface ICoreDriver
{
    /// <summary>The client pipeline (tree, sessions, watches, stats) four-letter words and metrics read.</summary>
    ServerCore Core { get; }

    /// <summary>Feeds one input (client frames, storage completions, ticks, peer messages) to the state machine.</summary>
    void Dispatch(CoreInput input, long nowMs);

    /// <summary>Payload bytes of client frames the state machine has ready; the loop drains early past its output limit.</summary>
    long PendingClientSendBytes { get; }

    /// <summary>Applies everything the state machine has ready; called after each batch of inputs.</summary>
    void Drain(CoreLoop loop);
}
