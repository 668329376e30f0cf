using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Zk.Operator.Hosting;

/// <summary>
/// Structured logs, one JSON object per line: <c>{"ts":"...","level":"info","msg":"...","key":value,...}</c>,
/// which every log collector parses without configuration.
/// </summary>
public sealed class JsonLog(TextWriter output, TimeProvider time, string? component = null)
{
    private static readonly Lock WriteLock = new();

    public static JsonLog Null { get; } = new(TextWriter.Null, TimeProvider.System);

    public JsonLog For(string name) => new(output, time, name);

    public void Info(string message, params (string Key, object? Value)[] fields) => Write("info", message, fields);

    public void Warn(string message, params (string Key, object? Value)[] fields) => Write("warn", message, fields);

    public void Error(string message, params (string Key, object? Value)[] fields) => Write("error", message, fields);

    private void Write(string level, string message, (string Key, object? Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("ts", time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", level);
            if (component is not null)
            {
                json.WriteString("logger", component);
            }

            json.WriteString("msg", message);
            foreach (var (key, value) in fields)
            {
                json.WritePropertyName(key);
                switch (value)
                {
                    case null:
                        json.WriteNullValue();
                        break;
                    case bool b:
                        json.WriteBooleanValue(b);
                        break;
                    case int or long or double or float or decimal:
                        json.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                        break;
                    case TimeSpan span:
                        json.WriteNumberValue(Math.Round(span.TotalMilliseconds, 3));
                        break;
                    case Exception e:
                        json.WriteStringValue(e.GetType().Name + ": " + e.Message);
                        break;
                    default:
                        json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }

            json.WriteEndObject();
        }

        string line = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (WriteLock)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
