namespace Zk.Node.Server.Tests.Ensemble.Linearizability;

/// <summary>
/// One operation in a history: invoked at <see cref="Invoke"/> and answered at <see cref="Return"/> (monotonic
/// ticks), or never answered (<see cref="Return"/> null: the connection died, so it may or may not have happened).
/// </summary>
public sealed record RegisterOp(
    int Client,
    RegisterOpKind Kind,
    long Invoke,
    long? Return,
    string? Value = null,
    int ExpectedVersion = -1,
    bool Succeeded = true,
    int ResultVersion = -1)
{
    public bool IsKnown => Return is not null;

    public static RegisterOp Read(int client, long invoke, long ret, string value, int version) =>
        new(client, RegisterOpKind.Read, invoke, ret, value, ResultVersion: version);

    public static RegisterOp Write(int client, long invoke, long? ret, string value, int resultVersion = -1) =>
        new(client, RegisterOpKind.Write, invoke, ret, value, ResultVersion: resultVersion);

    public static RegisterOp CompareAndSet(int client, long invoke, long? ret, int expected, string value, bool succeeded, int resultVersion = -1) =>
        new(client, RegisterOpKind.CompareAndSet, invoke, ret, value, expected, succeeded, resultVersion);

    /// <summary>
    /// The register's sequential specification: whether this op, with the answer it got, can happen in
    /// <paramref name="state"/>, and the state after it. An unanswered op is always possible: a write applies, a
    /// compare-and-set applies when the version matches (the checker may also leave either out altogether).
    /// </summary>
    public bool Step(RegisterState state, out RegisterState next)
    {
        next = state;
        switch (Kind)
        {
            case RegisterOpKind.Read:
                return Value == state.Value && ResultVersion == state.Version;
            case RegisterOpKind.Write:
                next = new RegisterState(Value!, state.Version + 1);
                return !IsKnown || ResultVersion == state.Version + 1;
            default:
                bool matches = state.Version == ExpectedVersion;
                if (!IsKnown)
                {
                    next = matches ? new RegisterState(Value!, state.Version + 1) : state;
                    return true;
                }

                if (Succeeded)
                {
                    next = new RegisterState(Value!, state.Version + 1);
                    return matches && ResultVersion == state.Version + 1;
                }

                return !matches;
        }
    }

    public override string ToString()
    {
        string answer = IsKnown ? $"@{Invoke}..{Return}" : $"@{Invoke}..?";
        return Kind switch
        {
            RegisterOpKind.Read => $"c{Client} read -> ({Value}, v{ResultVersion}) {answer}",
            RegisterOpKind.Write => $"c{Client} write {Value} -> {(IsKnown ? $"v{ResultVersion}" : "?")} {answer}",
            _ => $"c{Client} cas v{ExpectedVersion} {Value} -> {(IsKnown ? (Succeeded ? $"ok v{ResultVersion}" : "BadVersion") : "?")} {answer}",
        };
    }
}
