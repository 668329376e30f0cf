using Zk.Operator.Core.Resources;
using Zk.Operator.Hosting;
using Zk.Operator.Tests.Support;

namespace Zk.Operator.Tests.Hosting;

public sealed class EnsembleFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"zk-ensemble-file-{Guid.NewGuid():N}");

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void A_written_file_reads_back_as_the_same_ensemble()
    {
        var file = new EnsembleFile(PathOf("zke.yaml"));
        var ensemble = new ZkEnsemble
        {
            Metadata = new Core.Resources.ObjectMeta { Name = "local" },
            Spec = new ZkEnsembleSpec { Replicas = 3, Observers = 1, Config = new() { ["tickTime"] = "200" } },
        };

        file.Write(ensemble);
        var read = file.Read();

        Assert.StartsWith("# The ensemble `zk-operator local` runs.", File.ReadAllText(file.Path), StringComparison.Ordinal);
        Assert.Equal("local", read.Metadata.Name);
        Assert.Equal(3, read.Spec.Replicas);
        Assert.Equal(1, read.Spec.Observers);
        Assert.Equal("200", read.Spec.Config!["tickTime"]);
        Assert.Null(read.Status);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "kind: ZkEnsemble")]
    [InlineData("apiVersion: zookeeper.zkoperator.io/v1alpha1\nkind: ZkEnsemble\nspec:\n  replicas: three\n", "zke.yaml")]
    [InlineData("spec: [", "not valid YAML")]
    public void A_file_that_is_not_a_zkensemble_is_refused_with_the_reason(string text, string reason)
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(PathOf("zke.yaml"), text);

        var error = Assert.Throws<FormatException>(() => new EnsembleFile(PathOf("zke.yaml")).Read());

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watching_reports_each_saved_change_and_each_unreadable_one()
    {
        var time = new ManualTimeProvider();
        var file = new EnsembleFile(PathOf("zke.yaml"));
        file.Write(new ZkEnsemble { Metadata = new Core.Resources.ObjectMeta { Name = "local" }, Spec = new ZkEnsembleSpec { Replicas = 1 } });
        var changes = new List<int>();
        var errors = new List<string>();
        using var stop = new CancellationTokenSource();
        var watching = file.WatchAsync(time, TimeSpan.FromSeconds(1), e => changes.Add(e.Spec.Replicas), errors.Add, stop.Token);

        File.WriteAllText(file.Path, File.ReadAllText(file.Path).Replace("replicas: 1", "replicas: 3", StringComparison.Ordinal));
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => changes.Count == 1, "the change to be seen");
        time.Advance(TimeSpan.FromSeconds(1));
        File.WriteAllText(file.Path, "spec: [");
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => errors.Count == 1, "the broken file to be reported");
        await stop.CancelAsync();
        await watching;

        Assert.Equal([3], changes);
        Assert.Contains("not valid YAML", errors[0], StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
