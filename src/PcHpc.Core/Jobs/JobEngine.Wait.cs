using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Jobs
{
    public sealed partial class JobEngine
    {
        /// <summary>
        /// How long one call may wait on the head node (well under SSM's execution timeout): while nothing changes, a
        /// Wait costs one call per this bound.
        /// </summary>
        public TimeSpan RemoteWaitLimit { get; set; } = TimeSpan.FromMinutes(4);

        /// <summary>Below this much time left, Wait looks from here (clamped to the deadline) instead of waiting remotely.</summary>
        private static readonly TimeSpan MinRemoteWait = TimeSpan.FromSeconds(5);

        /// <summary>
        /// Waits until all jobs — or, with any, one of them — finished: each call waits on the head node (see
        /// <see cref="RemoteWaitLimit"/>) and returns early when finished jobs change, so progress is reported between calls.
        /// </summary>
        public async Task<JobQueryResult> WaitAsync(IList<string> ids, TimeSpan? timeout, bool any, IActivitySink sink, CancellationToken token)
        {
            sink = sink ?? NullActivitySink.Instance;
            var started = DateTime.UtcNow;
            var poll = 0;
            var failures = 0;
            while (true)
            {
                JobQueryResult result;
                var bound = RemoteWaitLimit;
                if (timeout.HasValue)
                {
                    var remaining = timeout.Value - (DateTime.UtcNow - started);
                    if (remaining < bound) bound = remaining;
                }
                // Near the deadline the client looks itself (one look now, one at the deadline): a head-node wait of a
                // second or two would only blur when the last look happens.
                var waitSeconds = bound >= MinRemoteWait ? (int)Math.Floor(bound.TotalSeconds) : 0;
                try
                {
                    if (poll == 0)
                    {
                        sink.Progress(new ProgressUpdate { Activity = "Waiting for SLURM jobs on " + _target, Status = "waiting on the head node", PercentComplete = 0 });
                    }
                    result = await QueryAsync(ids, token, waitSeconds, any).ConfigureAwait(false);
                    failures = 0;
                }
                catch (PcHpcException ex) when (IsPollFailure(ex) && ++failures < MaxSqueueFailures
                                                  && (!timeout.HasValue || DateTime.UtcNow - started < timeout.Value))
                {
                    // A busy slurmctld or a failed way to the head node: this poll learned nothing; the next one asks again.
                    sink.Verbose($"Poll {poll + 1} of the jobs on {_target}: {ex.Message}");
                    var wait = PollDelay(poll++);
                    if (timeout.HasValue)
                    {
                        var remaining = timeout.Value - (DateTime.UtcNow - started);
                        if (remaining < wait) wait = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
                    }
                    await Task.Delay(wait, token).ConfigureAwait(false);
                    continue;
                }
                var total = result.Jobs.Count + result.NotFound.Count;
                var done = result.Jobs.Count(j => j.IsFinished) + result.NotFound.Count;
                var allDone = done == total;
                var percent = total == 0 ? 100 : (int)(100.0 * done / total);
                sink.Verbose($"Poll {poll + 1} of the jobs on {_target}: {done} of {total} finished.");
                sink.Progress(new ProgressUpdate
                {
                    Activity = "Waiting for SLURM jobs on " + _target,
                    Status = $"{done} of {total} finished",
                    PercentComplete = percent,
                    Completed = allDone || (any && done > 0),
                });
                if (allDone || (any && done > 0)) return RecordSeen(result, ids);
                if (timeout.HasValue && DateTime.UtcNow - started >= timeout.Value)
                {
                    sink.Progress(new ProgressUpdate
                    {
                        Activity = "Waiting for SLURM jobs on " + _target,
                        Status = $"timed out: {done} of {total} finished",
                        PercentComplete = percent,
                        Completed = true,
                    });
                    throw new PcHpcException(ErrorKind.Timeout, "WaitTimedOut",
                        $"{total - done} of {total} job(s) on {_target} were still unfinished after {timeout.Value.TotalSeconds:0} s; wait longer with a larger -Timeout or check them with Get-HpcJob.")
                    { Target = result };
                }
                poll++;
                if (waitSeconds > 0) continue; // the head node waited already
                var delay = PollDelay(poll);
                if (timeout.HasValue)
                {
                    var left = timeout.Value - (DateTime.UtcNow - started);
                    if (left < delay) delay = left < TimeSpan.Zero ? TimeSpan.Zero : left;
                }
                await Task.Delay(delay, token).ConfigureAwait(false);
            }
        }
    }
}
