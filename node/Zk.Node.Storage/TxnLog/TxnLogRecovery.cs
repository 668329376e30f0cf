using Zk.Node.Storage.Devices;

namespace Zk.Node.Storage.TxnLog;

/// <summary>
/// Opens an existing log: validates every record of every file in order and decides what to do with the first
/// bytes that are not a valid next record.
/// <para>
/// Only the newest commit can legitimately be damaged: it may have been torn by a crash before its fsync
/// returned, and was therefore never acknowledged. Older commits were fsynced before anything after them was
/// written. So when invalid bytes turn up, recovery looks past them for checksum-valid records of a later
/// commit — in the same file, or in any later file (a commit never spans files and a new file is only started
/// after the previous commit was synced). Finding one proves synced data was damaged:
/// <see cref="TxnLogCorruptException"/>. Finding none means a torn tail: it is cut (truncate the file, delete
/// later files) durably and reported through <see cref="TruncatedTail"/> and the log sink.
/// </para>
/// <para>
/// A torn write leaves a record short (the file ends inside it) or with sectors that never landed, which read as
/// the preallocated zeros. A record that is all there, with no zero sector, yet fails its checksum was written
/// whole and went bad afterwards; it may be an acknowledged write, so, as ZooKeeper does on a CRC failure, recovery
/// refuses to cut it (<see cref="TxnLogCorruptException"/> naming file, offset and zxid) unless
/// <see cref="TxnLogOptions.CutDamagedTail"/> says a leader can send the suffix again.
/// </para>
/// <para>
/// The limit of what can be proven: a damaged length field, or damage in the last records before a crash that
/// tore away everything after them, looks exactly like a torn write and is cut.
/// </para>
/// <para>
/// With ForceSync off no commit was ever synced, so the argument fails: recovery then always cuts at the first
/// invalid bytes, logging what it dropped as an error.
/// </para>
/// </summary>
internal sealed class TxnLogRecovery(IDurableDevice device, TxnLogOptions options, ILogSink? log)
{
    public List<LogSegment> Segments { get; } = [];

    public long LastZxid { get; private set; }

    public long LastCommitSequence { get; private set; }

    public TruncatedTail? Truncation { get; private set; }

    public void Run()
    {
        var files = LogFileNames.List(device);
        long previousZxid = 0;
        long lastSequence = 0;
        Span<byte> header = stackalloc byte[TxnLogFileHeader.Size];
        for (int i = 0; i < files.Count; i++)
        {
            var (firstZxid, name) = files[i];
            var segment = new LogSegment(name, firstZxid);
            string? reason;
            long badOffset;
            long? openCommit = null;
            using (var file = device.Open(name))
            {
                int n = file.Read(0, header);
                reason = TxnLogFileHeader.Validate(header[..n]);
                badOffset = 0;
                if (reason is null)
                {
                    (reason, badOffset, openCommit) = ScanFile(file, segment, ref previousZxid, ref lastSequence);
                }
            }

            if (reason is not null)
            {
                CutOrThrow(files, i, segment, badOffset, reason, previousZxid, lastSequence, openCommit);
                break;
            }

            Segments.Add(segment);
        }

        LastZxid = previousZxid;
        LastCommitSequence = lastSequence;
    }

    /// <summary>Returns null when the file is clean to its end, else why and where it stops being valid.</summary>
    private (string? Reason, long Offset, long? OpenCommit) ScanFile(IDurableFile file, LogSegment segment, ref long previousZxid, ref long lastSequence)
    {
        var reader = new LogRecordReader(file, TxnLogFileHeader.Size, file.Length, options.MaxRecordBytes);
        bool commitOpen = false;
        while (true)
        {
            long at = reader.Position;
            var status = reader.Next(previousZxid);
            long? openCommit = commitOpen ? lastSequence : null;
            if (status == RecordStatus.Valid)
            {
                var h = reader.Current;
                string? why = null;
                if (segment.RecordCount == 0 && h.Zxid != segment.FirstZxid)
                {
                    why = $"first record has zxid 0x{h.Zxid:x} but the file is named for 0x{segment.FirstZxid:x}";
                }
                else if (commitOpen && h.CommitSequence != lastSequence)
                {
                    why = $"commit {lastSequence} is interrupted by a record of commit {h.CommitSequence}";
                }
                else if (!commitOpen && h.CommitSequence <= lastSequence)
                {
                    why = $"commit sequence {h.CommitSequence} does not follow {lastSequence}";
                }

                if (why is not null)
                {
                    return (why, at, openCommit);
                }

                previousZxid = h.Zxid;
                lastSequence = h.CommitSequence;
                commitOpen = !h.LastInCommit;
                segment.LastZxid = h.Zxid;
                segment.EndOffset = reader.Position;
                segment.RecordCount++;
                continue;
            }

            if (status is RecordStatus.End or RecordStatus.Incomplete)
            {
                if (reader.RestIsZero())
                {
                    return segment.RecordCount == 0 ? ("the file holds no records", at, null) : (null, 0, null);
                }

                return (status == RecordStatus.End ? "non-zero bytes after the end marker" : "record cut short by the end of the file", at, openCommit);
            }

            return (Describe(status, previousZxid), at, openCommit);
        }
    }

