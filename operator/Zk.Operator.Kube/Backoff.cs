namespace Zk.Operator.Kube;

/// <summary>Exponential backoff with "equal jitter": half the step is fixed, half is random.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int retry, TimeSpan initial, TimeSpan max, Random random)
    {
        double step = initial.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30));
        step = Math.Min(step, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((step / 2) + (random.NextDouble() * step / 2));
    }
}
