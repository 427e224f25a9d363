using System;
using System.Collections.Generic;
using System.Management.Automation;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Slurm;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// The one seam through which the job cmdlets reach a cluster's head node. The AWS layer sets
    /// <see cref="ForCluster"/> (SSM); tests set it (and <see cref="ForLocal"/>) to wrap the local transport.
    /// </summary>
    internal static class JobTransportResolver
    {
        internal static Func<JobTarget, IActivitySink, IJobTransport> ForCluster;
        internal static Func<JobTarget, IActivitySink, IJobTransport> ForLocal = (target, sink) => new LocalBashTransport();

        internal static IJobTransport Resolve(JobTarget target, IActivitySink sink)
        {
            if (target.Local)
            {
                return ForLocal(target, sink);
            }
            var resolver = ForCluster;
            if (resolver == null)
            {
                throw new PcHpcException(ErrorKind.InvalidState, "ClusterTransportUnavailable",
                    $"Running jobs on cluster '{target.ClusterName}' needs the AWS Systems Manager transport, which this build does not have; use -Local to run jobs on this machine's SLURM.")
                { Target = target.ClusterName };
            }
            return resolver(target, sink);
        }
    }

    /// <summary>
    /// Base of the job cmdlets: -ClusterName/-Region (by property name, so clusters and jobs bind) or -Local, plus
    /// the common AWS parameters. Works out the target; engines are built per target.
    /// </summary>
    public abstract class JobCmdlet : AwsCmdlet
    {
        /// <summary>The cluster whose head node runs the jobs.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string ClusterName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        public string Region { get; set; }

        /// <summary>Run against this machine's SLURM with bash instead of a cluster.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter Local { get; set; }

        /// <summary>Set by the xunit runner: PowerShellStandard.Library's SwitchParameter is a no-op stub outside PowerShell.</summary>
        internal bool LocalFlag { get; set; }

        /// <summary>The login user on the head node (SSM); default by the cluster's OS.</summary>
        [Parameter]
        public string RunAsUser { get; set; }

        private readonly Dictionary<string, SlurmJobEngine> _engines = new Dictionary<string, SlurmJobEngine>(StringComparer.Ordinal);

        /// <summary>The target as bound now (each pipeline record may name another cluster).</summary>
        protected JobTarget CurrentTarget()
        {
            if (LocalFlag || (bool)Local)
            {
                return new JobTarget { Local = true, RunAsUser = RunAsUser };
            }
            if (string.IsNullOrEmpty(ClusterName))
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "NoJobTarget",
                    "Say where the jobs run: give -ClusterName (or pipe a cluster or job) or -Local for this machine's SLURM.");
            }
            return new JobTarget { ClusterName = ClusterName, Region = Region, RunAsUser = RunAsUser, Connection = ConnectionOptions(Region) };
        }

        protected SlurmJobEngine EngineFor(JobTarget target)
        {
            if (!_engines.TryGetValue(target.Key, out var engine))
            {
                engine = new SlurmJobEngine(JobTransportResolver.Resolve(target, Activity), target);
                _engines[target.Key] = engine;
            }
            return engine;
        }

        /// <summary>Tests shorten Wait's polling through this.</summary>
        internal static Func<int, TimeSpan> PollDelayOverride;

        protected SlurmJobEngine Prepare(SlurmJobEngine engine)
        {
            if (PollDelayOverride != null) engine.PollDelay = PollDelayOverride;
            return engine;
        }
    }
}
