using System;
using System.Management.Automation;
using PcHpc.Core.Errors;
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

        /// <summary>With -Wait, how long to wait at most (default 60 minutes): a TimeSpan, hh:mm:ss, or seconds as a number.</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [SecondsOrTimeSpan]
        public TimeSpan? Timeout { get; set; }

        protected override void CheckInputs()
        {
            base.CheckInputs();
            CheckTimeout(Timeout);
        }

        protected override void Process()
        {
            var where = Region ?? "the default region";
            if (!Confirm($"ParallelCluster API {Version} (stack {StackName}) in {where}", "Deploy", false)) return;
            var engine = PrepareEngine();
            var region = Region;
            var version = Version;
            var stackName = StackName;
            var wait = Wait.IsPresent;
            var timeout = Timeout;
            Emit(Run((sink, token) => engine.InstallApiAsync(region, version, stackName, wait, sink, token, timeout)));
        }
    }
}
