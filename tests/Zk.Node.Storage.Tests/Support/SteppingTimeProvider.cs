namespace Zk.Node.Storage.Tests.Support;

/// <summary>A clock that advances by a fixed step on every read, so measured durations are exact.</summary>
internal sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        _ticks += step.Ticks;
        return _ticks;
    }
}
