namespace Zk.Operator.Controller;

/// <summary>What a reconcile asks of the queue: nothing (wait for a change or the resync), or another look later.</summary>
/// <param name="Outcome">A metric label: done, progressing, waiting, invalid, conflict, finalized.</param>
public sealed record ReconcileResult(string Outcome, TimeSpan? RequeueAfter = null)
{
    public static ReconcileResult Done(string outcome = "done") => new(outcome);

    public static ReconcileResult Requeue(string outcome, TimeSpan after) => new(outcome, after);
}
