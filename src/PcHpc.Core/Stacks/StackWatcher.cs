using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Stacks
{
    /// <summary>One wait on a CloudFormation stack: what to watch, how to show it, and the caller's own errors.</summary>
    public sealed class StackWatch
    {
        /// <summary>Stack id (preferred: it still answers after DELETE_COMPLETE) or name.</summary>
        public string Stack { get; set; }
        /// <summary>The progress activity, e.g. "Creating network 'hpc'".</summary>
        public string Activity { get; set; }
        /// <summary>The resource status that counts as done (CREATE_COMPLETE, DELETE_COMPLETE).</summary>
        public string DoneStatus { get; set; }
        /// <summary>The word in "3 of 9 resources created".</summary>
        public string Verb { get; set; } = "done";
        /// <summary>Resources expected (0 when unknown: the events seen so far are the total).</summary>
        public int TotalResources { get; set; }
        /// <summary>The error when the stack is still in progress at the deadline (gets the stack and the timeout).</summary>
        public Func<StackDescription, TimeSpan, PcHpcException> TimedOut { get; set; }
        /// <summary>The error when DescribeStacks answers with no stack.</summary>
        public Func<PcHpcException> Gone { get; set; }
        /// <summary>What the user runs to learn the outcome later, e.g. "Get-HpcVpc -Region us-east-1" (for the unknown-status error).</summary>
        public string CheckLater { get; set; }
    }

    /// <summary>
    /// Follows a CloudFormation stack until it leaves *_IN_PROGRESS: progress (and verbose lines) from the stack events,
    /// failed DescribeStacks calls ridden out, a deadline. Used by the network engine and the API installer.
    /// </summary>
    public sealed class StackWatcher
    {
        private readonly ICloudFormation _cfn;
        private readonly IActivitySink _sink;
        private readonly Func<DateTimeOffset> _now;

        public StackWatcher(ICloudFormation cloudFormation, IActivitySink sink, Func<DateTimeOffset> now = null)
        {
            _cfn = cloudFormation ?? throw new ArgumentNullException(nameof(cloudFormation));
            _sink = sink ?? NullActivitySink.Instance;
            _now = now ?? (() => DateTimeOffset.UtcNow);
        }

        /// <summary>Time between two DescribeStacks calls (zero: no wait, as tests use).</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Gives up waiting after this long.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(45);

        /// <summary>How long DescribeStacks may fail in a row (transient errors) before the status is called unknown.</summary>
        public TimeSpan RetryBudget { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>
        /// Polls until the stack's status no longer ends in _IN_PROGRESS and returns the stack as last seen (complete or
        /// failed: the caller decides). Throws the watch's Gone/TimedOut errors, or StackStatusUnknown after the retry budget.
        /// </summary>
        public async Task<StackDescription> WatchAsync(StackWatch watch, CancellationToken cancellationToken)
        {
            if (watch == null) throw new ArgumentNullException(nameof(watch));
            var started = _now();
            DateTimeOffset? failingSince = null;
            int failures = 0;
            string last = "Done";
            try
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    StackDescription stack;
                    IReadOnlyList<StackEvent> events;
                    try
                    {
                        stack = (await _cfn.DescribeStacksAsync(watch.Stack, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                        events = stack == null ? null : await _cfn.DescribeStackEventsAsync(watch.Stack, cancellationToken).ConfigureAwait(false);
                        failingSince = null;
                        failures = 0;
                    }
                    catch (PcHpcException ex) when (ex.Transient)
                    {
                        // A failed look says nothing about the stack, which goes on: ask again within the budget.
                        var now = _now();
                        failingSince = failingSince ?? now;
                        if (now - failingSince.Value >= RetryBudget || now - started > Timeout) throw Unknown(watch, ex, now - failingSince.Value);
                        _sink.Verbose("Reading stack " + watch.Stack + " failed (" + ex.Message + "); asking again.");
                        await Task.Delay(Backoff(failures++), cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    if (stack == null)
                        throw watch.Gone?.Invoke() ?? new PcHpcException(ErrorKind.NotFound, "StackGone", "The stack '" + watch.Stack + "' no longer exists.") { Target = watch.Stack };
                    last = Report(watch, stack, events);
                    if (stack.StackStatus == null || !stack.StackStatus.EndsWith("_IN_PROGRESS", StringComparison.Ordinal)) return stack;
                    if (_now() - started > Timeout)
                        throw watch.TimedOut?.Invoke(stack, Timeout) ?? new PcHpcException(ErrorKind.Timeout, "StackWaitTimeout",
                            "Gave up waiting for '" + stack.StackName + "' after " + (int)Timeout.TotalMinutes + " minutes (still " + stack.StackStatus + ").") { Target = stack.StackName };
                    if (PollInterval > TimeSpan.Zero) await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                    else await Task.Yield();
                }
            }
            finally
            {
                _sink.Progress(new ProgressUpdate { Activity = watch.Activity, Status = last, Completed = true });
            }
        }

        /// <summary>The first real resource failure of a stack (see <see cref="FirstFailure"/>); null when there is none or the stack is gone.</summary>
        public async Task<StackEvent> FirstFailureAsync(string stack, CancellationToken cancellationToken)
        {
            try
            {
                return FirstFailure(await _cfn.DescribeStackEventsAsync(stack, cancellationToken).ConfigureAwait(false));
            }
            catch (PcHpcException ex) when (ex.Kind == ErrorKind.NotFound)
            {
                return null;
            }
        }

        /// <summary>
        /// The oldest resource event in a *_FAILED status, skipping "cancelled" knock-on failures (and failures without a
        /// reason) when a real one exists. Stack-level events are not resources.
        /// </summary>
        public static StackEvent FirstFailure(IEnumerable<StackEvent> events)
        {
            var failures = (events ?? Enumerable.Empty<StackEvent>())
                .Where(e => e.ResourceStatus != null && e.ResourceStatus.EndsWith("_FAILED", StringComparison.Ordinal) && !IsStackEvent(e))
                .OrderBy(e => e.Timestamp).ToList();
            return failures.FirstOrDefault(e => !string.IsNullOrEmpty(e.ResourceStatusReason)
                                                && e.ResourceStatusReason.IndexOf("cancelled", StringComparison.OrdinalIgnoreCase) < 0)
                ?? failures.FirstOrDefault();
        }

        /// <summary>True for the stack's own events (not a resource's, nested stacks included when the stack name is known).</summary>
        public static bool IsStackEvent(StackEvent e) =>
            e.StackName != null ? e.LogicalResourceId == e.StackName : e.ResourceType == "AWS::CloudFormation::Stack";

        private TimeSpan Backoff(int failures)
        {
            // Failed looks back off from the poll interval (at least 10 ms) up to 8 times it.
            var baseMs = Math.Max(10, PollInterval.TotalMilliseconds);
            return TimeSpan.FromMilliseconds(baseMs * Math.Pow(2, Math.Min(failures, 3)));
        }

        private PcHpcException Unknown(StackWatch watch, PcHpcException cause, TimeSpan failingFor) =>
            new PcHpcException(ErrorKind.Timeout, "StackStatusUnknown",
                "The status of stack '" + watch.Stack + "' is unknown: reading it failed for " + (int)Math.Ceiling(failingFor.TotalSeconds) + " s in a row ("
                + cause.Message + "). The stack operation was started and goes on without us"
                + (string.IsNullOrEmpty(watch.CheckLater) ? "." : "; check it later with " + watch.CheckLater + "."), cause) { Target = watch.Stack };

        private string Report(StackWatch watch, StackDescription stack, IReadOnlyList<StackEvent> events)
        {
            // Events come newest first: the latest status of each resource is its first event.
            var latest = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var e in events)
            {
                if (IsStackEvent(e) || e.LogicalResourceId == null || latest.ContainsKey(e.LogicalResourceId)) continue;
                latest[e.LogicalResourceId] = e.ResourceStatus;
            }
            int done = latest.Values.Count(s => s == watch.DoneStatus || (watch.DoneStatus == "DELETE_COMPLETE" && s == "DELETE_SKIPPED"));
            int total = Math.Max(watch.TotalResources, latest.Count);
            var newest = events.FirstOrDefault();
            var update = new ProgressUpdate
            {
                Activity = watch.Activity,
                Status = (total > 0 ? done + " of " + total + " resources " + watch.Verb : "Waiting") + " (" + stack.StackStatus + ")",
                PercentComplete = total > 0 ? Math.Min(100, done * 100 / total) : -1,
                CurrentOperation = newest == null ? null
                    : newest.LogicalResourceId + " (" + newest.ResourceType + "): " + newest.ResourceStatus
                      + (string.IsNullOrEmpty(newest.ResourceStatusReason) ? string.Empty : " - " + newest.ResourceStatusReason),
            };
            _sink.Progress(update);
            _sink.Verbose(update.Status + (update.CurrentOperation == null ? string.Empty : "; latest: " + update.CurrentOperation));
            return update.Status;
        }
    }
}
