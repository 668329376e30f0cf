namespace Zk.Node.Storage.Tests.Support;

/// <summary>Deterministic record payloads that differ per zxid, so a record read back under the wrong zxid shows.</summary>
internal static class Payloads
{
    public static byte[] For(long zxid, int length)
    {
        var bytes = new byte[length];
        new Random(unchecked((int)zxid * 7919 + length)).NextBytes(bytes);
        return bytes;
    }
}
