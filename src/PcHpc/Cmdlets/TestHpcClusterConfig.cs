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
        public SwitchParameter Quiet { get => new SwitchParameter(_quiet); set => _quiet = value.IsPresent; }

        /// <summary>The switch as a plain bool (tests set it here: SwitchParameter is a stub outside PowerShell).</summary>
        internal bool QuietFlag { get => _quiet; set => _quiet = value; }

        private bool _quiet;

        protected override void Process()
        {
            // The set is known from which parameter is bound (Path comes by property name, e.g. from Get-ChildItem).
            var config = InputObject ?? ConfigFile.Read(Seam.ResolveFilePath(Path));
            var problems = ConfigValidator.Validate(config, ClusterName);
            foreach (var problem in problems)
            {
                if (problem.Severity == ConfigProblemSeverity.Error) _valid = false;
            }
            if (!_quiet) EmitAll(problems);
        }

        protected override void End()
        {
            if (_quiet) Emit(_valid);
        }
    }
}
