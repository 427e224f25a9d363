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
    [OutputType(typeof(Cluster), typeof(ClusterValidationMessage))]
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
        public SwitchParameter DryRun { get => new SwitchParameter(_dryRun); set => _dryRun = value.IsPresent; }

        [Parameter]
        public string[] SuppressValidator { get; set; }

        [Parameter]
        [ValidateSet("INFO", "WARNING", "ERROR")]
        public string ValidationFailureLevel { get; set; }

        [Parameter]
        public bool RollbackOnFailure { get; set; } = true;

        [Parameter]
        public SwitchParameter Wait { get => new SwitchParameter(_wait); set => _wait = value.IsPresent; }

        /// <summary>The switches as plain bools (tests set them here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool DryRunFlag { get => _dryRun; set => _dryRun = value; }
        internal bool WaitFlag { get => _wait; set => _wait = value; }
        private bool _dryRun;
        private bool _wait;

        protected override void Process()
        {
            // Local validation first: nothing reaches AWS with a config that cannot work.
            var prepared = PrepareConfig(Name, Config, ConfigPath);
            var region = Region ?? prepared.Config.Region;
            if (!_dryRun && !Confirm($"cluster '{Name}' in {region ?? "the default region"}", "Create", false)) return;
            var engine = PrepareEngine();
            var request = new ClusterCreateRequest
            {
                Name = Name,
                Region = region,
                Config = prepared.Config,
                ConfigYaml = prepared.Yaml,
                DryRun = _dryRun,
                SuppressValidators = SuppressValidator ?? new string[0],
                ValidationFailureLevel = ValidationFailureLevel,
                RollbackOnFailure = RollbackOnFailure ? (bool?)null : false,
            };
            try
            {
                var result = Run(async (sink, token) =>
                {
                    var created = await engine.CreateAsync(request, sink, token).ConfigureAwait(false);
                    if (_wait && created.Cluster != null)
                    {
                        created.Cluster = await engine.WaitAsync(created.Cluster.Name, created.Cluster.Region, null, sink, token).ConfigureAwait(false) ?? created.Cluster;
                    }
                    return created;
                });
                if (result.Cluster != null) Emit(result.Cluster);
                else EmitAll(result.Messages);
            }
            catch (PcHpcException ex)
            {
                ReportError(ex, Name);
            }
        }
    }
}
