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
    public sealed class NewHpcCluster : ClusterCmdlet
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
        public SwitchParameter DryRun { get; set; }

        [Parameter]
        public string[] SuppressValidator { get; set; }

        [Parameter]
        [ValidateSet("INFO", "WARNING", "ERROR")]
        public string ValidationFailureLevel { get; set; }

        [Parameter]
        public bool RollbackOnFailure { get; set; } = true;

        /// <summary>Send the configuration as is, without local validation, for the service to judge (configs written for a newer ParallelCluster).</summary>
        [Parameter]
        public SwitchParameter SkipLocalValidation { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>The bucket local bootstrap scripts are staged to (default: pchpc-bootstrap-ACCOUNT-REGION, created on first use).</summary>
        [Parameter]
        public string BootstrapBucket { get; set; }

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
            // Local validation first: nothing reaches AWS with a config that cannot work.
            var skip = SkipLocalValidation.IsPresent;
            var prepared = PrepareConfig(name, Config, ConfigPath, skip);
            var region = Region ?? prepared.Config.Region;
            var staged = StageBootstrapScripts(prepared.Config, BootstrapBucket, region);
            if (!ReferenceEquals(staged, prepared.Config)) prepared = (ConfigYaml.Serialize(staged), staged);
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
                SkipLocalValidation = skip,
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
