namespace Zk.Bench;

/// <summary>The operation mixes the load generator can drive.</summary>
internal enum Workload
{
    /// <summary>setData of a random pre-created key (version -1).</summary>
    SetData,

    /// <summary>create of a new persistent-sequential node with the configured data size.</summary>
    Create,

    /// <summary>getData of a random pre-created key.</summary>
    GetData,

    /// <summary>90% getData, 10% setData of random pre-created keys.</summary>
    Mixed,
}
