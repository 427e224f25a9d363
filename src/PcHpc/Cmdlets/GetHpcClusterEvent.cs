using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Lists the CloudFormation stack events of a cluster, newest first.</summary>
    [Cmdlet(VerbsCommon.Get, "HpcClusterEvent")]
    [OutputType(typeof(ClusterEvent))]
    public sealed class GetHpcClusterEvent : ClusterCmdlet
    {
        /// <summary>Only failed events (status *_FAILED).</summary>
        [Parameter]
        public SwitchParameter Failed { get; set; }

        protected override void Process()
        {
            var engine = PrepareEngine();
            var name = Name;
            var region = Region;
            var failedOnly = Failed.IsPresent;
            try
            {
                var events = Run((sink, token) => engine.GetEventsAsync(name, region, sink, token));
                EmitAll(events.Where(e => !failedOnly || (e.ResourceStatus ?? string.Empty).EndsWith("_FAILED", System.StringComparison.Ordinal))
                    .OrderByDescending(e => e.Timestamp).ToList());
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, name);
            }
        }
    }
}
