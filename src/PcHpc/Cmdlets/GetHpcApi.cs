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
        public SwitchParameter Cached { get => new SwitchParameter(_cached); set => _cached = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool CachedFlag { get => _cached; set => _cached = value; }
        private bool _cached;

        protected override void Process()
        {
            var engine = PrepareEngine();
            var apis = Run((sink, token) => engine.GetApisAsync(Region, _cached, sink, token));
            var matcher = Core.Clusters.ClusterEngine.Wildcard(StackName);
            EmitAll(apis.Where(a => matcher.IsMatch(a.StackName ?? string.Empty)).OrderBy(a => a.Region).ThenBy(a => a.StackName).ToList());
        }
    }
}
