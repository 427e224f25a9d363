using System.Linq;
using System.Management.Automation;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Finds the ParallelCluster API stacks of a region (stack outputs), caches them and reports their version.</summary>
    [Cmdlet(VerbsCommon.Get, "HpcApi")]
    [OutputType(typeof(HpcApi))]
    public sealed class GetHpcApi : ClusterEngineCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string StackName { get; set; }

        /// <summary>Only what the state store knows (no AWS call).</summary>
        [Parameter]
        public SwitchParameter Cached { get; set; }

        protected override void Process()
        {
            var engine = PrepareEngine();
            var region = Region;
            var cached = Cached.IsPresent;
            var apis = Run((sink, token) => engine.GetApisAsync(region, cached, sink, token));
            var matcher = Core.Clusters.ClusterEngine.Wildcard(StackName);
            EmitAll(apis.Where(a => matcher.IsMatch(a.StackName ?? string.Empty)).OrderBy(a => a.Region).ThenBy(a => a.StackName).ToList());
        }
    }
}
