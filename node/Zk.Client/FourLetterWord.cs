using System.Net.Sockets;
using System.Text;

namespace Zk.Client;

/// <summary>
/// Four-letter-word commands (srvr, mntr, ruok, conf, ...): four ASCII bytes on a fresh connection, answered with
/// plain text and a close. Whether a word runs depends on the server's 4lw.commands.whitelist.
/// </summary>
public static class FourLetterWord
{
    /// <summary>Largest answer read; mntr on a busy 3.9 server is a few tens of KiB.</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    public static async Task<string> SendAsync(string host, int port, string command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (command is not { Length: 4 } || !Ascii.IsValid(command))
        {
            throw new ArgumentException($"'{command}' is not a four-letter word", nameof(command));
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port, deadline.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(command), SocketFlags.None, deadline.Token);
        socket.Shutdown(SocketShutdown.Send);

        var answer = new MemoryStream();
        byte[] chunk = new byte[8192];
        while (true)
        {
            int read = await socket.ReceiveAsync(chunk, SocketFlags.None, deadline.Token);
            if (read == 0)
            {
                break;
            }

            if (answer.Length + read > MaxResponseBytes)
            {
                throw new InvalidDataException($"{command} answer from {host}:{port} exceeds {MaxResponseBytes} bytes");
            }

            answer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(answer.GetBuffer(), 0, (int)answer.Length);
    }

    public static Task<string> SendAsync(string host, int port, string command, CancellationToken cancellationToken = default) =>
        SendAsync(host, port, command, TimeSpan.FromSeconds(5), cancellationToken);

    /// <summary>Parses mntr output: one <c>key\tvalue</c> per line.</summary>
    public static IReadOnlyDictionary<string, string> ParseMntr(string text) => ParseLines(text, '\t');

    /// <summary>Parses srvr/stat output: <c>Key: value</c> lines (e.g. "Mode" → "leader", "Zxid" → "0x100000002").</summary>
    public static IReadOnlyDictionary<string, string> ParseSrvr(string text) => ParseLines(text, ':');

    private static Dictionary<string, string> ParseLines(string text, char separator)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0)
            {
                values[line[..at].Trim()] = line[(at + 1)..].Trim();
            }
        }

        return values;
    }
}
