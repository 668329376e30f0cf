namespace Zk.Node.Server.FourLetterWords;

/// <summary>gtmk: the trace mask, in decimal (kept for compatibility; zknode has no trace levels).</summary>
internal sealed class Gtmk : IFourLetterWord
{
    public string Name => "gtmk";

    public string Execute(FourLetterContext context) => context.Node.TraceMask.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
