namespace Zk.Operator.Tests.Support;

/// <summary>Waits for a condition with a deadline, polling; never a fixed sleep standing in for synchronisation.</summary>
internal static class Eventually
{
    public static async Task True(Func<Task<bool>> condition, string what, TimeSpan deadline)
    {
        var giveUp = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                Assert.Fail($"timed out after {deadline.TotalSeconds}s waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }
}
