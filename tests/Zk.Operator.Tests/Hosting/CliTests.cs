using Zk.Operator.Hosting;

namespace Zk.Operator.Tests.Hosting;

public sealed class CliTests
{
    [Theory]
    [InlineData("run", "--watch-namespaces")]
    [InlineData("crd", "--output")]
    [InlineData("local", "--replicas")]
    public async Task Every_command_answers_help_with_its_options(string command, string option)
    {
        var (code, stdout, stderr) = await RunAsync([command, "--help"]);

        Assert.Equal(0, code);
        Assert.Contains(option, stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task Version_prints_a_version()
    {
        var (code, stdout, _) = await RunAsync(["--version"]);

        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+", stdout.Trim());
    }

    [Theory]
    [InlineData(new[] { "run", "--metrics-port", "http" }, "--metrics-port")]
    [InlineData(new[] { "run", "--leader-election", "maybe" }, "--leader-election")]
    [InlineData(new[] { "run", "--log-level", "Loud" }, "--log-level")]
    [InlineData(new[] { "run", "--watch-namespaces", "a,B_b" }, "B_b")]
    [InlineData(new[] { "run", "--no-such-flag" }, "--no-such-flag")]
    [InlineData(new[] { "nope" }, "nope")]
    [InlineData(new[] { "local", "--replicas", "abc" }, "--replicas")]
    [InlineData(new[] { "local", "--base-port", "80" }, "--base-port")]
    public async Task A_bad_value_is_one_line_naming_it_and_exit_2(string[] args, string named)
    {
        var (code, stdout, stderr) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(named, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task A_bad_environment_value_names_the_variable()
    {
        var (code, _, stderr) = await RunAsync(["run"], name => name == "ZK_OPERATOR_HEALTH_PORT" ? "99999" : null);

        Assert.Equal(2, code);
        Assert.Contains("ZK_OPERATOR_HEALTH_PORT", stderr, StringComparison.Ordinal);
        Assert.Contains("99999", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_kubeconfig_is_a_user_error_not_a_crash()
    {
        var (code, _, stderr) = await RunAsync(["run", "--kubeconfig", "/nonexistent/kubeconfig", "--leader-election=false"]);

        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/kubeconfig", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] args, Func<string, string?>? environment = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await Cli.RunAsync(args, stdout, stderr, environment ?? (_ => null), CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
