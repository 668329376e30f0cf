namespace Zk.Node.Core.Server;

/// <summary>One txn log record (TxnHeader + body as TxnCodec writes it) the host must make durable.</summary>
public readonly record struct PendingTxn(long Zxid, byte[] Record);
