using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Zk.Operator.Kube.Tests.Fake;

/// <summary>
/// The RBAC authorizer of the fake API server, after Kubernetes' (plugin/pkg/auth/authorizer/rbac): a request
/// is allowed when a rule of a Role bound in its namespace, or of a ClusterRole bound cluster-wide (or bound in
/// its namespace), matches its verb, API group, resource (with subresource), and name. It loads the
/// Roles, ClusterRoles, RoleBindings and ClusterRoleBindings rendered from the chart, so a test shows what the
/// chart lets the operator do. A refusal is a 403 metav1.Status worded as the real server words it.
/// <para>
/// Callers are told apart by bearer token (<see cref="AddToken"/>). A request without a token is the test's
/// own administrator and is always allowed; an unknown token is 401. Like the real server, an apply patch that
/// creates its object also needs <c>create</c>, and setting an owner reference with blockOwnerDeletion needs
/// <c>update</c> on the owner's <c>finalizers</c> subresource (the OwnerReferencesPermissionEnforcement
/// admission plugin).
/// </para>
/// </summary>
internal sealed class FakeRbac
{
    private readonly List<JsonObject> _roles = [];
    private readonly List<JsonObject> _bindings = [];
    private readonly Dictionary<string, string> _users = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _denials = new();

    /// <param name="objects">Any manifests; only the four RBAC kinds are read.</param>
    public FakeRbac(IEnumerable<JsonObject> objects)
    {
        foreach (var obj in objects)
        {
            switch ((string?)obj["kind"])
            {
                case "Role" or "ClusterRole":
                    _roles.Add(obj);
                    break;
                case "RoleBinding" or "ClusterRoleBinding":
                    _bindings.Add(obj);
                    break;
            }
        }
    }

    /// <summary>
    /// The RBAC objects rendered from charts/zk-operator for one values set, committed as JSON under
    /// tests/Zk.Operator.Kube.Tests/Fake/Rbac/ and kept equal to the chart by a test (ChartRbacGoldenTests):
    /// <c>cluster-wide</c> (default values), <c>namespaced</c> (watchNamespaces zk and other),
    /// <c>no-leader-election</c> (leaderElection.enabled false). The operator's user is <see cref="OperatorUser"/>.
    /// </summary>
    public static FakeRbac FromChart(string variant)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ZkOperator.sln")))
        {
            dir = dir.Parent;
        }

