namespace Zk.Node.Server.FourLetterWords;

/// <summary>A four-letter word: runs on the core thread (consistent views) and returns plain ASCII text.</summary>
internal interface IFourLetterWord
{
    string Name { get; }

    string Execute(FourLetterContext context);
}
