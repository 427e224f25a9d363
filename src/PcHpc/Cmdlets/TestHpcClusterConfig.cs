using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Config;
using PcHpc.Core.Errors;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>
    /// Checks configs locally (no network) and returns every problem (each naming the file it came from, when it came
    /// from one), or with -Quiet one boolean per configuration.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "HpcClusterConfig", DefaultParameterSetName = ConfigSet)]
    [OutputType(typeof(ConfigProblem), typeof(bool))]
    public sealed class TestHpcClusterConfig : PcHpcCmdlet
    {
        private const string ConfigSet = "Config";
        private const string PathSet = "Path";

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
            ClusterConfig config;
            if (ParameterSetName == PathSet)
            {
                try
                {
                    config = ConfigFile.Read(ResolveFilePath(Path));
                }
                catch (PcHpcException ex)
                {
                    // One file that can't be read or parsed must not stop the others piped after it; with -Quiet it
                    // is still one answer for this input: not valid.
                    ReportError(ex, Path);
                    if (Quiet.IsPresent) Emit(false);
                    return;
                }
            }
            else
            {
                config = InputObject;
            }
            var problems = ConfigValidator.Validate(config, ClusterName);
            if (Quiet.IsPresent)
            {
                Emit(problems.All(p => p.Severity != ConfigProblemSeverity.Error));
                return;
            }
            EmitAll(problems);
        }
    }
}
