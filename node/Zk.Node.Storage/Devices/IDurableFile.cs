namespace Zk.Node.Storage.Devices;

/// <summary>A file of an <see cref="IDurableDevice"/> with positional I/O; writes become durable at <see cref="Sync"/>.</summary>
public interface IDurableFile : IDisposable
{
    string Name { get; }

    long Length { get; }

    /// <summary>Reads up to <c>destination.Length</c> bytes at <paramref name="offset"/>; fewer only at the end of the file.</summary>
    int Read(long offset, Span<byte> destination);

    /// <summary>Writes all of <paramref name="source"/> at <paramref name="offset"/>, growing the file if needed.</summary>
    void Write(long offset, ReadOnlySpan<byte> source);

    /// <summary>Writes at the current end of the file.</summary>
    void Append(ReadOnlySpan<byte> source) => Write(Length, source);

    /// <summary>Shrinks the file to <paramref name="length"/> bytes (no-op if it is not longer).</summary>
    void Truncate(long length);

    /// <summary>Grows the file to <paramref name="length"/> bytes of zeros (no-op if it is not shorter).</summary>
    void Preallocate(long length);

    /// <summary>fsync: the file's data and size are durable when this returns.</summary>
    void Sync();
}
