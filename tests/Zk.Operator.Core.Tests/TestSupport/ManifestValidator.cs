namespace Zk.Operator.Core.Tests.TestSupport;

/// <summary>
/// The node validator under tests/manifests (kubernetes-models). Installs its packages from the
/// committed lock file once, the first time any test needs it.
/// </summary>
internal static class ManifestValidator
{
    private static readonly Lock InstallLock = new();
    private static bool installed;

    public static string Directory => RepoPaths.Of(Path.Combine("tests", "manifests"));

    public static Tool.Result Validate(IEnumerable<string> files)
    {
        EnsureInstalled();
        return Tool.Run("node", ["validate.mjs", .. files], Directory, TimeSpan.FromMinutes(2));
    }

    private static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (installed || System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "kubernetes-models")))
            {
                installed = true;
                return;
            }

            var result = Tool.Run("npm", ["ci", "--no-audit", "--no-fund"], Directory, TimeSpan.FromMinutes(5));
            Assert.True(result.ExitCode == 0, "npm ci in tests/manifests failed:\n" + result.Output);
            installed = true;
        }
    }
}
