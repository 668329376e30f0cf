namespace Zk.Node.Storage.TxnLog;

/// <summary>The decoded fixed part of a log record (see <see cref="TxnLogRecordCodec"/>).</summary>
internal readonly record struct TxnLogRecordHeader(int Length, long Zxid, long CommitSequence, bool LastInCommit)
{
    public int RecordSize => TxnLogRecordCodec.HeaderSize + Length;
}
