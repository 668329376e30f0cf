using Zk.Node.Fuzz.Support;
using Zk.Node.Protocol.Client;

namespace Zk.Node.Fuzz.Client;

/// <summary>Re-encodes a decoded request body, for the round-trip property.</summary>
internal static class RequestEncoding
{
    public static byte[] Encode(object? record) => record switch
    {
        null => [],
        CreateRequest r => RecordCase.Encode(r),
        CreateTtlRequest r => RecordCase.Encode(r),
        DeleteRequest r => RecordCase.Encode(r),
        ExistsRequest r => RecordCase.Encode(r),
        GetDataRequest r => RecordCase.Encode(r),
        SetDataRequest r => RecordCase.Encode(r),
        GetAclRequest r => RecordCase.Encode(r),
        SetAclRequest r => RecordCase.Encode(r),
        GetChildrenRequest r => RecordCase.Encode(r),
        GetChildren2Request r => RecordCase.Encode(r),
        SyncRequest r => RecordCase.Encode(r),
        CheckVersionRequest r => RecordCase.Encode(r),
        MultiRequest r => RecordCase.Encode(r),
        ReconfigRequest r => RecordCase.Encode(r),
        CheckWatchesRequest r => RecordCase.Encode(r),
        RemoveWatchesRequest r => RecordCase.Encode(r),
        AuthPacket r => RecordCase.Encode(r),
        SetWatches r => RecordCase.Encode(r),
        SetWatches2 r => RecordCase.Encode(r),
        GetSaslRequest r => RecordCase.Encode(r),
        GetEphemeralsRequest r => RecordCase.Encode(r),
        GetAllChildrenNumberRequest r => RecordCase.Encode(r),
        AddWatchRequest r => RecordCase.Encode(r),
        _ => throw new ArgumentException($"no encoder for {record.GetType().Name}", nameof(record)),
    };
}
