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
        [ArgumentCompleter(typeof(AwsRegionCompleter))]
        public string[] Region { get; set; }

        [Parameter]
        public ClusterState? Status { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CachedSet)]
        public SwitchParameter Cached { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        public SwitchParameter Detailed { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        public Uri ApiUri { get; set; }

        private readonly List<string> _names = new List<string>();
        private readonly List<string> _regions = new List<string>();

        protected override void Process()
        {
            if (Name != null) _names.AddRange(Name);
            if (Region != null) _regions.AddRange(Region.Where(r => !string.IsNullOrWhiteSpace(r)));
        }

        protected override System.Collections.Generic.IEnumerable<string> RegionsToCheck => Region ?? new string[0];

        protected override void End()
        {
            if (InputRejected) return; // a -Region AWS does not have: nothing is called for any region
            var regions = _regions.Distinct(StringComparer.Ordinal).ToList();
            var patterns = _names.Count == 0 ? new List<string> { null } : _names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var baseOptions = ConnectionOptions(regions.Count == 1 ? regions[0] : null);
            var engine = Engines.Clusters(baseOptions, ApiUri);
            var found = new List<Cluster>();
            var failedRegions = 0;
            if (ParameterSetName == CachedSet)
            {
                foreach (var pattern in patterns) found.AddRange(engine.ListCached(regions, pattern, Status));
            }
            else
            {
                var pattern = patterns.Count == 1 ? patterns[0] : null;
                var status = Status;
                var detailed = Detailed.IsPresent;
                var result = Run((sink, token) => engine.ListAsync(regions, pattern, status, detailed, sink, token));
                foreach (var failure in result.Failures) ReportError(failure.Error, failure.Region);
                failedRegions = result.Failures.Count;
                var matchers = patterns.Select(ClusterEngine.Wildcard).ToList();
                found.AddRange(result.Clusters.Where(c => matchers.Any(m => m.IsMatch(c.Name))));
            }
            var unique = found.GroupBy(c => c.Region + "/" + c.Name).Select(g => g.First())
                .OrderBy(c => c.Region, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
            if (Detailed.IsPresent && ParameterSetName != CachedSet) AddSoftwareSummaries(unique);
            EmitAll(unique);
            // An exact name that matched nothing is an error (as Get-HpcVpc); a wildcard that matches nothing is not.
            // A region that could not be listed already has its own error.
            if (failedRegions > 0) return;
            foreach (var name in _names.Distinct(StringComparer.OrdinalIgnoreCase).Where(n => !string.IsNullOrEmpty(n) && !WildcardPattern.ContainsWildcardCharacters(n)))
            {
                if (unique.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))) continue;
                var where = regions.Count == 0 ? "the default region" : string.Join(", ", regions);
                var statusNote = Status != null ? $" with status {Status}" : string.Empty;
                ReportError(new Core.Errors.PcHpcException(Core.Errors.ErrorKind.NotFound, "ClusterNotFound",
                    $"No cluster named '{name}'{statusNote} was found in {where}{(ParameterSetName == CachedSet ? " (state store)" : string.Empty)}; list them with Get-HpcCluster{(regions.Count == 0 ? string.Empty : " -Region " + string.Join(", ", regions))}.") { Target = name }, name);
            }
        }

        /// <summary>-Detailed: one SSM call per ready cluster reads its software stacks' status (Get-HpcClusterSoftware's query).</summary>
        private void AddSoftwareSummaries(List<Cluster> clusters)
        {
            foreach (var region in clusters.Where(c => c.Status == ClusterState.Ready && c.HeadNode?.InstanceId != null).GroupBy(c => c.Region))
            {
                var session = Engines.Session(ConnectionOptions(region.Key));
                foreach (var cluster in region)
                {
                    var headNode = new Core.Jobs.HeadNode { InstanceId = cluster.HeadNode.InstanceId, Os = cluster.Os, LoginUser = Core.Jobs.ClusterHeadNodeLocator.LoginUserFor(cluster.Os), Source = "ParallelCluster API" };
                    var transport = Engines.SystemTransport(session, new Core.Jobs.JobTarget { ClusterName = cluster.Name, Region = cluster.Region }, headNode);
                    try
                    {
                        cluster.Software = Core.Bootstrap.SoftwareReport.Summary(Run((sink, token) => Core.Bootstrap.SoftwareReport.GetAsync(transport, cluster.Name, token)));
                    }
                    catch (Core.Errors.PcHpcException ex)
                    {
                        WriteVerbose($"The software of cluster {cluster.Name} could not be read: {ex.Message}");
                    }
                }
            }
        }
    }
}
