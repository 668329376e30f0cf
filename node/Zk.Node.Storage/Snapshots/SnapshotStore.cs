using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using Zk.Node.Storage.Checksums;
using Zk.Node.Storage.Devices;

namespace Zk.Node.Storage.Snapshots;

/// <summary>
/// Fuzzy snapshots of the data tree as opaque payloads (the core serializes), one file per snapshot named
/// <c>snapshot.&lt;zxid hex&gt;</c> as in ZooKeeper (<see cref="SnapshotFileFormat"/> draws the layout).
/// A snapshot is written to <c>snapshot.&lt;zxid hex&gt;.tmp</c>, fsynced, renamed into place and the directory
/// fsynced, so a crash leaves either no snapshot of that zxid or a complete one. Reading skips invalid files and
/// reports each through the log sink. Directory changes are serialized by a lock so a background snapshot
/// thread and a purge may run concurrently; the device itself must then tolerate concurrent use of distinct files.
/// </summary>
public sealed class SnapshotStore(IDurableDevice directory, ILogSink? log = null)
{
    private readonly Lock _gate = new();

    // Published snapshot files never change, so one that validated (or that this store wrote and fsynced) stays
    // valid while its length is unchanged: purge after every snapshot then costs a directory listing, not a
    // re-read of every retained snapshot.
    private readonly ConcurrentDictionary<string, long> _validated = new(StringComparer.Ordinal);

    /// <summary>Writes, fsyncs and publishes a snapshot of the state after <paramref name="zxid"/>.</summary>
    public void Write(long zxid, ReadOnlySpan<byte> payload)
    {
        string temp = TempName(zxid);
        using (var file = directory.Create(temp))
        {
            Span<byte> header = stackalloc byte[SnapshotFileFormat.HeaderSize];
            SnapshotFileFormat.WriteHeader(header, zxid, payload.Length);
            Span<byte> trailer = stackalloc byte[SnapshotFileFormat.TrailerSize];
            BinaryPrimitives.WriteUInt32BigEndian(trailer, SnapshotFileFormat.Checksum(Crc32C.Update(Crc32C.Initial, payload), header));
            file.Write(0, header);
            file.Write(SnapshotFileFormat.HeaderSize, payload);
            file.Write(SnapshotFileFormat.HeaderSize + payload.Length, trailer);
            file.Sync();
        }

        Publish(temp, zxid, SnapshotFileFormat.HeaderSize + payload.Length + SnapshotFileFormat.TrailerSize);
    }

    /// <summary>Streaming variant: <paramref name="writePayload"/> serializes straight into the file through a window buffer.</summary>
    public void Write(long zxid, Action<IBufferWriter<byte>> writePayload)
    {
        ArgumentNullException.ThrowIfNull(writePayload);
        string temp = TempName(zxid);
        long payloadLength;
        using (var file = directory.Create(temp))
        {
            var writer = new SnapshotPayloadWriter(file, SnapshotFileFormat.HeaderSize);
            writePayload(writer);
            writer.Flush();
            Span<byte> header = stackalloc byte[SnapshotFileFormat.HeaderSize];
            SnapshotFileFormat.WriteHeader(header, zxid, writer.Written);
            Span<byte> trailer = stackalloc byte[SnapshotFileFormat.TrailerSize];
            BinaryPrimitives.WriteUInt32BigEndian(trailer, SnapshotFileFormat.Checksum(writer.ChecksumState, header));
            file.Write(0, header);
            file.Write(SnapshotFileFormat.HeaderSize + writer.Written, trailer);
            file.Sync();
            payloadLength = writer.Written;
        }

        Publish(temp, zxid, SnapshotFileFormat.HeaderSize + payloadLength + SnapshotFileFormat.TrailerSize);
    }

    /// <summary>Published snapshots (not validated), newest first.</summary>
    public IReadOnlyList<SnapshotInfo> List()
    {
        var snapshots = new List<SnapshotInfo>();
        lock (_gate)
        {
            foreach (string name in directory.List())
            {
                if (ZxidFileName.TryParse(name, SnapshotFileFormat.Prefix, out long zxid))
                {
                    using var file = directory.Open(name);
                    snapshots.Add(new SnapshotInfo(zxid, name, file.Length));
                }
            }
        }

        snapshots.Sort((a, b) => b.Zxid.CompareTo(a.Zxid));
        return snapshots;
    }

