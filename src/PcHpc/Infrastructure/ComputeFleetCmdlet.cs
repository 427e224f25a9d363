using System.Management.Automation;
using PcHpc.Core.Errors;

namespace PcHpc.Infrastructure
{
    /// <summary>Start-/Stop-HpcComputeFleet: the same parameters and flow, opposite directions.</summary>
    public abstract class ComputeFleetCmdlet : ClusterCmdlet
    {
        private readonly bool _start;

        protected ComputeFleetCmdlet(bool start) => _start = start;

        /// <summary>Wait until the fleet is RUNNING (start) or STOPPED (stop).</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>True when the prompt is to be skipped (Stop-HpcComputeFleet -Force).</summary>
        protected virtual bool SkipPrompt => false;

        protected override void Process()
        {
            if (!Confirm($"compute fleet of cluster '{Name}' in {Region ?? "the default region"}", _start ? "Start" : "Stop (terminates every compute node)", SkipPrompt)) return;
            var engine = PrepareEngine();
            var name = Name;
            var region = Region;
            var start = _start;
            var wait = Wait.IsPresent;
            try
            {
                Emit(Run((sink, token) => engine.SetComputeFleetAsync(name, region, start, wait, sink, token)));
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, name);
            }
        }
    }
}
