namespace Zk.Node.Storage.TxnLog;

/// <summary>
/// What recovery cut from the log: the file and offset where the invalid bytes started, why they were invalid,
/// how many checksum-valid records of the same unfinished commit lay beyond them (dropped too, since a log must
/// not have holes), and the later files that were deleted.
/// </summary>
public sealed record TruncatedTail(
    string FileName,
    long Offset,
    long OriginalLength,
    string Reason,
    int DroppedRecords,
    long LastKeptZxid,
    IReadOnlyList<string> DeletedFiles)
{
    public override string ToString()
    {
        string cut = Offset <= TxnLogFileHeader.Size
            ? $"deleted {FileName} ({OriginalLength} bytes)"
            : $"truncated {FileName} at offset {Offset} (was {OriginalLength} bytes)";
        string deleted = DeletedFiles.Count == 0 ? string.Empty : $"; also deleted {string.Join(", ", DeletedFiles)}";
        return $"txn log torn tail: {cut}: {Reason}; {DroppedRecords} checksum-valid record(s) of the unfinished commit dropped; "
            + $"log now ends at zxid 0x{LastKeptZxid:x}{deleted}";
    }
}
