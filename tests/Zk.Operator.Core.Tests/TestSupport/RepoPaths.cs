namespace Zk.Operator.Core.Tests.TestSupport;

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZkOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ZkOperator.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootPath.Value;

    public static string Of(string relative) => Path.Combine(Root, relative);

    public static string Golden(string name) => Of(Path.Combine("tests", "Zk.Operator.Core.Tests", "Golden", name));

    /// <summary>ZK_UPDATE_GOLDEN=1 rewrites golden files (and the committed CRD) instead of comparing.</summary>
    public static bool UpdateGolden => Environment.GetEnvironmentVariable("ZK_UPDATE_GOLDEN") == "1";
}
