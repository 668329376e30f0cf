namespace Zk.Node.Storage;

public enum StorageLogLevel
{
    Info,
    Warning,
    Error,
}
