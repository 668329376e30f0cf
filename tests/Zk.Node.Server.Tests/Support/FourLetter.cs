using System.Net.Sockets;
using System.Text;

namespace Zk.Node.Server.Tests.Support;

internal static class FourLetter
{
    /// <summary>Sends a four-letter word and reads the whole reply until the server closes the socket.</summary>
    public static async Task<string> AskAsync(int port, string word, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cts.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(word), cts.Token);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync(cts.Token);
    }
}
