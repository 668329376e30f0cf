using Zk.Node.Storage.Devices;
using Zk.Node.Storage.Tests.Support;

namespace Zk.Node.Storage.Tests.Devices;

public sealed class FileDeviceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Positional_writes_reads_truncation_and_preallocation_behave_like_a_file()
    {
        var device = FileDevice.OpenDirectory(_temp.Path);
        using var file = device.Create("a");
        file.Write(0, [1, 2, 3]);
        file.Append([4]);
        file.Write(10, [9]);

        var buffer = new byte[20];
        Assert.Equal(11, file.Read(0, buffer));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 9 }, buffer[..11]);

        file.Preallocate(100);
        Assert.Equal(100, file.Length);
        Assert.Equal(20, file.Read(80, buffer));
        Assert.All(buffer, b => Assert.Equal(0, b));

        file.Truncate(2);
        file.Preallocate(1); // never shrinks
        Assert.Equal(2, file.Length);
        file.Sync();
        Assert.Equal(1, device.FileSyncCount);
    }

    [Fact]
    public void Rename_replaces_and_delete_and_list_see_it()
    {
        var device = FileDevice.OpenDirectory(_temp.Path);
        using (var a = device.Create("a"))
        {
            a.Write(0, [1]);
        }

        using (var b = device.Create("b"))
        {
            b.Write(0, [2, 2]);
        }

        device.Rename("a", "b");
        device.SyncDirectory();

        Assert.Equal(["b"], device.List());
        using (var b = device.Open("b"))
        {
            Assert.Equal(1, b.Length);
        }

        device.Delete("b");
        device.Delete("b");
        Assert.False(device.Exists("b"));
        Assert.Equal(1, device.DirectorySyncCount);
    }

    [Fact]
    public void Create_truncates_an_existing_file_and_Open_requires_one()
    {
        var device = FileDevice.OpenDirectory(_temp.Path);
        using (var a = device.Create("a"))
        {
            a.Write(0, [1, 2, 3]);
        }

        using (var again = device.Create("a"))
        {
            Assert.Equal(0, again.Length);
        }

        Assert.Throws<FileNotFoundException>(() => device.Open("missing"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("sub/file")]
    [InlineData("..")]
    [InlineData("")]
    public void Names_that_leave_the_directory_are_refused(string name)
    {
        var device = FileDevice.OpenDirectory(_temp.Path);

        Assert.Throws<ArgumentException>(() => device.Create(name));
    }

    [Fact]
    public void A_missing_directory_is_an_error_unless_asked_to_create_it()
    {
        string path = Path.Combine(_temp.Path, "x", "y");

        Assert.Throws<DirectoryNotFoundException>(() => FileDevice.OpenDirectory(path, create: false));
        Assert.Equal(path, FileDevice.OpenDirectory(path).Location);
        Assert.True(Directory.Exists(path));
    }
}
