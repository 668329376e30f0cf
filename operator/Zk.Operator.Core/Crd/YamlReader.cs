using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Zk.Operator.Core.Crd;

/// <summary>
/// Reads a YAML manifest (the first document) into a JSON tree, with the YAML 1.2 core schema's typing of plain
/// scalars as kubectl applies it: <c>null</c>/<c>~</c>/empty are null, <c>true</c>/<c>false</c> booleans, integers
/// and floats numbers, anything else (and every quoted or block scalar) a string. The counterpart of
/// <see cref="YamlWriter"/>, whose output reads back to the same tree.
/// </summary>
public static partial class YamlReader
{
    /// <exception cref="FormatException">The text is not YAML, holds no document, or its root is not a mapping.</exception>
    public static JsonObject ReadObject(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || Convert(stream.Documents[0].RootNode) is not JsonObject root)
        {
            throw new FormatException("expected a YAML mapping (a manifest) at the top");
        }

        return root;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? string.Empty, Convert(kv.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new FormatException($"unsupported YAML node at line {node.Start.Line}"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        string value = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(value[0] is 't' or 'T');
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
