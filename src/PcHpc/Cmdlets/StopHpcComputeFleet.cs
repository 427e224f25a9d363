using System.Management.Automation;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Stops the compute fleet of a cluster (Slurm: STOP_REQUESTED; AWS Batch: DISABLED).</summary>
    [Cmdlet(VerbsLifecycle.Stop, "HpcComputeFleet", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ComputeFleet))]
    public sealed class StopHpcComputeFleet : ComputeFleetCmdlet
    {
        public StopHpcComputeFleet() : base(start: false) { }

        /// <summary>Skip the confirmation prompt (stopping terminates every compute node; -WhatIf still wins).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override bool SkipPrompt => Force.IsPresent;
    }
}
