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
        public SwitchParameter Wait { get; set; }

        protected override void Process()
        {
            var where = Region ?? "the default region";
            if (!Confirm($"ParallelCluster API {Version} (stack {StackName}) in {where}", "Deploy", false)) return;
            var engine = PrepareEngine();
            var region = Region;
            var version = Version;
            var stackName = StackName;
            var wait = Wait.IsPresent;
            Emit(Run((sink, token) => engine.InstallApiAsync(region, version, stackName, wait, sink, token)));
        }
    }
}
