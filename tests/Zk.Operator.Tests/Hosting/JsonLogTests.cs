using System.Text.Json;
using Zk.Operator.Hosting;
using Zk.Operator.Tests.Support;

namespace Zk.Operator.Tests.Hosting;

public sealed class JsonLogTests
{
    [Fact]
    public void Log_lines_are_one_json_object_each_with_typed_fields()
    {
        var output = new StringWriter();
        var log = new JsonLog(output, new ManualTimeProvider(), "controller");

        log.Info("executed step", ("object", "ns/zk"), ("replicas", 3), ("ok", true), ("took", TimeSpan.FromMilliseconds(12.5)));
        log.Error("failed", ("error", new InvalidOperationException("boom\nline two")));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("2025-01-01T00:00:00.000Z", first.RootElement.GetProperty("ts").GetString());
        Assert.Equal("info", first.RootElement.GetProperty("level").GetString());
        Assert.Equal("controller", first.RootElement.GetProperty("logger").GetString());
        Assert.Equal(3, first.RootElement.GetProperty("replicas").GetInt32());
        Assert.True(first.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(12.5, first.RootElement.GetProperty("took").GetDouble());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("InvalidOperationException: boom\nline two", second.RootElement.GetProperty("error").GetString());
    }
}
