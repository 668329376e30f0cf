namespace Zk.Operator.Tests.Support;

/// <summary>
/// Finds the published operator for tests that run it as a process: ZK_OPERATOR_BIN, else out/zk-operator/zk-operator
/// under the current folder or the nearest folder above holding it (`make build` publishes it there).
/// </summary>
internal static class OperatorBinary
{
    public const string Variable = "ZK_OPERATOR_BIN";

    public const string Missing = "zk-operator is not published: run `make build` (or `dotnet publish operator/Zk.Operator -c Release -o out/zk-operator`) or set ZK_OPERATOR_BIN";

    public static readonly Lazy<string?> Path = new(Find);

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment)
        {
            return File.Exists(fromEnvironment) ? fromEnvironment : null;
        }

        string relative = System.IO.Path.Combine("out", "zk-operator", "zk-operator");
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = System.IO.Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
