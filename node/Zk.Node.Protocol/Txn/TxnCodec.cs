using System.Buffers;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Jute;

namespace Zk.Node.Protocol.Txn;

/// <summary>
/// Encodes a transaction as it is logged, proposed and snapshotted: a <see cref="TxnHeader"/> followed by
/// the body record its type selects.
/// </summary>
/// <remarks>
/// <code>
/// TxnHeader: clientId:long | cxid:int | zxid:long | time:long | type:int      (32 bytes)
/// body by type:
///   createSession (-10)            CreateSessionTxn     closeSession (-11)   CloseSessionTxn
///   create (1), create2 (15)       CreateTxn            createContainer (19) CreateContainerTxn
///   createTTL (21)                 CreateTtlTxn         delete (2), deleteContainer (20) DeleteTxn
///   setData (5), reconfig (16)     SetDataTxn           setACL (7)           SetAclTxn
///   check (13)                     CheckVersionTxn      error (-1)           ErrorTxn
///   multi (14)                     MultiTxn (each sub-txn serialized into Txn.data)
/// </code>
/// Unlike ZooKeeper this codec has no pre-3.5 fallbacks (CreateTxnV0, empty closeSession body): it
/// only reads logs zknode wrote, so every strict prefix of a record is an error, with one exception: a
/// createSession record cut right after its timeOut is the form zknode wrote before it logged passwords.
/// </remarks>
public static class TxnCodec
{
    /// <summary>Writes the header and then <paramref name="txn"/>, which must be the body record for header.Type.</summary>
    /// <exception cref="ArgumentException">the body does not match the header type (a programming error).</exception>
    public static void Write(JuteWriter writer, TxnHeader header, object? txn)
    {
        header.Write(writer);
        WriteBody(writer, header.Type, txn);
    }

    /// <summary>Reads one header and its body; the body is never null for the types above.</summary>
    public static (TxnHeader Header, object? Txn) Read(ref JuteReader reader)
    {
        var header = TxnHeader.Read(ref reader);
        return (header, ReadBody(ref reader, header.Type));
    }

    public static object ReadBody(ref JuteReader reader, int type) => (OpCode)type switch
    {
        OpCode.CreateSession => CreateSessionTxn.Read(ref reader),
        OpCode.CloseSession => CloseSessionTxn.Read(ref reader),
        OpCode.Create or OpCode.Create2 => CreateTxn.Read(ref reader),
        OpCode.CreateContainer => CreateContainerTxn.Read(ref reader),
        OpCode.CreateTtl => CreateTtlTxn.Read(ref reader),
        OpCode.Delete or OpCode.DeleteContainer => DeleteTxn.Read(ref reader),
        OpCode.SetData or OpCode.Reconfig => SetDataTxn.Read(ref reader),
        OpCode.SetAcl => SetAclTxn.Read(ref reader),
        OpCode.Check => CheckVersionTxn.Read(ref reader),
        OpCode.Error => ErrorTxn.Read(ref reader),
        OpCode.Multi => MultiTxn.Read(ref reader),
        _ => throw new JuteException($"unknown txn type {type}"),
    };

    /// <exception cref="ArgumentException">the body does not match <paramref name="type"/> (a programming error).</exception>
    public static void WriteBody(JuteWriter writer, int type, object? txn)
    {
        switch (txn)
        {
            case CreateSessionTxn t when type == (int)OpCode.CreateSession:
                t.Write(writer);
                break;
            case CloseSessionTxn t when type == (int)OpCode.CloseSession:
                t.Write(writer);
                break;
            case CreateTxn t when type is (int)OpCode.Create or (int)OpCode.Create2:
                t.Write(writer);
                break;
            case CreateContainerTxn t when type == (int)OpCode.CreateContainer:
                t.Write(writer);
                break;
            case CreateTtlTxn t when type == (int)OpCode.CreateTtl:
                t.Write(writer);
                break;
            case DeleteTxn t when type is (int)OpCode.Delete or (int)OpCode.DeleteContainer:
                t.Write(writer);
                break;
            case SetDataTxn t when type is (int)OpCode.SetData or (int)OpCode.Reconfig:
                t.Write(writer);
                break;
            case SetAclTxn t when type == (int)OpCode.SetAcl:
                t.Write(writer);
                break;
            case CheckVersionTxn t when type == (int)OpCode.Check:
                t.Write(writer);
                break;
            case ErrorTxn t when type == (int)OpCode.Error:
                t.Write(writer);
                break;
            case MultiTxn t when type == (int)OpCode.Multi:
                t.Write(writer);
                break;
            default:
                throw new ArgumentException($"txn type {type} cannot carry a {txn?.GetType().Name ?? "null"} body", nameof(txn));
        }
    }

    /// <summary>True for the types ZooKeeper accepts as sub-transactions of a multi.</summary>
    public static bool IsMultiOpType(int type) => (OpCode)type is OpCode.Create or OpCode.Create2 or OpCode.CreateContainer
        or OpCode.CreateTtl or OpCode.Delete or OpCode.DeleteContainer or OpCode.SetData or OpCode.Check or OpCode.Error;

    /// <summary>Serializes one sub-transaction for a <see cref="MultiTxn"/>.</summary>
    public static MultiTxnOp EncodeMultiOp(int type, object txn)
    {
        if (!IsMultiOpType(type))
        {
            throw new ArgumentException($"txn type {type} cannot be part of a multi", nameof(type));
        }

        var buffer = new ArrayBufferWriter<byte>();
        WriteBody(new JuteWriter(buffer), type, txn);
        return new MultiTxnOp(type, buffer.WrittenSpan.ToArray());
    }

    /// <summary>Decodes one sub-transaction; its data must hold exactly one body record of its type.</summary>
    public static object DecodeMultiOp(MultiTxnOp op, int maxBufferLength = JuteReader.DefaultMaxBufferLength)
    {
        if (!IsMultiOpType(op.Type))
        {
            throw new JuteException($"txn type {op.Type} cannot be part of a multi");
        }

        var reader = new JuteReader(op.Data, maxBufferLength);
        object txn = ReadBody(ref reader, op.Type);
        reader.ExpectEnd();
        return txn;
    }
}
