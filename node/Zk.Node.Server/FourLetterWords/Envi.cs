using System.Runtime.InteropServices;
using System.Text;

namespace Zk.Node.Server.FourLetterWords;

/// <summary>envi: the process environment, with ZooKeeper's keys (harnesses read zookeeper.version).</summary>
internal sealed class Envi : IFourLetterWord
{
    public string Name => "envi";

    public string Execute(FourLetterContext context)
    {
        var text = new StringBuilder("Environment:\n");
        void Line(string key, object? value) => text.Append(key).Append('=').Append(FormattableString.Invariant($"{value}")).Append('\n');
        Line("zookeeper.version", context.VersionLine);
        Line("host.name", Environment.MachineName);
        Line("java.version", RuntimeInformation.FrameworkDescription);
        Line("java.vendor", ".NET");
        Line("java.home", RuntimeEnvironment());
        Line("java.class.path", AppContext.BaseDirectory);
        Line("java.library.path", AppContext.BaseDirectory);
        Line("java.io.tmpdir", Path.GetTempPath().TrimEnd('/'));
        Line("java.compiler", "<NA>");
        Line("os.name", RuntimeInformation.OSDescription.Split(' ')[0]);
        Line("os.arch", RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant());
        Line("os.version", Environment.OSVersion.Version);
        Line("user.name", Environment.UserName);
        Line("user.home", Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        Line("user.dir", Environment.CurrentDirectory);
        var gc = GC.GetGCMemoryInfo();
        Line("os.memory.free", $"{(gc.TotalAvailableMemoryBytes - GC.GetTotalMemory(false)) / (1024 * 1024)}MB");
        Line("os.memory.max", $"{gc.TotalAvailableMemoryBytes / (1024 * 1024)}MB");
        Line("os.memory.total", $"{GC.GetTotalMemory(false) / (1024 * 1024)}MB");
        return text.ToString();
    }

    private static string RuntimeEnvironment() => Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
}
