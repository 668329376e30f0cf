namespace Zk.Node.Storage.Tests.Support;

/// <summary>Keeps every line storage logs so tests can assert that nothing was dropped silently.</summary>
internal sealed class RecordingLogSink : ILogSink
{
    public List<(StorageLogLevel Level, string Message)> Lines { get; } = [];

    public void Log(StorageLogLevel level, string message) => Lines.Add((level, message));
}
