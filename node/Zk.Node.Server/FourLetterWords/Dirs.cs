namespace Zk.Node.Server.FourLetterWords;

/// <summary>dirs: bytes used by snapshots and txn logs.</summary>
internal sealed class Dirs : IFourLetterWord
{
    public string Name => "dirs";

    public string Execute(FourLetterContext context) =>
        FormattableString.Invariant($"datadir_size: {DirectorySize.Of(context.Config.DataDir)}\nlogdir_size: {DirectorySize.Of(context.Config.DataLogDir)}\n");
}
