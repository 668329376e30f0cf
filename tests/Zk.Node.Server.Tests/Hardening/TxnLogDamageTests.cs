using System.Buffers.Binary;
using System.Globalization;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Server.Tests.Differential;
using Zk.Node.Server.Tests.Support;

namespace Zk.Node.Server.Tests.Hardening;

/// <summary>
/// A standalone zknode whose txn log has a whole record failing its CRC does not start: the last record may be an
/// acknowledged write that exists nowhere else, so cutting it would lose it. The refusal is one line naming file,
/// offset and zxid, with a non-zero exit code.
/// </summary>
public sealed class TxnLogDamageTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_standalone_node_with_a_damaged_record_refuses_to_start_with_one_line_naming_file_offset_and_zxid(bool lastRecord)
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.ZkNode);
        await using (var session = await RawSession.OpenAsync(server.ClientPort))
        {
            for (int i = 0; i < 5; i++)
            {
                var reply = Assert.Single(await session.SendAsync(OpCode.Create, new CreateRequest($"/acked-{i}", [1], Acl.OpenAclUnsafe, 0)));
                Assert.Equal(KeeperErrorCode.Ok, reply.Header.Err);
            }
        }

        server.Kill();
        var (file, records) = TxnLogFile.Records(Path.Combine(server.DataDir, "version-2"));
        var damaged = lastRecord ? records[^1] : records[^3];
        TxnLogFile.FlipByte(file, damaged.Offset);

        int? exitCode = await server.StartExpectingExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(exitCode);
        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(server.Log.Split('\n'), l => l.Contains("ERROR", StringComparison.Ordinal));
        Assert.Contains("txn log corrupt", line, StringComparison.Ordinal);
        Assert.Contains($"{Path.GetFileName(file)} at offset {damaged.Offset.ToString(CultureInfo.InvariantCulture)}", line, StringComparison.Ordinal);
        Assert.Contains(lastRecord ? $"zxid 0x{damaged.Zxid:x} " : "zxid 0x", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", server.Log, StringComparison.Ordinal);
    }
}

/// <summary>Reads the record layout of zknode's newest log file (see node/Zk.Node.Storage/TxnLog/TxnLogRecordCodec.cs).</summary>
internal static class TxnLogFile
{
    private const int FileHeaderBytes = 16;
    private const int RecordHeaderBytes = 24;

    public static (string File, List<(long Offset, long Zxid)> Records) Records(string versionDirectory)
    {
        string file = Directory.GetFiles(versionDirectory, "log.*")
            .OrderBy(f => long.Parse(Path.GetFileName(f)[4..], NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .Last();
        byte[] bytes = File.ReadAllBytes(file);
        var records = new List<(long, long)>();
        int at = FileHeaderBytes;
        while (at + RecordHeaderBytes <= bytes.Length && bytes.AsSpan(at, RecordHeaderBytes).ContainsAnyExcept((byte)0))
        {
            records.Add((at, BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(at + 8))));
            at += RecordHeaderBytes + BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 4));
        }

        Assert.NotEmpty(records);
        return (file, records);
    }

    /// <summary>Flips one bit of the CRC at <paramref name="offset"/>: the record stays whole, its checksum fails.</summary>
    public static void FlipByte(string file, long offset)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ 0x01));
    }
}
