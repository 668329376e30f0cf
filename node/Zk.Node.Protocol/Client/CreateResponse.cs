using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>create (1) reply: the actual path, including any sequence suffix.</summary>
/// <remarks>Layout: path: ustring.</remarks>
public readonly record struct CreateResponse(string Path) : IJuteRecord<CreateResponse>
{
    public static CreateResponse Read(ref JuteReader reader) => new(reader.ReadString() ?? "");

    public void Write(JuteWriter writer)
    {
        writer.WriteString(Path);
    }
}
