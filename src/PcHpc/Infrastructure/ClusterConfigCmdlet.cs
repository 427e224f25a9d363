using System.Management.Automation;
using PcHpc.Core.Config;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Base of New-HpcCluster and Update-HpcCluster: a configuration (object from the pipeline, or -ConfigPath),
    /// validated locally unless -SkipLocalValidation, its local bootstrap scripts staged to S3, then sent with the
    /// service's validation options.
    /// </summary>
    public abstract class ClusterConfigCmdlet : ClusterCmdlet
    {
        protected const string ConfigSet = "Config";
        protected const string PathSet = "Path";

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

        /// <summary>Send the configuration as is, without local validation, for the service to judge (configs written for a newer ParallelCluster).</summary>
        [Parameter]
        public SwitchParameter SkipLocalValidation { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>The bucket local bootstrap scripts are staged to (default: pchpc-bootstrap-ACCOUNT-REGION, created on first use).</summary>
        [Parameter]
        public string BootstrapBucket { get; set; }

        /// <summary>
        /// The configuration to send and its region: validated locally first (nothing reaches AWS with a config that
        /// cannot work), then with local scripts uploaded and replaced by their s3:// URIs.
        /// </summary>
        protected (string Yaml, ClusterConfig Config, string Region) PrepareSubmission(string name)
        {
            var prepared = PrepareConfig(name, Config, ConfigPath, SkipLocalValidation.IsPresent);
            var region = Region ?? prepared.Config.Region;
            var staged = StageBootstrapScripts(prepared.Config, BootstrapBucket, region);
            if (!ReferenceEquals(staged, prepared.Config)) prepared = (ConfigYaml.Serialize(staged), staged);
            return (prepared.Yaml, prepared.Config, region);
        }
    }
}
