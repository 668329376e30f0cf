using System.Text.Json.Nodes;
using Zk.Operator.Core.Crd;

namespace Zk.Operator.Core.Tests.Crd;

public sealed class YamlReaderTests
{
    [Fact]
    public void Plain_scalars_are_typed_as_kubectl_reads_them_and_quoted_ones_stay_strings()
    {
        var tree = YamlReader.ReadObject("""
            spec:
              replicas: 3
              ratio: 0.5
              enabled: true
              off: False
              nothing: null
              tilde: ~
              empty:
              version: "3"
              image: zknode:1.2
              block: |
                line one
              list: [a, 2]
            """);

        var expected = JsonNode.Parse("""
            {"spec":{"replicas":3,"ratio":0.5,"enabled":true,"off":false,"nothing":null,"tilde":null,"empty":null,
             "version":"3","image":"zknode:1.2","block":"line one\n","list":["a",2]}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, tree), tree.ToJsonString());
    }

    [Fact]
    public void What_the_yaml_writer_writes_reads_back_to_the_same_tree()
    {
        var tree = JsonNode.Parse("""{"a":"true","b":"0x10","c":"","d":[1,"1",{"e":null}],"f":"two\nlines\n","g":-7}""")!.AsObject();

        Assert.True(JsonNode.DeepEquals(tree, YamlReader.ReadObject(YamlWriter.Write(tree))));
    }

    [Theory]
    [InlineData("spec: [unclosed")]
    [InlineData("- a list\n- at the top")]
    [InlineData("")]
    public void Text_that_is_not_a_yaml_mapping_is_a_format_error(string text)
    {
        Assert.Throws<FormatException>(() => YamlReader.ReadObject(text));
    }
}
