using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>Precedes each op in a multi request/reply (9 bytes); type -1 with done = true ends the list.</summary>
/// <remarks>Layout: type: int | done: boolean | err: int.</remarks>
public readonly record struct MultiHeader(int Type, bool Done, int Err) : IJuteRecord<MultiHeader>
{
    public static MultiHeader Read(ref JuteReader reader) => new(
        reader.ReadInt(),
        reader.ReadBool(),
        reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(Type);
        writer.WriteBool(Done);
        writer.WriteInt(Err);
    }
}
