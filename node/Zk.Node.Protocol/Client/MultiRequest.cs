using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>
/// Body of a multi (14) or multiRead (22) request. The codec accepts any mix of op types; whether a
/// multi may contain reads (it may not) or a multiRead writes (it may not) is the server's decision,
/// answered with an error rather than by closing the connection.
/// </summary>
/// <remarks>
/// <code>
/// ( MultiHeader{type=op, done=false, err=-1} | op request record )*  MultiHeader{type=-1, done=true, err=-1}
/// </code>
/// An op type without a request record in multi (e.g. exists, or a nested multi) is malformed input.
/// </remarks>
public readonly record struct MultiRequest(IReadOnlyList<MultiOperation> Ops) : IJuteRecord<MultiRequest>
{
    /// <summary>True when every op is a read, i.e. the body is acceptable for multiRead.</summary>
    public bool IsReadOnly => Ops.All(op => op.IsRead);

    public static MultiRequest Read(ref JuteReader reader)
    {
        var ops = new List<MultiOperation>();
        while (true)
        {
            var header = MultiHeader.Read(ref reader);
            if (header.Done)
            {
                return new MultiRequest(ops);
            }

            var type = (OpCode)header.Type;
            object record = type switch
            {
                OpCode.Create or OpCode.Create2 or OpCode.CreateContainer => CreateRequest.Read(ref reader),
                OpCode.CreateTtl => CreateTtlRequest.Read(ref reader),
                OpCode.Delete => DeleteRequest.Read(ref reader),
                OpCode.SetData => SetDataRequest.Read(ref reader),
                OpCode.Check => CheckVersionRequest.Read(ref reader),
                OpCode.GetData => GetDataRequest.Read(ref reader),
                OpCode.GetChildren => GetChildrenRequest.Read(ref reader),
                _ => throw new JuteException($"op type {header.Type} is not allowed in a multi request"),
            };
            ops.Add(new MultiOperation(type, record));
        }
    }

    /// <exception cref="ArgumentException">an op's record does not match its type (a programming error).</exception>
    public void Write(JuteWriter writer)
    {
        foreach (var op in Ops)
        {
            new MultiHeader((int)op.Type, Done: false, Err: -1).Write(writer);
            switch (op.Record)
            {
                case CreateRequest r when op.Type is OpCode.Create or OpCode.Create2 or OpCode.CreateContainer:
                    r.Write(writer);
                    break;
                case CreateTtlRequest r when op.Type == OpCode.CreateTtl:
                    r.Write(writer);
                    break;
                case DeleteRequest r when op.Type == OpCode.Delete:
                    r.Write(writer);
                    break;
                case SetDataRequest r when op.Type == OpCode.SetData:
                    r.Write(writer);
                    break;
                case CheckVersionRequest r when op.Type == OpCode.Check:
                    r.Write(writer);
                    break;
                case GetDataRequest r when op.Type == OpCode.GetData:
                    r.Write(writer);
                    break;
                case GetChildrenRequest r when op.Type == OpCode.GetChildren:
                    r.Write(writer);
                    break;
                default:
                    throw new ArgumentException($"multi op {op.Type} cannot carry a {op.Record?.GetType().Name ?? "null"} record", nameof(Ops));
            }
        }

        Terminator.Write(writer);
    }

    /// <summary>Ends the op list in both requests and replies.</summary>
    internal static readonly MultiHeader Terminator = new(Type: -1, Done: true, Err: -1);
}
