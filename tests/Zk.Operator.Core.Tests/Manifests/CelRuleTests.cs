using System.Globalization;
using System.Text.RegularExpressions;
using Zk.Operator.Core.Crd;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Manifests;

/// <summary>
/// The CRD's CEL rules (x-kubernetes-validations) compiled and evaluated offline against the case table
/// tests/manifests/cel-cases.yaml, so a rule the API server would refuse at install, or one that lets
/// through what it should refuse, fails here rather than in a cluster.
/// </summary>
public sealed partial class CelRuleTests
{
    private static string Crd => RepoPaths.Of(CrdGenerator.RepositoryPath);

    private static string Cases => Path.Combine(ManifestValidator.Directory, "cel-cases.yaml");

    [Fact]
    public void Every_crd_rule_compiles_and_the_case_table_passes()
    {
        var result = ManifestValidator.CheckCelRules(Crd, Cases);

        Assert.True(result.ExitCode == 0, result.Output);
        var summary = Summary().Match(result.Stdout);
        Assert.True(summary.Success, result.Output);
        int rulesInCrd = RuleLine().Matches(File.ReadAllText(Crd)).Count;
        Assert.True(rulesInCrd > 0, "the CRD has no x-kubernetes-validations rules");
        Assert.Equal(rulesInCrd, int.Parse(summary.Groups["rules"].Value, CultureInfo.InvariantCulture));
        Assert.Equal("0", summary.Groups["problems"].Value);
    }

    [Theory]
    [InlineData("self.replicas % 2 == 1", "self.replicas % 2 == 0",
        "'replicas 4 is refused' (create)", "'replicas 3 is accepted' (create)")]
    [InlineData("self.replicas % 2 == 1", "self.replica % 2 == 1",
        "spec x-kubernetes-validations[0]: rule does not compile: No such key: replica", "'replicas 3 is accepted' (create)")]
    [InlineData("rule: self.size == oldSelf.size", "rule: self.size == self.size",
        "'storage.size changed is refused' (update)", "spec.storage x-kubernetes-validations[0]: no case is refused by this rule")]
    [InlineData("!k.startsWith('group.')", "!k.startsWith('groups.')",
        "'config group.x is refused' (create)", "but was accepted")]
    public void A_broken_rule_fails_the_check(string rule, string broken, string expectedFailure, string alsoExpected)
    {
        string text = File.ReadAllText(Crd);
        Assert.Contains(rule, text, StringComparison.Ordinal);
        string dir = Directory.CreateTempSubdirectory("zk-cel-").FullName;
        try
        {
            string mutated = Path.Combine(dir, "crd.yaml");
            File.WriteAllText(mutated, text.Replace(rule, broken, StringComparison.Ordinal));
            var result = ManifestValidator.CheckCelRules(mutated, Cases);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains(expectedFailure, result.Stderr, StringComparison.Ordinal);
            Assert.Contains(alsoExpected, result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex(@"cel: (?<rules>\d+) rules, \d+ cases passed, (?<problems>\d+) problems")]
    private static partial Regex Summary();

    [GeneratedRegex(@"^\s*- rule: ", RegexOptions.Multiline)]
    private static partial Regex RuleLine();
}
