namespace Zk.Node.Server.Tests.Support;

/// <summary>Waits on a condition with a deadline: the only way tests synchronise with processes.</summary>
internal static class Deadline
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan limit, string what) where T : class
    {
        var end = DateTime.UtcNow + limit;
        Exception? last = null;
        while (DateTime.UtcNow < end)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception e)
            {
                last = e;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"timed out after {limit.TotalSeconds:0}s waiting for {what}" + (last is null ? "" : $" (last error: {last.Message})"));
    }

    public static Task UntilAsync(Func<Task<bool>> probe, TimeSpan limit, string what) =>
        UntilAsync<object>(async () => await probe() ? new object() : null, limit, what);
}
