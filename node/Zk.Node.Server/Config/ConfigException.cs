namespace Zk.Node.Server.Config;

/// <summary>A configuration error that stops startup; the message names the offending key.</summary>
public sealed class ConfigException(string key, string message) : Exception($"invalid configuration '{key}': {message}")
{
    public string Key { get; } = key;
}
