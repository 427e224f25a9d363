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
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Name { get; set; }

        [Parameter]
        public SwitchParameter Force { get => new SwitchParameter(_force); set => _force = value.IsPresent; }

        [Parameter]
        public SwitchParameter Wait { get => new SwitchParameter(_wait); set => _wait = value.IsPresent; }

        /// <summary>The switches as plain bools (tests set them here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool ForceFlag { get => _force; set => _force = value; }
        internal bool WaitFlag { get => _wait; set => _wait = value; }
        private bool _force;
        private bool _wait;

        protected override void Process()
        {
            if (!Confirm($"cluster '{Name}' in {Region ?? "the default region"}", "Remove", _force)) return;
            var engine = PrepareEngine();
            var name = Name;
            var region = Region;
            try
            {
                var cluster = Run((sink, token) => engine.DeleteAsync(name, region, _wait, sink, token));
                if (cluster != null) Emit(cluster);
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, name);
            }
        }
    }
}
