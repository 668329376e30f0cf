using System.Security.Cryptography;

namespace Zk.Node.Core.Sessions;

/// <summary>
/// A session's password is 16 random bytes drawn where the session is created (from the host's cryptographic
/// source, <see cref="Server.CoreOptions.RandomBytes"/>), carried to every member in the createSession txn and kept
/// in the session table and snapshots. Nothing about it can be derived from the session id or from anything a
/// member prints, so seeing a session id in <c>cons</c> no longer lets anyone take the session over.
/// </summary>
internal static class SessionPasswords
{
    public const int Length = 16;

    public static byte[] New(Action<Span<byte>> randomBytes)
    {
        var password = new byte[Length];
        randomBytes(password);
        return password;
    }

    /// <summary>
    /// A session restored from an older log or snapshot has no password (empty): it cannot be re-attached, it can
    /// only expire.
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> given) =>
        expected.Length == Length && given.Length == Length && CryptographicOperations.FixedTimeEquals(expected, given);
}
