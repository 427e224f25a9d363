using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Terminates the compute nodes of a cluster (the head node stays); returns the nodes asked to terminate.</summary>
    [Cmdlet(VerbsCommon.Remove, "HpcClusterInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ClusterNode))]
    public sealed class RemoveHpcClusterInstance : ClusterCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Name { get; set; }

        [Parameter]
        public SwitchParameter Force { get => new SwitchParameter(_force); set => _force = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool ForceFlag { get => _force; set => _force = value; }
        private bool _force;

        protected override void Process()
        {
            if (!Confirm($"compute nodes of cluster '{Name}' in {Region ?? "the default region"}", "Terminate", _force)) return;
            var engine = PrepareEngine();
            var name = Name;
            var region = Region;
            try
            {
                var nodes = Run(async (sink, token) =>
                {
                    var list = await engine.GetInstancesAsync(name, region, "ComputeNode", null, sink, token).ConfigureAwait(false);
                    await engine.RemoveInstancesAsync(name, region, false, sink, token).ConfigureAwait(false);
                    return list;
                });
                EmitAll(nodes.ToList());
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, name);
            }
        }
    }
}
