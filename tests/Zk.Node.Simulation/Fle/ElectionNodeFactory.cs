using Zk.Node.Core.Quorum;

namespace Zk.Node.Simulation.Fle;

/// <summary>Builds one election node from its id, the configuration and its persisted history.</summary>
public delegate IElectionNode ElectionNodeFactory(long id, QuorumConfig config, long zxid, long peerEpoch);
