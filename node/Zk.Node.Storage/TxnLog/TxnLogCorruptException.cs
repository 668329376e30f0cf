namespace Zk.Node.Storage.TxnLog;

/// <summary>
/// The log holds damaged bytes that cannot be a torn write because records committed after them follow:
/// cutting the tail would lose acknowledged transactions, so the node must not start on this log.
/// </summary>
public sealed class TxnLogCorruptException : IOException
{
    public TxnLogCorruptException(string message)
        : base(message)
    {
    }

    public TxnLogCorruptException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public TxnLogCorruptException()
    {
    }
}
