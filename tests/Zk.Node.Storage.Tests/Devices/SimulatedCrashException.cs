namespace Zk.Node.Storage.Tests.Devices;

/// <summary>Thrown by an armed <see cref="SimulatedDevice"/> at the chosen crash point.</summary>
internal sealed class SimulatedCrashException : IOException
{
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }
}
