using Zk.Node.Storage;

namespace Zk.Node.Server.Logging;

/// <summary>Line-oriented log to stdout: timestamp, level, component, message. Thread-safe.</summary>
public sealed class NodeLog(TimeProvider time, TextWriter output, string component = "zknode") : ILogSink
{
    private readonly Lock _gate = new();

    public static NodeLog Console(TimeProvider time) => new(time, System.Console.Out);

    public NodeLog For(string component) => new(time, output, component);

    void ILogSink.Log(StorageLogLevel level, string message) => Write(level switch
    {
        StorageLogLevel.Error => "ERROR",
        StorageLogLevel.Warning => "WARN",
        _ => "INFO",
    }, message);

    public void Info(string message) => Write("INFO", message);

    public void Warn(string message) => Write("WARN", message);

    public void Error(string message) => Write("ERROR", message);

    private void Write(string level, string message)
    {
        string line = $"{time.GetUtcNow():yyyy-MM-dd HH:mm:ss.fff} {level,-5} [{component}] {message}";
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
