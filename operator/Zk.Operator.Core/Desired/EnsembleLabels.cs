namespace Zk.Operator.Core.Desired;

/// <summary>The app.kubernetes.io/* labels on every owned object; the selectors use the stable subset.</summary>
public static class EnsembleLabels
{
    public const string Name = "app.kubernetes.io/name";
    public const string Instance = "app.kubernetes.io/instance";
    public const string Component = "app.kubernetes.io/component";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string PartOf = "app.kubernetes.io/part-of";

    public const string AppName = "zookeeper";
    public const string Manager = "zk-operator";
    public const string VoterComponent = "voter";
    public const string ObserverComponent = "observer";

    private static readonly string[] Reserved = [Name, Instance, Component, ManagedBy];

    public static bool IsReserved(string key) => Reserved.Contains(key, StringComparer.Ordinal);

    /// <summary>Selects every member of one ensemble (Services).</summary>
    public static SortedDictionary<string, string> Selector(string ensemble) =>
        new(StringComparer.Ordinal) { [Name] = AppName, [Instance] = ensemble };

    /// <summary>Selects one StatefulSet's pods; must never change once created (selectors are immutable).</summary>
    public static SortedDictionary<string, string> Selector(string ensemble, string component)
    {
        var labels = Selector(ensemble);
        labels[Component] = component;
        return labels;
    }

    /// <summary>The full label set of an owned object.</summary>
    public static SortedDictionary<string, string> Common(string ensemble, string? component = null)
    {
        var labels = component is null ? Selector(ensemble) : Selector(ensemble, component);
        labels[ManagedBy] = Manager;
        labels[PartOf] = AppName;
        return labels;
    }

    /// <summary>The label selector string of the voters' pods (status.selector, for the scale subresource).</summary>
    public static string VoterSelectorString(string ensemble) =>
        string.Join(',', Selector(ensemble, VoterComponent).Select(kv => $"{kv.Key}={kv.Value}"));
}
