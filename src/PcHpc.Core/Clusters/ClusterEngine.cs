using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Ports;
using PcHpc.Core.State;

namespace PcHpc.Core.Clusters
{
    /// <summary>
    /// What the cluster cmdlets call: the cluster life cycle over the ParallelCluster API. One engine serves one cmdlet
    /// invocation and keeps a connection per region (<see cref="ClusterConnections"/>); each operation is done by its own
    /// type: <see cref="ClusterLister"/>, <see cref="ClusterCreator"/>, <see cref="ClusterUpdater"/>,
    /// <see cref="ClusterDeleter"/>, <see cref="ClusterWaiter"/>, <see cref="ClusterFleet"/>, <see cref="ClusterLogReader"/>.
    /// </summary>
    public sealed partial class ClusterEngine : IDisposable
    {
        private readonly ClusterEngineOptions _options;
        private readonly ClusterConnections _connections;
        private readonly ApiLocator _locator;
        private readonly ClusterRecords _records;
        private readonly ClusterLister _lister;
        private readonly ClusterCreator _creator;
        private readonly ClusterUpdater _updater;
        private readonly ClusterDeleter _deleter;
        private readonly ClusterWaiter _waiter;
        private readonly ClusterFleet _fleet;
        private readonly ClusterLogReader _logs;

        public ClusterEngine(ClusterEngineOptions options)
        {
            _connections = new ClusterConnections(options);
            _options = options;
            _locator = _connections.Locator;
            _records = new ClusterRecords(options);
            var outcome = new ClusterOutcomeCheck(options);
            _waiter = new ClusterWaiter(_connections, _records);
            _fleet = new ClusterFleet(_connections, _records);
            _lister = new ClusterLister(_connections, _records);
            _creator = new ClusterCreator(_connections, _records, outcome);
            _updater = new ClusterUpdater(_connections, _records, outcome, _fleet, _waiter);
            _deleter = new ClusterDeleter(_connections, _records, outcome, _waiter);
            _logs = new ClusterLogReader(_connections, _records);
        }

        public IAwsSession OpenSession(string region) => _connections.OpenSession(region);

        /// <summary>The (cached) connection to a region's API; region null means the session's default region.</summary>
        public Task<ApiConnection> ConnectAsync(string region, IActivitySink sink, CancellationToken cancellationToken) =>
            _connections.ConnectAsync(region, sink, cancellationToken);

        public void Dispose() => _connections.Dispose();

        private TimeSpan Backoff(int n) => _options.Backoff(n);

        public static void CheckClusterName(string name, string parameter) => ClusterConfigCheck.CheckClusterName(name, parameter);

        public static void CheckConfigRegion(ClusterConfig config, string region) => ClusterConfigCheck.CheckConfigRegion(config, region);

        public static (string Yaml, ClusterConfig Config) PrepareConfig(string clusterName, ClusterConfig config, string yaml, IActivitySink sink, bool skipLocalValidation = false, bool report = true) =>
            ClusterConfigCheck.PrepareConfig(clusterName, config, yaml, sink, skipLocalValidation, report);

        public static void CheckExport(LogExportRequest request) => ClusterLogReader.CheckExport(request);

        /// <summary>A PowerShell-style wildcard (* ? [abc]) as a case-insensitive regex; null or empty matches all.</summary>
        public static Regex Wildcard(string pattern) => NamePattern.ToRegex(pattern);

        public Task<ClusterListResult> ListAsync(IReadOnlyList<string> regions, string namePattern, ClusterState? status, bool detailed,
            IActivitySink sink, CancellationToken cancellationToken) =>
            _lister.ListAsync(regions, namePattern, status, detailed, sink, cancellationToken);


        public IReadOnlyList<Cluster> ListCached(IReadOnlyList<string> regions, string namePattern, ClusterState? status) =>
            _records.List(regions, namePattern, status);

        public Task<ClusterCreateResult> CreateAsync(ClusterCreateRequest request, IActivitySink sink, CancellationToken cancellationToken) =>
            _creator.CreateAsync(request, sink, cancellationToken);

        public Task<ClusterUpdateResult> UpdateAsync(string name, string region, ClusterConfig config, string yaml, bool dryRunOnly, bool cycleFleet,
            IList<string> suppressValidators, string validationFailureLevel, IActivitySink sink, CancellationToken cancellationToken, bool skipLocalValidation = false, bool configPrepared = false) =>
            _updater.UpdateAsync(name, region, config, yaml, dryRunOnly, cycleFleet, suppressValidators, validationFailureLevel, sink, cancellationToken, skipLocalValidation, configPrepared);

        public Task<Cluster> DeleteAsync(string name, string region, bool wait, IActivitySink sink, CancellationToken cancellationToken) =>
            _deleter.DeleteAsync(name, region, wait, sink, cancellationToken);

        /// <summary>
        /// Waits until the cluster leaves its *_IN_PROGRESS state, reporting progress from its stack events. Returns the
        /// cluster when it ends Ready (or null once a deleted cluster is gone); throws with the diagnosis when it fails.
        /// </summary>
        public Task<Cluster> WaitAsync(string name, string region, TimeSpan? timeout, IActivitySink sink, CancellationToken cancellationToken) =>
            _waiter.WaitAsync(name, region, timeout, sink, cancellationToken);

        public Task<ComputeFleet> SetComputeFleetAsync(string name, string region, bool start, bool wait, IActivitySink sink, CancellationToken cancellationToken) =>
            _fleet.SetComputeFleetAsync(name, region, start, wait, sink, cancellationToken);

        public Task<IReadOnlyList<ClusterNode>> GetInstancesAsync(string name, string region, string nodeType, string queue, IActivitySink sink, CancellationToken cancellationToken) =>
            _fleet.GetInstancesAsync(name, region, nodeType, queue, sink, cancellationToken);

        public Task RemoveInstancesAsync(string name, string region, bool force, IActivitySink sink, CancellationToken cancellationToken) =>
            _fleet.RemoveInstancesAsync(name, region, force, sink, cancellationToken);

        public Task<IReadOnlyList<ClusterEvent>> GetEventsAsync(string name, string region, IActivitySink sink, CancellationToken cancellationToken) =>
            _logs.GetEventsAsync(name, region, sink, cancellationToken);

        public Task<IReadOnlyList<ClusterLogStream>> GetLogStreamsAsync(string name, string region, IEnumerable<string> filters, IActivitySink sink, CancellationToken cancellationToken) =>
            _logs.GetLogStreamsAsync(name, region, filters, sink, cancellationToken);

        public Task<IReadOnlyList<ClusterLogEvent>> GetLogEventsAsync(string name, string region, string stream, int? tail, DateTime? since,
            IActivitySink sink, CancellationToken cancellationToken) =>
            _logs.GetLogEventsAsync(name, region, stream, tail, since, sink, cancellationToken);

        public Task<LogExportResult> ExportLogsAsync(LogExportRequest request, IActivitySink sink, CancellationToken cancellationToken) =>
            _logs.ExportLogsAsync(request, sink, cancellationToken);
    }
}
