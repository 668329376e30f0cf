namespace Zk.Operator.Core.Planning;

/// <summary>
/// A step the executor could not carry out (an apply refused with 422, a failed reconfig): the status shows it
/// as Degraded with this reason and message until a later reconcile succeeds.
/// </summary>
/// <param name="Reason">CamelCase, e.g. ApplyFailed.</param>
/// <param name="Message">What was attempted and the error.</param>
public sealed record StepFailure(string Reason, string Message)
{
    /// <summary>The failure of <paramref name="step"/> with <paramref name="error"/>'s message.</summary>
    public static StepFailure Of(Step step, string error) => new(
        step switch
        {
            Step.ApplyObjects => "ApplyFailed",
            Step.ScaleStatefulSet => "ScaleFailed",
            Step.RestartPod => "RestartFailed",
            Step.AddMember or Step.RemoveMember => "ReconfigFailed",
            _ => "StepFailed",
        },
        $"{step.Describe()} failed: {error}");
}
