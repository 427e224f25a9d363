using System.Management.Automation;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Lists the SLURM partitions (ParallelCluster queues) and their node states (sinfo).</summary>
    [Cmdlet(VerbsCommon.Get, "HpcQueue")]
    [OutputType(typeof(QueueInfo))]
    public sealed class GetHpcQueue : JobCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string Name { get; set; }

        protected override void Process()
        {
            var target = CurrentTarget();
            var engine = EngineFor(target);
            var queues = Run((sink, token) => engine.GetQueuesAsync(token));
            var pattern = Name == null ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase);
            EmitAll(queues.FindAll(q => pattern == null || pattern.IsMatch(q.Name)));
        }
    }
}
