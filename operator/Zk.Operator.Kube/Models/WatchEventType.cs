namespace Zk.Operator.Kube.Models;

/// <summary>The wire spellings of <see cref="WatchEvent.Type"/>.</summary>
public static class WatchEventType
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
    public const string Error = "ERROR";
}
