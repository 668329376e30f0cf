using System.Runtime.InteropServices;
using Zk.Operator.Hosting;

namespace Zk.Operator;

/// <summary><c>zk-operator run | crd | local</c>.</summary>
public static class Program
{
    private const string Usage =
        """
        usage: zk-operator <command> [flags]
          run    [--kubeconfig F] [--namespace N ...] [--leader-elect=true|false] [--metrics-port P] [--health-port P]
          crd    [--output crds/zkensembles.yaml]
          local  --replicas N --observers M [--base-port P] [--data DIR] [--name NAME] [--config key=value ...]
        """;

    private static readonly HashSet<string> BooleanFlags = new(StringComparer.Ordinal) { "leader-elect" };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        var log = new JsonLog(Console.Out, TimeProvider.System);
        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopping.Cancel();
        });

        try
        {
            var line = CommandLine.Parse(args, BooleanFlags);
            return line.Command switch
            {
                "run" => await RunCommand.RunAsync(line, log, stopping.Token),
                "crd" => CrdCommand.Run(line, Console.Out),
                "local" => await LocalCommand.RunAsync(line, log, Console.Out, stopping.Token),
                var other => throw new FormatException($"unknown command '{other}'"),
            };
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine("zk-operator: " + e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }
}
