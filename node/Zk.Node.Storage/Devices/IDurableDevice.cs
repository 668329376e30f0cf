namespace Zk.Node.Storage.Devices;

/// <summary>
/// One directory of files with explicit durability. Nothing written is durable until
/// <see cref="IDurableFile.Sync"/> returns, and no create, rename or delete is durable until
/// <see cref="SyncDirectory"/> returns: the test twin loses or tears everything else at a crash,
/// so the storage code above this seam has to say exactly when it needs durability.
/// Implementations are not thread-safe unless stated otherwise.
/// </summary>
public interface IDurableDevice
{
    /// <summary>Where the device lives, for messages only.</summary>
    string Location { get; }

    /// <summary>The names of the files in the directory (not sub-directories), in no particular order.</summary>
    IReadOnlyList<string> List();

    bool Exists(string name);

    /// <summary>Creates the file, truncating it to zero length if it exists.</summary>
    IDurableFile Create(string name);

    /// <summary>Opens an existing file for reading and writing; throws <see cref="FileNotFoundException"/> if missing.</summary>
    IDurableFile Open(string name);

    /// <summary>Atomically renames, replacing <paramref name="destination"/> if it exists.</summary>
    void Rename(string source, string destination);

    /// <summary>Deletes the file; a missing file is not an error.</summary>
    void Delete(string name);

    /// <summary>Makes every create, rename and delete so far durable (fsync of the directory).</summary>
    void SyncDirectory();
}
