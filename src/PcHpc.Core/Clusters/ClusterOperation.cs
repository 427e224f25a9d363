namespace PcHpc.Core.Clusters
{
    /// <summary>What the engine's parts share: the connections (and through them the options) and the store's cluster records.</summary>
    internal abstract class ClusterOperation
    {
        protected ClusterOperation(ClusterConnections connections, ClusterRecords records)
        {
            Connections = connections;
            Records = records;
        }

        protected ClusterConnections Connections { get; }

        protected ClusterRecords Records { get; }

        protected ClusterEngineOptions Options => Connections.Options;
    }
}
