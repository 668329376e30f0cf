namespace Zk.Node.Core.Watches;

/// <summary>
/// What <c>wchs</c> prints: "{Connections} connections watching {Paths} paths\nTotal watches:{TotalWatches}".
/// </summary>
public readonly record struct WatchSummary(int Connections, int Paths, int TotalWatches);
