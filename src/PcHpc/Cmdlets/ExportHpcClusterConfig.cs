using System.IO;
using System.Management.Automation;
using PcHpc.Core.Config;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>
    /// Writes a config as ParallelCluster v3 YAML to a file (atomically; the file only with -PassThru) or, without
    /// -Path, as text to the pipeline.
    /// </summary>
    [Cmdlet(VerbsData.Export, "HpcClusterConfig", SupportsShouldProcess = true)]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class ExportHpcClusterConfig : PcHpcCmdlet
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

        /// <summary>With -Path: also return the written file (System.IO.FileInfo).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void Process()
        {
            if (!SkipValidation.IsPresent)
            {
                ConfigBuilder.ThrowIfErrors(ConfigValidator.Validate(InputObject), "cluster configuration", Path);
            }
            var yaml = ConfigYaml.Serialize(InputObject);
            if (Path == null)
            {
                Emit(yaml);
                return;
            }
            var full = Seam.ResolveFilePath(Path);
            if (!Confirm(full, "Write cluster configuration", false))
            {
                return;
            }
            ConfigFile.WriteAtomic(full, yaml, NoClobber.IsPresent);
            if (PassThru.IsPresent) Emit(new FileInfo(full));
        }
    }
}
