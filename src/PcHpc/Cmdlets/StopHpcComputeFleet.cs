using System.Management.Automation;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Stops the compute fleet of a cluster (Slurm: STOP_REQUESTED; AWS Batch: DISABLED).</summary>
    [Cmdlet(VerbsLifecycle.Stop, "HpcComputeFleet", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ComputeFleet))]
    public sealed class StopHpcComputeFleet : ComputeFleetCmdlet
    {
        public StopHpcComputeFleet() : base(start: false) { }
    }
}
