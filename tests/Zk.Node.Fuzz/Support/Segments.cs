using System.Buffers;

namespace Zk.Node.Fuzz.Support;

/// <summary>Bytes as a socket pipe hands them over: a sequence of segments cut at arbitrary points (inside a length prefix too).</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary><paramref name="bytes"/> cut after every offset in <paramref name="cuts"/> (taken modulo the length).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, IEnumerable<int> cuts)
    {
        var offsets = cuts.Select(c => bytes.Length == 0 ? 0 : (int)((uint)c % (uint)bytes.Length)).Where(o => o > 0).Distinct().Order().ToList();
        if (offsets.Count == 0)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        offsets.Add(bytes.Length);
        var first = new Segments(bytes.AsMemory(0, offsets[0]), 0);
        var last = first;
        for (int i = 1; i < offsets.Count; i++)
        {
            var next = new Segments(bytes.AsMemory(offsets[i - 1], offsets[i] - offsets[i - 1]), offsets[i - 1]);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
