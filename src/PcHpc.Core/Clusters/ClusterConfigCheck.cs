using System;
using System.Linq;
using PcHpc.Core.Activity;
using PcHpc.Core.Config;
using PcHpc.Core.Connection;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Clusters
{
    /// <summary>What is checked locally before a cluster configuration or name goes to the API.</summary>
    public static class ClusterConfigCheck
    {
        /// <summary>
        /// Refuses a cluster name ParallelCluster cannot have (ClusterNameValidator, the rule New-HpcCluster applies), with
        /// the same message, before any call.
        /// </summary>
        public static void CheckClusterName(string name, string parameter)
        {
            var problem = ConfigValidator.ValidateClusterName(name).FirstOrDefault(p => p.Severity == ConfigProblemSeverity.Error);
            if (problem == null) return;
            throw new PcHpcException(ErrorKind.InvalidArgument, "InvalidClusterName",
                $"'{name}' cannot be a cluster name: {problem.Message} Check {parameter} (Get-HpcCluster lists the clusters).") { Target = name };
        }

        /// <summary>
        /// A config whose Region is not a known region, or differs from -Region, is refused before anything is sent
        /// (ParallelCluster would create the cluster where the config does not say).
        /// </summary>
        public static void CheckConfigRegion(ClusterConfig config, string region)
        {
            var own = config?.Region;
            if (!string.IsNullOrWhiteSpace(own))
            {
                var problem = AwsRegions.Problem(own, "the configuration's Region");
                if (problem != null) throw new PcHpcException(ErrorKind.InvalidArgument, "ClusterConfigBadRegion", problem) { Target = own };
            }
            if (!string.IsNullOrWhiteSpace(own) && !string.IsNullOrWhiteSpace(region) && !string.Equals(own.Trim(), region.Trim(), StringComparison.Ordinal))
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "ClusterConfigRegionMismatch",
                    $"The configuration says Region: {own} but -Region is {region}; make them the same (or leave -Region out to use the configuration's).") { Target = region };
            }
        }

        /// <summary>
        /// Validates the configuration locally (throws before any AWS call), returning the YAML to send and the config.
        /// Local warnings are written to the sink and never stop the call. With <paramref name="skipLocalValidation"/>
        /// nothing is checked (a verbose line says so) and the YAML goes as is.
        /// </summary>
        public static (string Yaml, ClusterConfig Config) PrepareConfig(string clusterName, ClusterConfig config, string yaml, IActivitySink sink, bool skipLocalValidation = false, bool report = true)
        {
            if (config == null)
            {
                if (string.IsNullOrWhiteSpace(yaml))
                {
                    throw new PcHpcException(ErrorKind.InvalidArgument, "ClusterConfigMissing", "No cluster configuration was given; pass -Config (New-HpcClusterConfig) or -ConfigPath.");
                }
                config = ConfigYaml.Parse(yaml);
            }
            if (skipLocalValidation)
            {
                if (report) sink.Verbose($"Local validation of the configuration of cluster '{clusterName}' was skipped (-SkipLocalValidation): it goes to the ParallelCluster service as is.");
                return (yaml ?? ConfigYaml.Serialize(config), config);
            }
            var problems = ConfigValidator.Validate(config, clusterName);
            if (report) foreach (var w in problems.Where(p => p.Severity != ConfigProblemSeverity.Error)) sink.Warning(w.ToString());
            var errors = problems.Where(p => p.Severity == ConfigProblemSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new PcHpcException(ErrorKind.Validation, "ClusterConfigInvalid",
                    $"The configuration of cluster '{clusterName}' has {errors.Count} problem(s); fix them (Test-HpcClusterConfig lists them) and try again:" +
                    string.Concat(errors.Select(e => Environment.NewLine + "  " + e.Path + ": " + e.Message)))
                { Target = clusterName };
            }
            return (yaml ?? ConfigYaml.Serialize(config), config);
        }
    }
}
