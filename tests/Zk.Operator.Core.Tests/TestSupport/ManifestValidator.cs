using System.Text.Json;

namespace Zk.Operator.Core.Tests.TestSupport;

/// <summary>
/// The node tools under tests/manifests: the schema validator (kubernetes-models) and the CEL rule checker
/// (@marcbachmann/cel-js). Installs their packages from the committed lock file once, the first time any
/// test needs them, or again when a package of package.json is missing from node_modules.
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

    /// <summary>Compiles the CRD's CEL rules and runs the case table (tests/manifests/cel-cases.yaml format).</summary>
    public static Tool.Result CheckCelRules(string crdFile, string casesFile)
    {
        EnsureInstalled();
        return Tool.Run("node", ["cel-check.mjs", crdFile, casesFile], Directory, TimeSpan.FromMinutes(2));
    }

    private static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (installed || AllPackagesPresent())
            {
                installed = true;
                return;
            }

            var result = Tool.Run("npm", ["ci", "--no-audit", "--no-fund"], Directory, TimeSpan.FromMinutes(5));
            Assert.True(result.ExitCode == 0, "npm ci in tests/manifests failed:\n" + result.Output);
            installed = true;
        }
    }

    private static bool AllPackagesPresent()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "package.json")));
        return manifest.RootElement.GetProperty("dependencies").EnumerateObject()
            .All(package => System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", package.Name)));
    }
}
