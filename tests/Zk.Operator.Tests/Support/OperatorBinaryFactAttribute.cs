namespace Zk.Operator.Tests.Support;

/// <summary>A fact that runs the published zk-operator binary; skipped with the reason when it is not published.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class OperatorBinaryFactAttribute : FactAttribute
{
    public OperatorBinaryFactAttribute()
    {
        if (OperatorBinary.Path.Value is null)
        {
            Skip = OperatorBinary.Missing;
        }
    }
}
