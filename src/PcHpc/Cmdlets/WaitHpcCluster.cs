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
        /// <summary>How long to wait at most (default: no limit): a TimeSpan, hh:mm:ss, or seconds as a number.</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [SecondsOrTimeSpan]
        public TimeSpan? Timeout { get; set; }

        protected override void Process()
        {
            CheckTimeout(Timeout);
            var engine = PrepareEngine();
            var name = Name;
            var region = Region;
            var timeout = Timeout;
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
