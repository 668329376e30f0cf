using Zk.Node.Storage.Devices;

namespace Zk.Node.Storage.Tests.Devices;

/// <summary>A handle on a <see cref="SimulatedInode"/>; it stops working when its device crashes.</summary>
internal sealed class SimulatedFile(SimulatedDevice device, string name, SimulatedInode inode) : IDurableFile
{
    private readonly int _generation = device.Generation;
    private bool _disposed;

    public string Name { get; } = name;

    public long Length
    {
        get
        {
            Check();
            return inode.Length;
        }
    }

    public int Read(long offset, Span<byte> destination)
    {
        Check();
        return inode.Read(offset, destination);
    }

    public void Write(long offset, ReadOnlySpan<byte> source)
    {
        Check();
        device.Tick();
        inode.Write(offset, source);
    }

    public void Truncate(long length)
    {
        Check();
        if (length < inode.Length)
        {
            device.Tick();
            inode.SetLength(length);
        }
    }

    public void Preallocate(long length)
    {
        Check();
        if (length > inode.Length)
        {
            device.Tick();
            inode.SetLength(length);
        }
    }

    public void Sync()
    {
        Check();
        device.Tick();
        inode.Sync();
        device.CountFileSync();
    }

    public void Dispose() => _disposed = true;

    private void Check()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (device.Generation != _generation)
        {
            throw new IOException("the device crashed; this handle is gone");
        }
    }
}
