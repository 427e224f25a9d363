using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Core.Jobs
{
    /// <summary>
    /// Keeps the state store's job records (store.Jobs) in step with what the job cmdlets learn about cluster jobs:
    /// every submitted job is recorded; states and exit codes seen later update the records that exist (jobs PcHpc did
    /// not submit are not added by a query). A store failure is a warning, never a failed command.
    /// </summary>
    public sealed class JobRecorder
    {
        private readonly StateStore _store;
        private readonly IActivitySink _sink;

        public JobRecorder(StateStore store, IActivitySink sink = null)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            _sink = sink ?? NullActivitySink.Instance;
        }

        public static JobRecord ToRecord(Job job, JobRecord into = null)
        {
            var r = into ?? new JobRecord();
            SplitId(job, out var jobId, out var task);
            r.ClusterName = job.ClusterName;
            r.Region = job.Region;
            r.JobId = jobId;
            r.ArrayTaskId = task;
            r.Name = job.Name ?? r.Name;
            r.State = StateText(job.State);
            if (job.ExitCode.HasValue) r.ExitCode = job.ExitCode.Value.ToString(CultureInfo.InvariantCulture) + ":0";
            r.Partition = job.Queue ?? r.Partition;
            r.User = job.User ?? r.User;
            r.OutputPath = job.OutputPath ?? r.OutputPath;
            r.ErrorPath = job.ErrorPath ?? r.ErrorPath;
            if (job.SubmitTime.HasValue) r.SubmitTime = r.SubmitTime ?? new DateTimeOffset(job.SubmitTime.Value);
            if (job.StartTime.HasValue) r.StartTime = new DateTimeOffset(job.StartTime.Value);
            if (job.EndTime.HasValue) r.EndTime = new DateTimeOffset(job.EndTime.Value);
            r.LastSeen = DateTimeOffset.UtcNow;
            return r;
        }

        private static void SplitId(Job job, out string jobId, out int? task)
        {
            jobId = job.Id;
            task = job.ArrayTaskId;
            var us = (job.Id ?? string.Empty).IndexOf('_');
            if (us > 0)
            {
                jobId = job.Id.Substring(0, us);
                if (!task.HasValue && int.TryParse(job.Id.Substring(us + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var t)) task = t;
            }
        }

        /// <summary>SLURM's spelling (PENDING, RUNNING, COMPLETED, ...).</summary>
        public static string StateText(JobState state)
        {
            if (state == JobState.TimedOut) return "TIMEOUT";
            var s = state.ToString();
            var sb = new System.Text.StringBuilder(s.Length + 4);
            for (var i = 0; i < s.Length; i++)
            {
                if (i > 0 && char.IsUpper(s[i])) sb.Append('_');
                sb.Append(char.ToUpperInvariant(s[i]));
            }
            return sb.ToString();
        }

        /// <summary>Finished records older than this are pruned (PCHPC_JOB_RETENTION_DAYS, default 30; 0 keeps them all).</summary>
        public TimeSpan Retention { get; set; } = RetentionFrom(Environment.GetEnvironmentVariable);

        /// <summary>The clock (tests move it).</summary>
        public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

        public const string RetentionVariable = "PCHPC_JOB_RETENTION_DAYS";

        public static TimeSpan RetentionFrom(Func<string, string> env)
        {
            var text = env?.Invoke(RetentionVariable);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && days >= 0 && days < 36500
                ? TimeSpan.FromDays(days)
                : TimeSpan.FromDays(30);
        }

        /// <summary>Records newly submitted jobs (with the SSM command id that submitted them, when known).</summary>
        public void Submitted(IEnumerable<Job> jobs, string commandId)
        {
            var stored = new List<JobRecord>();
            foreach (var job in jobs)
            {
                if (job == null || job.Local || string.IsNullOrEmpty(job.ClusterName) || string.IsNullOrEmpty(job.Region)) continue;
                Safe(() =>
                {
                    var record = ToRecord(job);
                    record.SubmitCommandId = commandId;
                    stored.Add(_store.Jobs.Update(record.GetKey(), current => ToRecord(job, current ?? record)));
                });
            }
            Safe(() => new JobRecordIndex(_store).Apply(stored));
            Safe(() => PruneDaily());
        }

        /// <summary>Records a submission whose outcome is unknown (Get-HpcJob resolves it later).</summary>
        public void SubmissionUnknown(JobTarget target, SsmOutcomeUnknownException unknown, IEnumerable<JobSpec> batch)
        {
            if (target == null || target.Local || string.IsNullOrEmpty(target.ClusterName) || string.IsNullOrEmpty(target.Region)) return;
            var record = new SubmissionRecord
            {
                ClusterName = target.ClusterName, Region = target.Region, CommandId = unknown.CommandId, RequestId = unknown.RequestId,
                InstanceId = unknown.InstanceId, RunAsUser = target.RunAsUser, SentTime = DateTimeOffset.UtcNow,
            };
            foreach (var spec in batch)
            {
                record.JobNames.Add(spec.Name);
                record.Queues.Add(spec.Queue);
                record.Arrays.Add(spec.IsArray);
            }
            Safe(() => _store.Collection<SubmissionRecord>(SubmissionRecord.CollectionName).Put(record));
        }

        /// <summary>Submissions to the target whose outcome is still unknown.</summary>
        public IReadOnlyList<SubmissionRecord> PendingSubmissions(JobTarget target)
        {
            IReadOnlyList<SubmissionRecord> list = new SubmissionRecord[0];
            if (target == null || target.Local) return list;
            Safe(() => list = _store.Collection<SubmissionRecord>(SubmissionRecord.CollectionName).List()
                .Where(r => r.ClusterName == target.ClusterName && r.Region == target.Region && !r.IsReadOnly).ToList());
            return list;
        }

        /// <summary>The submission's outcome is known now: its jobs are recorded (when any) and the submission record goes.</summary>
        public void SubmissionResolved(SubmissionRecord record, IEnumerable<Job> jobs, string commandId)
        {
            Submitted(jobs, commandId);
            Safe(() => _store.Collection<SubmissionRecord>(SubmissionRecord.CollectionName).Remove(record.GetKey()));
        }

        public void Warning(string text) => _sink.Warning(text);

        public void Verbose(string text) => _sink.Verbose(text);

        /// <summary>
        /// Updates the records of jobs PcHpc knows, each looked up by its key (no listing). Array tasks have no records
        /// of their own: when the whole array was asked for (<paramref name="asked"/>), its record takes the tasks' summary.
        /// </summary>
        public void Seen(IEnumerable<Job> jobs, ICollection<string> asked = null)
        {
            var list = jobs.Where(j => j != null && !j.Local && !string.IsNullOrEmpty(j.ClusterName) && !string.IsNullOrEmpty(j.Region)).ToList();
            if (list.Count == 0) return;
            var changed = new List<JobRecord>();
            foreach (var job in list.Where(j => j.ArrayTaskId == null && j.Id.IndexOf('_') < 0))
            {
                Safe(() => UpdateIfKnown(ToRecord(job).GetKey(), job, changed));
            }
            if (asked != null)
            {
                foreach (var array in list.Where(j => j.ArrayJobId != null && asked.Contains(j.ArrayJobId)).GroupBy(j => j.ArrayJobId))
                {
                    var summary = Summary(array.ToList());
                    Safe(() => UpdateIfKnown(JobRecord.KeyFor(summary.Region, summary.ClusterName, array.Key), summary, changed));
                }
            }
            Safe(() => new JobRecordIndex(_store).Apply(changed));
        }

        private void UpdateIfKnown(string key, Job job, List<JobRecord> changed)
        {
            // Only jobs PcHpc submitted have records; File.Exists keeps a miss as cheap as a stat.
            if (!File.Exists(_store.Jobs.PathFor(key))) return;
            var existing = _store.Jobs.TryGet(key);
            if (existing == null) return;
            if (existing.State == StateText(job.State) && (job.ExitCode == null || existing.ExitCode != null)) return;
            changed.Add(_store.Jobs.Update(key, current => current == null ? null : ToRecord(job, current)));
        }

        /// <summary>An array as one job: running while any task is, finished when all are (failed if any failed).</summary>
        private static Job Summary(List<Job> tasks)
        {
            var first = tasks[0];
            var job = new Job { Id = first.ArrayJobId, ArrayJobId = first.ArrayJobId, ClusterName = first.ClusterName, Region = first.Region, Name = first.Name, Queue = first.Queue, User = first.User };
            if (tasks.All(t => t.IsFinished))
            {
                var bad = tasks.FirstOrDefault(t => t.State != JobState.Completed);
                job.State = bad == null ? JobState.Completed : (tasks.Any(t => t.State == JobState.Failed) ? JobState.Failed : bad.State);
                job.ExitCode = tasks.Max(t => t.ExitCode ?? 0);
                job.EndTime = tasks.Max(t => t.EndTime);
            }
            else
            {
                job.State = tasks.Any(t => t.State == JobState.Running || t.State == JobState.Completing || t.IsFinished) ? JobState.Running : JobState.Pending;
            }
            job.StartTime = tasks.Where(t => t.StartTime.HasValue).Select(t => t.StartTime).Min();
            return job;
        }

        private static readonly HashSet<string> FinalStates = new HashSet<string>(
            new[] { JobState.Completed, JobState.Failed, JobState.Cancelled, JobState.TimedOut, JobState.NodeFail, JobState.OutOfMemory, JobState.Preempted }.Select(StateText),
            StringComparer.Ordinal);

        /// <summary>
        /// Removes the records of jobs that finished longer than <see cref="Retention"/> ago; unfinished ones stay.
        /// Only files not written within the retention are read, so the cost is a directory listing plus the old ones.
        /// </summary>
        public List<string> Prune()
        {
            var removed = new List<string>();
            if (Retention <= TimeSpan.Zero || !Directory.Exists(_store.Jobs.Directory)) return removed;
            var cutoff = Now() - Retention;
            foreach (var path in Directory.EnumerateFiles(_store.Jobs.Directory, "*.json"))
            {
                if (Path.GetFileName(path).StartsWith(".", StringComparison.Ordinal)) continue;
                if (File.GetLastWriteTimeUtc(path) > cutoff.UtcDateTime) continue;
                var name = Path.GetFileName(path);
                JobRecord record = null;
                Safe(() => record = _store.Jobs.TryGet(StateKey.FromFileName(name)));
                if (record == null || !FinalStates.Contains(record.State ?? string.Empty)) continue;
                var last = record.EndTime ?? record.LastSeen ?? record.SavedTime;
                if (last == null || last.Value > cutoff) continue;
                var key = record.GetKey();
                Safe(() => { if (_store.Jobs.Remove(key)) removed.Add(key); });
            }
            if (removed.Count > 0) Safe(() => new JobRecordIndex(_store).Apply(null, removed));
            return removed;
        }

        /// <summary>Prunes at most once a day (a stamp file beside the records).</summary>
        private void PruneDaily()
        {
            if (Retention <= TimeSpan.Zero) return;
            var stamp = Path.Combine(_store.Jobs.Directory, ".pruned-records");
            if (File.Exists(stamp) && Now().UtcDateTime - File.GetLastWriteTimeUtc(stamp) < TimeSpan.FromDays(1)) return;
            _store.EnsureDirectory(_store.Jobs.Directory);
            File.WriteAllText(stamp, Now().ToString("o", CultureInfo.InvariantCulture));
            File.SetLastWriteTimeUtc(stamp, Now().UtcDateTime);
            Prune();
        }

        /// <summary>Job ids for argument completion from the small index (newest first): optionally one cluster, ids starting with <paramref name="prefix"/>.</summary>
        public static IReadOnlyList<JobRecord> Candidates(StateStore store, string clusterName, string prefix, int max = 50)
        {
            return new JobRecordIndex(store).Read()
                .Where(e => string.IsNullOrEmpty(clusterName) || string.Equals(e.ClusterName, clusterName, StringComparison.Ordinal))
                .Where(e => string.IsNullOrEmpty(prefix) || e.Id.StartsWith(prefix, StringComparison.Ordinal))
                .Take(max)
                .Select(e =>
                {
                    var us = e.Id.IndexOf('_');
                    return new JobRecord
                    {
                        ClusterName = e.ClusterName, Region = e.Region, Name = e.Name, State = e.State,
                        JobId = us > 0 ? e.Id.Substring(0, us) : e.Id,
                        ArrayTaskId = us > 0 && int.TryParse(e.Id.Substring(us + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : (int?)null,
                        SubmitTime = DateTimeOffset.FromUnixTimeSeconds(e.Submitted),
                    };
                })
                .ToList();
        }

        /// <summary>The id as SLURM and the cmdlets write it: 123 or 123_4.</summary>
        public static string IdOf(JobRecord r) => r.ArrayTaskId.HasValue ? r.JobId + "_" + r.ArrayTaskId.Value.ToString(CultureInfo.InvariantCulture) : r.JobId;

        private void Safe(Action action)
        {
            try
            {
                action();
            }
            catch (PcHpcException ex)
            {
                _sink.Warning("Job records were not saved in the state store: " + ex.Message);
            }
            catch (System.IO.IOException ex)
            {
                _sink.Warning("Job records were not saved in the state store: " + ex.Message);
            }
        }
    }
}
