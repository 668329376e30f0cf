namespace Zk.Node.Server.FourLetterWords;

/// <summary>srst: reset server statistics.</summary>
internal sealed class Srst : IFourLetterWord
{
    public string Name => "srst";

    public string Execute(FourLetterContext context)
    {
        context.Core.Stats.Reset();
        return "Server stats reset.\n";
    }
}
