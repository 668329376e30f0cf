namespace Zk.Node.Storage.TxnLog;

/// <summary>What <see cref="TxnLogRecordCodec.TryDecode"/> found at one offset of a log file.</summary>
internal enum RecordStatus
{
    /// <summary>A whole record whose checksum matches.</summary>
    Valid,

    /// <summary>The input ends inside the record; with more bytes it may still be valid.</summary>
    Incomplete,

    /// <summary>An all-zero header: the preallocated space after the last record.</summary>
    End,

    /// <summary>The length is zero, negative or above the limit.</summary>
    BadLength,

    /// <summary>The bytes do not match their CRC-32C.</summary>
    BadChecksum,

    /// <summary>Checksum fine but the commit sequence is not positive: written by something other than this codec.</summary>
    BadCommitWord,

    /// <summary>Checksum fine but the zxid is not above the previous record's.</summary>
    ZxidRegression,
}
