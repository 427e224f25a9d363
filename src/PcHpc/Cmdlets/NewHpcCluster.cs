using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using PcHpc.Core.Clusters;
using PcHpc.Core.Config;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Creates a cluster through the ParallelCluster API after validating its configuration locally.</summary>
    [Cmdlet(VerbsCommon.New, "HpcCluster", DefaultParameterSetName = ConfigSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Cluster), typeof(ClusterDryRun))]
    public sealed class NewHpcCluster : ClusterConfigCmdlet
    {
        /// <summary>The name is checked with the configuration (PrepareConfig), not before it.</summary>
        protected override string ClusterNameToCheck => null;

        [Parameter]
        public SwitchParameter DryRun { get; set; }

        [Parameter]
        public bool RollbackOnFailure { get; set; } = true;

        protected override void Process()
        {
            var name = Name;
            var dryRun = DryRun.IsPresent;
            var wait = Wait.IsPresent;
            try
            {
                Create(name, dryRun, wait);
            }
            catch (PcHpcException ex)
            {
                // One cluster's failure (local validation included) is this item's error: the next pipeline item goes on.
                ReportError(ex, name);
            }
        }

        private void Create(string name, bool dryRun, bool wait)
        {
            var prepared = PrepareSubmission(name);
            var region = prepared.Region;
            if (!dryRun && !Confirm($"cluster '{name}' in {region ?? "the default region"}", "Create", false)) return;
            var engine = PrepareEngine();
            var request = new ClusterCreateRequest
            {
                Name = name,
                Region = region,
                Config = prepared.Config,
                ConfigYaml = prepared.Yaml,
                DryRun = dryRun,
                SuppressValidators = SuppressValidator ?? new string[0],
                ValidationFailureLevel = ValidationFailureLevel,
                RollbackOnFailure = RollbackOnFailure ? (bool?)null : false,
                SkipLocalValidation = SkipLocalValidation.IsPresent,
                ConfigPrepared = true,
            };
            var result = Run(async (sink, token) =>
            {
                var created = await engine.CreateAsync(request, sink, token).ConfigureAwait(false);
                if (wait && created.Cluster != null)
                {
                    created.Cluster = await engine.WaitAsync(created.Cluster.Name, created.Cluster.Region, null, sink, token).ConfigureAwait(false) ?? created.Cluster;
                }
                return created;
            });
            if (result.Cluster != null)
            {
                Emit(result.Cluster);
                return;
            }
            var where = result.Region ?? region;
            Emit(new ClusterDryRun
            {
                ClusterName = name,
                Region = where,
                Passed = true,
                Message = $"The configuration of cluster '{name}' passed the ParallelCluster service's dry run in {where}; nothing was created. Run again without -DryRun to create it.",
                ValidationMessages = result.Messages,
            });
        }
    }
}
