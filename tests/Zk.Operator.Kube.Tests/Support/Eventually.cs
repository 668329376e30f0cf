namespace Zk.Operator.Kube.Tests.Support;

/// <summary>Waits for a condition with a deadline, polling; never a fixed sleep standing in for synchronisation.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(10);

    public static async Task True(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        var giveUp = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (!condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }

            await Task.Yield();
            await Task.Delay(2);
        }
    }
}
