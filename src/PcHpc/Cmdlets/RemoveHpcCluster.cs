using System.Management.Automation;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Deletes clusters (also ones in DELETE_FAILED); with -Wait returns once they are gone and drops their records.</summary>
    [Cmdlet(VerbsCommon.Remove, "HpcCluster", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Cluster))]
    public sealed class RemoveHpcCluster : ClusterCmdlet
    {
        /// <summary>Skip the confirmation prompt (-WhatIf still wins).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void Process()
        {
            if (!Confirm($"cluster '{Name}' in {Region ?? "the default region"}", "Remove", Force.IsPresent)) return;
            var engine = PrepareEngine();
            var name = Name;
            var region = Region;
            var wait = Wait.IsPresent;
            try
            {
                var cluster = Run((sink, token) => engine.DeleteAsync(name, region, wait, sink, token));
                if (cluster != null) Emit(cluster);
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, name);
            }
        }
    }
}
