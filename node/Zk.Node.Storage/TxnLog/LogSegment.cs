namespace Zk.Node.Storage.TxnLog;

/// <summary>What the log knows about one of its files without reading it again.</summary>
internal sealed class LogSegment(string name, long firstZxid)
{
    public string Name { get; } = name;

    /// <summary>From the file name; equal to the zxid of its first record.</summary>
    public long FirstZxid { get; } = firstZxid;

    public long LastZxid { get; set; }

    /// <summary>Offset just past the last record: where the next commit goes, and where readers stop.</summary>
    public long EndOffset { get; set; } = TxnLogFileHeader.Size;

    public long RecordCount { get; set; }
}
