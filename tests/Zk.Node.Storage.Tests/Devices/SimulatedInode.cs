namespace Zk.Node.Storage.Tests.Devices;

/// <summary>One file's bytes: the durable image plus the operations since the last fsync, replayed at a crash.</summary>
internal sealed class SimulatedInode
{
    private readonly List<(long Offset, byte[]? Data, long Length)> _pending = [];
    private byte[] _durable = [];
    private byte[] _data = [];
    private long _length;

    public long Length => _length;

    public byte[] Contents() => _data.AsSpan(0, (int)_length).ToArray();

    public int Read(long offset, Span<byte> destination)
    {
        if (offset >= _length)
        {
            return 0;
        }

        int n = (int)Math.Min(destination.Length, _length - offset);
        _data.AsSpan((int)offset, n).CopyTo(destination);
        return n;
    }

    public void Write(long offset, ReadOnlySpan<byte> source)
    {
        var copy = source.ToArray();
        _pending.Add((offset, copy, 0));
        Apply(ref _data, ref _length, offset, copy);
    }

    public void SetLength(long length)
    {
        _pending.Add((0, null, length));
        Resize(ref _data, ref _length, length);
    }

    public void Sync()
    {
        _durable = Contents();
        _pending.Clear();
    }

    public void ReplaceDurably(byte[] contents)
    {
        _durable = (byte[])contents.Clone();
        _data = (byte[])contents.Clone();
        _length = contents.Length;
        _pending.Clear();
    }

    /// <summary>What a crash leaves of this file: the durable image with each pending operation applied, skipped or torn.</summary>
    public SimulatedInode Crash(Random random, int sectorBytes)
    {
        var data = (byte[])_durable.Clone();
        long length = data.Length;
        foreach (var (offset, write, newLength) in _pending)
        {
            int fate = random.Next(3);
            if (fate == 0)
            {
                continue;
            }

            if (write is null)
            {
                Resize(ref data, ref length, newLength);
            }
            else if (fate == 1)
            {
                Apply(ref data, ref length, offset, write);
            }
            else
            {
                // Torn: each sector the write touches either made it to the platter or did not.
                long first = offset / sectorBytes * sectorBytes;
                for (long sector = first; sector < offset + write.Length; sector += sectorBytes)
                {
                    if (random.Next(2) == 0)
                    {
                        continue;
                    }

                    long from = Math.Max(sector, offset);
                    long to = Math.Min(sector + sectorBytes, offset + write.Length);
                    Apply(ref data, ref length, from, write.AsSpan((int)(from - offset), (int)(to - from)));
                }
            }
        }

        var survivor = new SimulatedInode();
        survivor.ReplaceDurably(data.AsSpan(0, (int)length).ToArray());
        return survivor;
    }

    private static void Apply(ref byte[] data, ref long length, long offset, ReadOnlySpan<byte> source)
    {
        long end = offset + source.Length;
        if (end > length)
        {
            Resize(ref data, ref length, end);
        }

        source.CopyTo(data.AsSpan((int)offset));
    }

    private static void Resize(ref byte[] data, ref long length, long newLength)
    {
        if (newLength > data.Length)
        {
            Array.Resize(ref data, (int)Math.Max(newLength, data.Length * 2L));
        }

        if (newLength < length)
        {
            data.AsSpan((int)newLength, (int)(length - newLength)).Clear();
        }

        length = newLength;
    }
}
