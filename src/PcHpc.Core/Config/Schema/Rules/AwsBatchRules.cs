using System.Linq;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>The AWS Batch scheduling rules (awsbatch_validators.py and the name validators on its queues).</summary>
    internal sealed class AwsBatchRules : RuleSet
    {
        public AwsBatchRules(RuleSet shared) : base(shared)
        {
        }

        public void AwsBatch(PyNode root, PyNode scheduling)
        {
            var queues = Items(scheduling, "AwsBatchQueues");
            const string qp = "Scheduling.AwsBatchQueues";
            Duplicates(queues.Select((q, i) => (Str(q, "Name"), $"{qp}[{i}].Name")), "Queue");
            for (var qi = 0; qi < queues.Count; qi++)
            {
                var q = queues[qi];
                var path = $"{qp}[{qi}]";
                Name($"{path}.Name", Str(q, "Name"));
                var crs = Items(q, "ComputeResources");
                Duplicates(crs.Select((c, i) => (Str(c, "Name"), $"{path}.ComputeResources[{i}].Name")), "Compute resource");
                for (var ci = 0; ci < crs.Count; ci++)
                {
                    var c = crs[ci];
                    var cpath = $"{path}.ComputeResources[{ci}]";
                    Name($"{cpath}.Name", Str(c, "Name"));
                    // AwsBatchComputeResourceSizeValidator (awsbatch_validators.py:22), defaults from cluster_config.py:2090
                    var max = Int(c, "MaxvCpus") ?? Schema.Long("DEFAULT_MAX_COUNT");
                    var min = Int(c, "MinvCpus") ?? Schema.Long("DEFAULT_MIN_COUNT");
                    var desired = Int(c, "DesiredvCpus") ?? min;
                    if (desired < min) Error($"{cpath}.DesiredvCpus", desired, "AwsBatchComputeResourceSizeValidator", "awsbatch_validators.py:22", "The number of desired vCPUs must be greater than or equal to min vCPUs.");
                    if (desired > max) Error($"{cpath}.DesiredvCpus", desired, "AwsBatchComputeResourceSizeValidator", "awsbatch_validators.py:22", "The number of desired vCPUs must be fewer than or equal to max vCPUs.");
                    if (max < min) Error($"{cpath}.MaxvCpus", max, "AwsBatchComputeResourceSizeValidator", "awsbatch_validators.py:22", "Max vCPUs must be greater than or equal to min vCPUs.");
                }
            }
        }
    }
}
