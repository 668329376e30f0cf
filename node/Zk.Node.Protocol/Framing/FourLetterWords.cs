namespace Zk.Node.Protocol.Framing;

/// <summary>The four-letter words ZooKeeper recognises in place of a first frame (§15 of the wire-protocol reference).</summary>
public static class FourLetterWords
{
    public const string Ruok = "ruok";
    public const string Srvr = "srvr";
    public const string Stat = "stat";
    public const string Mntr = "mntr";
    public const string Conf = "conf";
    public const string Cons = "cons";
    public const string Crst = "crst";
    public const string Srst = "srst";
    public const string Envi = "envi";
    public const string Wchs = "wchs";
    public const string Wchc = "wchc";
    public const string Wchp = "wchp";
    public const string Dirs = "dirs";
    public const string Isro = "isro";
    public const string Dump = "dump";
    public const string Gtmk = "gtmk";
    public const string Stmk = "stmk";
    public const string Hash = "hash";
    public const string Reqs = "reqs";

    public static readonly IReadOnlyList<string> All =
        [Ruok, Srvr, Stat, Mntr, Conf, Cons, Crst, Srst, Envi, Wchs, Wchc, Wchp, Dirs, Isro, Dump, Gtmk, Stmk, Hash, Reqs];

    /// <summary>The word read as a big-endian int32, i.e. the frame length it would otherwise be.</summary>
    public static int Code(string word)
    {
        if (word.Length != 4)
        {
            throw new ArgumentException("a four-letter word has four letters", nameof(word));
        }

        return (word[0] << 24) | (word[1] << 16) | (word[2] << 8) | word[3];
    }
}
