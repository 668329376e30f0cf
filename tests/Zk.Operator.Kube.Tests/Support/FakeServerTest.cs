using Zk.Operator.Kube.Tests.Fake;

namespace Zk.Operator.Kube.Tests.Support;

/// <summary>A test class with its own fake API server and an official-client <see cref="KubernetesApi"/> to it.</summary>
public abstract class FakeServerTest : IAsyncLifetime
{
    internal FakeKubeApiServer Server { get; private set; } = null!;

    internal KubernetesApi Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakeKubeApiServer.StartAsync();
        Client = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
