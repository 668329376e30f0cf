namespace Zk.Testing;

/// <summary>Condition-first spellings of <see cref="Deadline.UntilAsync(Func{Task{bool}}, TimeSpan, string, TimeSpan?)"/>.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static Task True(Func<Task<bool>> condition, string what, TimeSpan deadline) =>
        Deadline.UntilAsync(condition, deadline, what, TimeSpan.FromMilliseconds(20));

    /// <summary>A synchronous condition, polled often: used with in-process fakes that change state quickly.</summary>
    public static Task True(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        Deadline.UntilAsync(() => Task.FromResult(condition()), deadline ?? TimeSpan.FromSeconds(10), what, TimeSpan.FromMilliseconds(2));

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Deadline.UntilAsync(condition, timeout ?? DefaultTimeout, what, TimeSpan.FromMilliseconds(20));
}
