using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Zk.Operator.Core.Crd;

/// <summary>
/// Writes JSON trees as block-style YAML, keys in the tree's order. Strings that a YAML 1.1 or 1.2
/// reader would take for a number, bool or null are quoted, multi-line strings use literal blocks, so
/// the output reads back to exactly the same JSON (kubectl, Helm and the API server all agree on it).
/// </summary>
public static partial class YamlWriter
{
    public static string Write(JsonNode node) => WriteDocuments([node], explicitStart: false);

    /// <summary>Several documents separated by <c>---</c>, as kubectl apply -f accepts.</summary>
    public static string WriteDocuments(IEnumerable<JsonNode> nodes, bool explicitStart = true)
    {
        using var writer = new StringWriter();
        writer.NewLine = "\n";
        var settings = EmitterSettings.Default.WithBestWidth(int.MaxValue).WithNewLine("\n");
        var emitter = new Emitter(writer, settings);
        emitter.Emit(new StreamStart());
        foreach (var node in nodes)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: !explicitStart));
            Emit(emitter, node);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }

        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, false, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, child) in obj)
                {
                    EmitString(emitter, key);
                    Emit(emitter, child);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, false, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                var value = node.AsValue();
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        EmitString(emitter, value.GetValue<string>());
                        break;
                    case JsonValueKind.Null:
                        emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                        break;
                    default:
                        // Numbers and booleans: their JSON text is valid plain YAML.
                        emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, true, false));
                        break;
                }

                break;
        }
    }

    private static void EmitString(IEmitter emitter, string text)
    {
        ScalarStyle style;
        if (text.Contains('\n', StringComparison.Ordinal) && !text.Contains(" \n", StringComparison.Ordinal) && !text.EndsWith(' '))
        {
            style = ScalarStyle.Literal;
        }
        else if (LooksLikeAnotherType(text))
        {
            style = ScalarStyle.DoubleQuoted;
        }
        else
        {
            // The emitter itself falls back to quotes when plain is impossible (": ", leading "*", etc.).
            style = ScalarStyle.Any;
        }

        emitter.Emit(new Scalar(null, null, text, style, true, true));
    }

    private static bool LooksLikeAnotherType(string text) => text.Length == 0 || ReservedOrNumeric().IsMatch(text);

    [GeneratedRegex(@"^([-+.0-9].*|~|null|true|false|yes|no|on|off|y|n|<<|=)$", RegexOptions.IgnoreCase)]
    private static partial Regex ReservedOrNumeric();
}
