namespace Zk.Operator.Core.Tests.TestSupport;

/// <summary>Compares text with a committed file, or rewrites it under ZK_UPDATE_GOLDEN=1.</summary>
internal static class GoldenFile
{
    public static void Verify(string path, string actual, string howToUpdate)
    {
        if (RepoPaths.UpdateGolden)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"{path} is missing; {howToUpdate}");
        string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            string[] e = expected.Split('\n');
            string[] a = actual.Split('\n');
            int line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
            Assert.Fail(
                $"{path} is stale; {howToUpdate}.\nFirst difference at line {line + 1}:\n"
                + $"  committed: {(line < e.Length ? e[line] : "<end of file>")}\n"
                + $"  generated: {(line < a.Length ? a[line] : "<end of file>")}");
        }
    }
}
