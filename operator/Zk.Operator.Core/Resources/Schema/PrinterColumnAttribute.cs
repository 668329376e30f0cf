namespace Zk.Operator.Core.Resources.Schema;

/// <summary>A column kubectl get prints (additionalPrinterColumns), in declaration order.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PrinterColumnAttribute(int order, string name, string type, string jsonPath) : Attribute
{
    public int Order { get; } = order;

    public string Name { get; } = name;

    public string Type { get; } = type;

    public string JsonPath { get; } = jsonPath;

    public string? Description { get; init; }

    /// <summary>0 shows in the default view, higher only with -o wide.</summary>
    public int Priority { get; init; }
}
