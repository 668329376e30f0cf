using Zk.Operator.Core.Resources;
using Zk.Operator.Core.Tests.TestSupport;

namespace Zk.Operator.Core.Tests.Resources;

public sealed class SpecValidatorTests
{
    [Fact]
    public void Default_and_customized_ensembles_are_valid()
    {
        Assert.Empty(SpecValidator.Validate(Ensembles.Default()));
        Assert.Empty(SpecValidator.Validate(Ensembles.Customized()));
    }

    public static TheoryData<string, Action<ZkEnsemble>> Invalid => new()
    {
        { "spec.replicas", e => e.Spec.Replicas = 4 },
        { "spec.replicas", e => e.Spec.Replicas = 0 },
        { "spec.replicas", e => e.Spec.Replicas = 11 },
        { "spec.observers", e => e.Spec.Observers = -1 },
        { "spec.image", e => e.Spec.Image = "Not An Image" },
        { "spec.image", e => e.Spec.Image = "zknode:" },
        { "spec.storage.size", e => e.Spec.Storage.Size = "ten gigs" },
        { "spec.storage.size", e => e.Spec.Storage.Size = "0Gi" },
        { "spec.resources.requests.cpu", e => e.Spec.Resources = new() { Requests = new() { ["cpu"] = "lots" } } },
        { "spec.config.server.1", e => e.Spec.Config = new() { ["server.1"] = "x:1:2" } },
        { "spec.config.dataDir", e => e.Spec.Config = new() { ["dataDir"] = "/tmp" } },
        { "spec.config.reconfigEnabled", e => e.Spec.Config = new() { ["reconfigEnabled"] = "false" } },
        { "spec.config.tickTime", e => e.Spec.Config = new() { ["tickTime"] = "2000\nserver.9=evil:1:2" } },
        { "spec.pod.labels.app.kubernetes.io/instance", e => e.Spec.Pod = new() { Labels = new() { ["app.kubernetes.io/instance"] = "other" } } },
        { "metadata.name", e => e.Metadata.Name = "a-name-that-is-far-too-long-for-member-pod-names" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_field_is_reported_with_its_path(string path, Action<ZkEnsemble> breakIt)
    {
        var ensemble = Ensembles.Default();
        breakIt(ensemble);
        var errors = SpecValidator.Validate(ensemble);
        Assert.Contains(errors, e => e.Path == path);
    }

    [Theory]
    [InlineData("zknode")]
    [InlineData("zookeeper:3.8.4")]
    [InlineData("localhost:5000/zk/zknode:dev")]
    [InlineData("ghcr.io/zkoperator/zknode@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Image_references_in_the_usual_forms_are_accepted(string image)
    {
        Assert.True(SpecValidator.IsImageReference(image));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("500m", true)]
    [InlineData("1.5Gi", true)]
    [InlineData("1e3", true)]
    [InlineData("0.0", false)]
    [InlineData("0Gi", false)]
    public void Storage_size_must_be_positive(string size, bool positive)
    {
        Assert.True(SpecValidator.IsQuantity(size));
        Assert.Equal(positive, SpecValidator.IsPositiveQuantity(size));
    }
}
