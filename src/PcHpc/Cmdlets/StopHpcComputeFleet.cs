using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Stops the compute fleet of a cluster (Slurm: STOP_REQUESTED; AWS Batch: DISABLED).</summary>
    [Cmdlet(VerbsLifecycle.Stop, "HpcComputeFleet", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ComputeFleet))]
    public sealed class StopHpcComputeFleet : ClusterCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Name { get; set; }

        /// <summary>Wait until the fleet is STOPPED.</summary>
        [Parameter]
        public SwitchParameter Wait { get => new SwitchParameter(_wait); set => _wait = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool WaitFlag { get => _wait; set => _wait = value; }
        private bool _wait;

        protected override void Process()
        {
            if (!Confirm($"compute fleet of cluster '{Name}' in {Region ?? "the default region"}", "Stop", false)) return;
            var engine = PrepareEngine();
            var name = Name;
            var region = Region;
            try
            {
                Emit(Run((sink, token) => engine.SetComputeFleetAsync(name, region, false, _wait, sink, token)));
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, name);
            }
        }
    }
}
