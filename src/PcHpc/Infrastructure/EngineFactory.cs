using System;
using System.Collections.Generic;
using PcHpc.Core.Activity;
using PcHpc.Core.Clusters;
using PcHpc.Core.Connection;
using PcHpc.Core.Errors;
using PcHpc.Core.Images;
using PcHpc.Core.Jobs;
using PcHpc.Core.Network;
using PcHpc.Core.Ports;
using PcHpc.Core.State;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// The one place engines are built (clusters, images, networks, jobs): from the cmdlet's connection options, the
    /// state store and the cmdlet's activity sink. One factory per cmdlet invocation; it owns the sessions and engines
    /// it made and disposes them with the cmdlet.
    /// </summary>
    internal sealed class EngineFactory : IDisposable
    {
        private readonly IAwsSessionFactory _sessions;
        private readonly IActivitySink _sink;
        private readonly List<IDisposable> _owned = new List<IDisposable>();
        private readonly Dictionary<string, JobEngine> _jobEngines = new Dictionary<string, JobEngine>(StringComparer.Ordinal);
        private StateStore _store;

        /// <summary>Partitions seen per target, kept for the PowerShell process so a bad -Queue fails before a call.</summary>
        private static readonly KnownQueues SeenQueues = new KnownQueues();
        private bool _storeUnavailable;

        public EngineFactory(IAwsSessionFactory sessions, IActivitySink sink)
        {
            _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
            _sink = sink ?? NullActivitySink.Instance;
        }

        /// <summary>The user's state store (PCHPC_HOME, else the per-user default); write failures become warnings.</summary>
        public StateStore Store => _store ?? (_store = StateStore.OpenForCommand(_sink));

        /// <summary>The store for a feature that works without one: null, with one warning that says what is lost.</summary>
        public StateStore StoreOrWarn(string withoutIt)
        {
            if (_storeUnavailable) return null;
            try { return Store; }
            catch (PcHpcException ex)
            {
                _storeUnavailable = true;
                _sink.Warning("The state store is not available (" + ex.Message + "); " + withoutIt);
                return null;
            }
        }

        /// <summary>The store as Tab completion reads it: the user's, with no sink (completion never shows warnings).</summary>
        public static StateStore StoreForCompletion() => StateStore.OpenForCommand(null);

        public KnownQueues Queues => SeenQueues;

        private static TimeSpan? PollInterval => InternalHooks.PollInterval;

        /// <summary>A session for one region, closed with the cmdlet.</summary>
        public IAwsSession Session(AwsConnectionOptions connection) => Own(_sessions.Create(connection, _sink));

        /// <summary>
        /// Clusters: the ParallelCluster API found in the options' region (or at
        /// <paramref name="apiUri"/>), sessions opened per region from <paramref name="connection"/>.
        /// </summary>
        public ClusterEngine Clusters(AwsConnectionOptions connection, Uri apiUri) => Own(new ClusterEngine(ClusterOptions(connection, apiUri)));

        /// <summary>Custom images: the same API discovery and role sessions as <see cref="Clusters"/>.</summary>
        public ImageEngine Images(AwsConnectionOptions connection, Uri apiUri) => Own(new ImageEngine(ClusterOptions(connection, apiUri)));

        private ClusterEngineOptions ClusterOptions(AwsConnectionOptions connection, Uri apiUri)
        {
            var options = new ClusterEngineOptions
            {
                OpenSession = region => _sessions.Create(connection.WithRegion(region ?? connection.Region), _sink),
                Store = Store,
                ApiUri = apiUri,
            };
            if (PollInterval is TimeSpan poll) options.PollInterval = poll;
            if (InternalHooks.RetryBudget is TimeSpan budget) options.RetryBudget = budget;
            return options;
        }

        /// <summary>Networks (VPC stacks) of the session's region; <paramref name="sink"/> gets the engine's progress.</summary>
        public NetworkEngine Network(IAwsSession session, IActivitySink sink)
        {
            var engine = new NetworkEngine(session, Store, sink ?? _sink);
            if (PollInterval is TimeSpan poll) engine.PollInterval = poll;
            return engine;
        }

        /// <summary>
        /// The job engine of one target (one per target and invocation): this machine's bash for -Local, else SSM Run
        /// Command to the cluster's head node; jobs on clusters are recorded in the state store.
        /// </summary>
        public JobEngine Jobs(JobTarget target)
        {
            if (_jobEngines.TryGetValue(target.Key, out var engine)) return engine;
            engine = new JobEngine(Transport(target), target, SeenQueues);
            if (PollInterval is TimeSpan poll) engine.PollDelay = _ => poll;
            if (!target.Local)
            {
                var store = StoreOrWarn("jobs are not recorded.");
                if (store != null) engine.Recorder = new JobRecorder(store, _sink);
            }
            _jobEngines[target.Key] = engine;
            return engine;
        }

        /// <summary>
        /// A transport for system queries of the target: over SSM they run as the agent (root, as ParallelCluster runs
        /// bootstrap scripts); with -Local as this user.
        /// </summary>
        public IJobTransport SystemTransport(JobTarget target)
        {
            var transport = Transport(target);
            if (transport is SsmJobTransport ssm) ssm.RunAsAgent = true;
            return transport;
        }

        /// <summary>A system transport to a head node already known (from the ParallelCluster API), over an open session.</summary>
        public IJobTransport SystemTransport(IAwsSession session, JobTarget target, HeadNode headNode)
        {
            var transport = new SsmJobTransport(session.Ssm, target, headNode) { RunAsAgent = true };
            Tune(transport);
            return transport;
        }

        private IJobTransport Transport(JobTarget target)
        {
            if (target.Local) return new LocalBashTransport { JobsBase = LocalJobsBase() };
            if (!string.IsNullOrEmpty(target.RunAsUser)) SsmJobTransport.CheckUser(target.RunAsUser);
            var session = Session(target.Connection ?? new AwsConnectionOptions { Region = target.Region });
            if (string.IsNullOrEmpty(target.Region)) target.Region = session.Region;
            var locator = new ClusterHeadNodeLocator(session.Ec2, StoreOrWarn("the head node is looked up in EC2 and jobs are not recorded."), _sink);
            var transport = new SsmJobTransport(session.Ssm, target, token => locator.LocateAsync(target.ClusterName, target.Region, token), session.ObjectStore, _sink)
            {
                OutputS3Bucket = target.OutputS3Bucket,
            };
            Tune(transport);
            return transport;
        }

        private void Tune(SsmJobTransport transport)
        {
            if (PollInterval is TimeSpan poll)
            {
                transport.PollDelay = _ => poll;
                transport.SendCheckDelay = poll;
            }
            if (InternalHooks.RetryBudget is TimeSpan budget) transport.OutcomeBudget = budget;
        }

        /// <summary>Where -Local job files live: PcHpc's state directory (follows PCHPC_HOME), else the driver's ~/.pchpc.</summary>
        private static string LocalJobsBase()
        {
            try { return StateLocation.Resolve(); }
            catch (PcHpcException) { return null; }
        }

        private T Own<T>(T disposable) where T : IDisposable
        {
            lock (_owned) _owned.Add(disposable);
            return disposable;
        }

        public void Dispose()
        {
            IDisposable[] owned;
            lock (_owned)
            {
                owned = _owned.ToArray();
                _owned.Clear();
            }
            _jobEngines.Clear();
            for (var i = owned.Length - 1; i >= 0; i--) owned[i].Dispose();
        }
    }
}
