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
        /// <summary>Skip the confirmation prompt (-WhatIf still wins).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void Process()
        {
            if (!Confirm($"compute nodes of cluster '{Name}' in {Region ?? "the default region"}", "Terminate", Force.IsPresent)) return;
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
