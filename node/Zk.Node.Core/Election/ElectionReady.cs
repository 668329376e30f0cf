using Zk.Node.Core.Quorum;

namespace Zk.Node.Core.Election;

/// <summary>
/// What the host must do after feeding inputs to <see cref="FastLeaderElection"/>, in this order: persist
/// <see cref="AdoptedConfig"/> (it replaces the dynamic configuration file), send <see cref="Messages"/> in list order,
/// then act on <see cref="Decision"/> (start leading, following or observing).
/// </summary>
public sealed class ElectionReady
{
    public List<OutboundNotification> Messages { get; } = [];

    /// <summary>Set when this server decided since the last batch.</summary>
    public ElectionDecision? Decision { get; set; }

    /// <summary>A newer configuration learnt from a notification while looking; the election restarted under it.</summary>
    public QuorumConfig? AdoptedConfig { get; set; }

    public bool IsEmpty => Messages.Count == 0 && Decision is null && AdoptedConfig is null;
}
