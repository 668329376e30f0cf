using System.Text.RegularExpressions;

namespace Zk.Operator.Core.Resources;

/// <summary>
/// The operator's own check of a ZkEnsemble, run before anything is changed. The CRD's schema and CEL
/// rules catch most of this at admission, but an older CRD, a disabled validation or an object written
/// before the rules existed must not reach the planner: errors become a Degraded/ValidationFailed condition.
/// </summary>
public static partial class SpecValidator
{
    /// <summary>Pod names (<c>NAME-observer-NN</c>) are DNS labels, so the ensemble name leaves room for the suffix.</summary>
    public const int MaxNameLength = 40;

    public static IReadOnlyList<FieldError> Validate(ZkEnsemble ensemble)
    {
        var errors = new List<FieldError>();
        ValidateName(ensemble.Metadata.Name, errors);
        ValidateSpec(ensemble.Spec, errors);
        return errors;
    }

    public static IReadOnlyList<FieldError> ValidateSpec(ZkEnsembleSpec spec)
    {
        var errors = new List<FieldError>();
        ValidateSpec(spec, errors);
        return errors;
    }

    private static void ValidateName(string name, List<FieldError> errors)
    {
        if (name.Length == 0 || name.Length > MaxNameLength || !DnsLabel().IsMatch(name))
        {
            errors.Add(new("metadata.name", $"must be a DNS label of at most {MaxNameLength} characters (lower case letters, digits, '-'), got '{name}'"));
        }
    }

    private static void ValidateSpec(ZkEnsembleSpec spec, List<FieldError> errors)
    {
        if (spec.Replicas < ZkEnsembleSpec.MinReplicas || spec.Replicas > ZkEnsembleSpec.MaxReplicas)
        {
            errors.Add(new("spec.replicas", $"must be between {ZkEnsembleSpec.MinReplicas} and {ZkEnsembleSpec.MaxReplicas}, got {spec.Replicas}"));
        }
        else if (spec.Replicas % 2 == 0)
        {
            errors.Add(new("spec.replicas", $"must be odd, got {spec.Replicas}: an even ensemble tolerates no more failures than {spec.Replicas - 1} members"));
        }

        if (spec.Observers < 0 || spec.Observers > ZkEnsembleSpec.MaxObservers)
        {
            errors.Add(new("spec.observers", $"must be between 0 and {ZkEnsembleSpec.MaxObservers}, got {spec.Observers}"));
        }

        if (!IsImageReference(spec.Image))
        {
            errors.Add(new("spec.image", $"'{spec.Image}' is not an image reference like registry/name:tag or name@sha256:digest"));
        }

        if (!Enum.IsDefined(spec.ImagePullPolicy))
        {
            errors.Add(new("spec.imagePullPolicy", "must be Always, IfNotPresent or Never"));
        }

        for (int i = 0; i < (spec.ImagePullSecrets?.Count ?? 0); i++)
        {
            string secret = spec.ImagePullSecrets![i].Name;
            if (!DnsSubdomain().IsMatch(secret))
            {
                errors.Add(new($"spec.imagePullSecrets[{i}].name", $"'{secret}' is not a valid object name"));
            }
        }

        ValidateResources(spec.Resources, errors);
        ValidateStorage(spec.Storage, errors);
        ValidateConfig(spec.Config, errors);
        ValidatePod(spec.Pod, errors);
    }

    private static void ValidateResources(ResourceRequirements? resources, List<FieldError> errors)
    {
        foreach (var (field, map) in new[] { ("requests", resources?.Requests), ("limits", resources?.Limits) })
        {
            foreach (var (name, quantity) in map ?? [])
            {
                if (!IsQuantity(quantity.Value))
                {
                    errors.Add(new($"spec.resources.{field}.{name}", $"'{quantity.Value}' is not a quantity (e.g. 500m, 2, 1Gi)"));
                }
            }
        }
    }

    private static void ValidateStorage(StorageSpec? storage, List<FieldError> errors)
    {
        if (storage is null)
        {
            errors.Add(new("spec.storage", "is required"));
            return;
        }

        if (!IsQuantity(storage.Size.Value))
        {
            errors.Add(new("spec.storage.size", $"'{storage.Size.Value}' is not a quantity (e.g. 10Gi)"));
        }
        else if (!IsPositiveQuantity(storage.Size.Value))
        {
            errors.Add(new("spec.storage.size", $"must be greater than zero, got '{storage.Size.Value}'"));
        }

        if (storage.StorageClassName is { Length: > 0 } cls && !DnsSubdomain().IsMatch(cls))
        {
            errors.Add(new("spec.storage.storageClassName", $"'{cls}' is not a valid object name"));
        }

        if (!Enum.IsDefined(storage.ReclaimPolicy))
        {
            errors.Add(new("spec.storage.reclaimPolicy", "must be Retain or Delete"));
        }
    }

    private static void ValidateConfig(Dictionary<string, string>? config, List<FieldError> errors)
    {
        foreach (var (key, value) in config ?? [])
        {
            if (ConfigPolicy.IsDenied(key))
            {
                errors.Add(new($"spec.config.{key}", "is owned by the operator and cannot be overridden"));
            }
            else if (!ConfigKey().IsMatch(key))
            {
                errors.Add(new($"spec.config.{key}", "is not a zoo.cfg key (letters, digits, '.', '_', '-')"));
            }

            if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                errors.Add(new($"spec.config.{key}", "a value cannot span lines"));
            }
        }
    }

    private static void ValidatePod(PodOverrides? pod, List<FieldError> errors)
    {
        foreach (var key in pod?.Labels?.Keys ?? Enumerable.Empty<string>())
        {
            if (Desired.EnsembleLabels.IsReserved(key))
            {
                errors.Add(new($"spec.pod.labels.{key}", "is set by the operator (its selectors depend on it)"));
            }
        }

        if (pod?.PriorityClassName is { Length: > 0 } priority && !DnsSubdomain().IsMatch(priority))
        {
            errors.Add(new("spec.pod.priorityClassName", $"'{priority}' is not a valid object name"));
        }
    }

    public static bool IsQuantity(string value) => QuantityPattern().IsMatch(value);

    /// <summary>A quantity whose number part has a non-zero digit (the suffix never makes zero positive).</summary>
    public static bool IsPositiveQuantity(string value)
    {
        var match = QuantityPattern().Match(value);
        return match.Success && match.Groups[1].Value.Any(c => c is >= '1' and <= '9');
    }

    /// <summary>The distribution reference grammar: [host[:port]/]path[:tag][@digest].</summary>
    public static bool IsImageReference(string image) => image.Length is > 0 and <= 512 && ImageReference().IsMatch(image);

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex(@"^\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$")]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex ConfigKey();

    [GeneratedRegex(
        @"^((?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?"
        + @"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
        + @"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,})?$")]
    private static partial Regex ImageReference();
}
