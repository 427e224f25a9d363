using System;
using System.IO;
using System.Management.Automation;
using PcHpc.Core.Clusters;
using PcHpc.Core.Config;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Updates a cluster with a new configuration, showing the change set first; -Force cycles the compute fleet when the update needs it stopped.</summary>
    [Cmdlet(VerbsData.Update, "HpcCluster", DefaultParameterSetName = ConfigSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Cluster))]
    public sealed class UpdateHpcCluster : ClusterCmdlet
    {
        private const string ConfigSet = "Config";
        private const string PathSet = "Path";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ConfigSet, ValueFromPipeline = true)]
        public ClusterConfig Config { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [Alias("Path")]
        public string ConfigPath { get; set; }

        [Parameter]
        public string[] SuppressValidator { get; set; }

        [Parameter]
        [ValidateSet("INFO", "WARNING", "ERROR")]
        public string ValidationFailureLevel { get; set; }

        /// <summary>Stop the compute fleet when the update needs it, then start it again.</summary>
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
            // Local validation first: nothing reaches AWS with a config that cannot work.
            var prepared = PrepareConfig(Name, Config, ConfigPath);
            var engine = PrepareEngine();
            var region = Region ?? prepared.Config.Region;
            try
            {
                // The change set (an API dry run) is shown before anything changes; -WhatIf stops there.
                var preview = Run((sink, token) => engine.UpdateAsync(Name, region, prepared.Config, prepared.Yaml, true, _force, SuppressValidator, ValidationFailureLevel, sink, token));
                var changes = ChangeSetRenderer.Render(preview.Changes);
                Seam.WriteVerbose("Change set:" + Environment.NewLine + changes);
                var fleetNote = preview.NeedsStoppedFleet ? (_force ? " (stops the compute fleet, updates, and starts it again)" : " (needs the compute fleet stopped)") : string.Empty;
                if (!Confirm($"cluster '{Name}' in {region ?? "the default region"}", $"Update{fleetNote}:{Environment.NewLine}{changes}", false)) return;
                if (preview.NeedsStoppedFleet && !_force)
                {
                    throw new PcHpcException(ErrorKind.InvalidState, "ClusterUpdateNeedsStoppedFleet",
                        $"Updating cluster '{Name}' changes {ChangeSetRenderer.Summary(preview.Changes)}, which needs the compute fleet stopped; run Update-HpcCluster again with -Force to stop the fleet, update and restart it, or stop it yourself with Stop-HpcComputeFleet.") { Target = Name };
                }
                var result = Run(async (sink, token) =>
                {
                    var updated = await engine.UpdateAsync(Name, region, prepared.Config, prepared.Yaml, false, _force, SuppressValidator, ValidationFailureLevel, sink, token).ConfigureAwait(false);
                    if (_wait && updated.Cluster != null && !updated.FleetCycled)
                    {
                        updated.Cluster = await engine.WaitAsync(Name, updated.Cluster.Region, null, sink, token).ConfigureAwait(false) ?? updated.Cluster;
                    }
                    return updated;
                });
                if (result.Cluster != null) Emit(result.Cluster);
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, Name);
            }
        }
    }
}
