namespace Zk.Node.Core.Zab;

/// <summary>One txn record (TxnHeader + body, as logged and proposed) with its zxid.</summary>
internal readonly record struct LoggedTxn(long Zxid, byte[] Record);
