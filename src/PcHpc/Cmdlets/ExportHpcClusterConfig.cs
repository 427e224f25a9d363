using System.IO;
using System.Management.Automation;
using PcHpc.Core.Config;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Writes a config as ParallelCluster v3 YAML to a file (atomically) or, without -Path, to the pipeline.</summary>
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
        public SwitchParameter NoClobber { get => new SwitchParameter(_noClobber); set => _noClobber = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool NoClobberFlag { get => _noClobber; set => _noClobber = value; }

        private bool _noClobber;

        [Parameter]
        public SwitchParameter SkipValidation { get => new SwitchParameter(_skipValidation); set => _skipValidation = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool SkipValidationFlag { get => _skipValidation; set => _skipValidation = value; }

        private bool _skipValidation;

        protected override void Process()
        {
            if (!_skipValidation)
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
            ConfigFile.WriteAtomic(full, yaml, _noClobber);
            Emit(new FileInfo(full));
        }
    }
}
