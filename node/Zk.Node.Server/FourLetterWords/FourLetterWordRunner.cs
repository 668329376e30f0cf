using Zk.Node.Server.Hosting;

namespace Zk.Node.Server.FourLetterWords;

/// <summary>Runs four-letter words: whitelist check, then the word on the core thread.</summary>
internal sealed class FourLetterWordRunner(CoreLoop loop, Func<FourLetterContext> context, IReadOnlySet<string> whitelist)
{
    public static readonly IReadOnlyList<IFourLetterWord> All =
    [
        new Ruok(), new Srvr(), new Stat(), new Mntr(), new Conf(), new Cons(), new Crst(), new Srst(), new Envi(),
        new Wchs(), new Wchc(), new Wchp(), new Dirs(), new Isro(), new Dump(), new Gtmk(),
    ];

    public const string NotServing = "This ZooKeeper instance is not currently serving requests\n";

    private readonly Dictionary<string, IFourLetterWord> _words = All.ToDictionary(w => w.Name, StringComparer.Ordinal);

    public bool IsAllowed(string word) => whitelist.Contains("*") || whitelist.Contains(word);

    public async ValueTask<string> RunAsync(string word)
    {
        if (!IsAllowed(word))
        {
            return $"{word} is not executed because it is not in the whitelist.\n";
        }

        if (!_words.TryGetValue(word, out var command))
        {
            return $"{word} is not supported by this server.\n";
        }

        return await loop.QueryAsync(() =>
        {
            var current = context();

            // An ensemble member that is electing or syncing has no state worth reporting (ZooKeeper's ZK_NOT_SERVING).
            return current.Node.Serving || word is "ruok" or "envi" or "gtmk" or "isro"
                ? command.Execute(current)
                : NotServing;
        }).ConfigureAwait(false);
    }

    /// <summary>Admin/metrics callers that bypass the whitelist, as ZooKeeper's AdminServer does.</summary>
    public Task<T> QueryAsync<T>(Func<FourLetterContext, T> query) => loop.QueryAsync(() => query(context()));
}
