namespace Zk.Node.Server.FourLetterWords;

/// <summary>crst: reset per-connection statistics.</summary>
internal sealed class Crst : IFourLetterWord
{
    public string Name => "crst";

    public string Execute(FourLetterContext context)
    {
        context.Core.Stats.ResetConnections();
        return "Connection stats reset.\n";
    }
}
