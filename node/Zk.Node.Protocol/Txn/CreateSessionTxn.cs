using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>createSession transaction: the negotiated session timeout.</summary>
/// <remarks>Layout: timeOut: int.</remarks>
public readonly record struct CreateSessionTxn(int TimeOut) : IJuteRecord<CreateSessionTxn>
{
    public static CreateSessionTxn Read(ref JuteReader reader) => new(reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(TimeOut);
    }
}
