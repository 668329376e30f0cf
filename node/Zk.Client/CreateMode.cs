namespace Zk.Client;

/// <summary>The kind of node to create; the values are the wire's CreateRequest.flags.</summary>
public enum CreateMode
{
    Persistent = 0,
    Ephemeral = 1,
    PersistentSequential = 2,
    EphemeralSequential = 3,

    /// <summary>Sent with opcode createContainer (19) rather than create.</summary>
    Container = 4,
}
