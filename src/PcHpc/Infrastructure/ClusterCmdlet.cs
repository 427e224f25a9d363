using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PcHpc.Core.Activity;
using PcHpc.Core.Clusters;
using PcHpc.Core.Ports;
using PcHpc.Core.State;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Base of the cluster cmdlets that work on one named cluster in one region: -Name (alias ClusterName) and -Region
    /// by property name, so <c>Get-HpcCluster | Verb-HpcCluster</c> binds; -ApiUri. A name ParallelCluster cannot
    /// have is refused before any call.
    /// </summary>
    public abstract class ClusterCmdlet : ClusterEngineCmdlet
    {
        /// <summary>The cluster's name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Name { get; set; }

        /// <summary>The ParallelCluster API invoke URL; overrides discovery (Get-HpcApi).</summary>
        [Parameter]
        public Uri ApiUri { get; set; }

        protected override Uri ApiUriValue => ApiUri;

        /// <summary>The cluster name checked before any call (New-HpcCluster checks it with its configuration instead).</summary>
        protected virtual string ClusterNameToCheck => Name;

        /// <summary>Regions first, then the cluster name: a name ParallelCluster cannot have is refused before any call.</summary>
        protected override void CheckInputs()
        {
            base.CheckInputs();
            var name = ClusterNameToCheck;
            if (name != null) ClusterEngine.CheckClusterName(name, "-Name");
        }
    }

    /// <summary>A one-region cmdlet with a cluster engine (state store, API discovery, role sessions).</summary>
    public abstract class ClusterEngineCmdlet : AwsRegionalCmdlet
    {
        protected virtual Uri ApiUriValue => null;

        private ClusterEngine _engine;

        /// <summary>
        /// The engine of this invocation, built by <see cref="EngineFactory"/> (connections are kept per region across
        /// pipeline records). Call on the pipeline thread, before <see cref="PcHpcCmdlet.Run{T}"/>: it reads session
        /// variables, and sessions open later on the worker thread.
        /// </summary>
        protected ClusterEngine PrepareEngine() => _engine ?? (_engine = Engines.Clusters(ConnectionOptions(null), ApiUriValue));

        /// <summary>-Config object or -ConfigPath file, validated locally (fails before anything remote).</summary>
        protected (string Yaml, ClusterConfig Config) PrepareConfig(string clusterName, ClusterConfig config, string configPath, bool skipLocalValidation = false)
        {
            string yaml = null;
            if (config == null)
            {
                var path = ResolveFilePath(configPath);
                if (!System.IO.File.Exists(path))
                {
                    throw new PcHpc.Core.Errors.PcHpcException(PcHpc.Core.Errors.ErrorKind.NotFound, "ConfigFileNotFound", $"The file '{path}' does not exist; check -ConfigPath.") { Target = path };
                }
                yaml = System.IO.File.ReadAllText(path);
            }
            var prepared = ClusterEngine.PrepareConfig(clusterName, config, yaml, Activity, skipLocalValidation);
            ClusterEngine.CheckConfigRegion(prepared.Config, Region);
            return prepared;
        }
    }

    /// <summary>Tab completion of cluster names from the state store: fast (no AWS call) and never throws.</summary>
    public sealed class ClusterNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                string region = null;
                if (fakeBoundParameters != null && fakeBoundParameters.Contains("Region"))
                {
                    var value = fakeBoundParameters["Region"];
                    region = value is IEnumerable e && !(value is string) ? e.Cast<object>().FirstOrDefault()?.ToString() : value?.ToString();
                }
                return Complete(wordToComplete, region);
            }
            catch (Exception)
            {
                return new CompletionResult[0];
            }
        }

        internal static IEnumerable<CompletionResult> Complete(string word, string region) =>
            CompleteNames(word, region).Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n)).ToList();

        /// <summary>The names offered: live (not gone) clusters of the store starting with the word, in the region when given.</summary>
        internal static IReadOnlyList<string> CompleteNames(string word, string region)
        {
            try
            {
                var prefix = (word ?? string.Empty).Trim('\'', '"');
                return EngineFactory.StoreForCompletion().Clusters.List()
                    .Where(r => !r.Gone && r.Name != null && r.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (region == null || r.Region == region))
                    .Select(r => r.Name).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                    .ToList();
            }
            catch (Exception)
            {
                return new string[0];
            }
        }
    }
}
