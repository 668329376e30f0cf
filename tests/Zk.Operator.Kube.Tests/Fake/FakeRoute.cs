namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>
/// A parsed REST path:
/// <code>
/// /api/v1[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]
/// /apis/{group}/{version}[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]
/// </code>
/// </summary>
internal sealed record FakeRoute(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource)
{
    public static FakeRoute? Parse(string path)
    {
        var segments = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        string group, version;
        string[] rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], segments[2..]);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], segments[3..]);
        }
        else
        {
            return null;
        }

        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            ns = rest[1];
            rest = rest[2..];
        }

        if (rest.Length is 0 or > 3)
        {
            return null;
        }

        return new FakeRoute(group, version, ns, rest[0], rest.ElementAtOrDefault(1), rest.ElementAtOrDefault(2));
    }

    public string ResourceKey => $"{Group}/{Plural}";
}
