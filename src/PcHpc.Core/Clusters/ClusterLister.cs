using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
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

    /// <summary>Get-HpcCluster: every region in parallel, all pages, reconciled with the store; describes with -Detailed.</summary>
    internal sealed class ClusterLister : ClusterOperation
    {
        public ClusterLister(ClusterConnections connections, ClusterRecords records)
            : base(connections, records)
        {
        }

        /// <summary>
        /// Lists clusters live in every region (in parallel, all pages), merges them into the store and marks records the
        /// API no longer knows as gone. Name is a wildcard pattern (null: all). Detailed adds a describe call per cluster.
        /// </summary>
        public async Task<ClusterListResult> ListAsync(IReadOnlyList<string> regions, string namePattern, ClusterState? status, bool detailed,
            IActivitySink sink, CancellationToken cancellationToken)
        {
            var targets = regions == null || regions.Count == 0 ? new string[] { null } : regions.Distinct(StringComparer.Ordinal).ToArray();
            var matcher = NamePattern.ToRegex(namePattern);
            var result = new ClusterListResult();
            var perRegion = new List<Cluster>[targets.Length];
            var failures = new RegionFailure[targets.Length];
            using (var gate = new SemaphoreSlim(Math.Max(1, Options.MaxParallel)))
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
            var c = await Connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
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
            Records.Reconcile(c.Region, live);
            var selected = live.Where(x => matcher.IsMatch(x.Name) && (status == null || x.Status == status.Value)).ToList();
            if (detailed)
            {
                var detailedList = new Cluster[selected.Count];
                using (var gate = new SemaphoreSlim(Math.Max(1, Options.MaxParallel)))
                {
                    await Task.WhenAll(selected.Select(async (s, i) =>
                    {
                        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                        try
                        {
                            detailedList[i] = await DescribeAsync(c, s.Name, s.Version, cancellationToken).ConfigureAwait(false);
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
            return selected.Select(s => ClusterMapper.Enrich(s, Records.Get(s.Region, s.Name))).ToList();
        }

        /// <summary>One cluster with head node, fleet status and failures; the store is updated.</summary>
        private async Task<Cluster> DescribeAsync(ApiConnection c, string name, string knownVersion, CancellationToken cancellationToken)
        {
            DescribeClusterResult d;
            try
            {
                d = await c.Api.DescribeClusterAsync(name, c.Region, cancellationToken).ConfigureAwait(false);
            }
            catch (ParallelClusterApiException ex)
            {
                if (ex.StatusCode == 404) Records.MarkGone(c.Region, name);
                throw ClusterErrors.Translate(ex, "describe", name, c.Region, c.Endpoint.Version, knownVersion);
            }
            var cluster = ClusterMapper.FromDescribe(d, c.Region, c.ApiUri);
            cluster.Os = Records.Get(c.Region, name)?.Os;
            Records.Save(cluster);
            return cluster;
        }
    }
}
