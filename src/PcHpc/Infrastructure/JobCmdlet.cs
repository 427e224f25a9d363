using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Connection;
using PcHpc.Core.Identity;
using PcHpc.Core.Ports;
using PcHpc.Core.Jobs;
using PcHpc.Core.State;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// How the job cmdlets reach SLURM: this machine's bash for -Local, else SSM Run Command to the cluster's head node.
    /// Tests go through the same paths (the loopback fake AWS for SSM; the poll interval through <see cref="InternalHooks"/>).
    /// </summary>
    internal static class JobTransportResolver
    {
        private static IJobTransport ForLocal(JobTarget target, IActivitySink sink) => new LocalBashTransport { JobsBase = LocalJobsBase() };

        /// <summary>Where -Local job files live: PcHpc's state directory (follows PCHPC_HOME), else the driver's ~/.pchpc.</summary>
        private static string LocalJobsBase()
        {
            try { return StateLocation.Resolve(); }
            catch (PcHpcException) { return null; }
        }

        /// <summary>The state store the job cmdlets use (head nodes, job records): PCHPC_HOME, else the per-user default.</summary>
        internal static StateStore OpenStore(IActivitySink sink) => StateStore.OpenForCommand(sink);

        internal static IJobTransport Resolve(JobTarget target, IActivitySink sink, IAwsSessionFactory sessionFactory, Action<IDisposable> own)
        {
            if (target.Local)
            {
                return ForLocal(target, sink);
            }
            return Ssm(target, sink, sessionFactory, own);
        }

        /// <summary>
        /// The production transport: an AWS session from the target's connection options (through the cmdlet's session
        /// factory), the head node from the state store or EC2 tags, commands through SSM Run Command.
        /// </summary>
        internal static SsmJobTransport Ssm(JobTarget target, IActivitySink sink, IAwsSessionFactory sessionFactory, Action<IDisposable> own)
        {
            if (!string.IsNullOrEmpty(target.RunAsUser)) SsmJobTransport.CheckUser(target.RunAsUser);
            var options = target.Connection as AwsConnectionOptions ?? new AwsConnectionOptions { Region = target.Region };
            var session = sessionFactory.Create(options, sink);
            own?.Invoke(session);
            if (string.IsNullOrEmpty(target.Region)) target.Region = session.Region;
            StateStore store = null;
            try { store = OpenStore(sink); } catch (PcHpcException ex) { sink.Warning("The state store is not available (" + ex.Message + "); the head node is looked up in EC2 and jobs are not recorded."); }
            var locator = new ClusterHeadNodeLocator(session.Ec2, store, sink);
            var transport = new SsmJobTransport(session.Ssm, target, token => locator.LocateAsync(target.ClusterName, target.Region, token), session.ObjectStore, sink)
            {
                OutputS3Bucket = target.OutputS3Bucket,
            };
            if (InternalHooks.PollInterval is TimeSpan ssmPoll)
            {
                transport.PollDelay = _ => ssmPoll;
                transport.SendCheckDelay = ssmPoll;
            }
            if (InternalHooks.RetryBudget is TimeSpan budget) transport.OutcomeBudget = budget;
            return transport;
        }
    }

    /// <summary>
    /// Base of the job cmdlets: -ClusterName/-Region (by property name, so clusters and jobs bind) or -Local, plus
    /// the common AWS parameters. Works out the target; engines are built per target.
    /// </summary>
    public abstract class JobCmdlet : AwsCmdlet
    {
        /// <summary>The cluster whose head node runs the jobs (completes from the clusters in the state store).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string ClusterName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        [ArgumentCompleter(typeof(AwsRegionCompleter))]
        public string Region { get; set; }

        protected override IEnumerable<string> RegionsToCheck => new[] { Region };

        /// <summary>Run against this machine's SLURM with bash instead of a cluster.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter Local { get; set; }

        /// <summary>The login user on the head node (SSM); default by the cluster's OS. Binds from piped jobs.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string RunAsUser { get; set; }

        /// <summary>An S3 bucket SSM writes the full command output to (read back when the inline output was cut).</summary>
        [Parameter]
        public string OutputS3Bucket { get; set; }

        private readonly List<IDisposable> _owned = new List<IDisposable>();

        private readonly Dictionary<string, JobEngine> _engines = new Dictionary<string, JobEngine>(StringComparer.Ordinal);

        /// <summary>The target as bound now (each pipeline record may name another cluster).</summary>
        protected JobTarget CurrentTarget()
        {
            if (Local.IsPresent)
            {
                return new JobTarget { Local = true, RunAsUser = RunAsUser };
            }
            if (string.IsNullOrEmpty(ClusterName))
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "NoJobTarget",
                    "Say where the jobs run: give -ClusterName (or pipe a cluster or job) or -Local for this machine's SLURM.");
            }
            var nameProblem = PcHpc.Core.Config.ConfigValidator.ValidateClusterName(ClusterName).FirstOrDefault();
            if (nameProblem != null)
            {
                // Checked here, before any AWS call: such a name cannot have a head node.
                throw new PcHpcException(ErrorKind.InvalidArgument, "InvalidClusterName", nameProblem.Message + " Check -ClusterName (Get-HpcCluster lists the clusters).") { Target = ClusterName };
            }
            return new JobTarget { ClusterName = ClusterName, Region = Region, RunAsUser = RunAsUser, OutputS3Bucket = OutputS3Bucket, Connection = ConnectionOptions(Region) };
        }

        protected JobEngine EngineFor(JobTarget target)
        {
            if (!_engines.TryGetValue(target.Key, out var engine))
            {
                engine = new JobEngine(JobTransportResolver.Resolve(target, Activity, SessionFactory, _owned.Add), target);
                if (!target.Local)
                {
                    try { engine.Recorder = new JobRecorder(JobTransportResolver.OpenStore(Activity), Activity); }
                    catch (PcHpcException ex) { Activity.Warning("Jobs are not recorded in the state store: " + ex.Message); }
                }
                _engines[target.Key] = engine;
            }
            return engine;
        }

        /// <summary>
        /// A transport for system queries of the target: over SSM they run as the agent (root, as ParallelCluster runs
        /// bootstrap scripts), with -Local as this user.
        /// </summary>
        protected IJobTransport SystemTransportFor(JobTarget target)
        {
            var transport = JobTransportResolver.Resolve(target, Activity, SessionFactory, _owned.Add);
            if (transport is SsmJobTransport ssm) ssm.RunAsAgent = true;
            return transport;
        }

        protected JobEngine Prepare(JobEngine engine)
        {
            if (InternalHooks.PollInterval is TimeSpan jobPoll) engine.PollDelay = _ => jobPoll;
            return engine;
        }
    }
}
