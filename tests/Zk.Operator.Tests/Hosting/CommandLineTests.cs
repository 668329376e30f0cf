using Zk.Operator.Hosting;

namespace Zk.Operator.Tests.Hosting;

public sealed class CommandLineTests
{
    private static readonly HashSet<string> Booleans = ["leader-elect"];

    [Fact]
    public void Flags_take_values_in_both_spellings_and_may_repeat()
    {
        var line = CommandLine.Parse(["run", "--namespace", "a", "--namespace=b", "--metrics-port=9090", "--leader-elect=false"], Booleans);

        Assert.Equal("run", line.Command);
        Assert.Equal(["a", "b"], line.GetAll("namespace"));
        Assert.Equal(9090, line.GetInt("metrics-port", 8080, 0, 65535));
        Assert.False(line.GetBool("leader-elect", true));
        Assert.Equal(8081, line.GetInt("health-port", 8081, 0, 65535));
    }

    [Fact]
    public void A_boolean_flag_alone_means_true()
    {
        var line = CommandLine.Parse(["run", "--leader-elect", "--kubeconfig", "/k"], Booleans);

        Assert.True(line.GetBool("leader-elect", false));
        Assert.Equal("/k", line.Get("kubeconfig"));
    }

    [Theory]
    [InlineData(new[] { "--replicas", "3" }, "expected a command")]
    [InlineData(new[] { "local", "--replicas" }, "--replicas needs a value")]
    [InlineData(new[] { "local", "stray" }, "unexpected argument")]
    public void Malformed_lines_are_rejected_with_a_message(string[] args, string message)
    {
        var e = Assert.Throws<FormatException>(() => CommandLine.Parse(args, Booleans));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_flags_and_out_of_range_numbers_are_errors()
    {
        var line = CommandLine.Parse(["local", "--replica", "3", "--base-port", "70000"], Booleans);

        Assert.Contains("--replica", Assert.Throws<FormatException>(() => line.RejectUnknown("replicas", "base-port")).Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => line.GetInt("base-port", 2181, 1024, 65000));
    }
}
