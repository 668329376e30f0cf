namespace Zk.Operator.Kube.KubeConfig;

/// <summary>
/// A token read from a file and reread once <see cref="RefreshInterval"/> has passed. Projected
/// service-account tokens are rotated by the kubelet (hourly by default, valid for longer), so
/// rereading every minute never sends an expired token yet costs nothing measurable.
/// </summary>
public sealed class FileTokenSource : ITokenSource
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private string? _token;
    private DateTimeOffset _readAt;

    public FileTokenSource(string path, TimeSpan? refreshInterval = null, TimeProvider? timeProvider = null)
    {
        Path = path;
        RefreshInterval = refreshInterval ?? TimeSpan.FromMinutes(1);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public string Path { get; }

    public TimeSpan RefreshInterval { get; }

    public string GetToken()
    {
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            if (_token is null || now - _readAt >= RefreshInterval)
            {
                try
                {
                    _token = File.ReadAllText(Path).Trim();
                    _readAt = now;
                }
                catch (IOException) when (_token is not null)
                {
                    // Mid-rotation the file can vanish briefly; the previous token is still valid.
                }
            }

            return _token;
        }
    }
}
