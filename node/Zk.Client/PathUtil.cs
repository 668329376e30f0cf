namespace Zk.Client;

/// <summary>Client-side path checks and chroot mapping; the server re-validates everything.</summary>
internal static class PathUtil
{
    public static void Validate(string path, string paramName = "path")
    {
        ArgumentNullException.ThrowIfNull(path, paramName);
        if (path.Length == 0 || path[0] != '/')
        {
            throw new ArgumentException($"path '{path}' must start with /", paramName);
        }

        if (path.Length > 1 && path[^1] == '/')
        {
            throw new ArgumentException($"path '{path}' must not end with /", paramName);
        }

        if (path.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"path '{path}' has an empty segment", paramName);
        }
    }

    /// <summary>The server path for a client path under <paramref name="chroot"/>.</summary>
    public static string ToServer(string? chroot, string path)
    {
        Validate(path);
        if (chroot is null)
        {
            return path;
        }

        return path == "/" ? chroot : chroot + path;
    }

    /// <summary>The client path for a server path; paths outside the chroot are returned unchanged.</summary>
    public static string ToClient(string? chroot, string serverPath)
    {
        if (chroot is null || !serverPath.StartsWith(chroot, StringComparison.Ordinal))
        {
            return serverPath;
        }

        if (serverPath.Length == chroot.Length)
        {
            return "/";
        }

        return serverPath[chroot.Length] == '/' ? serverPath[chroot.Length..] : serverPath;
    }
}
