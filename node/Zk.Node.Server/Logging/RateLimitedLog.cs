namespace Zk.Node.Server.Logging;

/// <summary>
/// Warnings that a client can cause at will (failed accepts, refused or malformed connections): at most
/// <paramref name="linesPerWindow"/> lines per window, then one line saying how many were left out, so a flood of
/// bad clients cannot flood the log (and the disk or pipe behind it). Thread-safe.
/// </summary>
internal sealed class RateLimitedLog(NodeLog log, TimeProvider time, TimeSpan window, int linesPerWindow)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _written;
    private long _suppressed;

    public void Warn(string message)
    {
        long suppressed = 0;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _windowStart >= window)
            {
                suppressed = _suppressed;
                _windowStart = now;
                _written = 0;
                _suppressed = 0;
            }

            if (_written >= linesPerWindow)
            {
                _suppressed++;
                return;
            }

            _written++;
        }

        if (suppressed > 0)
        {
            log.Warn($"({suppressed} similar lines left out in the last {window.TotalSeconds:0.#}s)");
        }

        log.Warn(message);
    }
}
