namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>
/// The label selector grammar of the API (<c>a=b, a==b, a!=b, a, !a, a in (x,y), a notin (x)</c>),
/// comma-separated requirements all of which must hold.
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    private LabelSelector()
    {
    }

    public static LabelSelector Parse(string? selector)
    {
        var result = new LabelSelector();
        if (string.IsNullOrWhiteSpace(selector))
        {
            return result;
        }

        foreach (var raw in SplitTopLevel(selector))
        {
            var requirement = raw.Trim();
            if (requirement.Contains(" notin ", StringComparison.Ordinal) || requirement.Contains(" in ", StringComparison.Ordinal))
            {
                bool notIn = requirement.Contains(" notin ", StringComparison.Ordinal);
                var parts = requirement.Split(notIn ? " notin " : " in ", 2);
                var key = parts[0].Trim();
                var values = parts[1].Trim().TrimStart('(').TrimEnd(')').Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
                result._requirements.Add(notIn
                    ? labels => !labels.TryGetValue(key, out var v) || !values.Contains(v)
                    : labels => labels.TryGetValue(key, out var v) && values.Contains(v));
            }
            else if (requirement.Contains("!=", StringComparison.Ordinal))
            {
                var parts = requirement.Split("!=", 2);
                var (key, value) = (parts[0].Trim(), parts[1].Trim());
                result._requirements.Add(labels => !labels.TryGetValue(key, out var v) || v != value);
            }
            else if (requirement.Contains('=', StringComparison.Ordinal))
            {
                var parts = requirement.Split(requirement.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
                var (key, value) = (parts[0].Trim(), parts[1].Trim());
                result._requirements.Add(labels => labels.TryGetValue(key, out var v) && v == value);
            }
            else if (requirement.StartsWith('!'))
            {
                var key = requirement[1..].Trim();
                result._requirements.Add(labels => !labels.ContainsKey(key));
            }
            else
            {
                result._requirements.Add(labels => labels.ContainsKey(requirement));
            }
        }

        return result;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => r(labels));

    /// <summary>Splits on commas outside parentheses, so <c>a in (x,y),b</c> is two requirements.</summary>
    private static IEnumerable<string> SplitTopLevel(string selector)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < selector.Length; i++)
        {
            depth += selector[i] == '(' ? 1 : selector[i] == ')' ? -1 : 0;
            if (selector[i] == ',' && depth == 0)
            {
                yield return selector[start..i];
                start = i + 1;
            }
        }

        yield return selector[start..];
    }
}
