namespace Zk.Node.Storage.TxnLog;

/// <summary>ZooKeeper's naming: <c>log.&lt;zxid of the first record, lower-case hex&gt;</c>.</summary>
internal static class LogFileNames
{
    public const string Prefix = "log.";

    public static string For(long firstZxid) => ZxidFileName.Format(Prefix, firstZxid);

    public static bool TryParse(string name, out long firstZxid) => ZxidFileName.TryParse(name, Prefix, out firstZxid);

    /// <summary>The device's log files, oldest first.</summary>
    public static List<(long FirstZxid, string Name)> List(Devices.IDurableDevice device)
    {
        var files = new List<(long, string)>();
        foreach (string name in device.List())
        {
            if (TryParse(name, out long zxid))
            {
                files.Add((zxid, name));
            }
        }

        files.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return files;
    }
}
