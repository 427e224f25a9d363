using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    /// <summary>Wait-HpcCluster and the waits after create, update and delete: polls with progress from stack events, diagnoses failures.</summary>
    internal sealed class ClusterWaiter : ClusterOperation
    {
        public ClusterWaiter(ClusterConnections connections, ClusterRecords records)
            : base(connections, records)
        {
        }

        /// <summary>
        /// Waits until the cluster leaves its *_IN_PROGRESS state, reporting progress from its stack events (resource
        /// counts and the latest event). Returns the cluster when it ends Ready (or, for a delete, gone: then its record
        /// leaves the store and null is returned); throws with the diagnosis when it fails.
        /// </summary>
        public async Task<Cluster> WaitAsync(string name, string region, TimeSpan? timeout, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await Connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            return await WaitOnAsync(c, name, timeout, sink, cancellationToken).ConfigureAwait(false);
        }

        public async Task<Cluster> WaitOnAsync(ApiConnection c, string name, TimeSpan? timeout, IActivitySink sink, CancellationToken cancellationToken, string knownStatus = null)
        {
            var started = Options.Now();
            var activityId = Math.Abs(StringComparer.Ordinal.GetHashCode(c.Region + "/" + name) % 10000) + 10;
            string activity = null;
            // A cluster being deleted may vanish before the first look: then it is done, not missing.
            string lastClusterStatus = knownStatus ?? Records.Status(c.Region, name);
            var operation = "wait for";
            var poll = 0;
            DateTimeOffset? failingSince = null;
            var failures = 0;
            try
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    DescribeClusterResult d;
                    try
                    {
                        d = await c.Api.DescribeClusterAsync(name, c.Region, cancellationToken).ConfigureAwait(false);
                        failingSince = null;
                        failures = 0;
                    }
                    catch (PcHpcException ex) when (ex.Transient)
                    {
                        // A failed look says nothing about the cluster: ask again until the deadline (or the budget).
                        failingSince = failingSince ?? Options.Now();
                        var now = Options.Now();
                        var spent = timeout != null ? now - started >= timeout.Value : now - failingSince.Value >= Options.RetryBudget;
                        if (spent)
                        {
                            if (activity != null) sink.Progress(new ProgressUpdate { ActivityId = activityId, Activity = activity, Status = "unknown", Completed = true });
                            throw new PcHpcException(ErrorKind.Timeout, "ClusterStatusUnknown",
                                $"The status of cluster '{name}' in {c.Region} could not be read (last: {ex.Message}); whatever was started goes on in AWS. Run Wait-HpcCluster -Name {name} -Region {c.Region} or Get-HpcCluster -Name {name} -Region {c.Region} later.", ex)
                            { Target = name };
                        }
                        sink.Verbose($"Reading the status of cluster '{name}' failed ({ex.Message}); asking again.");
                        var pause = Options.Backoff(failures++);
                        if (timeout != null)
                        {
                            var left = timeout.Value - (now - started);
                            if (left < pause) pause = left < TimeSpan.Zero ? TimeSpan.Zero : left;
                        }
                        await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    catch (ParallelClusterApiException ex) when (ex.StatusCode == 404 && lastClusterStatus != null && lastClusterStatus.StartsWith("DELETE", StringComparison.Ordinal))
                    {
                        Records.Forget(c.Region, name);
                        sink.Verbose($"Cluster '{name}' in {c.Region} is deleted.");
                        return null;
                    }
                    catch (ParallelClusterApiException ex)
                    {
                        throw ClusterErrors.Translate(ex, operation, name, c.Region, c.Endpoint.Version, Records.Version(c.Region, name));
                    }
                    lastClusterStatus = d.ClusterStatus;
                    var cluster = ClusterMapper.FromDescribe(d, c.Region, c.ApiUri);
                    if (d.ClusterStatus == "DELETE_COMPLETE")
                    {
                        Records.Forget(c.Region, name);
                        return null;
                    }
                    Records.Save(cluster);
                    activity = activity ?? ActivityText(d.ClusterStatus, name);
                    if (!ClusterStatusMap.InProgress(d.ClusterStatus))
                    {
                        sink.Progress(new ProgressUpdate { ActivityId = activityId, Activity = activity, Status = d.ClusterStatus, Completed = true });
                        if (cluster.Status == ClusterState.Failed)
                        {
                            throw await DiagnoseAsync(c, cluster, cancellationToken).ConfigureAwait(false);
                        }
                        return cluster;
                    }
                    await ReportProgressAsync(c, name, d, activityId, activity, sink, cancellationToken).ConfigureAwait(false);
                    if (timeout != null && Options.Now() - started >= timeout.Value)
                    {
                        sink.Progress(new ProgressUpdate { ActivityId = activityId, Activity = activity, Status = d.ClusterStatus, Completed = true });
                        throw new PcHpcException(ErrorKind.Timeout, "ClusterWaitTimedOut",
                            $"Cluster '{name}' in {c.Region} is still {d.ClusterStatus} after {Describe(timeout.Value)}; wait longer with Wait-HpcCluster -Name {name} -Region {c.Region}.")
                        { Target = name };
                    }
                    // Early looks come quickly (a delete or a failure may be over in seconds), later ones back off to
                    // PollInterval; the last one never overshoots the deadline: sleep at most until it, then look once more.
                    var delay = WaitBackoff(poll++, Options.PollInterval);
                    if (timeout != null)
                    {
                        var left = timeout.Value - (Options.Now() - started);
                        if (left < delay) delay = left < TimeSpan.Zero ? TimeSpan.Zero : left;
                    }
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                if (activity != null) sink.Progress(new ProgressUpdate { ActivityId = activityId, Activity = activity, Status = "Cancelled", Completed = true });
                throw;
            }
        }

        /// <summary>The pause before the next look: 2 s growing by half each time, capped at <paramref name="cap"/>.</summary>
        internal static TimeSpan WaitBackoff(int poll, TimeSpan cap)
        {
            var first = TimeSpan.FromSeconds(2) < cap ? TimeSpan.FromSeconds(2) : cap;
            var ms = first.TotalMilliseconds * Math.Pow(1.5, Math.Min(poll, 40));
            return ms >= cap.TotalMilliseconds ? cap : TimeSpan.FromMilliseconds(ms);
        }

        private static string Describe(TimeSpan span) =>
            span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} minutes" : $"{span.TotalSeconds:0.#} seconds";

        private static string ActivityText(string status, string name)
        {
            if (status == null) return $"Waiting for cluster {name}";
            if (status.StartsWith("CREATE", StringComparison.Ordinal)) return $"Creating cluster {name}";
            if (status.StartsWith("UPDATE", StringComparison.Ordinal)) return $"Updating cluster {name}";
            if (status.StartsWith("DELETE", StringComparison.Ordinal)) return $"Deleting cluster {name}";
            return $"Waiting for cluster {name}";
        }

        private async Task ReportProgressAsync(ApiConnection c, string name, DescribeClusterResult d, int activityId, string activity, IActivitySink sink, CancellationToken cancellationToken)
        {
            IReadOnlyList<StackEvent> events;
            try
            {
                events = await c.Api.GetClusterStackEventsAsync(name, c.Region, cancellationToken).ConfigureAwait(false);
            }
            catch (PcHpcException ex) when (ex is ParallelClusterApiException || ex.Transient)
            {
                events = new StackEvent[0];
            }
            var progress = StackProgress.From(events, d.ClusterName ?? name);
            sink.Progress(new ProgressUpdate
            {
                ActivityId = activityId,
                Activity = activity,
                Status = progress.Total == 0 ? d.ClusterStatus : $"{d.ClusterStatus}: {progress.Done} of {progress.Total} resources done",
                CurrentOperation = progress.Latest,
                PercentComplete = progress.Percent,
            });
        }

        /// <summary>
        /// The failure error of a cluster: its failures[], the first failing stack event with its reason, and which log
        /// stream to read next.
        /// </summary>
        private async Task<PcHpcException> DiagnoseAsync(ApiConnection c, Cluster cluster, CancellationToken cancellationToken)
        {
            IReadOnlyList<StackEvent> events = new StackEvent[0];
            try { events = await c.Api.GetClusterStackEventsAsync(cluster.Name, c.Region, cancellationToken).ConfigureAwait(false); }
            catch (PcHpcException ex) when (ex is ParallelClusterApiException || ex.Transient) { }
            IReadOnlyList<LogStream> streams = new LogStream[0];
            try { streams = await c.Api.ListClusterLogStreamsAsync(cluster.Name, c.Region, null, cancellationToken).ConfigureAwait(false); }
            catch (PcHpcException ex) when (ex is ParallelClusterApiException || ex.Transient) { }
            var scripts = Records.Get(cluster.Region, cluster.Name)?.BootstrapScripts;
            var diagnosis = ClusterDiagnosis.Build(cluster, events, streams, scripts);
            if (diagnosis.FailedAction != null && diagnosis.LogStream != null)
            {
                // A failed custom action: the end of the node's log usually says why, so it goes into the error.
                try
                {
                    var page = await c.Api.GetClusterLogEventsAsync(new GetClusterLogEventsRequest
                    {
                        ClusterName = cluster.Name, Region = c.Region, LogStreamName = diagnosis.LogStream, StartFromHead = false, Limit = ClusterDiagnosis.LogTailLines,
                    }, cancellationToken).ConfigureAwait(false);
                    diagnosis.AddLogTail(page.Events.Select(e => e.Message));
                }
                catch (ParallelClusterApiException) { }
            }
            return new ClusterFailedException(diagnosis) { Target = cluster.Name };
        }
    }
}
