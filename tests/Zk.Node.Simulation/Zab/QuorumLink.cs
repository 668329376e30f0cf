using Zk.Node.Protocol.Peer;

namespace Zk.Node.Simulation.Zab;

/// <summary>One quorum connection: in order per direction, each packet after a random delay (a TCP stream).</summary>
internal sealed class QuorumLink
{
    private readonly List<(long At, long From, long To, QuorumPacket Packet)> _packets = [];
    private readonly Dictionary<long, long> _lastAt = [];

    public void Add(long from, long to, QuorumPacket packet, long at)
    {
        at = Math.Max(at, _lastAt.GetValueOrDefault(from));
        _lastAt[from] = at;
        _packets.Add((at, from, to, packet));
    }

    public bool IsEmpty => _packets.Count == 0;

    /// <summary>Loses everything <paramref name="from"/> sent that has not arrived yet.</summary>
    public void DropFrom(long from) => _packets.RemoveAll(p => p.From == from);

    public bool TryTake(long now, out long from, out long to, out QuorumPacket packet)
    {
        int index = _packets.FindIndex(p => p.At <= now);
        if (index < 0)
        {
            (from, to, packet) = (0, 0, default);
            return false;
        }

        (_, from, to, packet) = _packets[index];
        _packets.RemoveAt(index);
        return true;
    }
}
