using Zk.Node.Storage.Devices;

namespace Zk.Node.Storage.Tests.Devices;

/// <summary>A device that keeps only file lengths, so allocation measurements see the log's own costs alone.</summary>
internal sealed class DiscardingDevice : IDurableDevice
{
    private readonly Dictionary<string, DiscardingFile> _files = new(StringComparer.Ordinal);

    public string Location => "discard:/";

    public IReadOnlyList<string> List() => [.. _files.Keys];

    public bool Exists(string name) => _files.ContainsKey(name);

    public IDurableFile Create(string name) => _files[name] = new DiscardingFile(name);

    public IDurableFile Open(string name) => _files[name];

    public void Rename(string source, string destination)
    {
        _files[destination] = _files[source];
        _files.Remove(source);
    }

    public void Delete(string name) => _files.Remove(name);

    public void SyncDirectory()
    {
    }

    private sealed class DiscardingFile(string name) : IDurableFile
    {
        public string Name { get; } = name;

        public long Length { get; private set; }

        public int Read(long offset, Span<byte> destination) => 0;

        public void Write(long offset, ReadOnlySpan<byte> source) => Length = Math.Max(Length, offset + source.Length);

        public void Truncate(long length) => Length = Math.Min(Length, length);

        public void Preallocate(long length) => Length = Math.Max(Length, length);

        public void Sync()
        {
        }

        public void Dispose()
        {
        }
    }
}
