using System.Management.Automation;
using PcHpc.Core.Config;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Checks configs locally (no network) and returns every problem, or with -Quiet one boolean.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "HpcClusterConfig", DefaultParameterSetName = ConfigSet)]
    [OutputType(typeof(ConfigProblem), typeof(bool))]
    public sealed class TestHpcClusterConfig : PcHpcCmdlet
    {
        private const string ConfigSet = "Config";
        private const string PathSet = "Path";
        private bool _valid = true;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ConfigSet)]
        [Alias("Config")]
        public ClusterConfig InputObject { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        public string Path { get; set; }

        [Parameter]
        public string ClusterName { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void Process()
        {
            var config = ParameterSetName == PathSet || InputObject == null
                ? ConfigFile.Read(Seam.ResolveFilePath(Path))
                : InputObject;
            var problems = ConfigValidator.Validate(config, ClusterName);
            foreach (var problem in problems)
            {
                if (problem.Severity == ConfigProblemSeverity.Error) _valid = false;
            }
            if (!Quiet) EmitAll(problems);
        }

        protected override void End()
        {
            if (Quiet) Emit(_valid);
        }
    }
}
