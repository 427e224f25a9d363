using System;
using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Clusters;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Downloads a cluster's log streams (all, or filtered, -Since/-Until) into a folder or .zip; resumable.</summary>
    [Cmdlet(VerbsData.Export, "HpcClusterLog")]
    [OutputType(typeof(ClusterLogExport))]
    public sealed class ExportHpcClusterLog : ClusterCmdlet
    {
        /// <summary>A folder (created when missing) or a .zip file.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public string Path { get; set; }

        /// <summary>Only streams whose name matches one of these wildcard patterns.</summary>
        [Parameter]
        [SupportsWildcards]
        public string[] LogStream { get; set; }

        /// <summary>ParallelCluster log stream filters, e.g. "Name=node-type,Values=HeadNode".</summary>
        [Parameter]
        public string[] Filter { get; set; }

        [Parameter]
        public DateTime Since { get; set; }

        [Parameter]
        public DateTime Until { get; set; }

        protected override void Process()
        {
            var patterns = (LogStream ?? new string[0]).Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToList();
            var request = new LogExportRequest
            {
                ClusterName = Name,
                Region = Region,
                Path = ResolveFilePath(Path),
                Filters = Filter,
                StreamFilter = patterns.Count == 0 ? (Func<string, bool>)null : s => patterns.Any(p => p.IsMatch(s)),
                Since = Since == default ? (DateTime?)null : Since,
                Until = Until == default ? (DateTime?)null : Until,
            };
            ClusterEngine.CheckExport(request);
            var engine = PrepareEngine();
            try
            {
                var result = Run((sink, token) => engine.ExportLogsAsync(request, sink, token));
                EmitAll(result.Streams);
                foreach (var failure in result.Failures) ReportError(failure.Value, failure.Key);
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, Name);
            }
        }
    }
}
