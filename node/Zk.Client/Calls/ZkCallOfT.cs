using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Client.Calls;

/// <summary>A call whose outcome is a value of <typeparamref name="T"/> or a <see cref="KeeperException"/>.</summary>
internal abstract class ZkCall<T> : ZkCall
{
    // Continuations run on the thread pool so user code never stalls the reader loop.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected ZkCall(string? clientPath) => ClientPath = clientPath;

    public Task<T> Task => _completion.Task;

    /// <summary>The path as the caller wrote it (before the chroot), reported in exceptions.</summary>
    public string? ClientPath { get; }

    protected sealed override void OnReply(in ReplyHeader header, ref JuteReader body)
    {
        if (header.Err != KeeperErrorCode.Ok)
        {
            if (TryResultForError(header.Err, out var fallback))
            {
                _completion.TrySetResult(fallback);
            }
            else
            {
                _completion.TrySetException(new KeeperException(header.Err, ClientPath));
            }

            return;
        }

        var value = Parse(ref body);
        if (Reject(value) is { } rejection)
        {
            _completion.TrySetException(rejection);
            return;
        }

        _completion.TrySetResult(value);
    }

    protected sealed override void OnFailure(Exception error) => _completion.TrySetException(error);

    protected abstract T Parse(ref JuteReader body);

    /// <summary>Lets a call fail although the reply header said Ok (a multi whose ops failed).</summary>
    protected virtual KeeperException? Reject(T value) => null;

    /// <summary>Lets a call turn an error into a value (exists: NoNode is null, not an exception).</summary>
    protected virtual bool TryResultForError(KeeperErrorCode code, out T result)
    {
        result = default!;
        return false;
    }
}
