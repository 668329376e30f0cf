namespace Zk.Node.Server.Hosting;

/// <summary>Facts about this process that monitoring reports.</summary>
internal sealed class NodeInfo(long startedAtMs, string mode, string version)
{
    public string Version { get; } = version;

    public long StartedAtMs { get; } = startedAtMs;

    public string Mode { get; set; } = mode;

    public string BuildDate { get; } = "2026-11-22 00:00 UTC";

    public long TraceMask { get; set; } = 306;
}
