using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Zk.Operator.Hosting;

/// <summary>
/// Structured logs with fields. On the host of <c>run</c> they go to an <see cref="ILogger"/> per component
/// (written by the JSON console formatter, the fields as its State); otherwise one JSON object per line:
/// <c>{"ts":"...","level":"info","msg":"...","key":value,...}</c>, which every log collector parses without configuration.
/// </summary>
public sealed class JsonLog
{
    private static readonly Lock WriteLock = new();

    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly string? _component;
    private readonly ILoggerFactory? _loggers;
    private readonly ILogger? _logger;

    public JsonLog(TextWriter output, TimeProvider time, string? component = null)
    {
        _output = output;
        _time = time;
        _component = component;
    }

    /// <summary>Writes through <paramref name="loggers"/>, one logger per component.</summary>
    public JsonLog(ILoggerFactory loggers, string? component = null)
        : this(TextWriter.Null, TimeProvider.System, component)
    {
        _loggers = loggers;
        _logger = loggers.CreateLogger(component is null ? "zk-operator" : "zk-operator." + component);
    }

    public static JsonLog Null { get; } = new(TextWriter.Null, TimeProvider.System);

    public JsonLog For(string name) => _loggers is not null ? new JsonLog(_loggers, name) : new JsonLog(_output, _time, name);

    public void Info(string message, params (string Key, object? Value)[] fields) => Write("info", message, fields);

    public void Warn(string message, params (string Key, object? Value)[] fields) => Write("warn", message, fields);

    public void Error(string message, params (string Key, object? Value)[] fields) => Write("error", message, fields);

    private void Write(string level, string message, (string Key, object? Value)[] fields)
    {
        if (_logger is not null)
        {
            var logLevel = level switch { "error" => LogLevel.Error, "warn" => LogLevel.Warning, _ => LogLevel.Information };
            if (_logger.IsEnabled(logLevel))
            {
                // Exceptions stay one line (type and message), as in the JSON lines below.
                var state = fields
                    .Select(f => new KeyValuePair<string, object?>(f.Key, f.Value is Exception e ? e.GetType().Name + ": " + e.Message : f.Value))
                    .Append(new KeyValuePair<string, object?>("{OriginalFormat}", message))
                    .ToList();
                _logger.Log(logLevel, default, state, null, (_, _) => message);
            }

            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("ts", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", level);
            if (_component is not null)
            {
                json.WriteString("logger", _component);
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
            _output.WriteLine(line);
            _output.Flush();
        }
    }
}
