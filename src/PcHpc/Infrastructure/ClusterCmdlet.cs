using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PcHpc.Core.Activity;
using PcHpc.Core.Clusters;
using PcHpc.Core.Connection;
using PcHpc.Core.Identity;
using PcHpc.Core.Ports;
using PcHpc.Core.State;

namespace PcHpc.Infrastructure
{
    /// <summary>Test hooks and shared plumbing of the cluster cmdlets (engine options, state store).</summary>
    internal sealed class ClusterCmdletHooks
    {
        /// <summary>The state store (tests point it at a temp folder); null opens the user's store.</summary>
        public StateStore Store { get; set; }
        public ApiRoleSessions Roles { get; set; }
        public TimeSpan? PollInterval { get; set; }
    }

    /// <summary>Base of the cluster cmdlets that work on one cluster in one region: -Name/-Region by property name, -ApiUri.</summary>
    public abstract class ClusterCmdlet : ClusterEngineCmdlet
    {
        /// <summary>The ParallelCluster API invoke URL; overrides discovery (Get-HpcApi).</summary>
        [Parameter]
        public Uri ApiUri { get; set; }

        protected override Uri ApiUriValue => ApiUri;

        /// <summary>The cluster this record names, checked as New-HpcCluster checks it (null: nothing to check here).</summary>
        protected virtual string ClusterNameToCheck => null;

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

        internal ClusterCmdletHooks Hooks { get; set; } = new ClusterCmdletHooks();

        private ClusterEngine _engine;
        private AwsConnectionOptions _baseOptions;

        /// <summary>The engine of this invocation (connections are kept per region across pipeline records).</summary>
        protected ClusterEngine Engine(IActivitySink sink)
        {
            if (_engine != null) return _engine;
            // Read session variables on the pipeline thread: sessions open later, on the worker thread.
            _baseOptions = _baseOptions ?? ConnectionOptions(null);
            _engine = ClusterCmdletSupport.NewEngine(this, _baseOptions, ApiUriValue, Hooks, sink);
            return _engine;
        }

        /// <summary>Call on the pipeline thread before <see cref="PcHpcCmdlet.Run{T}"/> so the engine exists.</summary>
        protected ClusterEngine PrepareEngine() => Engine(Activity);

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

        protected override void End()
        {
            _engine?.Dispose();
            _engine = null;
        }
    }

    internal static class ClusterCmdletSupport
    {
        public static ClusterEngine NewEngine(AwsCmdlet cmdlet, AwsConnectionOptions baseOptions, Uri apiUri, ClusterCmdletHooks hooks, IActivitySink sink)
        {
            var store = hooks.Store ?? OpenStore(sink);
            var options = new ClusterEngineOptions
            {
                OpenSession = region => cmdlet.SessionFactory.Create(baseOptions.WithRegion(region ?? baseOptions.Region), sink),
                Store = store,
                ApiUri = apiUri,
                Roles = hooks.Roles,
            };
            var poll = hooks.PollInterval ?? InternalHooks.PollInterval;
            if (poll != null) options.PollInterval = poll.Value;
            if (InternalHooks.RetryBudget is TimeSpan budget) options.RetryBudget = budget;
            return new ClusterEngine(options);
        }

        public static StateStore OpenStore(IActivitySink sink)
        {
            return StateStore.OpenForCommand(sink);
        }
    }

    /// <summary>Tab completion of cluster names from the state store: fast (no AWS call) and never throws.</summary>
    public sealed class ClusterNameCompleter : IArgumentCompleter
    {
        /// <summary>Tests point this at a temp store.</summary>
        internal static Func<StateStore> OpenStore { get; set; } = () => StateStore.Open();

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
                return OpenStore().Clusters.List()
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
