using System.Management.Automation;
using PcHpc.Core.Errors;

namespace PcHpc.Infrastructure
{
    /// <summary>Start-/Stop-HpcComputeFleet: the same parameters and flow, opposite directions.</summary>
    public abstract class ComputeFleetCmdlet : ClusterCmdlet
    {
        private readonly bool _start;

        protected ComputeFleetCmdlet(bool start) => _start = start;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Name { get; set; }

        /// <summary>Wait until the fleet is RUNNING (start) or STOPPED (stop).</summary>
        [Parameter]
        public SwitchParameter Wait { get => new SwitchParameter(WaitFlag); set => WaitFlag = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool WaitFlag { get; set; }

        protected override void Process()
        {
            if (!Confirm($"compute fleet of cluster '{Name}' in {Region ?? "the default region"}", _start ? "Start" : "Stop", false)) return;
            var engine = PrepareEngine();
            var name = Name;
            var region = Region;
            var start = _start;
            var wait = WaitFlag;
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
