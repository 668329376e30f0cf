using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>
/// limit and continue on a list, as the real API server serves them: items in key order (namespace/name), at most
/// limit per page, metadata.continue and metadata.remainingItemCount while more remain. The token carries the
/// list's resourceVersion and the last key served; every page reports that resourceVersion (the fake keeps no old
/// snapshots, so later pages show current objects), and a token whose resourceVersion was compacted away is
/// refused with 410 Expired, as etcd compaction makes the real server do.
/// </summary>
internal static class FakeListPager
{
    public static FakeResult Page(FakeResult list, string? limitText, string? continueToken, Func<long, bool> isCompacted, bool expire)
    {
        if (list.Code != 200 || list.Body is not JsonObject body)
        {
            return list;
        }

        int? limit = null;
        if (!string.IsNullOrEmpty(limitText))
        {
            if (!int.TryParse(limitText, CultureInfo.InvariantCulture, out int parsed) || parsed < 0)
            {
                return FakeResult.Error(400, "BadRequest", $"limit: invalid value '{limitText}', must be a non-negative integer");
            }

            limit = parsed == 0 ? null : parsed;
        }

        string resourceVersion = (string)body["metadata"]!["resourceVersion"]!;
        string? after = null;
        if (!string.IsNullOrEmpty(continueToken))
        {
            if (Decode(continueToken) is not var (rv, lastKey))
            {
                return FakeResult.Error(400, "BadRequest", $"continue key is not valid: '{continueToken}'");
            }

            if (expire || isCompacted(rv))
            {
                return FakeResult.Error(
                    410,
                    "Expired",
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            }

            resourceVersion = rv.ToString(CultureInfo.InvariantCulture);
            after = lastKey;
        }

        var remaining = (body["items"] as JsonArray ?? [])
            .Select(i => (Key: KeyOf(i!), Item: i!))
            .Where(i => after is null || string.CompareOrdinal(i.Key, after) > 0)
            .OrderBy(i => i.Key, StringComparer.Ordinal)
            .ToList();
        var page = limit is { } n ? remaining.Take(n).ToList() : remaining;
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        int left = remaining.Count - page.Count;
        if (left > 0)
        {
            metadata["continue"] = Encode(long.Parse(resourceVersion, CultureInfo.InvariantCulture), page[^1].Key);
            metadata["remainingItemCount"] = left;
        }

        body["metadata"] = metadata;
        body["items"] = new JsonArray([.. page.Select(i => i.Item.DeepClone())]);
        return list;
    }

    private static string KeyOf(JsonNode item) => $"{(string?)item["metadata"]?["namespace"]}/{(string?)item["metadata"]?["name"]}";

    private static string Encode(long resourceVersion, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{resourceVersion.ToString(CultureInfo.InvariantCulture)}|{lastKey}"));

    private static (long ResourceVersion, string LastKey)? Decode(string token)
    {
        try
        {
            string text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            int bar = text.IndexOf('|', StringComparison.Ordinal);
            return bar > 0 && long.TryParse(text[..bar], CultureInfo.InvariantCulture, out long rv) ? (rv, text[(bar + 1)..]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