    private static string Describe(RecordStatus status, long previousZxid) => status switch
    {
        RecordStatus.BadLength => "record length out of range",
        RecordStatus.BadChecksum => "checksum mismatch",
        RecordStatus.BadCommitWord => "record has no commit sequence",
        RecordStatus.ZxidRegression => $"zxid does not increase past 0x{previousZxid:x}",
        _ => status.ToString(),
    };

    private void CutOrThrow(
        List<(long FirstZxid, string Name)> files,
        int index,
        LogSegment segment,
        long badOffset,
        string reason,
        long previousZxid,
        long lastSequence,
        long? openCommit)
    {
        string name = files[index].Name;
        byte[] bytes = ReadAll(name);
        string where = $"{device.Location}/{name} at offset {badOffset}";

        // Records past the bad bytes in the same file may belong to the torn commit (a page written before the
        // one before it); they must all belong to that one commit.
        long? tornCommit = openCommit;
        int dropped = 0;
        string? evidence = null;
        foreach (var (offset, h) in Candidates(bytes, (int)Math.Min(badOffset + 1, bytes.Length), previousZxid))
        {
            if (h.CommitSequence <= lastSequence && tornCommit != h.CommitSequence)
            {
                continue;
            }

            tornCommit ??= h.CommitSequence;
            if (h.CommitSequence != tornCommit)
            {
                Evidence(ref evidence, $"offset {offset} of the same file holds zxid 0x{h.Zxid:x} of commit {h.CommitSequence}, "
                    + $"written after commit {tornCommit} had been synced");
            }

            dropped++;
        }

        for (int j = index + 1; j < files.Count; j++)
        {
            foreach (var (offset, h) in Candidates(ReadAll(files[j].Name), 0, previousZxid))
            {
                if (h.CommitSequence > lastSequence)
                {
                    Evidence(ref evidence, $"the later file {files[j].Name} holds zxid 0x{h.Zxid:x} (offset {offset}), "
                        + "written after this file's last commit had been synced");
                    dropped++;
                }
            }
        }

        string? damage = evidence is null ? DamagedRecord(bytes, badOffset, previousZxid) : null;
        if (evidence is not null)
        {
            if (options.ForceSync)
            {
                throw Corrupt(where, reason, evidence);
            }

            // Without fsync nothing was ever promised durable and the disk may have kept any subset of the
            // writes, so "later records exist" proves nothing: cut, but say loudly what was lost.
            reason += $" (with forceSync off, cut although {evidence})";
        }
        else if (damage is not null)
        {
            if (options.ForceSync && !options.CutDamagedTail)
            {
                throw new TxnLogCorruptException($"txn log corrupt: {where}: {damage}. It is whole, so this is damage, not a torn write, "
                    + "and it may be an acknowledged transaction: restore this node's data from a healthy member or a backup.");
            }

            reason = options.CutDamagedTail
                ? $"{damage}; cut because this ensemble member gets the transactions after 0x{previousZxid:x} again from the leader"
                : $"{damage} (with forceSync off, cut: nothing was promised durable)";
            evidence = damage;
        }

        var deleted = new List<string>();
        for (int j = files.Count - 1; j > index; j--)
        {
            device.Delete(files[j].Name);
            deleted.Add(files[j].Name);
        }

        deleted.Reverse();
        bool deleteThis = segment.RecordCount == 0;
        if (deleteThis)
        {
            device.Delete(name);
        }

        if (deleteThis || deleted.Count > 0)
        {
            device.SyncDirectory();
        }

        if (!deleteThis)
        {
            using var file = device.Open(name);
            file.Truncate(badOffset);
            file.Sync();
            Segments.Add(segment);
        }

        Truncation = new TruncatedTail(name, deleteThis ? Math.Min(badOffset, TxnLogFileHeader.Size) : badOffset, bytes.Length, reason, dropped, previousZxid, deleted);
        log?.Log(evidence is null ? StorageLogLevel.Warning : StorageLogLevel.Error, Truncation.ToString());
    }