        string file = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("ZkOperator.sln not found"), "tests", "Zk.Operator.Kube.Tests", "Fake", "Rbac", variant + ".json");
        return new FakeRbac(JsonNode.Parse(File.ReadAllText(file))!.AsArray().Select(o => o!.AsObject()));
    }

    /// <summary>The chart's service account (release zk-operator in zk-system) as the API server names it.</summary>
    public static string OperatorUser => ServiceAccountUser("zk-system", "zk-operator");

    /// <summary>Every refusal so far, as "user verb group/resource namespace/name".</summary>
    public IReadOnlyList<string> Denials => [.. _denials];

    /// <summary>The user name Kubernetes gives a service account's token.</summary>
    public static string ServiceAccountUser(string @namespace, string name) => $"system:serviceaccount:{@namespace}:{name}";

    /// <summary>
    /// A copy with <paramref name="verb"/> taken off <paramref name="resource"/> in every rule, to show that the
    /// authorizer refuses exactly what a chart leaves out (the defects of a chart that forgot a grant).
    /// </summary>
    public FakeRbac Without(string group, string resource, string verb)
    {
        var roles = _roles.Select(r => r.DeepClone().AsObject()).ToList();
        foreach (var role in roles)
        {
            var rules = role["rules"]?.AsArray();
            foreach (var rule in rules?.ToList() ?? [])
            {
                if (!rule!["apiGroups"]!.AsArray().Any(g => (string?)g == group) || !rule["resources"]!.AsArray().Any(x => (string?)x == resource))
                {
                    continue;
                }

                var others = rule["resources"]!.AsArray().Where(x => (string?)x != resource).Select(x => x!.DeepClone()).ToArray();
                if (others.Length > 0)
                {
                    // Split the rule: the other resources keep every verb, this one loses one.
                    rules!.Add(new JsonObject
                    {
                        ["apiGroups"] = rule["apiGroups"]!.DeepClone(),
                        ["resources"] = new JsonArray(others),
                        ["verbs"] = rule["verbs"]!.DeepClone(),
                    });
                    rule["resources"] = new JsonArray(resource);
                }

                rule["verbs"] = new JsonArray([.. rule["verbs"]!.AsArray().Where(v => (string?)v != verb).Select(v => v!.DeepClone())]);
            }
        }

        var copy = new FakeRbac(roles.Concat(_bindings));
        foreach (var (token, user) in _users)
        {
            copy.AddToken(token, user);
        }

        return copy;
    }

    /// <summary>Requests bearing <paramref name="token"/> are made by <paramref name="user"/>.</summary>
    public FakeRbac AddToken(string token, string user)
    {
        _users[token] = user;
        return this;
    }

    /// <summary>
    /// Null when the request may proceed, otherwise the 401 or 403 to answer. Reads (and rewinds) the body of
    /// writes for owner references; <paramref name="exists"/> tells whether the named object exists.
    /// </summary>
    public async Task<FakeResult?> AuthorizeAsync(HttpContext context, FakeRoute route, Func<bool> exists)
    {
        var request = context.Request;
        string? header = request.Headers.Authorization.FirstOrDefault();
        if (header is null)
        {
            return null;
        }

        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_users.TryGetValue(header["Bearer ".Length..], out var user))
        {
            return FakeResult.Error(401, "Unauthorized", "Unauthorized");
        }

        string verb = VerbOf(request.Method, route, request.Query);
        var checks = new List<Attributes> { new(user, verb, route.Group, Resource(route), route.Namespace, route.Name) };
        if (request.Method is "POST" or "PUT" or "PATCH")
        {
            var body = await ReadBodyAsync(request);
            if (request.Method == "PATCH" && (request.ContentType ?? string.Empty).StartsWith("application/apply-patch", StringComparison.Ordinal) && !exists())
            {
                checks.Add(checks[0] with { Verb = "create" });
            }

            foreach (var owner in BlockingOwners(body))
            {
                checks.Add(new Attributes(user, "update", owner.Group, owner.Plural + "/finalizers", route.Namespace, owner.Name));
            }
        }

        foreach (var check in checks)
        {
            if (!Allows(check))
            {
                _denials.Enqueue($"{check.User} {check.Verb} {check.Group}/{check.Resource} {check.Namespace}/{check.Name}");
                return Forbidden(check, route);
            }
        }

        return null;
    }

    /// <summary>Whether a request with these attributes is allowed (also for tests asking directly).</summary>
    public bool Allows(Attributes request)
    {
        foreach (var binding in _bindings)
        {
            bool clusterWide = (string?)binding["kind"] == "ClusterRoleBinding";
            string? bindingNamespace = (string?)binding["metadata"]?["namespace"];
            if (!clusterWide && bindingNamespace != request.Namespace)
            {
                continue;
            }

            if (!(binding["subjects"]?.AsArray() ?? []).Any(s => Matches(s!.AsObject(), request.User)))
            {
                continue;
            }

            string roleKind = (string?)binding["roleRef"]?["kind"] ?? string.Empty;
            string roleName = (string?)binding["roleRef"]?["name"] ?? string.Empty;
            var role = _roles.FirstOrDefault(r => (string?)r["kind"] == roleKind
                && (string?)r["metadata"]?["name"] == roleName
                && (roleKind == "ClusterRole" || (string?)r["metadata"]?["namespace"] == bindingNamespace));
            if (role?["rules"]?.AsArray().Any(rule => RuleAllows(rule!.AsObject(), request)) == true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What the authorizer is asked, as in k8s.io/apiserver's authorizer.Attributes.</summary>
    internal sealed record Attributes(string User, string Verb, string Group, string Resource, string? Namespace, string? Name);

    private static bool RuleAllows(JsonObject rule, Attributes request)
    {
        static bool Has(JsonNode? list, string value) =>
            list is JsonArray items && items.Any(i => (string?)i == value || (string?)i == "*");

        if (!Has(rule["verbs"], request.Verb) || !Has(rule["apiGroups"], request.Group) || !Has(rule["resources"], request.Resource))
        {
            return false;
        }

        // resourceNames narrows a rule to named objects; a request without a name (list, watch, create) never matches one.
        return rule["resourceNames"] is not JsonArray { Count: > 0 } names
            || (request.Name is not null && names.Any(n => (string?)n == request.Name));
    }

    private static bool Matches(JsonObject subject, string user)
    {
        string? name = (string?)subject["name"];
        return (string?)subject["kind"] switch
        {
            "ServiceAccount" => user == ServiceAccountUser((string?)subject["namespace"] ?? string.Empty, name ?? string.Empty),
            "User" => user == name,
            "Group" => name == "system:authenticated"
                || (user.StartsWith("system:serviceaccount:", StringComparison.Ordinal)
                    && (name == "system:serviceaccounts" || user.StartsWith(name + ":", StringComparison.Ordinal))),
            _ => false,
        };
    }

    /// <summary>The verb of a request, as the API server derives it from the method and the path.</summary>
    private static string VerbOf(string method, FakeRoute route, IQueryCollection query) => method switch
    {
        "GET" or "HEAD" when route.Name is not null => "get",
        "GET" or "HEAD" when query["watch"] is ["true" or "1"] => "watch",
        "GET" or "HEAD" => "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when route.Name is not null => "delete",
        "DELETE" => "deletecollection",
        _ => method.ToLowerInvariant(),
    };

    private static string Resource(FakeRoute route) => route.Subresource is null ? route.Plural : route.Plural + "/" + route.Subresource;

    /// <summary>Owners the object asks to block deletion of; plural is the lower-cased kind plus "s", true of every kind here.</summary>
    private static IEnumerable<(string Group, string Plural, string Name)> BlockingOwners(JsonNode? body)
    {
        if (body?["metadata"]?["ownerReferences"] is not JsonArray owners)
        {
            yield break;
        }

        foreach (var owner in owners)
        {
            if (owner?["blockOwnerDeletion"] is JsonValue block && block.TryGetValue(out bool blocks) && blocks)
            {
                string apiVersion = (string?)owner["apiVersion"] ?? string.Empty;
                string group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
                yield return (group, ((string?)owner["kind"] ?? string.Empty).ToLowerInvariant() + "s", (string?)owner["name"] ?? string.Empty);
            }
        }
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        string text = await reader.ReadToEndAsync();
        request.Body.Position = 0;
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // An apply patch may be YAML; the fake's clients send JSON, so anything else carries no owner we can read.
            return null;
        }
    }

    private static FakeResult Forbidden(Attributes check, FakeRoute route)
    {
        string group = check.Group.Length == 0 ? "\"\"" : $"\"{check.Group}\"";
        string what = check.Name is null ? route.Plural : $"{route.Plural}{(check.Group.Length == 0 ? string.Empty : "." + check.Group)} \"{check.Name}\"";
        string where = check.Namespace is null ? "at the cluster scope" : $"in the namespace \"{check.Namespace}\"";
        string message = $"{what} is forbidden: User \"{check.User}\" cannot {check.Verb} resource \"{check.Resource}\" in API group {group} {where}";
        var details = new JsonObject { ["name"] = check.Name, ["group"] = check.Group, ["kind"] = route.Plural };
        return FakeResult.Error(403, "Forbidden", message, details);
    }
}
