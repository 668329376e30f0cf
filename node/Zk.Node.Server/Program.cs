using Zk.Node.Server.Config;
using Zk.Node.Server.Hosting;
using Zk.Node.Server.Logging;
using Zk.Node.Server.Network;
using Zk.Node.Storage.Locking;
using Zk.Node.Storage.TxnLog;

namespace Zk.Node.Server;

/// <summary><c>zknode &lt;zoo.cfg&gt; [--jaas &lt;file&gt;]</c>: a ZooKeeper-compatible server.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var log = NodeLog.Console(TimeProvider.System);
        string? configPath = null;
        string? jaasPath = Environment.GetEnvironmentVariable("ZKNODE_JAAS_CONFIG");
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--jaas" && i + 1 < args.Length)
            {
                jaasPath = args[++i];
            }
            else if (args[i] is "-h" or "--help")
            {
                Console.WriteLine("usage: zknode <zoo.cfg> [--jaas <jaas.conf>]   (ZKNODE_JAAS_CONFIG also names the JAAS file)");
                return 0;
            }
            else
            {
                configPath = args[i];
            }
        }

        if (configPath is null)
        {
            Console.Error.WriteLine("usage: zknode <zoo.cfg> [--jaas <jaas.conf>]");
            return 2;
        }

        ServerConfig config;
        IReadOnlyDictionary<string, string> saslUsers = new Dictionary<string, string>();
        try
        {
            config = ServerConfig.From(
                ZooCfgFile.Parse(File.ReadAllText(configPath)),
                key => log.Warn($"unknown configuration key '{key}' ignored"),
                noEffect: (key, why) => log.Warn($"configuration key '{key}' {why}"));
            if (jaasPath is not null)
            {
                saslUsers = JaasConfig.ParseServerUsers(File.ReadAllText(jaasPath), jaasPath);
                log.Info($"SASL DIGEST-MD5 enabled for {saslUsers.Count} user(s) from {jaasPath}");
            }
        }
        catch (ConfigException e)
        {
            log.Error(e.Message);
            return 2;
        }
        catch (IOException e)
        {
            log.Error($"cannot read configuration: {e.Message}");
            return 2;
        }

        using var stopping = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancelKey = (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };
        EventHandler onProcessExit = (_, _) => stopping.Cancel();
        Console.CancelKeyPress += onCancelKey;
        AppDomain.CurrentDomain.ProcessExit += onProcessExit;
        try
        {
            return await new NodeHost(config, saslUsers, TimeProvider.System, log).RunAsync(stopping.Token);
        }
        catch (Exception e) when (e is DataDirLockedException or TxnLogCorruptException)
        {
            // Operating errors the operator has to act on: one line that says what and where, no stack trace.
            log.Error($"not starting: {e.Message}");
            return 3;
        }
        catch (PortInUseException e)
        {
            log.Error(e.Message);
            return 1;
        }
        finally
        {
            // ProcessExit also fires after Main returns, when the token source is already disposed.
            Console.CancelKeyPress -= onCancelKey;
            AppDomain.CurrentDomain.ProcessExit -= onProcessExit;
        }
    }
}
