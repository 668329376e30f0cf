namespace Zk.Operator.Tests.Support;

/// <summary>A fact that needs the real zknode binary; skipped with the reason when it is not built.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ZknodeFactAttribute : FactAttribute
{
    public ZknodeFactAttribute()
    {
        if (Zknode.Binary.Value is null)
        {
            Skip = Zknode.Missing;
        }
    }
}
