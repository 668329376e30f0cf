namespace Zk.Node.Server.Hosting;

/// <summary>Facts about this process that monitoring reports.</summary>
internal sealed class NodeInfo(long startedAtMs, string mode, string version)
{
    public string Version { get; } = version;

    public long StartedAtMs { get; } = startedAtMs;

    public string Mode { get; set; } = mode;

    public string BuildDate { get; } = "2026-11-22 00:00 UTC";

    public long TraceMask { get; set; } = 306;

    /// <summary>False while an ensemble member is electing or syncing: four-letter words then say so.</summary>
    public bool Serving { get; set; } = true;

    /// <summary>Ensemble-only mntr lines (zk_peer_state, zk_quorum_size, ...), read on the core thread.</summary>
    public Func<IReadOnlyList<(string Key, object Value)>>? ExtraMonitorValues { get; set; }
}
