using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Lists the EC2 instances of a cluster (head, compute and login nodes).</summary>
    [Cmdlet(VerbsCommon.Get, "HpcClusterInstance")]
    [OutputType(typeof(ClusterNode))]
    public sealed class GetHpcClusterInstance : ClusterCmdlet
    {
        [Parameter]
        [ValidateSet("HeadNode", "ComputeNode", "LoginNode")]
        public string NodeType { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("QueueName")]
        public string Queue { get; set; }

        protected override void Process()
        {
            var engine = PrepareEngine();
            var name = Name;
            var region = Region;
            try
            {
                EmitAll(Run((sink, token) => engine.GetInstancesAsync(name, region, NodeType, Queue, sink, token)));
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, name);
            }
        }
    }
}
