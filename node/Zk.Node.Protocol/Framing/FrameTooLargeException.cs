using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Framing;

/// <summary>A frame length prefix that is negative or above the limit ("Len error" in ZooKeeper): close the connection.</summary>
public sealed class FrameTooLargeException(int length, int maxFrameLength)
    : JuteException($"frame length {length} is outside 0..{maxFrameLength}")
{
    public int Length { get; } = length;

    public int MaxFrameLength { get; } = maxFrameLength;
}
