namespace Zk.Node.Core.Tree;

/// <summary>
/// ZooKeeper's PathUtils.validatePath. The rules work on UTF-16 code units exactly as Java does, so
/// every character outside the BMP (a surrogate pair) is rejected through the U+D800–U+F8FF range.
/// </summary>
public static class PathValidator
{
    /// <summary>Returns why <paramref name="path"/> is not a valid znode path, or null when it is.</summary>
    /// <param name="isSequential">
    /// The path is a sequential create's prefix: validated as if the sequence number were already
    /// appended, so "/a/" (a child of /a named only by its number) is allowed.
    /// </param>
    public static string? Validate(string? path, bool isSequential = false)
    {
        if (path is null)
        {
            return "Path cannot be null";
        }

        return ValidateCore(isSequential ? path + "1" : path);
    }

    public static bool IsValid(string? path, bool isSequential = false) => Validate(path, isSequential) is null;

    private static string? ValidateCore(string path)
    {
        if (path.Length == 0)
        {
            return "Path length must be > 0";
        }

        if (path[0] != '/')
        {
            return "Path must start with / character";
        }

        if (path.Length == 1)
        {
            return null;
        }

        if (path[^1] == '/')
        {
            return "Path must not end with / character";
        }

        string? reason = null;
        char last = '/';
        for (int i = 1; i < path.Length; last = path[i], i++)
        {
            char c = path[i];
            bool segmentEndsHere = i + 1 == path.Length || path[i + 1] == '/';
            if (c == '\0')
            {
                reason = $"null character not allowed @{i}";
            }
            else if (c == '/' && last == '/')
            {
                reason = $"empty node name specified @{i}";
            }
            else if (c == '.' && last == '.')
            {
                if (path[i - 2] == '/' && segmentEndsHere)
                {
                    reason = $"relative paths not allowed @{i}";
                }
            }
            else if (c == '.')
            {
                if (path[i - 1] == '/' && segmentEndsHere)
                {
                    reason = $"relative paths not allowed @{i}";
                }
            }
            else if (c is (> '\u0000' and <= '\u001f') or (>= '\u007f' and <= '\u009f') or (>= '\ud800' and <= '\uf8ff') or (>= '\ufff0' and <= '\uffff'))
            {
                reason = $"invalid character @{i}";
            }

            if (reason is not null)
            {
                return $"Invalid path string \"{path}\" caused by {reason}";
            }
        }

        return null;
    }
}
