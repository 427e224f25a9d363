using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Config;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>
    /// Reads a ParallelCluster v3 YAML file (or text) into a config object, keeping every key.
    /// The default set is Yaml so that piped strings (<c>"text" | Import-HpcClusterConfig</c>, <c>Get-Content f</c>)
    /// bind to -Yaml; files and objects with a Path/FullName property still bind to -Path by property name, and a
    /// positional argument is a path.
    /// </summary>
    [Cmdlet(VerbsData.Import, "HpcClusterConfig", DefaultParameterSetName = YamlSet)]
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

        // Single lines (Get-Content without -Raw sends one line per record) are collected and read as one document at
        // the end; a string with a line break is a whole document (Get-Content -Raw, a here-string) and is read at once.
        private readonly List<string> _lines = new List<string>();

        protected override void Process()
        {
            if (ParameterSetName == PathSet)
            {
                Write(ConfigFile.Read(ResolveFilePath(Path)));
                return;
            }
            var text = Yaml ?? string.Empty;
            if (text.IndexOf('\n') >= 0 && _lines.Count == 0)
            {
                Write(ConfigYaml.Parse(text));
                return;
            }
            _lines.Add(text);
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
                WriteWarning(unknown.Message);
            }
            Emit(config);
        }
    }
}
