using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Core.Jobs;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Lists SLURM's nodes (scontrol show node, sinfo states) joined with the cluster's EC2 instances.</summary>
    [Cmdlet(VerbsCommon.Get, "HpcNode")]
    [OutputType(typeof(HpcNode))]
    public sealed class GetHpcNode : JobCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[] Name { get; set; }

        [Parameter]
        [Alias("Partition")]
        [SupportsWildcards]
        public string Queue { get; set; }

        /// <summary>The ParallelCluster API invoke URL used for the instance list; overrides discovery.</summary>
        [Parameter]
        public Uri ApiUri { get; set; }

        protected override void Process()
        {
            var target = CurrentTarget();
            var engine = EngineFor(target);
            var clusters = target.Local ? null : Engines.Clusters(ConnectionOptions(Region), ApiUri);
            var nodes = Run(async (sink, token) =>
            {
                var slurm = engine.GetNodesAsync(token);
                if (clusters == null) return await slurm.ConfigureAwait(false);
                IReadOnlyList<ClusterNode> instances = null;
                try
                {
                    instances = await clusters.GetInstancesAsync(target.ClusterName, target.Region, null, null, sink, token).ConfigureAwait(false);
                }
                catch (PcHpcException ex)
                {
                    sink.Warning($"The EC2 instances of cluster '{target.ClusterName}' could not be listed, so the nodes come without instance data: {ex.Message}");
                }
                var list = await slurm.ConfigureAwait(false);
                if (instances != null) SlurmNodeParser.AttachInstances(list, instances);
                return list;
            });
            var names = (Name ?? new string[0]).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
            var queue = Queue == null ? null : new WildcardPattern(Queue, WildcardOptions.IgnoreCase);
            EmitAll(nodes.Where(n => (names.Count == 0 || names.Any(p => p.IsMatch(n.Name))) && (queue == null || n.Partitions.Any(queue.IsMatch))).ToList());
        }
    }
}
