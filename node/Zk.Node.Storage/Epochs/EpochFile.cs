using System.Globalization;
using System.Text;
using Zk.Node.Storage.Devices;

namespace Zk.Node.Storage.Epochs;

/// <summary>
/// One of ZAB's epoch files (<c>currentEpoch</c>, <c>acceptedEpoch</c>): the epoch as decimal ASCII, exactly as
/// ZooKeeper's QuorumPeer writes it, so a data directory moves between zknode and ZooKeeper. Written atomically
/// the way ZooKeeper's AtomicFileWritingIdiom does: <c>&lt;name&gt;.tmp</c>, fsync, rename, then (unlike ZooKeeper)
/// fsync the directory, since a promise made to a new leader must survive a power cut.
/// </summary>
public sealed class EpochFile(IDurableDevice directory, string name)
{
    public const string CurrentEpoch = "currentEpoch";

    public const string AcceptedEpoch = "acceptedEpoch";

    private const int MaxBytes = 64;

    public string Name => name;

    /// <summary>False when the file does not exist (a fresh node); throws <see cref="InvalidDataException"/> when it is not a number.</summary>
    public bool TryRead(out long epoch)
    {
        epoch = 0;
        if (!directory.Exists(name))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[MaxBytes];
        int n;
        using (var file = directory.Open(name))
        {
            n = file.Read(0, bytes);
        }

        var text = Encoding.ASCII.GetString(bytes[..n]).Trim();
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out epoch) || epoch < 0)
        {
            throw new InvalidDataException($"{directory.Location}/{name} does not hold an epoch: '{text}'");
        }

        return true;
    }

    /// <summary>Durably replaces the epoch: when this returns, a crash leaves the new value (before: the old one).</summary>
    public void Write(long epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        string temp = name + ".tmp";
        using (var file = directory.Create(temp))
        {
            file.Write(0, Encoding.ASCII.GetBytes(epoch.ToString(CultureInfo.InvariantCulture)));
            file.Sync();
        }

        directory.Rename(temp, name);
        directory.SyncDirectory();
    }
}
