namespace Zk.Node.Server.FourLetterWords;

/// <summary>wchs: watch summary.</summary>
internal sealed class Wchs : IFourLetterWord
{
    public string Name => "wchs";

    public string Execute(FourLetterContext context)
    {
        var w = context.Core.Watches.GetSummary();
        return FormattableString.Invariant($"{w.Connections} connections watching {w.Paths} paths\nTotal watches:{w.TotalWatches}\n");
    }
}
