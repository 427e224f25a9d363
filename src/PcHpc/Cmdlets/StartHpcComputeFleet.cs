using System.Management.Automation;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Starts the compute fleet of a cluster (Slurm: START_REQUESTED; AWS Batch: ENABLED).</summary>
    [Cmdlet(VerbsLifecycle.Start, "HpcComputeFleet", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ComputeFleet))]
    public sealed class StartHpcComputeFleet : ComputeFleetCmdlet
    {
        public StartHpcComputeFleet() : base(start: true) { }
    }
}
