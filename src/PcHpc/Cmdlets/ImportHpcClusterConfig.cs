using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Config;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Reads a ParallelCluster v3 YAML file (or text) into a config object, keeping every key.</summary>
    [Cmdlet(VerbsData.Import, "HpcClusterConfig", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ClusterConfig))]
    public sealed class ImportHpcClusterConfig : PcHpcCmdlet
    {
        private const string PathSet = "Path";
        private const string YamlSet = "Yaml";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        public string Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = YamlSet, ValueFromPipeline = true)]
        [AllowEmptyString]
        public string Yaml { get; set; }

        // Piped text is joined and read once at the end, so `Get-Content file` (one line per record) works like -Raw.
        private readonly List<string> _lines = new List<string>();

        protected override void Process()
        {
            if (Path == null)
            {
                _lines.Add(Yaml ?? string.Empty);
                return;
            }
            Write(ConfigFile.Read(Seam.ResolveFilePath(Path)));
        }

        protected override void End()
        {
            if (_lines.Count > 0)
            {
                Write(ConfigYaml.Parse(string.Join("\n", _lines)));
            }
        }

        private void Write(ClusterConfig config)
        {
            foreach (var unknown in ConfigValidator.Validate(config).Where(p => p.Rule == "UnknownKey"))
            {
                Seam.WriteWarning(unknown.Message);
            }
            Emit(config);
        }
    }
}