    private static void Evidence(ref string? evidence, string found) => evidence ??= found;

    /// <summary>
    /// Null when the record at <paramref name="offset"/> can be a torn write; else what is wrong with it: its length
    /// is in range, all its bytes are in the file, none of its 512-byte sectors (the unit a disk writes atomically)
    /// reads as unwritten zeros, it does not run out into the preallocated zeros, and still its checksum fails.
    /// </summary>
    private string? DamagedRecord(byte[] bytes, long offset, long previousZxid)
    {
        if (offset > bytes.Length - TxnLogRecordCodec.HeaderSize)
        {
            return null;
        }

        var record = bytes.AsSpan((int)offset);
        if (TxnLogRecordCodec.TryDecode(record, options.MaxRecordBytes, previousZxid, out _) != RecordStatus.BadChecksum)
        {
            return null;
        }

        int size = TxnLogRecordCodec.HeaderSize + System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(record[4..]);
        const int SectorBytes = 512;
        long end = offset + size;
        for (long sector = offset / SectorBytes * SectorBytes; sector < end; sector += SectorBytes)
        {
            long from = Math.Max(sector, offset);
            long to = Math.Min(sector + SectorBytes, end);
            if (!bytes.AsSpan((int)from, (int)(to - from)).ContainsAnyExcept((byte)0))
            {
                return null;
            }
        }

        // Zeros from inside the record to the end of the file: the preallocated space the rest was never written over.
        if (record[size - 1] == 0 && !bytes.AsSpan((int)end).ContainsAnyExcept((byte)0))
        {
            return null;
        }

        long zxid = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(record[8..]);
        return $"the record of zxid 0x{zxid:x} (as its header reads; the one after 0x{previousZxid:x}), {size} bytes, fails its checksum";
    }

    private static TxnLogCorruptException Corrupt(string where, string reason, string evidence) =>
        new($"txn log corrupt: {where}: {reason}, but {evidence}. Cutting the log here would lose committed "
            + "transactions; restore this node's data from a healthy member or a backup.");

    /// <summary>
    /// Every offset from <paramref name="start"/> where a checksum-valid record with a zxid above
    /// <paramref name="previousZxid"/> begins. Slow by design (tries every byte, skipping zero runs): it only runs
    /// after damage was found.
    /// </summary>
    private IEnumerable<(int Offset, TxnLogRecordHeader Header)> Candidates(byte[] bytes, int start, long previousZxid)
    {
        int p = start;
        while (p + TxnLogRecordCodec.HeaderSize <= bytes.Length)
        {
            var status = TxnLogRecordCodec.TryDecode(bytes.AsSpan(p), options.MaxRecordBytes, previousZxid, out var h);
            if (status == RecordStatus.Valid)
            {
                yield return (p, h);
                p += h.RecordSize;
                continue;
            }

            if (status is RecordStatus.End or RecordStatus.BadLength && !bytes.AsSpan(p + 4, 4).ContainsAnyExcept((byte)0))
            {
                // A record needs a non-zero length field at p+4..p+8: skip to 7 bytes before the next non-zero byte.
                int nonZero = bytes.AsSpan(p + 4).IndexOfAnyExcept((byte)0);
                if (nonZero < 0)
                {
                    yield break;
                }

                p = Math.Max(p + 1, p + 4 + nonZero - 7);
                continue;
            }

            p++;
        }
    }

    private byte[] ReadAll(string name)
    {
        using var file = device.Open(name);
        var bytes = new byte[file.Length];
        int n = file.Read(0, bytes);
        return n == bytes.Length ? bytes : bytes[..n];
    }
}
