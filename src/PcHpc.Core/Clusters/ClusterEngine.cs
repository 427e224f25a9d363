using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Connection;
using PcHpc.Core.Identity;
using PcHpc.Core.Ports;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Core.Clusters
{
    /// <summary>What the cluster engine needs from its caller.</summary>
    public sealed class ClusterEngineOptions
    {
        /// <summary>Opens a session for a region (null: the default region).</summary>
        public Func<string, IAwsSession> OpenSession { get; set; }
        /// <summary>The state store (null: no caching).</summary>
        public StateStore Store { get; set; }
        /// <summary>-ApiUri: overrides API discovery.</summary>
        public Uri ApiUri { get; set; }
        /// <summary>Role sessions for the API's user role (default: the process-wide cache).</summary>
        public ApiRoleSessions Roles { get; set; }
        /// <summary>How often long waits poll at most (default 15 s; Wait-HpcCluster starts at 2 s and backs off to it).</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
        /// <summary>How long failing describes are ridden out when the caller gave no deadline (after an accepted create, delete or update).</summary>
        public TimeSpan RetryBudget { get; set; } = TimeSpan.FromMinutes(10);
        /// <summary>At most this many regions or describes run at once.</summary>
        public int MaxParallel { get; set; } = 8;
        /// <summary>The clock (tests move it).</summary>
        public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;
    }

    /// <summary>A region's failure while listing several regions (the others still answer).</summary>
    public sealed class RegionFailure
    {
        public string Region { get; set; }
        public Exception Error { get; set; }
    }

    public sealed class ClusterListResult
    {
        public List<Cluster> Clusters { get; } = new List<Cluster>();
        public List<RegionFailure> Failures { get; } = new List<RegionFailure>();
    }

    /// <summary>The result of Update-HpcCluster: the change set, and the cluster unless it was a dry run.</summary>
    public sealed class ClusterUpdateResult
    {
        public IList<ClusterChange> Changes { get; set; } = new List<ClusterChange>();
        public Cluster Cluster { get; set; }
        public IList<ClusterValidationMessage> Messages { get; set; } = new List<ClusterValidationMessage>();
        /// <summary>True when the API refuses the update while the compute fleet runs.</summary>
        public bool NeedsStoppedFleet { get; set; }
        /// <summary>True when the fleet had to be stopped (and was restarted) for the update.</summary>
        public bool FleetCycled { get; set; }
        /// <summary>True when the cluster already has this configuration (the API found no changes): nothing was sent.</summary>
        public bool NoChanges { get; set; }
    }

    /// <summary>
    /// The cluster life cycle over the ParallelCluster API: discovery of the API, role handling, multi-region listing,
    /// store reconciliation, create/update/delete with readable errors, waits with progress from stack events.
    /// One engine serves one cmdlet invocation; it keeps a connection per region.
    /// </summary>
    public sealed partial class ClusterEngine : IDisposable
    {
        private readonly ClusterEngineOptions _options;
        private readonly ApiLocator _locator;
        private readonly ConcurrentDictionary<string, Lazy<Task<Connection>>> _connections = new ConcurrentDictionary<string, Lazy<Task<Connection>>>(StringComparer.Ordinal);
        private readonly ConcurrentBag<IAwsSession> _opened = new ConcurrentBag<IAwsSession>();

        public ClusterEngine(ClusterEngineOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (options.OpenSession == null) throw new ArgumentException("OpenSession is required.", nameof(options));
            _locator = new ApiLocator(options.Store);
        }

        public ApiLocator Locator => _locator;

        internal ClusterEngineOptions Options => _options;

        private Images.ImageEngine _images;

        /// <summary>The custom-image operations, over this engine's connections (same API discovery and role sessions).</summary>
        public Images.ImageEngine Images => _images ?? (_images = new Images.ImageEngine(this));
        public StateStore Store => _options.Store;
        private ApiRoleSessions Roles => _options.Roles ?? ApiRoleSessions.Shared;

        /// <summary>A region's session plus its API client.</summary>
        public sealed class Connection
        {
            public string Region { get; set; }
            public IAwsSession Session { get; set; }
            public ApiEndpoint Endpoint { get; set; }
            public IParallelClusterApi Api { get; set; }
            public string ApiUri => Endpoint.InvokeUrl.ToString();
        }

        public IAwsSession OpenSession(string region)
        {
            var s = _options.OpenSession(region);
            _opened.Add(s);
            return s;
        }

        /// <summary>The (cached) connection to a region's API; region null means the session's default region.</summary>
        public Task<Connection> ConnectAsync(string region, IActivitySink sink, CancellationToken cancellationToken)
        {
            var lazy = _connections.GetOrAdd(region ?? string.Empty, _ => new Lazy<Task<Connection>>(() => OpenConnectionAsync(region, sink, cancellationToken)));
            return lazy.Value;
        }

        private async Task<Connection> OpenConnectionAsync(string region, IActivitySink sink, CancellationToken cancellationToken)
        {
            var session = OpenSession(region);
            var endpoint = await _locator.ResolveAsync(session, _options.ApiUri, sink, cancellationToken).ConfigureAwait(false);
            var apiSession = await Roles.ForApiAsync(session, endpoint.UserRoleArn, sink, cancellationToken).ConfigureAwait(false);
            return new Connection { Region = session.Region, Session = session, Endpoint = endpoint, Api = apiSession.ParallelClusterApi(endpoint.InvokeUrl) };
        }

        public void Dispose()
        {
            while (_opened.TryTake(out var s))
            {
                try { s.Dispose(); } catch (Exception) { }
            }
        }

        // ---------------------------------------------------------------- listing

        /// <summary>
        /// Lists clusters live in every region (in parallel, all pages), merges them into the store and marks records the
        /// API no longer knows as gone. Name is a wildcard pattern (null: all). Detailed adds a describe call per cluster.
        /// </summary>
        public async Task<ClusterListResult> ListAsync(IReadOnlyList<string> regions, string namePattern, ClusterState? status, bool detailed,
            IActivitySink sink, CancellationToken cancellationToken)
        {
            var targets = regions == null || regions.Count == 0 ? new string[] { null } : regions.Distinct(StringComparer.Ordinal).ToArray();
            var matcher = Wildcard(namePattern);
            var result = new ClusterListResult();
            var perRegion = new List<Cluster>[targets.Length];
            var failures = new RegionFailure[targets.Length];
            using (var gate = new SemaphoreSlim(Math.Max(1, _options.MaxParallel)))
            {
                var done = 0;
                var tasks = targets.Select(async (region, i) =>
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        perRegion[i] = await ListRegionAsync(region, matcher, status, detailed, sink, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is PcHpcException || ex is ParallelClusterApiException)
                    {
                        failures[i] = new RegionFailure { Region = region, Error = ex is ParallelClusterApiException pe ? ClusterErrors.Translate(pe, "list", null, region) : ex };
                    }
                    finally
                    {
                        gate.Release();
                        var n = Interlocked.Increment(ref done);
                        if (targets.Length > 1)
                        {
                            sink.Progress(new ProgressUpdate
                            {
                                Activity = "Listing clusters", Status = $"{n} of {targets.Length} regions answered",
                                PercentComplete = n * 100 / targets.Length, Completed = n == targets.Length,
                            });
                        }
                    }
                }).ToArray();
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            for (var i = 0; i < targets.Length; i++)
            {
                if (perRegion[i] != null) result.Clusters.AddRange(perRegion[i]);
                if (failures[i] != null) result.Failures.Add(failures[i]);
            }
            return result;
        }

        private async Task<List<Cluster>> ListRegionAsync(string region, Regex matcher, ClusterState? status, bool detailed, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            sink.Verbose($"Listing clusters in {c.Region} through {c.ApiUri}.");
            IReadOnlyList<ClusterInfoSummary> summaries;
            try
            {
                summaries = await c.Api.ListClustersAsync(c.Region, null, cancellationToken).ConfigureAwait(false);
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, "list", null, c.Region, c.Endpoint.Version);
            }
            var live = summaries.Where(s => s.ClusterStatus != "DELETE_COMPLETE").Select(s => ClusterMapper.FromSummary(s, c.Region, c.ApiUri)).ToList();
            foreach (var cluster in live)
            {
                var note = ClusterErrors.VersionNote("describe", c.Endpoint.Version, cluster.Version);
                if (note != null) sink.Warning($"Cluster '{cluster.Name}' in {c.Region}: {note}");
            }
            Reconcile(c.Region, live, c.ApiUri);
            var selected = live.Where(x => matcher.IsMatch(x.Name) && (status == null || x.Status == status.Value)).ToList();
            if (detailed)
            {
                var detailedList = new Cluster[selected.Count];
                using (var gate = new SemaphoreSlim(Math.Max(1, _options.MaxParallel)))
                {
                    await Task.WhenAll(selected.Select(async (s, i) =>
                    {
                        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                        try
                        {
                            detailedList[i] = await DescribeOnAsync(c, s.Name, s.Version, cancellationToken).ConfigureAwait(false);
                        }
                        catch (PcHpcException ex)
                        {
                            sink.Warning($"Cannot describe cluster '{s.Name}' in {c.Region}: {ex.Message}");
                            detailedList[i] = s;
                        }
                        finally
                        {
                            gate.Release();
                        }
                    })).ConfigureAwait(false);
                }
                return detailedList.ToList();
            }
            var store = _options.Store;
            return selected.Select(s => ClusterMapper.Enrich(s, store?.Clusters.TryGet(ClusterRecord.KeyFor(s.Region, s.Name)))).ToList();
        }

        /// <summary>
        /// Brings the store in line with one region's live list: clusters seen are merged in, stored clusters of the
        /// region the API no longer lists are marked gone (not silently kept, not silently dropped).
        /// </summary>
        public void Reconcile(string region, IReadOnlyList<Cluster> live, string apiUri)
        {
            var store = _options.Store;
            if (store == null) return;
            var seen = new HashSet<string>(live.Select(x => x.Name), StringComparer.Ordinal);
            var fresh = _options.Now() - SeenRefresh;
            foreach (var cluster in live)
            {
                // Unchanged records seen recently are not rewritten: a list of 100 clusters must not cost 100 disk flushes.
                store.Clusters.Update(ClusterRecord.KeyFor(cluster.Region, cluster.Name), current =>
                    current != null && !current.Gone && current.LastSeen > fresh && ClusterMapper.Unchanged(current, cluster) ? null : ClusterMapper.Merge(current, cluster));
            }
            foreach (var record in store.Clusters.List().Where(r => r.Region == region && !r.Gone && !r.IsReadOnly && !seen.Contains(r.Name)))
            {
                store.Clusters.Update(record.GetKey(), current =>
                {
                    if (current == null || current.Gone) return null;
                    current.Gone = true;
                    return current;
                });
            }
        }

        /// <summary>How stale a record's LastSeen may get before an unchanged record is rewritten anyway.</summary>
        public static readonly TimeSpan SeenRefresh = TimeSpan.FromMinutes(10);

        /// <summary>Clusters from the store only (no AWS call); gone ones are left out.</summary>
        public IReadOnlyList<Cluster> ListCached(IReadOnlyList<string> regions, string namePattern, ClusterState? status)
        {
            var store = _options.Store;
            if (store == null) return new Cluster[0];
            var matcher = Wildcard(namePattern);
            return store.Clusters.List()
                .Where(r => !r.Gone && (regions == null || regions.Count == 0 || regions.Contains(r.Region)) && matcher.IsMatch(r.Name ?? string.Empty))
                .Select(ClusterMapper.FromRecord)
                .Where(x => status == null || x.Status == status.Value)
                .ToList();
        }

        // ---------------------------------------------------------------- describe

        /// <summary>One cluster with head node, fleet status and failures; the store is updated.</summary>
        public async Task<Cluster> DescribeAsync(string name, string region, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            return await DescribeOnAsync(c, name, StoredVersion(c.Region, name), cancellationToken).ConfigureAwait(false);
        }

        private async Task<Cluster> DescribeOnAsync(Connection c, string name, string knownVersion, CancellationToken cancellationToken)
        {
            DescribeClusterResult d;
            try
            {
                d = await c.Api.DescribeClusterAsync(name, c.Region, cancellationToken).ConfigureAwait(false);
            }
            catch (ParallelClusterApiException ex)
            {
                if (ex.StatusCode == 404) MarkGone(c.Region, name);
                throw ClusterErrors.Translate(ex, "describe", name, c.Region, c.Endpoint.Version, knownVersion);
            }
            var cluster = ClusterMapper.FromDescribe(d, c.Region, c.ApiUri);
            cluster.Os = _options.Store?.Clusters.TryGet(ClusterRecord.KeyFor(c.Region, name))?.Os;
            Save(cluster);
            return cluster;
        }

        private string StoredVersion(string region, string name)
        {
            try { return _options.Store?.Clusters.TryGet(ClusterRecord.KeyFor(region, name))?.Version; }
            catch (PcHpcException) { return null; }
        }

        internal void Save(Cluster cluster)
        {
            _options.Store?.Clusters.Update(ClusterRecord.KeyFor(cluster.Region, cluster.Name), current => ClusterMapper.Merge(current, cluster));
        }

        internal void MarkGone(string region, string name)
        {
            _options.Store?.Clusters.Update(ClusterRecord.KeyFor(region, name), current =>
            {
                if (current == null || current.Gone) return null;
                current.Gone = true;
                return current;
            });
        }

        internal void Forget(string region, string name)
        {
            _options.Store?.Clusters.Remove(ClusterRecord.KeyFor(region, name));
        }

        /// <summary>A PowerShell-style wildcard (* ? [abc]) as a case-insensitive regex; null or empty matches all.</summary>
        public static Regex Wildcard(string pattern)
        {
            if (string.IsNullOrEmpty(pattern)) return new Regex(".*", RegexOptions.Singleline);
            var sb = new System.Text.StringBuilder("^");
            for (var i = 0; i < pattern.Length; i++)
            {
                var ch = pattern[i];
                if (ch == '*') sb.Append(".*");
                else if (ch == '?') sb.Append('.');
                else if (ch == '[')
                {
                    var end = pattern.IndexOf(']', i + 1);
                    if (end > i + 1) { sb.Append('[').Append(pattern.Substring(i + 1, end - i - 1).Replace("\\", "\\\\")).Append(']'); i = end; }
                    else sb.Append("\\[");
                }
                else if (ch == '`' && i + 1 < pattern.Length) { sb.Append(Regex.Escape(pattern[++i].ToString())); }
                else sb.Append(Regex.Escape(ch.ToString()));
            }
            return new Regex(sb.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }
    }
}
