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
    public sealed class UpdateHpcCluster : ClusterConfigCmdlet
    {
        /// <summary>Stop the compute fleet when the update needs it, then start it again.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void Process()
        {
            var name = Name;
            try
            {
                Update(name, Force.IsPresent, Wait.IsPresent);
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, name);
            }
        }

        private void Update(string name, bool force, bool wait)
        {
            var skip = SkipLocalValidation.IsPresent;
            var prepared = PrepareSubmission(name);
            var engine = PrepareEngine();
            var region = prepared.Region;
            var suppress = SuppressValidator;
            var level = ValidationFailureLevel;
            // The change set (an API dry run) is shown before anything changes; -WhatIf stops there.
            var preview = Run((sink, token) => engine.UpdateAsync(name, region, prepared.Config, prepared.Yaml, true, force, suppress, level, sink, token, skip, true));
            var target = $"cluster '{name}' in {region ?? "the default region"}";
            if (preview.NoChanges)
            {
                // Nothing to do is a success: -WhatIf says so in its "What if" line, a real run in a warning.
                if (WhatIfRequested) ShouldProcess(target, "Update: no changes (the cluster already has this configuration)");
                else WriteWarning($"Cluster '{name}' already has this configuration: no changes, nothing was updated.");
                return;
            }
            var changes = ChangeSetRenderer.Render(preview.Changes);
            WriteVerbose("Change set:" + Environment.NewLine + changes);
            var fleetNote = preview.NeedsStoppedFleet ? (force ? " (stops the compute fleet, updates, and starts it again)" : " (needs the compute fleet stopped)") : string.Empty;
            if (!Confirm(target, $"Update{fleetNote}:{Environment.NewLine}{changes}", false)) return;
            if (preview.NeedsStoppedFleet && !force)
            {
                throw new PcHpcException(ErrorKind.InvalidState, "ClusterUpdateNeedsStoppedFleet",
                    $"Updating cluster '{name}' changes {ChangeSetRenderer.Summary(preview.Changes)}, which needs the compute fleet stopped; run Update-HpcCluster again with -Force to stop the fleet, update and restart it, or stop it yourself with Stop-HpcComputeFleet.") { Target = name };
            }
            var result = Run(async (sink, token) =>
            {
                var updated = await engine.UpdateAsync(name, region, prepared.Config, prepared.Yaml, false, force, suppress, level, sink, token, skip, true).ConfigureAwait(false);
                if (wait && updated.Cluster != null && !updated.FleetCycled)
                {
                    updated.Cluster = await engine.WaitAsync(name, updated.Cluster.Region, null, sink, token).ConfigureAwait(false) ?? updated.Cluster;
                }
                return updated;
            });
            if (result.NoChanges) WriteWarning($"Cluster '{name}' already has this configuration: no changes, nothing was updated.");
            if (result.Cluster != null) Emit(result.Cluster);
        }
    }
}
