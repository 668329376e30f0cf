using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Zk.Operator.Core.Resources;
using Zk.Operator.Core.Resources.Schema;

namespace Zk.Operator.Core.Crd;

/// <summary>
/// Reflects C# resource types into a structural OpenAPI v3 schema: every node has a type, except
/// quantities (x-kubernetes-int-or-string) and the pass-through Kubernetes objects
/// (x-kubernetes-preserve-unknown-fields), which are the only open parts.
/// </summary>
public static class SchemaBuilder
{
    /// <summary>The schema of <paramref name="type"/> as an object type (its properties, required list, class-level rules).</summary>
    public static JsonObject ForType(Type type)
    {
        var schema = new JsonObject();
        if (type.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema["description"] = description.Text;
        }

        schema["type"] = "object";
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.CanWrite && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
                     .OrderBy(p => p.MetadataToken))
        {
            string name = JsonName(property);
            properties[name] = ForProperty(property);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(name);
            }
        }

        schema["properties"] = properties;
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        AddRules(schema, type.GetCustomAttributes<CelRuleAttribute>());
        return schema;
    }

    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static JsonObject ForProperty(PropertyInfo property)
    {
        var schema = ForClrType(property.PropertyType);

        // Field descriptions win over the type's own; keep the description first for readability.
        if (property.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema.Remove("description");
            var ordered = new JsonObject { ["description"] = description.Text };
            foreach (var (key, value) in schema.ToList())
            {
                schema.Remove(key);
                ordered[key] = value;
            }

            schema = ordered;
        }

        if (property.GetCustomAttribute<FormatAttribute>() is { } format)
        {
            schema["format"] = format.Format;
        }

        if (property.GetCustomAttribute<DefaultAttribute>() is { } defaultValue)
        {
            schema["default"] = defaultValue.Value switch
            {
                DefaultAttribute.EmptyObject => new JsonObject(),
                int i => i,
                long l => l,
                bool b => b,
                string s => s,
                var other => throw new NotSupportedException($"default of type {other.GetType()} on {property.Name}"),
            };
        }

        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            schema["minimum"] = range.Minimum;
            if (range.Maximum != long.MaxValue)
            {
                schema["maximum"] = range.Maximum;
            }
        }

        if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
        {
            schema["pattern"] = pattern.Regex;
        }

        if (property.GetCustomAttribute<LengthAttribute>() is { } length)
        {
            string kind = (string?)schema["type"] switch
            {
                "string" => "Length",
                "array" => "Items",
                "object" => "Properties",
                var t => throw new NotSupportedException($"[Length] on a {t} field ({property.Name})"),
            };
            schema["min" + kind] = length.Minimum;
            schema["max" + kind] = length.Maximum;
        }

        if (property.GetCustomAttribute<ListMapAttribute>() is { } listMap)
        {
            schema["x-kubernetes-list-type"] = "map";
            schema["x-kubernetes-list-map-keys"] = new JsonArray([.. listMap.Keys.Select(k => (JsonNode)k)]);
        }

        AddRules(schema, property.GetCustomAttributes<CelRuleAttribute>());
        return schema;
    }

    private static JsonObject ForClrType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(int))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int32" };
        }

        if (type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int64" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type.IsEnum)
        {
            return new JsonObject
            {
                ["type"] = "string",
                ["enum"] = new JsonArray([.. Enum.GetNames(type).Select(n => (JsonNode)n)]),
            };
        }

        if (type == typeof(Quantity))
        {
            // The same shape as the core API's resource.Quantity.
            return new JsonObject
            {
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
                ["pattern"] = @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$",
                ["x-kubernetes-int-or-string"] = true,
            };
        }

        if (type == typeof(JsonObject))
        {
            return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var args = type.GetGenericArguments();
            if (args[0] != typeof(string))
            {
                throw new NotSupportedException($"map keys must be strings, not {args[0]}");
            }

            return new JsonObject { ["type"] = "object", ["additionalProperties"] = ForClrType(args[1]) };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            return new JsonObject { ["type"] = "array", ["items"] = ForClrType(type.GetGenericArguments()[0]) };
        }

        if (type.IsClass)
        {
            return ForType(type);
        }

        throw new NotSupportedException($"no schema mapping for {type}");
    }

    private static void AddRules(JsonObject schema, IEnumerable<CelRuleAttribute> rules)
    {
        var list = rules.ToList();
        if (list.Count > 0)
        {
            schema["x-kubernetes-validations"] = new JsonArray([.. list.Select(r => (JsonNode)new JsonObject
            {
                ["rule"] = r.Rule,
                ["message"] = r.Message,
            })]);
        }
    }
}
