using Zk.Node.Protocol.Jute;

namespace Zk.Node.Fuzz.Support;

/// <summary>
/// The contract every decoder owes hostile bytes: return a value, report "incomplete", or throw
/// <see cref="JuteException"/> (what the server catches to close one connection). Any other exception, or an
/// allocation larger than the input could justify, is a defect.
/// </summary>
internal static class HostileInput
{
    /// <summary>Bytes a decoder may allocate beyond <see cref="BytesPerInputByte"/> per input byte (lists, strings, exception text).</summary>
    public const long AllocationConstant = 64 * 1024;

    /// <summary>A decoded record may hold several managed objects per input byte (a string is UTF-16, a list has slack).</summary>
    public const long BytesPerInputByte = 64;

    /// <summary>Runs <paramref name="decode"/>; true when it returned, false when it threw <see cref="JuteException"/>.</summary>
    public static bool Decodes(byte[] input, Action<byte[]> decode)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool decoded;
        try
        {
            decode(input);
            decoded = true;
        }
        catch (JuteException)
        {
            decoded = false;
        }
        catch (Exception e)
        {
            throw new HostileInputException($"{e.GetType().Name} instead of JuteException on {Hex(input)}", e);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long limit = AllocationConstant + (BytesPerInputByte * input.Length);
        if (allocated > limit)
        {
            throw new HostileInputException($"allocated {allocated} bytes (limit {limit}) decoding {input.Length} bytes {Hex(input)}");
        }

        return decoded;
    }

    public static string Hex(byte[] input) =>
        input.Length <= 512 ? Convert.ToHexString(input) : $"{Convert.ToHexString(input.AsSpan(0, 512))}... ({input.Length} bytes)";
}
