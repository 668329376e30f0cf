using System.Collections.Concurrent;

namespace Zk.Node.Server.Tests.Ensemble.Transport;

/// <summary>Collects what a transport delivers, in arrival order, for assertions with a deadline.</summary>
internal sealed class Inbox<T>
{
    private readonly ConcurrentQueue<(long Sid, T Item)> _items = new();

    public void Add(long sid, T item) => _items.Enqueue((sid, item));

    public IReadOnlyList<(long Sid, T Item)> Items => [.. _items];

    public int Count => _items.Count;
}
