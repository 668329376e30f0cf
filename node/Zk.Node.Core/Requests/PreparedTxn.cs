namespace Zk.Node.Core.Requests;

/// <summary>A txn body prep built, with the txn type that goes into its TxnHeader.</summary>
internal readonly record struct PreparedTxn(int Type, object Txn);
