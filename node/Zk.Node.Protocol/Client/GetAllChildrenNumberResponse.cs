using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>getAllChildrenNumber (104) reply: count of all descendants.</summary>
/// <remarks>Layout: totalNumber: int.</remarks>
public readonly record struct GetAllChildrenNumberResponse(int TotalNumber) : IJuteRecord<GetAllChildrenNumberResponse>
{
    public static GetAllChildrenNumberResponse Read(ref JuteReader reader) => new(reader.ReadInt());

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(TotalNumber);
    }
}
