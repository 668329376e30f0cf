namespace Zk.Node.Protocol.Ids;

/// <summary>A ZooKeeper transaction id: the high 32 bits are the leader epoch, the low 32 a counter within it.</summary>
public readonly record struct Zxid(long Value) : IComparable<Zxid>
{
    public static readonly Zxid Zero = new(0);

    public static Zxid From(int epoch, int counter) => new(((long)epoch << 32) | (uint)counter);

    public int Epoch => (int)(Value >> 32);

    public int Counter => (int)(Value & 0xffffffffL);

    public Zxid Next() => new(Value + 1);

    public int CompareTo(Zxid other) => Value.CompareTo(other.Value);

    public static bool operator <(Zxid a, Zxid b) => a.Value < b.Value;

    public static bool operator >(Zxid a, Zxid b) => a.Value > b.Value;

    public static bool operator <=(Zxid a, Zxid b) => a.Value <= b.Value;

    public static bool operator >=(Zxid a, Zxid b) => a.Value >= b.Value;

    public override string ToString() => $"0x{Value:x}";
}
