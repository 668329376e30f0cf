namespace Zk.Operator.Tests.Support;

/// <summary>An httpGet probe of a container: the path and the port number it resolves to.</summary>
internal sealed record HttpProbe(string Path, int Port)
{
    public Uri Uri => new($"http://127.0.0.1:{Port}{Path}");
}
