using Zk.Operator.Runtime;

namespace Zk.Operator.Tests.Support;

/// <summary>Finds the zknode binary for end-to-end tests: ZKNODE_BIN (set by `make test`), else out/zknode/zknode of the repository.</summary>
internal static class Zknode
{
    public static readonly Lazy<string?> Binary = new(() =>
    {
        string path = LocalRuntimeOptions.DefaultBinary();
        return File.Exists(path) ? path : null;
    });

    public const string Missing = "zknode is not built: run `make build` (or `dotnet publish node/Zk.Node.Server -c Release -o out/zknode`) or set ZKNODE_BIN";
}
