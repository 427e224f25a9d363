using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Clusters;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Lists clusters: live from the ParallelCluster API of one or more regions (in parallel), or -Cached from the state store.</summary>
    [Cmdlet(VerbsCommon.Get, "HpcCluster", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(Cluster))]
    public sealed class GetHpcCluster : AwsCmdlet
    {
        private const string LiveSet = "Live";
        private const string CachedSet = "Cached";

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string[] Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        public string[] Region { get; set; }

        [Parameter]
        public ClusterState? Status { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CachedSet)]
        public SwitchParameter Cached { get => new SwitchParameter(_cached); set => _cached = value.IsPresent; }

        [Parameter(ParameterSetName = LiveSet)]
        public SwitchParameter Detailed { get => new SwitchParameter(_detailed); set => _detailed = value.IsPresent; }

        [Parameter(ParameterSetName = LiveSet)]
        public Uri ApiUri { get; set; }

        /// <summary>The switches as plain bools (tests set them here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool CachedFlag { get => _cached; set => _cached = value; }
        internal bool DetailedFlag { get => _detailed; set => _detailed = value; }
        internal ClusterCmdletHooks Hooks { get; set; } = new ClusterCmdletHooks();
        private bool _cached;
        private bool _detailed;

        private readonly List<string> _names = new List<string>();
        private readonly List<string> _regions = new List<string>();

        protected override void Process()
        {
            if (Name != null) _names.AddRange(Name);
            if (Region != null) _regions.AddRange(Region.Where(r => !string.IsNullOrWhiteSpace(r)));
        }

        protected override void End()
        {
            var regions = _regions.Distinct(StringComparer.Ordinal).ToList();
            var patterns = _names.Count == 0 ? new List<string> { null } : _names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var baseOptions = ConnectionOptions(regions.Count == 1 ? regions[0] : null);
            using (var engine = ClusterCmdletSupport.NewEngine(this, baseOptions, ApiUri, Hooks, Activity))
            {
                var found = new List<Cluster>();
                if (_cached)
                {
                    foreach (var pattern in patterns) found.AddRange(engine.ListCached(regions, pattern, Status));
                }
                else
                {
                    var pattern = patterns.Count == 1 ? patterns[0] : null;
                    var result = Run((sink, token) => engine.ListAsync(regions, pattern, Status, _detailed, sink, token));
                    foreach (var failure in result.Failures) ReportError(failure.Error, failure.Region);
                    var matchers = patterns.Select(ClusterEngine.Wildcard).ToList();
                    found.AddRange(result.Clusters.Where(c => matchers.Any(m => m.IsMatch(c.Name))));
                }
                EmitAll(found.GroupBy(c => c.Region + "/" + c.Name).Select(g => g.First())
                    .OrderBy(c => c.Region, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList());
            }
        }
    }
}