    /// <summary>The newest snapshot that validates; invalid newer ones are skipped with a warning each.</summary>
    public bool TryReadLatestValid(out long zxid, out byte[] payload)
    {
        foreach (var snapshot in List())
        {
            if (TryRead(snapshot, out payload))
            {
                zxid = snapshot.Zxid;
                return true;
            }
        }

        zxid = 0;
        payload = [];
        return false;
    }

    /// <summary>
    /// The zxids of the newest <paramref name="count"/> valid snapshots, newest first (ZooKeeper's
    /// findNValidSnapshots). A file this store wrote or already validated, at its validated length, is not re-read.
    /// </summary>
    public IReadOnlyList<long> FindValid(int count)
    {
        var valid = new List<long>();
        foreach (var snapshot in List())
        {
            if (valid.Count == count)
            {
                break;
            }

            if ((_validated.TryGetValue(snapshot.FileName, out long length) && length == snapshot.Length) || TryRead(snapshot, out _))
            {
                valid.Add(snapshot.Zxid);
            }
        }

        return valid;
    }

    /// <summary>
    /// Deletes snapshots (valid or not) and leftover <c>.tmp</c> files with a zxid below <paramref name="zxid"/>;
    /// a newer <c>.tmp</c> may be a snapshot being written right now and is left alone. Returns the deleted names.
    /// </summary>
    public IReadOnlyList<string> DeleteOlderThan(long zxid)
    {
        var deleted = new List<string>();
        lock (_gate)
        {
            foreach (string name in directory.List())
            {
                string stem = name.EndsWith(SnapshotFileFormat.TempSuffix, StringComparison.Ordinal)
                    ? name[..^SnapshotFileFormat.TempSuffix.Length]
                    : name;
                if (ZxidFileName.TryParse(stem, SnapshotFileFormat.Prefix, out long fileZxid) && fileZxid < zxid)
                {
                    directory.Delete(name);
                    _validated.TryRemove(name, out _);
                    deleted.Add(name);
                }
            }

            if (deleted.Count > 0)
            {
                directory.SyncDirectory();
            }
        }

        deleted.Sort(StringComparer.Ordinal);
        return deleted;
    }

    private bool TryRead(SnapshotInfo snapshot, out byte[] payload)
    {
        payload = [];
        string? reason;
        try
        {
            reason = ReadValidated(snapshot, ref payload);
        }
        catch (FileNotFoundException)
        {
            // Purged between listing and reading: an older snapshot than one still retained, so not a loss.
            reason = "deleted while being read";
        }

        if (reason is not null)
        {
            log?.Log(StorageLogLevel.Warning, $"skipping invalid snapshot {directory.Location}/{snapshot.FileName}: {reason}");
            payload = [];
            _validated.TryRemove(snapshot.FileName, out _);
            return false;
        }

        _validated[snapshot.FileName] = snapshot.Length;
        return true;
    }

    // Reads the payload straight into its final array: a snapshot can be most of the node's memory.
    private string? ReadValidated(SnapshotInfo snapshot, ref byte[] payload)
    {
        using var file = directory.Open(snapshot.FileName);
        long fileLength = file.Length;
        Span<byte> header = stackalloc byte[SnapshotFileFormat.HeaderSize];
        int n = file.Read(0, header);
        string? reason = SnapshotFileFormat.ValidateHeader(header[..n], snapshot.Zxid, fileLength, out long length);
        if (reason is not null)
        {
            return reason;
        }

        if (length > Array.MaxLength)
        {
            return $"a payload of {length} bytes is more than one array can hold";
        }

        payload = GC.AllocateUninitializedArray<byte>((int)length);
        Span<byte> trailer = stackalloc byte[SnapshotFileFormat.TrailerSize];
        if (file.Read(SnapshotFileFormat.HeaderSize, payload) != length
            || file.Read(SnapshotFileFormat.HeaderSize + length, trailer) != trailer.Length)
        {
            return "file changed while being read";
        }

        return SnapshotFileFormat.ValidateChecksum(header, payload, trailer);
    }

    private static string TempName(long zxid) => ZxidFileName.Format(SnapshotFileFormat.Prefix, zxid) + SnapshotFileFormat.TempSuffix;

    private void Publish(string temp, long zxid, long fileLength)
    {
        string name = ZxidFileName.Format(SnapshotFileFormat.Prefix, zxid);
        lock (_gate)
        {
            directory.Rename(temp, name);
            directory.SyncDirectory();
        }

        _validated[name] = fileLength;
    }
}
