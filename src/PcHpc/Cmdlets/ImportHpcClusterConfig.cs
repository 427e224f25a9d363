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

        protected override void Process()
        {
            ClusterConfig config;
            if (Path == null)
            {
                config = ConfigYaml.Parse(Yaml ?? string.Empty);
            }
            else
            {
                config = ConfigFile.Read(Seam.ResolveFilePath(Path));
            }
            foreach (var unknown in ConfigValidator.Validate(config).Where(p => p.Rule == "UnknownKey"))
            {
                Seam.WriteWarning(unknown.Message);
            }
            Emit(config);
        }
    }
}
