using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Core.Jobs
{
    /// <summary>
    /// Finds a cluster's head node: the state store's ClusterRecord when it is fresh, else EC2 DescribeInstances by
    /// the ParallelCluster tags (cluster-name, node-type HeadNode, running). The result is written back to the store.
    /// </summary>
    public sealed class ClusterHeadNodeLocator
    {
        private readonly IEc2 _ec2;
        private readonly StateStore _store;
        private readonly IActivitySink _sink;

        public ClusterHeadNodeLocator(IEc2 ec2, StateStore store, IActivitySink sink = null)
        {
            _ec2 = ec2 ?? throw new ArgumentNullException(nameof(ec2));
            _store = store;
            _sink = sink ?? NullActivitySink.Instance;
        }

        /// <summary>How old a stored head node may be before EC2 is asked again.</summary>
        public TimeSpan Freshness { get; set; } = TimeSpan.FromHours(1);

        /// <summary>The login user ParallelCluster's AMIs use for an OS name (alinux2023 → ec2-user, ubuntu2204 → ubuntu, rocky9 → rocky).</summary>
        public static string LoginUserFor(string os)
        {
            var o = (os ?? string.Empty).ToLowerInvariant();
            if (o.StartsWith("ubuntu", StringComparison.Ordinal)) return "ubuntu";
            if (o.StartsWith("rocky", StringComparison.Ordinal)) return "rocky";
            if (o.StartsWith("centos", StringComparison.Ordinal)) return "centos";
            return "ec2-user"; // alinux2, alinux2023, rhel8, rhel9 and unknown
        }

        public async Task<HeadNode> LocateAsync(string clusterName, string region, CancellationToken token)
        {
            var key = ClusterRecord.KeyFor(region, clusterName);
            ClusterRecord stored = null;
            try { stored = _store?.Clusters.TryGet(key); } catch (PcHpcException ex) { _sink.Verbose("State store not read: " + ex.Message); }
            if (stored != null && !stored.Gone && !string.IsNullOrEmpty(stored.HeadNodeInstanceId)
                && stored.LastSeen.HasValue && DateTimeOffset.UtcNow - stored.LastSeen.Value < Freshness
                && (stored.HeadNodeState == null || string.Equals(stored.HeadNodeState, "running", StringComparison.OrdinalIgnoreCase)))
            {
                return new HeadNode { InstanceId = stored.HeadNodeInstanceId, Os = stored.Os, LoginUser = LoginUserFor(stored.Os), Source = "state store" };
            }
            var filters = new[]
            {
                new Ec2Filter("tag:parallelcluster:cluster-name", clusterName),
                new Ec2Filter("tag:parallelcluster:node-type", "HeadNode"),
                new Ec2Filter("instance-state-name", "running"),
            };
            var instances = await _ec2.DescribeInstancesAsync(null, filters, token).ConfigureAwait(false);
            var head = instances.Where(i => i.State == null || string.Equals(i.State, "running", StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(i => i.LaunchTime ?? DateTime.MinValue).FirstOrDefault();
            if (head == null)
            {
                throw new PcHpcException(ErrorKind.NotFound, "HeadNodeNotFound",
                    $"No running head node was found for cluster '{clusterName}' in {region}; check the name and region with Get-HpcCluster, and start the cluster (or wait until it is CREATE_COMPLETE) before running jobs.")
                { Target = clusterName };
            }
            var os = OsFromTags(head.Tags) ?? stored?.Os;
            var node = new HeadNode { InstanceId = head.InstanceId, Os = os, LoginUser = LoginUserFor(os), Source = "EC2" };
            try
            {
                _store?.Clusters.Update(key, current =>
                {
                    var r = current ?? new ClusterRecord { Name = clusterName, Region = region };
                    r.HeadNodeInstanceId = head.InstanceId;
                    r.HeadNodeState = "running";
                    r.HeadNodePrivateIp = head.PrivateIpAddress ?? r.HeadNodePrivateIp;
                    r.HeadNodePublicIp = head.PublicIpAddress ?? r.HeadNodePublicIp;
                    if (os != null) r.Os = os;
                    r.LastSeen = DateTimeOffset.UtcNow;
                    return r;
                });
            }
            catch (PcHpcException ex)
            {
                _sink.Warning("The head node of cluster '" + clusterName + "' was not saved in the state store: " + ex.Message);
            }
            return node;
        }

        /// <summary>The OS from the ParallelCluster tags: parallelcluster:attributes ("alinux2023, slurm, 3.12.0, ...") or parallelcluster:os.</summary>
        internal static string OsFromTags(IEnumerable<ResourceTag> tags)
        {
            if (tags == null) return null;
            foreach (var t in tags)
            {
                if (t.Key == "parallelcluster:os" && !string.IsNullOrEmpty(t.Value)) return t.Value.Trim();
            }
            foreach (var t in tags)
            {
                if (t.Key == "parallelcluster:attributes" && !string.IsNullOrEmpty(t.Value))
                {
                    var first = t.Value.Split(',')[0].Trim();
                    if (first.Length > 0) return first;
                }
            }
            return null;
        }
    }
}
