using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Peer;

/// <summary>FOLLOWERINFO / OBSERVERINFO packet data: who the learner is and which config it has.</summary>
/// <remarks>Layout: serverid: long | protocolVersion: int | configVersion: long.</remarks>
public readonly record struct LearnerInfo(long Serverid, int ProtocolVersion, long ConfigVersion) : IJuteRecord<LearnerInfo>
{
    public static LearnerInfo Read(ref JuteReader reader) => new(
        reader.ReadLong(),
        reader.ReadInt(),
        reader.ReadLong());

    public void Write(JuteWriter writer)
    {
        writer.WriteLong(Serverid);
        writer.WriteInt(ProtocolVersion);
        writer.WriteLong(ConfigVersion);
    }
}
