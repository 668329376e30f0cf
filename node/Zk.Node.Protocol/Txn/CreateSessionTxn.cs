using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>createSession transaction: the negotiated session timeout and, in zknode, the session's password.</summary>
/// <remarks>
/// Layout: timeOut: int | passwd: buffer. ZooKeeper's record ends after timeOut (its passwords are derived from the
/// session id and a constant, so anyone can compute them); zknode draws a random password where the session is
/// created and logs it here so that every member can check a re-attach. A record without it (written before) still
/// reads, with <see cref="Passwd"/> null: that session cannot be re-attached.
/// </remarks>
public readonly record struct CreateSessionTxn(int TimeOut, byte[]? Passwd = null) : IJuteRecord<CreateSessionTxn>
{
    public static CreateSessionTxn Read(ref JuteReader reader)
    {
        int timeOut = reader.ReadInt();
        return reader.IsAtEnd ? new(timeOut) : new(timeOut, reader.ReadBuffer());
    }

    public void Write(JuteWriter writer)
    {
        writer.WriteInt(TimeOut);
        if (Passwd is not null)
        {
            writer.WriteBuffer(Passwd);
        }
    }
}
