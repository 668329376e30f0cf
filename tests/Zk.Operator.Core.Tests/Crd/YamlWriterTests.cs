using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;
using Zk.Operator.Core.Crd;

namespace Zk.Operator.Core.Tests.Crd;

public sealed class YamlWriterTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("False")]
    [InlineData("yes")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("2181")]
    [InlineData("0x1f")]
    [InlineData("1e3")]
    [InlineData(".5")]
    [InlineData("-1")]
    [InlineData("")]
    public void Strings_that_look_like_other_types_are_quoted(string text)
    {
        string yaml = YamlWriter.Write(new JsonObject { ["v"] = text });
        var scalar = ReadScalar(yaml);
        Assert.Equal(text, scalar.Value);
        Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, scalar.Style);
    }

    [Fact]
    public void Multi_line_strings_are_literal_blocks_and_read_back_unchanged()
    {
        const string text = "tickTime=2000\ninitLimit=10\n";
        string yaml = YamlWriter.Write(new JsonObject { ["v"] = text });
        Assert.Contains("v: |", yaml, StringComparison.Ordinal);
        Assert.Equal(text, ReadScalar(yaml).Value);
    }

    [Fact]
    public void Numbers_and_booleans_stay_plain()
    {
        string yaml = YamlWriter.Write(new JsonObject { ["count"] = 3, ["enabled"] = true });
        Assert.Equal("count: 3\nenabled: true\n", yaml);
    }

    [Fact]
    public void Documents_are_separated_by_three_dashes()
    {
        string yaml = YamlWriter.WriteDocuments([new JsonObject { ["a"] = 1 }, new JsonObject { ["b"] = 2 }]);
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        Assert.Equal(2, stream.Documents.Count);
    }

    private static YamlScalarNode ReadScalar(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var map = (YamlMappingNode)stream.Documents[0].RootNode;
        return (YamlScalarNode)map.Children[new YamlScalarNode("v")];
    }
}
