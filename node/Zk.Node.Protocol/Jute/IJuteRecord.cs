namespace Zk.Node.Protocol.Jute;

/// <summary>A jute record: fields written and read in declaration order, as in zookeeper.jute.</summary>
public interface IJuteRecord<TSelf> where TSelf : IJuteRecord<TSelf>
{
    static abstract TSelf Read(ref JuteReader reader);

    void Write(JuteWriter writer);
}
