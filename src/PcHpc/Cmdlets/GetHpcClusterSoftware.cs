using System.Management.Automation;
using PcHpc.Core.Bootstrap;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>
    /// The packages of the cluster's software stacks (New-HpcSoftwareStack) as the head node has them: one SSM call reads
    /// the status files, `spack find --json` and `module -t avail` and tries `module load` on each module.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "HpcClusterSoftware")]
    [OutputType(typeof(ClusterSoftware))]
    public sealed class GetHpcClusterSoftware : JobCmdlet
    {
        /// <summary>Only packages whose name matches (wildcards).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string Name { get; set; }

        protected override void Process()
        {
            var target = CurrentTarget();
            var transport = SystemTransportFor(target);
            var packages = Run((sink, token) => SoftwareReport.GetAsync(transport, target.ClusterName, token));
            if (packages.Count == 0)
            {
                WriteWarning($"{(target.Local ? "This machine" : "The head node of " + target.ClusterName)} has no software stack status: no stack was given to -OnNodeConfigured, or its script has not run yet (its log is /var/log/pchpc/software-NAME.log).");
            }
            var pattern = Name == null ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase);
            foreach (var p in packages)
            {
                if (pattern == null || pattern.IsMatch(p.Name)) Emit(p);
            }
        }
    }
}
