using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Zk.Operator.Kube.Models;

/// <summary>
/// metav1.Time: RFC 3339 in UTC with whole seconds (<c>2006-01-02T15:04:05Z</c>). The API server
/// truncates to seconds, so writing more precision would only make round-trips compare unequal.
/// </summary>
public sealed class KubeTimeConverter : JsonConverter<DateTimeOffset>
{
    internal const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
