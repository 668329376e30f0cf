using System.Buffers;
using System.Buffers.Binary;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Framing;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Fuzz.Client;

/// <summary>The client side of the server's decode path: frames off a byte stream, then header and body as ServerCore reads them.</summary>
internal static class ClientFrames
{
    public const int MaxFrameLength = JuteReader.DefaultMaxBufferLength + 1024;

    public static byte[] Frame(int xid, OpCode type, byte[] body)
    {
        var frame = new byte[4 + 8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, 8 + body.Length);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), xid);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), (int)type);
        body.CopyTo(frame, 12);
        return frame;
    }

    /// <summary>Decodes every complete frame of <paramref name="stream"/>; returns the records read and how many bytes were left incomplete.</summary>
    /// <exception cref="InvalidOperationException">the decoder consumed input while reporting "incomplete".</exception>
    public static (List<(RequestHeader Header, object? Record)> Requests, long Unconsumed) DecodeStream(byte[] stream) =>
        DecodeStream(new ReadOnlySequence<byte>(stream));

    /// <inheritdoc cref="DecodeStream(byte[])"/>
    public static (List<(RequestHeader Header, object? Record)> Requests, long Unconsumed) DecodeStream(ReadOnlySequence<byte> buffer)
    {
        var requests = new List<(RequestHeader, object?)>();
        while (true)
        {
            var before = buffer;
            if (!FrameDecoder.TryReadFrame(ref buffer, MaxFrameLength, out var payload))
            {
                if (!buffer.Equals(before))
                {
                    throw new InvalidOperationException("TryReadFrame consumed input while reporting an incomplete frame");
                }

                return (requests, buffer.Length);
            }

            requests.Add(DecodeRequest(payload.ToArray()));
        }
    }

    /// <summary>One frame's payload as ServerCore.ProcessFrame reads it.</summary>
    public static (RequestHeader Header, object? Record) DecodeRequest(byte[] payload)
    {
        var reader = new JuteReader(payload);
        var header = RequestHeader.Read(ref reader);
        object? record = ClientRequests.Read(header.Type, ref reader);
        if (record != ClientRequests.UnknownOp)
        {
            reader.ExpectEnd();
        }

        return (header, record);
    }
}
