using System.Runtime.InteropServices;
using Zk.Operator.Hosting;

namespace Zk.Operator;

/// <summary><c>zk-operator run | crd | local</c> (see <see cref="Cli"/>).</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Not disposed: a signal handler may still run while Main returns (the host of run listens for SIGTERM too).
        var stopping = new CancellationTokenSource();
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

        return await Cli.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, stopping.Token);
    }
}
