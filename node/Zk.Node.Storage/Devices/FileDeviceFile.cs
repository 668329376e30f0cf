using Microsoft.Win32.SafeHandles;

namespace Zk.Node.Storage.Devices;

/// <summary>One open file of a <see cref="FileDevice"/>.</summary>
internal sealed class FileDeviceFile(FileDevice device, string name, SafeFileHandle handle) : IDurableFile
{
    public string Name { get; } = name;

    public long Length => RandomAccess.GetLength(handle);

    public int Read(long offset, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int n = RandomAccess.Read(handle, destination[total..], offset + total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    public void Write(long offset, ReadOnlySpan<byte> source) => RandomAccess.Write(handle, source, offset);

    public void Truncate(long length)
    {
        if (length < Length)
        {
            RandomAccess.SetLength(handle, length);
        }
    }

    // On Linux, fallocate reserves real zeroed blocks, so later commits into the chunk only write data and
    // their fsyncs need no block allocation. Elsewhere (or if the filesystem refuses) ftruncate up leaves a
    // sparse run that reads as zeros, which is what ZooKeeper gets by writing one byte at the new end.
    // Either way the following fsync makes the new size durable.
    public void Preallocate(long length)
    {
        long current = Length;
        if (length <= current)
        {
            return;
        }

        if (!NativeFileSpace.TryAllocate(handle, current, length - current))
        {
            RandomAccess.SetLength(handle, length);
        }
    }

    public void Sync()
    {
        RandomAccess.FlushToDisk(handle);
        device.CountFileSync();
    }

    public void Dispose() => handle.Dispose();
}
