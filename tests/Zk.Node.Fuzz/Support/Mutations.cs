using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;

namespace Zk.Node.Fuzz.Support;

/// <summary>Hostile variants of valid encodings: truncations, bit flips, forged lengths, splices and plain garbage.</summary>
internal static class Mutations
{
    /// <summary>Lengths that have broken decoders elsewhere: negative, null marker, just past a limit, huge.</summary>
    public static readonly int[] HostileLengths =
        [-1, -2, int.MinValue, int.MaxValue, int.MaxValue - 3, 0xfffff, 0x100000, 0x7fff_0000, 1 << 24, 1 << 30, 65536, 0];

    public static Gen<byte[]> Hostile(Gen<byte[]> valid) =>
        Gen.OneOf(
            valid.SelectMany(bytes => Gen.Choose(0, bytes.Length).Select(n => bytes[..n])),
            valid.SelectMany(bytes => Gen.Choose(1, 8).SelectMany(flips => FlipBits(bytes, flips))),
            valid.SelectMany(ForgeLength),
            valid.SelectMany(bytes => Garbage.Select(junk => Splice(bytes, junk))),
            valid.SelectMany(bytes => Garbage.Select(junk => bytes.Concat(junk).ToArray())),
            Garbage);

    /// <summary>Random bytes, biased towards small ints and 0xff runs that read as -1 lengths.</summary>
    public static readonly Gen<byte[]> Garbage =
        Gen.ArrayOf(Gen.Frequency((6, Gen.Choose(0, 255).Select(b => (byte)b)), (2, Gen.Constant((byte)0)), (2, Gen.Constant((byte)0xff))));

    private static Gen<byte[]> FlipBits(byte[] bytes, int flips)
    {
        if (bytes.Length == 0)
        {
            return Gen.Constant(bytes);
        }

        return Gen.ArrayOf(Gen.Choose(0, (bytes.Length * 8) - 1), flips).Select(bits =>
        {
            var copy = (byte[])bytes.Clone();
            foreach (int bit in bits)
            {
                copy[bit / 8] ^= (byte)(1 << (bit % 8));
            }

            return copy;
        });
    }

    /// <summary>Overwrites 4 bytes at some offset with a hostile int: where a length was, it now lies.</summary>
    private static Gen<byte[]> ForgeLength(byte[] bytes)
    {
        if (bytes.Length < 4)
        {
            return Gen.Constant(bytes);
        }

        return Gen.Choose(0, bytes.Length - 4).SelectMany(at => Gen.Elements(HostileLengths).Select(value =>
        {
            var copy = (byte[])bytes.Clone();
            BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(at), value);
            return copy;
        }));
    }

    private static byte[] Splice(byte[] bytes, byte[] junk)
    {
        int at = junk.Length == 0 ? 0 : junk[0] % (bytes.Length + 1);
        return [.. bytes.AsSpan(0, at), .. junk, .. bytes.AsSpan(at)];
    }
}
