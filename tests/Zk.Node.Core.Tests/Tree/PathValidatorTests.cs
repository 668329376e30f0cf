using Zk.Node.Core.Tree;

namespace Zk.Node.Core.Tests.Tree;

/// <summary>Expected reasons were produced by ZooKeeper 3.8.0's PathUtils.validatePath on the same inputs.</summary>
public sealed class PathValidatorTests
{
    public static TheoryData<string, string?> Paths => new()
    {
        { "/", null },
        { "", "Path length must be > 0" },
        { "a", "Path must start with / character" },
        { "/a/", "Path must not end with / character" },
        { "/a//b", "Invalid path string \"/a//b\" caused by empty node name specified @3" },
        { "/a/./b", "Invalid path string \"/a/./b\" caused by relative paths not allowed @3" },
        { "/a/../b", "Invalid path string \"/a/../b\" caused by relative paths not allowed @4" },
        { "/a/.b", null },
        { "/a/..b", null },
        { "/a/b.", null },
        { "/.", "Invalid path string \"/.\" caused by relative paths not allowed @1" },
        { "/..", "Invalid path string \"/..\" caused by relative paths not allowed @2" },
        { "/...", null },
        { "/a\0b", "Invalid path string \"/a\0b\" caused by null character not allowed @2" },
        { "/a\u0001", "Invalid path string \"/a\u0001\" caused by invalid character @2" },
        { "/a\u001f", "Invalid path string \"/a\u001f\" caused by invalid character @2" },
        { "/a\u007f", "Invalid path string \"/a\u007f\" caused by invalid character @2" },
        { "/a\u009f", "Invalid path string \"/a\u009f\" caused by invalid character @2" },
        { "/a\u00a0", null },
        { "/a\ud800", "Invalid path string \"/a\ud800\" caused by invalid character @2" },
        { "/a\uf8ff", "Invalid path string \"/a\uf8ff\" caused by invalid character @2" },
        { "/a\uf900", null },
        { "/a\ufff0", "Invalid path string \"/a\ufff0\" caused by invalid character @2" },
        { "/a\uffff", "Invalid path string \"/a\uffff\" caused by invalid character @2" },
        { "/a\U0001F600", "Invalid path string \"/a\U0001F600\" caused by invalid character @2" },
        { "/zookeeper", null },
        { "/a b", null },
        { "/\u00e9t\u00e9", null },
        { "/a/b/c", null },
    };

    public static TheoryData<string, string?> SequentialPrefixes => new()
    {
        { "/a/", null },
        { "/.", null },
        { "/..", null },
        { "", "Path must start with / character" },
        { "/a//b", "Invalid path string \"/a//b1\" caused by empty node name specified @3" },
        { "/a\u0001", "Invalid path string \"/a\u00011\" caused by invalid character @2" },
        { "/q/job-", null },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Validate_gives_ZooKeepers_reason_or_null(string path, string? expected)
    {
        Assert.Equal(expected, PathValidator.Validate(path));
        Assert.Equal(expected is null, PathValidator.IsValid(path));
    }

    [Theory]
    [MemberData(nameof(SequentialPrefixes))]
    public void Sequential_prefixes_are_validated_with_the_number_appended(string prefix, string? expected) =>
        Assert.Equal(expected, PathValidator.Validate(prefix, isSequential: true));

    [Fact]
    public void Null_path_is_invalid() => Assert.Equal("Path cannot be null", PathValidator.Validate(null));
}
