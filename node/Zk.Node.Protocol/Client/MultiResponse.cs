using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Client;

/// <summary>
/// Body of a multi (14) or multiRead (22) reply, sent after a ReplyHeader with err = 0 even when the multi failed.
/// </summary>
/// <remarks>
/// <code>
/// ( MultiHeader{type=result type, done=false, err=0 or the error code} | result record )*  MultiHeader{-1, true, -1}
/// </code>
/// A failed multi (<see cref="Failed"/>) turns every entry into an error entry: ops before the failing one
/// carry Ok (0), the failing op its code, later ops RuntimeInconsistency (-2).
/// </remarks>
public readonly record struct MultiResponse(IReadOnlyList<MultiResult> Results) : IJuteRecord<MultiResponse>
{
    /// <summary>The reply of a multi of <paramref name="opCount"/> ops whose op at <paramref name="failedIndex"/> failed with <paramref name="err"/>.</summary>
    public static MultiResponse Failed(int opCount, int failedIndex, KeeperErrorCode err)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(failedIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(failedIndex, opCount);
        var results = new MultiResult[opCount];
        for (int i = 0; i < opCount; i++)
        {
            var code = i < failedIndex ? KeeperErrorCode.Ok : i == failedIndex ? err : KeeperErrorCode.RuntimeInconsistency;
            results[i] = MultiResult.Error(code);
        }

        return new MultiResponse(results);
    }

    /// <summary>The first non-Ok error entry, which for a failed multi is the op that failed; null when there is none.</summary>
    public (int Index, KeeperErrorCode Err)? FirstError
    {
        get
        {
            for (int i = 0; i < Results.Count; i++)
            {
                if (Results[i].IsError && Results[i].Err != KeeperErrorCode.Ok)
                {
                    return (i, Results[i].Err);
                }
            }

            return null;
        }
    }

    public static MultiResponse Read(ref JuteReader reader)
    {
        var results = new List<MultiResult>();
        while (true)
        {
            var header = MultiHeader.Read(ref reader);
            if (header.Done)
            {
                return new MultiResponse(results);
            }

            var type = (OpCode)header.Type;
            results.Add(type switch
            {
                OpCode.Create => new MultiResult(type, KeeperErrorCode.Ok, CreateResponse.Read(ref reader)),
                OpCode.Create2 => new MultiResult(type, KeeperErrorCode.Ok, Create2Response.Read(ref reader)),
                OpCode.Delete or OpCode.Check => new MultiResult(type, KeeperErrorCode.Ok, null),
                OpCode.SetData => new MultiResult(type, KeeperErrorCode.Ok, SetDataResponse.Read(ref reader)),
                OpCode.GetData => new MultiResult(type, KeeperErrorCode.Ok, GetDataResponse.Read(ref reader)),
                OpCode.GetChildren => new MultiResult(type, KeeperErrorCode.Ok, GetChildrenResponse.Read(ref reader)),
                OpCode.Error => ReadError(ref reader),
                _ => throw new JuteException($"result type {header.Type} is not allowed in a multi response"),
            });
        }
    }

    /// <exception cref="ArgumentException">a result's record does not match its type (a programming error).</exception>
    public void Write(JuteWriter writer)
    {
        foreach (var result in Results)
        {
            int err = result.Type == OpCode.Error ? (int)result.Err : 0;
            new MultiHeader((int)result.Type, Done: false, err).Write(writer);
            switch (result.Record)
            {
                case CreateResponse r when result.Type == OpCode.Create:
                    r.Write(writer);
                    break;
                case Create2Response r when result.Type == OpCode.Create2:
                    r.Write(writer);
                    break;
                case null when result.Type is OpCode.Delete or OpCode.Check:
                    break;
                case SetDataResponse r when result.Type == OpCode.SetData:
                    r.Write(writer);
                    break;
                case GetDataResponse r when result.Type == OpCode.GetData:
                    r.Write(writer);
                    break;
                case GetChildrenResponse r when result.Type == OpCode.GetChildren:
                    r.Write(writer);
                    break;
                case ErrorResponse r when result.Type == OpCode.Error && r.Err == (int)result.Err:
                    r.Write(writer);
                    break;
                default:
                    throw new ArgumentException($"multi result {result.Type}/{result.Err} cannot carry a {result.Record?.GetType().Name ?? "null"} record", nameof(Results));
            }
        }

        MultiRequest.Terminator.Write(writer);
    }

    private static MultiResult ReadError(ref JuteReader reader)
    {
        // ZooKeeper's client takes the code from the ErrorResponse, not from the header.
        var error = ErrorResponse.Read(ref reader);
        return new MultiResult(OpCode.Error, (KeeperErrorCode)error.Err, error);
    }
}
