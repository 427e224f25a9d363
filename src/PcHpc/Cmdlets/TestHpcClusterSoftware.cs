using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Bootstrap;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>$true when every package the cluster's software stacks declare is installed and its module loads.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "HpcClusterSoftware")]
    [OutputType(typeof(bool))]
    public sealed class TestHpcClusterSoftware : JobCmdlet
    {
        protected override void Process()
        {
            var target = CurrentTarget();
            var transport = SystemTransportFor(target);
            var packages = Run((sink, token) => SoftwareReport.GetAsync(transport, target.ClusterName, token));
            foreach (var p in packages.Where(p => !p.Installed || !p.Loadable))
            {
                WriteVerbose($"{p.Stack}: {p.Spec ?? p.Name}: {p.Error}");
            }
            Emit(packages.Count > 0 && packages.All(p => p.Installed && p.Loadable));
        }
    }
}
