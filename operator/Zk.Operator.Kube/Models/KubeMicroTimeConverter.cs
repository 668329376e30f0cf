using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Zk.Operator.Kube.Models;

/// <summary>
/// metav1.MicroTime: RFC 3339 in UTC with exactly six fractional digits
/// (<c>2006-01-02T15:04:05.000000Z</c>), used by Lease acquire/renew times and Event eventTime.
/// </summary>
public sealed class KubeMicroTimeConverter : JsonConverter<DateTimeOffset>
{
    internal const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
