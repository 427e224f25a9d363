using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Connection;
using PcHpc.Core.Identity;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    public sealed partial class ClusterEngine
    {
        /// <summary>
        /// Waits until the cluster leaves its *_IN_PROGRESS state, reporting progress from its stack events (resource
        /// counts and the latest event). Returns the cluster when it ends Ready (or, for a delete, gone: then its record
        /// leaves the store and null is returned); throws with the diagnosis when it fails.
        /// </summary>
        public async Task<Cluster> WaitAsync(string name, string region, TimeSpan? timeout, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            return await WaitOnAsync(c, name, timeout, sink, cancellationToken).ConfigureAwait(false);
        }

        private async Task<Cluster> WaitOnAsync(Connection c, string name, TimeSpan? timeout, IActivitySink sink, CancellationToken cancellationToken, string knownStatus = null)
        {
            var started = _options.Now();
            var activityId = Math.Abs(StringComparer.Ordinal.GetHashCode(c.Region + "/" + name) % 10000) + 10;
            string activity = null;
            // A cluster being deleted may vanish before the first look: then it is done, not missing.
            string lastClusterStatus = knownStatus ?? StoredStatus(c.Region, name);
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
                        failingSince = failingSince ?? _options.Now();
                        var now = _options.Now();
                        var spent = timeout != null ? now - started >= timeout.Value : now - failingSince.Value >= _options.RetryBudget;
                        if (spent)
                        {
                            if (activity != null) sink.Progress(new ProgressUpdate { ActivityId = activityId, Activity = activity, Status = "unknown", Completed = true });
                            throw new PcHpcException(ErrorKind.Timeout, "ClusterStatusUnknown",
                                $"The status of cluster '{name}' in {c.Region} could not be read (last: {ex.Message}); whatever was started goes on in AWS. Run Wait-HpcCluster -Name {name} -Region {c.Region} or Get-HpcCluster -Name {name} -Region {c.Region} later.", ex)
                            { Target = name };
                        }
                        sink.Verbose($"Reading the status of cluster '{name}' failed ({ex.Message}); asking again.");
                        var pause = Backoff(failures++);
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
                        Forget(c.Region, name);
                        sink.Verbose($"Cluster '{name}' in {c.Region} is deleted.");
                        return null;
                    }
                    catch (ParallelClusterApiException ex)
                    {
                        throw ClusterErrors.Translate(ex, operation, name, c.Region, c.Endpoint.Version, StoredVersion(c.Region, name));
                    }
                    lastClusterStatus = d.ClusterStatus;
                    var cluster = ClusterMapper.FromDescribe(d, c.Region, c.ApiUri);
                    if (d.ClusterStatus == "DELETE_COMPLETE")
                    {
                        Forget(c.Region, name);
                        return null;
                    }
                    Save(cluster);
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
                    if (timeout != null && _options.Now() - started >= timeout.Value)
                    {
                        sink.Progress(new ProgressUpdate { ActivityId = activityId, Activity = activity, Status = d.ClusterStatus, Completed = true });
                        throw new PcHpcException(ErrorKind.Timeout, "ClusterWaitTimedOut",
                            $"Cluster '{name}' in {c.Region} is still {d.ClusterStatus} after {Describe(timeout.Value)}; wait longer with Wait-HpcCluster -Name {name} -Region {c.Region}.")
                        { Target = name };
                    }
                    // Early looks come quickly (a delete or a failure may be over in seconds), later ones back off to
                    // PollInterval; the last one never overshoots the deadline: sleep at most until it, then look once more.
                    var delay = WaitBackoff(poll++, _options.PollInterval);
                    if (timeout != null)
                    {
                        var left = timeout.Value - (_options.Now() - started);
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

        private string StoredStatus(string region, string name)
        {
            try { return _options.Store?.Clusters.TryGet(PcHpc.Core.State.Records.ClusterRecord.KeyFor(region, name))?.ClusterStatus; }
            catch (PcHpcException) { return null; }
        }

        private static string ActivityText(string status, string name)
        {
            if (status == null) return $"Waiting for cluster {name}";
            if (status.StartsWith("CREATE", StringComparison.Ordinal)) return $"Creating cluster {name}";
            if (status.StartsWith("UPDATE", StringComparison.Ordinal)) return $"Updating cluster {name}";
            if (status.StartsWith("DELETE", StringComparison.Ordinal)) return $"Deleting cluster {name}";
            return $"Waiting for cluster {name}";
        }

        private async Task ReportProgressAsync(Connection c, string name, DescribeClusterResult d, int activityId, string activity, IActivitySink sink, CancellationToken cancellationToken)
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
        private async Task<PcHpcException> DiagnoseAsync(Connection c, Cluster cluster, CancellationToken cancellationToken)
        {
            IReadOnlyList<StackEvent> events = new StackEvent[0];
            try { events = await c.Api.GetClusterStackEventsAsync(cluster.Name, c.Region, cancellationToken).ConfigureAwait(false); }
            catch (PcHpcException ex) when (ex is ParallelClusterApiException || ex.Transient) { }
            IReadOnlyList<LogStream> streams = new LogStream[0];
            try { streams = await c.Api.ListClusterLogStreamsAsync(cluster.Name, c.Region, null, cancellationToken).ConfigureAwait(false); }
            catch (PcHpcException ex) when (ex is ParallelClusterApiException || ex.Transient) { }
            var scripts = _options.Store?.Clusters.TryGet(State.Records.ClusterRecord.KeyFor(cluster.Region, cluster.Name))?.BootstrapScripts;
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

    /// <summary>Resource counts and the latest event of a stack, newest-first events in.</summary>
    public sealed class StackProgress
    {
        public int Done { get; private set; }
        public int Total { get; private set; }
        public string Latest { get; private set; }
        public int Percent => Total == 0 ? -1 : Math.Min(99, Done * 100 / Total);

        public static StackProgress From(IEnumerable<StackEvent> newestFirst, string stackName)
        {
            var latestByResource = new Dictionary<string, string>(StringComparer.Ordinal);
            StackEvent latest = null;
            foreach (var e in (newestFirst ?? Enumerable.Empty<StackEvent>()).OrderByDescending(e => e.Timestamp))
            {
                if (latest == null) latest = e;
                if (e.LogicalResourceId == null || e.ResourceType == "AWS::CloudFormation::Stack" && e.LogicalResourceId == stackName) continue;
                if (!latestByResource.ContainsKey(e.LogicalResourceId)) latestByResource[e.LogicalResourceId] = e.ResourceStatus ?? string.Empty;
            }
            return new StackProgress
            {
                Total = latestByResource.Count,
                Done = latestByResource.Values.Count(s => s.EndsWith("_COMPLETE", StringComparison.Ordinal)),
                Latest = latest == null ? null : $"{latest.LogicalResourceId} {latest.ResourceStatus}{(string.IsNullOrEmpty(latest.ResourceStatusReason) ? string.Empty : ": " + latest.ResourceStatusReason)}",
            };
        }
    }

    /// <summary>Why a cluster failed, assembled for the error message.</summary>
    public sealed class ClusterDiagnosis
    {
        public Cluster Cluster { get; set; }
        public ClusterFailureInfo[] Failures { get; set; } = new ClusterFailureInfo[0];
        /// <summary>The first (oldest) failing stack event with a reason.</summary>
        public ClusterEvent FirstFailure { get; set; }
        /// <summary>The log stream to read next (null when none is known).</summary>
        public string LogStream { get; set; }
        public string Message { get; set; }
        public const int LogTailLines = 20;

        /// <summary>OnNodeStart, OnNodeConfigured or OnNodeUpdated when the failure names a custom action.</summary>
        public string FailedAction { get; private set; }

        /// <summary>Appends the last lines of <see cref="LogStream"/> to the message.</summary>
        public void AddLogTail(IEnumerable<string> lines)
        {
            var tail = (lines ?? Enumerable.Empty<string>()).Where(l => l != null).Select(l => l.TrimEnd()).ToList();
            if (tail.Count == 0) return;
            Message += Environment.NewLine + $"Last {tail.Count} line(s) of {LogStream}:" + string.Concat(tail.Select(l => Environment.NewLine + "  " + l));
        }

        /// <summary>The scripts of the custom action that failed (when the failure names one and the state store knows them).</summary>
        public string[] FailedScripts { get; set; } = new string[0];

        private static readonly string[] Cancellations = { "Resource creation cancelled", "Resource update cancelled", "Resource creation Initiated" };

        /// <param name="bootstrapScripts">The config's custom-action scripts as "ConfigPath=Script" (from the state store), to name a failed one.</param>
        public static ClusterDiagnosis Build(Cluster cluster, IEnumerable<StackEvent> events, IEnumerable<LogStream> streams, IEnumerable<string> bootstrapScripts = null)
        {
            var d = new ClusterDiagnosis { Cluster = cluster, Failures = cluster.Failures ?? new ClusterFailureInfo[0] };
            var first = (events ?? Enumerable.Empty<StackEvent>())
                .Where(e => e.ResourceStatus != null && e.ResourceStatus.EndsWith("_FAILED", StringComparison.Ordinal) && !string.IsNullOrEmpty(e.ResourceStatusReason)
                            && !Cancellations.Any(x => e.ResourceStatusReason.StartsWith(x, StringComparison.Ordinal)))
                .OrderBy(e => e.Timestamp)
                .FirstOrDefault();
            if (first != null) d.FirstFailure = ClusterEngine.ToEvent(first, cluster.Name, cluster.Region);
            d.LogStream = PickLogStream(d.Failures, (streams ?? Enumerable.Empty<LogStream>()).Select(s => s.LogStreamName).Where(s => s != null).ToList());

            var sb = new StringBuilder();
            sb.Append($"Cluster '{cluster.Name}' in {cluster.Region} is {cluster.ClusterStatus}");
            if (d.Failures.Length > 0) sb.Append(": ").Append(string.Join("; ", d.Failures.Select(f => f.FailureCode + " (" + f.FailureReason + ")")));
            sb.Append('.');
            if (d.FirstFailure != null)
            {
                sb.Append($" First failing resource: {d.FirstFailure.LogicalResourceId} ({d.FirstFailure.ResourceType}) {d.FirstFailure.ResourceStatus}: {d.FirstFailure.ResourceStatusReason}.");
            }
            var action = d.FailedAction = FailedActionOf(d.Failures);
            if (action != null)
            {
                var named = (bootstrapScripts ?? Enumerable.Empty<string>()).Where(x => x.IndexOf("." + action + ".", StringComparison.Ordinal) > 0).ToList();
                var head = named.Where(x => x.StartsWith("HeadNode.", StringComparison.Ordinal)).ToList();
                d.FailedScripts = (head.Count > 0 ? head : named).Select(x => x.Substring(x.IndexOf('=') + 1)).ToArray();
                sb.Append($" The {action} bootstrap script failed" + (d.FailedScripts.Length > 0 ? ": " + string.Join(", ", d.FailedScripts) : string.Empty)
                    + "; its output is at the end of the node's cfn-init log stream (a PcHpc software stack also logs to /var/log/pchpc/software-NAME.log).");
            }
            sb.Append(d.LogStream != null
                ? $" Read next: Get-HpcClusterLog -Name {cluster.Name} -Region {cluster.Region} -LogStream {d.LogStream} -Tail 100."
                : $" Read next: Get-HpcClusterEvent -Name {cluster.Name} -Region {cluster.Region}, and Get-HpcClusterLog -Name {cluster.Name} -Region {cluster.Region} for the log streams.");
            d.Message = sb.ToString();
            return d;
        }

        /// <summary>OnNodeStart / OnNodeConfigured / OnNodeUpdated when a failure code or reason names it (OnNodeConfiguredExecutionFailure, ...).</summary>
        private static string FailedActionOf(ClusterFailureInfo[] failures)
        {
            var text = string.Join(" ", failures.Select(f => f.FailureCode + " " + f.FailureReason));
            return new[] { "OnNodeStart", "OnNodeConfigured", "OnNodeUpdated" }.FirstOrDefault(a => text.IndexOf(a, StringComparison.OrdinalIgnoreCase) >= 0);
        }

        /// <summary>Head-node bootstrap failures are explained in cfn-init / chef-client; compute ones in clustermgtd / slurm_resume.</summary>
        private static string PickLogStream(ClusterFailureInfo[] failures, IList<string> streams)
        {
            var codes = string.Join(" ", failures.Select(f => f.FailureCode + " " + f.FailureReason));
            string[] order;
            if (codes.IndexOf("Compute", StringComparison.OrdinalIgnoreCase) >= 0 || codes.IndexOf("Slurm", StringComparison.OrdinalIgnoreCase) >= 0)
                order = new[] { ".clustermgtd", ".slurm_resume", ".slurmctld", ".cfn-init", ".chef-client" };
            else
                order = new[] { ".cfn-init", ".chef-client", ".cloud-init-output", ".cloud-init", ".clustermgtd" };
            foreach (var suffix in order)
            {
                var s = streams.FirstOrDefault(x => x.EndsWith(suffix, StringComparison.Ordinal));
                if (s != null) return s;
            }
            return streams.FirstOrDefault();
        }
    }

    /// <summary>A cluster ended failed; carries the diagnosis.</summary>
    public sealed class ClusterFailedException : PcHpcException
    {
        public ClusterFailedException(ClusterDiagnosis diagnosis)
            : base(ErrorKind.InvalidState, "ClusterFailed", diagnosis.Message)
        {
            Diagnosis = diagnosis;
        }

        public ClusterDiagnosis Diagnosis { get; }
    }

    /// <summary>Renders a change set for -WhatIf and verbose output.</summary>
    public static class ChangeSetRenderer
    {
        public static string Render(IEnumerable<ClusterChange> changes)
        {
            var list = (changes ?? Enumerable.Empty<ClusterChange>()).ToList();
            if (list.Count == 0) return "no changes";
            var width = list.Max(c => (c.Parameter ?? string.Empty).Length);
            var sb = new StringBuilder();
            foreach (var c in list)
            {
                if (sb.Length > 0) sb.Append(Environment.NewLine);
                sb.Append((c.Parameter ?? string.Empty).PadRight(width)).Append("  ").Append(c.CurrentValue ?? "-").Append(" -> ").Append(c.RequestedValue ?? "-");
                if (!string.IsNullOrEmpty(c.Problem)) sb.Append("  (").Append(c.Problem).Append(')');
            }
            return sb.ToString();
        }

        /// <summary>A one-line summary: "2 settings (A, B)".</summary>
        public static string Summary(IEnumerable<ClusterChange> changes)
        {
            var names = (changes ?? Enumerable.Empty<ClusterChange>()).Select(c => c.Parameter).Where(p => p != null).ToList();
            if (names.Count == 0) return "nothing";
            return $"{names.Count} setting{(names.Count == 1 ? string.Empty : "s")} ({string.Join(", ", names.Take(5))}{(names.Count > 5 ? ", ..." : string.Empty)})";
        }
    }
}
