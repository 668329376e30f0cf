namespace Zk.Testing;

/// <summary>
/// Waits on a condition with a deadline, polling: the only way the tests synchronise with processes, sockets and
/// background loops (never a fixed sleep). The one implementation behind <see cref="Eventually"/> too.
/// </summary>
public static class Deadline
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan limit, string what, TimeSpan? poll = null) where T : class
    {
        var end = DateTime.UtcNow + limit;
        Exception? last = null;
        while (true)
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

            if (DateTime.UtcNow >= end)
            {
                throw new TimeoutException($"timed out after {limit.TotalSeconds:0.#}s waiting for {what}" + (last is null ? "" : $" (last error: {last.Message})"));
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task UntilAsync(Func<Task<bool>> probe, TimeSpan limit, string what, TimeSpan? poll = null) =>
        UntilAsync<object>(async () => await probe() ? new object() : null, limit, what, poll);
}
