using System;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Waits for a cluster to finish creating, updating or deleting, with progress from its stack events.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "HpcCluster")]
    [OutputType(typeof(Cluster))]
    public sealed class WaitHpcCluster : ClusterCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Name { get; set; }

        /// <summary>Seconds to wait at most (default: no limit).</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        protected override void Process()
        {
            var engine = PrepareEngine();
            var name = Name;
            var region = Region;
            TimeSpan? timeout = Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : (TimeSpan?)null;
            try
            {
                var cluster = Run((sink, token) => engine.WaitAsync(name, region, timeout, sink, token));
                if (cluster != null) Emit(cluster);
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, name);
            }
        }
    }
}
