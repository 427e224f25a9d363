using System.Management.Automation;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Deploys the ParallelCluster API stack from the official regional template.</summary>
    [Cmdlet(VerbsLifecycle.Install, "HpcApi", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(HpcApi))]
    public sealed class InstallHpcApi : ClusterEngineCmdlet
    {
        /// <summary>ParallelCluster version of the API, e.g. 3.12.0.</summary>
        [Parameter]
        public string Version { get; set; } = Core.Clusters.ApiLocator.DefaultVersion;

        [Parameter]
        public string StackName { get; set; } = Core.Clusters.ApiLocator.DefaultStackName;

        [Parameter]
        public SwitchParameter Wait { get => new SwitchParameter(_wait); set => _wait = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool WaitFlag { get => _wait; set => _wait = value; }
        private bool _wait;

        protected override void Process()
        {
            var where = Region ?? "the default region";
            if (!Confirm($"ParallelCluster API {Version} (stack {StackName}) in {where}", "Deploy", false)) return;
            var engine = PrepareEngine();
            Emit(Run((sink, token) => engine.InstallApiAsync(Region, Version, StackName, _wait, sink, token)));
        }
    }
}
