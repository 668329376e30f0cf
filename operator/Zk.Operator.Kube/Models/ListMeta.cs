namespace Zk.Operator.Kube.Models;

/// <summary>metav1.ListMeta: the collection's resourceVersion is where a watch resumes after a list.</summary>
public sealed class ListMeta
{
    public string? ResourceVersion { get; set; }

    public string? Continue { get; set; }
}
