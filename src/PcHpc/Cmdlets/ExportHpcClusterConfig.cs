using System.IO;
using System.Management.Automation;
using PcHpc.Core.Config;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>
    /// Writes a config as ParallelCluster v3 YAML to a file (atomically; the file only with -PassThru) or, without
    /// -Path, as text to the pipeline.
    /// </summary>
    [Cmdlet(VerbsData.Export, "HpcClusterConfig", SupportsShouldProcess = true)]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class ExportHpcClusterConfig : AwsCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [Alias("Config")]
        public ClusterConfig InputObject { get; set; }

        [Parameter(Position = 0)]
        public string Path { get; set; }

        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        /// <summary>The bucket local bootstrap scripts are staged to (default: pchpc-bootstrap-ACCOUNT-REGION, created on first use).</summary>
        [Parameter]
        public string BootstrapBucket { get; set; }

        /// <summary>The region of the staging bucket (default: the config's Region).</summary>
        [Parameter]
        public string Region { get; set; }

        protected override System.Collections.Generic.IEnumerable<string> RegionsToCheck => new[] { Region };

        /// <summary>With -Path: also return the written file (System.IO.FileInfo).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private string _written;

        protected override void Process()
        {
            if (!SkipValidation.IsPresent)
            {
                ConfigValidationException.ThrowIfErrors(ConfigValidator.Validate(InputObject), "cluster configuration", Path);
            }
            // Local bootstrap scripts go to S3 first (ParallelCluster fetches scripts from s3:// or https:// only).
            var yaml = ConfigYaml.Serialize(StageBootstrapScripts(InputObject, BootstrapBucket, Region));
            if (Path == null)
            {
                Emit(yaml);
                return;
            }
            var full = ResolveFilePath(Path);
            if (_written != null && string.Equals(_written, full, System.StringComparison.Ordinal))
            {
                // A second config for the same -Path would silently replace the first one.
                throw new PcHpcException(ErrorKind.InvalidArgument, "SeveralConfigsOnePath",
                    $"More than one configuration was piped to the one file '{full}'; the first was written, the others would replace it. " +
                    "Write each to its own file, e.g. ForEach-Object { $_ | Export-HpcClusterConfig -Path \"$($_.Region).yaml\" }.") { Target = full };
            }
            if (!Confirm(full, "Write cluster configuration", false))
            {
                return;
            }
            ConfigFile.WriteAtomic(full, yaml, NoClobber.IsPresent);
            _written = full;
            if (PassThru.IsPresent) Emit(new FileInfo(full));
        }
    }
}
