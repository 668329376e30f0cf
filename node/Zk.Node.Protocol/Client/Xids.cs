namespace Zk.Node.Protocol.Client;

/// <summary>Reserved xids (§4.1 of the wire-protocol reference).</summary>
public static class Xids
{
    public const int Notification = -1;
    public const int Ping = -2;
    public const int Auth = -4;
    public const int SetWatches = -8;
}
