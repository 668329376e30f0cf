namespace Zk.Operator.Tests.Support;

/// <summary>
/// A fact that needs zknode to form a multi-member ensemble. Skipped, with the reason, when the binary is
/// missing or when <see cref="EnsembleSupport"/> finds that it does not elect a leader yet.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ZknodeEnsembleFactAttribute : FactAttribute
{
    public ZknodeEnsembleFactAttribute()
    {
        if (Zknode.Binary.Value is null)
        {
            Skip = Zknode.Missing;
        }
        else if (EnsembleSupport.Missing.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
