namespace Zk.Node.Storage;

/// <summary>
/// Where storage reports what it did on its own initiative (a torn tail cut, an invalid snapshot skipped).
/// The host adapts it to its logger; storage never decides silently that data is gone.
/// </summary>
public interface ILogSink
{
    void Log(StorageLogLevel level, string message);
}
