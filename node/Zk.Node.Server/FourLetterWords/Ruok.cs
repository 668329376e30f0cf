namespace Zk.Node.Server.FourLetterWords;

/// <summary>ruok: "imok" whenever the listener accepts (ZooKeeper says nothing about quorum health here).</summary>
internal sealed class Ruok : IFourLetterWord
{
    public string Name => "ruok";

    public string Execute(FourLetterContext context) => "imok";
}
