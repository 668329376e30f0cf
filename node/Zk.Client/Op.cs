using Zk.Node.Protocol.Data;

namespace Zk.Client;

/// <summary>One operation inside <see cref="ZkClient.MultiAsync"/>; all ops of a multi commit atomically under one zxid.</summary>
public abstract record Op(string Path)
{
    public static Op Create(string path, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode = CreateMode.Persistent) =>
        new CreateOp(path, data, acl, mode);

    public static Op Delete(string path, int version = -1) => new DeleteOp(path, version);

    public static Op SetData(string path, byte[]? data, int version = -1) => new SetDataOp(path, data, version);

    /// <summary>Fails the whole multi with BadVersion unless the node's version matches (-1 only checks existence).</summary>
    public static Op Check(string path, int version) => new CheckOp(path, version);

    public sealed record CreateOp(string Path, byte[]? Data, IReadOnlyList<Acl> Acl, CreateMode Mode) : Op(Path);

    public sealed record DeleteOp(string Path, int Version) : Op(Path);

    public sealed record SetDataOp(string Path, byte[]? Data, int Version) : Op(Path);

    public sealed record CheckOp(string Path, int Version) : Op(Path);
}
