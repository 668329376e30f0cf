using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Zk.Operator.Runtime;

namespace Zk.Operator.Tests.Support;

/// <summary>
/// Detects whether the zknode binary runs quorum peers: one member configured as a one-server quorum
/// (standaloneEnabled=false) must report Mode leader within a deadline. A node that answers "standalone"
/// or never serves cannot form an ensemble yet, and the multi-member tests say so instead of failing.
/// Runs once per test process.
/// </summary>
internal static class EnsembleSupport
{
    public static readonly Lazy<string?> Missing = new(Probe);

    private static string? Probe()
    {
        string dir = Path.Combine(Path.GetTempPath(), "zk-operator-probe-" + Environment.ProcessId);
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        int client = FreePort(), quorum = FreePort(), election = FreePort();
        File.WriteAllText(Path.Combine(dir, "data", "myid"), "1\n");
        File.WriteAllText(Path.Combine(dir, "zoo.cfg"), $"""
            tickTime=200
            initLimit=10
            syncLimit=5
            dataDir={Path.Combine(dir, "data")}
            clientPort={client}
            clientPortAddress=127.0.0.1
            standaloneEnabled=false
            reconfigEnabled=true
            admin.enableServer=false
            4lw.commands.whitelist=srvr
            server.1=127.0.0.1:{quorum}:{election}:participant;127.0.0.1:{client}

            """);
        var info = new ProcessStartInfo(Zknode.Binary.Value!) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(dir, "zoo.cfg"));
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            string mode = "no answer";
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                string text;
                try
                {
                    text = Zk.Client.FourLetterWord.SendAsync("127.0.0.1", client, "srvr", TimeSpan.FromSeconds(1)).GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
                {
                    Thread.Sleep(100);
                    continue;
                }

                var answer = MemberProbe.Parse(text);
                if (answer.Role == Core.Observed.MemberRole.Leader && !answer.Standalone)
                {
                    return null;
                }

                mode = answer.Standalone ? "standalone" : "not serving";
                if (answer.Standalone)
                {
                    break;
                }

                Thread.Sleep(100);
            }

            return $"zknode cannot form an ensemble yet: a one-server quorum (standaloneEnabled=false) reported '{mode}' instead of leader";
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }

            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover probe folder in /tmp is harmless.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
