namespace Zk.Node.Protocol.Client;

/// <summary>
/// One op of a multi (14) or multiRead (22) request. <see cref="Record"/> is the request record the
/// op type implies: CreateRequest for create/create2/createContainer, CreateTtlRequest for createTTL,
/// DeleteRequest, SetDataRequest, CheckVersionRequest, and for multiRead GetDataRequest or GetChildrenRequest.
/// </summary>
public readonly record struct MultiOperation(OpCode Type, object Record)
{
    /// <summary>True when <paramref name="record"/> is the request record ZooKeeper pairs with <paramref name="type"/> inside a multi.</summary>
    public static bool IsValidPair(OpCode type, object? record) => type switch
    {
        OpCode.Create or OpCode.Create2 or OpCode.CreateContainer => record is CreateRequest,
        OpCode.CreateTtl => record is CreateTtlRequest,
        OpCode.Delete => record is DeleteRequest,
        OpCode.SetData => record is SetDataRequest,
        OpCode.Check => record is CheckVersionRequest,
        OpCode.GetData => record is GetDataRequest,
        OpCode.GetChildren => record is GetChildrenRequest,
        _ => false,
    };

    /// <summary>getData and getChildren: the only ops a multiRead may carry.</summary>
    public bool IsRead => Type is OpCode.GetData or OpCode.GetChildren;
}
