using System.Globalization;
using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>RFC 6902 JSON patch (add, remove, replace, test) over JSON pointers; enough for the client's tests.</summary>
internal static class JsonPatch
{
    /// <summary>Applies the operations in order; throws <see cref="InvalidOperationException"/> when one fails.</summary>
    public static void Apply(JsonObject target, JsonArray operations)
    {
        foreach (var operation in operations)
        {
            var op = (string?)operation?["op"] ?? throw new InvalidOperationException("operation without op");
            var path = (string?)operation!["path"] ?? throw new InvalidOperationException("operation without path");
            var (parent, last) = Resolve(target, path);
            switch (op)
            {
                case "add":
                    Add(parent, last, operation["value"]?.DeepClone());
                    break;
                case "replace":
                    Remove(parent, last, path);
                    Add(parent, last, operation["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(parent, last, path);
                    break;
                case "test":
                    var actual = parent is JsonObject o ? o[last] : parent is JsonArray a ? a[Index(last, a.Count - 1)] : null;
                    if (!JsonNode.DeepEquals(actual, operation["value"]))
                    {
                        throw new InvalidOperationException($"test failed at {path}");
                    }

                    break;
                default:
                    throw new InvalidOperationException($"unsupported op {op}");
            }
        }
    }

    private static (JsonNode Parent, string Last) Resolve(JsonObject root, string pointer)
    {
        var segments = pointer.Split('/')[1..].Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        JsonNode node = root;
        foreach (var segment in segments[..^1])
        {
            node = (node is JsonObject obj ? obj[segment] : node is JsonArray array ? array[Index(segment, array.Count - 1)] : null)
                ?? throw new InvalidOperationException($"path {pointer} does not exist");
        }

        return (node, segments[^1]);
    }

    private static void Add(JsonNode parent, string last, JsonNode? value)
    {
        if (parent is JsonObject obj)
        {
            obj[last] = value;
        }
        else if (parent is JsonArray array)
        {
            array.Insert(last == "-" ? array.Count : Index(last, array.Count), value);
        }
    }

    private static void Remove(JsonNode parent, string last, string path)
    {
        bool removed = parent switch
        {
            JsonObject obj => obj.Remove(last),
            JsonArray array when Index(last, array.Count - 1) is var i => RemoveAt(array, i),
            _ => false,
        };
        if (!removed)
        {
            throw new InvalidOperationException($"path {path} does not exist");
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static int Index(string segment, int max)
    {
        var index = int.Parse(segment, CultureInfo.InvariantCulture);
        return index < 0 || index > max ? throw new InvalidOperationException($"index {index} out of range") : index;
    }
}
