namespace Zk.Operator.Hosting;

/// <summary>Knobs of <see cref="OperatorHost"/>.</summary>
public sealed record OperatorHostOptions
{
    /// <summary>Namespaces to watch; empty watches all of them.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Identity in events (the pod name in a cluster).</summary>
    public string Identity { get; init; } = Environment.MachineName;

    /// <summary>Keys reconciled at once; one key is never processed twice concurrently anyway.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Every ensemble is reconciled at least this often, whatever the watches said.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(5);

    public Controller.ControllerOptions Controller { get; init; } = new();

    public Queue.WorkQueueOptions Queue { get; init; } = new();
}
