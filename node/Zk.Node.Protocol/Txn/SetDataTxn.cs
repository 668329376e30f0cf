using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>setData transaction, also reconfig (new data of /zookeeper/config); version is the new version.</summary>
/// <remarks>Layout: path: ustring | data: buffer | version: int.</remarks>
public readonly record struct SetDataTxn(string Path, byte[]? Data, int Version) : IJuteRecord<SetDataTxn>
{
    public static SetDataTxn Read(ref JuteReader reader) => new(
        reader.ReadString() ?? "",
        reader.ReadBuffer(),
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data);
        writer.WriteInt(Version);
    }
}
