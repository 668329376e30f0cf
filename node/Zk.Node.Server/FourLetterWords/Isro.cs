namespace Zk.Node.Server.FourLetterWords;

/// <summary>isro: "ro" in read-only mode, "rw" otherwise (no newline, as ZooKeeper).</summary>
internal sealed class Isro : IFourLetterWord
{
    public string Name => "isro";

    public string Execute(FourLetterContext context) => context.Mode == "read-only" ? "ro" : "rw";
}
