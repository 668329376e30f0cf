namespace Zk.Node.Core.Server;

internal enum ConnectionState
{
    /// <summary>New session: waiting for its createSession txn to be durable; frames are held.</summary>
    AwaitingSession,
    Established,

    /// <summary>A close is queued; later frames are ignored.</summary>
    Closing,
}
