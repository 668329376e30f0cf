namespace Zk.Node.Protocol.Client;

/// <summary>
/// One entry of a multi / multiRead reply. <see cref="Type"/> is the result type ZooKeeper writes, which is
/// not always the op's type: createContainer and createTTL ops answer as create2, and every entry of a
/// failed multi answers as error (-1). <see cref="Err"/> is Ok except for error entries.
/// </summary>
/// <remarks>
/// Record per type: create → CreateResponse, create2 → Create2Response, delete/check → null,
/// setData → SetDataResponse, getData → GetDataResponse, getChildren → GetChildrenResponse,
/// error → ErrorResponse (same code as <see cref="Err"/>).
/// </remarks>
public readonly record struct MultiResult(OpCode Type, KeeperErrorCode Err, object? Record)
{
    public static MultiResult Create(string path) => new(OpCode.Create, KeeperErrorCode.Ok, new CreateResponse(path));

    /// <summary>The result of create2, createContainer and createTTL ops.</summary>
    public static MultiResult Create2(string path, Data.Stat stat) => new(OpCode.Create2, KeeperErrorCode.Ok, new Create2Response(path, stat));

    public static MultiResult Delete() => new(OpCode.Delete, KeeperErrorCode.Ok, null);

    public static MultiResult Check() => new(OpCode.Check, KeeperErrorCode.Ok, null);

    public static MultiResult SetData(Data.Stat stat) => new(OpCode.SetData, KeeperErrorCode.Ok, new SetDataResponse(stat));

    public static MultiResult GetData(byte[]? data, Data.Stat stat) => new(OpCode.GetData, KeeperErrorCode.Ok, new GetDataResponse(data, stat));

    public static MultiResult GetChildren(IReadOnlyList<string> children) => new(OpCode.GetChildren, KeeperErrorCode.Ok, new GetChildrenResponse(children));

    public static MultiResult Error(KeeperErrorCode err) => new(OpCode.Error, err, new ErrorResponse((int)err));

    public bool IsError => Type == OpCode.Error;
}
