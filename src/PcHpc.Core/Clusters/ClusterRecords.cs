using System;
using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Errors;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Core.Clusters
{
    /// <summary>The cluster records of the state store as the engine keeps them (every call is a no-op without a store).</summary>
    internal sealed class ClusterRecords
    {
        /// <summary>How stale a record's LastSeen may get before an unchanged record is rewritten anyway.</summary>
        public static readonly TimeSpan SeenRefresh = TimeSpan.FromMinutes(10);

        private readonly ClusterEngineOptions _options;

        public ClusterRecords(ClusterEngineOptions options)
        {
            _options = options;
        }

        private StateStore Store => _options.Store;

        public ClusterRecord Get(string region, string name) => Store?.Clusters.TryGet(ClusterRecord.KeyFor(region, name));

        /// <summary>The stored ParallelCluster version of a cluster (null when unknown or the store cannot be read).</summary>
        public string Version(string region, string name)
        {
            try { return Get(region, name)?.Version; }
            catch (PcHpcException) { return null; }
        }

        /// <summary>The stored clusterStatus (null when unknown or the store cannot be read).</summary>
        public string Status(string region, string name)
        {
            try { return Get(region, name)?.ClusterStatus; }
            catch (PcHpcException) { return null; }
        }

        public void Save(Cluster cluster)
        {
            Store?.Clusters.Update(ClusterRecord.KeyFor(cluster.Region, cluster.Name), current => ClusterMapper.Merge(current, cluster));
        }

        public void MarkGone(string region, string name)
        {
            Store?.Clusters.Update(ClusterRecord.KeyFor(region, name), current =>
            {
                if (current == null || current.Gone) return null;
                current.Gone = true;
                return current;
            });
        }

        public void Forget(string region, string name)
        {
            Store?.Clusters.Remove(ClusterRecord.KeyFor(region, name));
        }

        /// <summary>
        /// Brings the store in line with one region's live list: clusters seen are merged in, stored clusters of the
        /// region the API no longer lists are marked gone (not silently kept, not silently dropped).
        /// </summary>
        public void Reconcile(string region, IReadOnlyList<Cluster> live)
        {
            var store = Store;
            if (store == null) return;
            var seen = new HashSet<string>(live.Select(x => x.Name), StringComparer.Ordinal);
            var fresh = _options.Now() - SeenRefresh;
            foreach (var cluster in live)
            {
                // Unchanged records seen recently are not rewritten: a list of 100 clusters must not cost 100 disk flushes.
                store.Clusters.Update(ClusterRecord.KeyFor(cluster.Region, cluster.Name), current =>
                    current != null && !current.Gone && current.LastSeen > fresh && ClusterMapper.Unchanged(current, cluster) ? null : ClusterMapper.Merge(current, cluster));
            }
            foreach (var record in store.Clusters.List().Where(r => r.Region == region && !r.Gone && !r.IsReadOnly && !seen.Contains(r.Name)))
            {
                MarkGone(record.Region, record.Name);
            }
        }

        /// <summary>Clusters from the store only (no AWS call); gone ones are left out.</summary>
        public IReadOnlyList<Cluster> List(IReadOnlyList<string> regions, string namePattern, ClusterState? status)
        {
            var store = Store;
            if (store == null) return new Cluster[0];
            var matcher = NamePattern.ToRegex(namePattern);
            return store.Clusters.List()
                .Where(r => !r.Gone && (regions == null || regions.Count == 0 || regions.Contains(r.Region)) && matcher.IsMatch(r.Name ?? string.Empty))
                .Select(ClusterMapper.FromRecord)
                .Where(x => status == null || x.Status == status.Value)
                .ToList();
        }

        /// <summary>Remembers which subnets the cluster uses, so Remove-HpcVpc can refuse to delete a network in use, and its
        /// bootstrap scripts, so a failed one can be named.</summary>
        public void RecordConfig(Cluster cluster, ClusterConfig config)
        {
            var subnets = new List<string>();
            if (!string.IsNullOrEmpty(config.HeadNode?.Networking?.SubnetId)) subnets.Add(config.HeadNode.Networking.SubnetId);
            foreach (var queue in config.Scheduling?.SlurmQueues ?? new List<QueueConfig>())
            {
                subnets.AddRange(queue.Networking?.SubnetIds ?? new List<string>());
            }
            var scripts = Bootstrap.BootstrapActions.AllScripts(config).Select(s => s.Path + "=" + s.Script.Script).ToList();
            if (subnets.Count == 0 && scripts.Count == 0) return;
            Store?.Clusters.Update(ClusterRecord.KeyFor(cluster.Region, cluster.Name), current =>
            {
                if (current == null) return null;
                current.SubnetIds = subnets.Distinct(StringComparer.Ordinal).ToList();
                current.BootstrapScripts = scripts;
                return current;
            });
        }
    }
}
