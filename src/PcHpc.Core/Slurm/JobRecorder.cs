using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Core.Slurm
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

        /// <summary>Records newly submitted jobs (with the SSM command id that submitted them, when known).</summary>
        public void Submitted(IEnumerable<Job> jobs, string commandId)
        {
            foreach (var job in jobs)
            {
                if (job == null || job.Local || string.IsNullOrEmpty(job.ClusterName) || string.IsNullOrEmpty(job.Region)) continue;
                Safe(() =>
                {
                    var record = ToRecord(job);
                    record.SubmitCommandId = commandId;
                    _store.Jobs.Update(record.GetKey(), current => ToRecord(job, current ?? record));
                });
            }
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

        /// <summary>Updates the records of jobs PcHpc knows (one directory listing, then only the changed ones are written).</summary>
        public void Seen(IEnumerable<Job> jobs)
        {
            var list = jobs.Where(j => j != null && !j.Local && !string.IsNullOrEmpty(j.ClusterName) && !string.IsNullOrEmpty(j.Region)).ToList();
            if (list.Count == 0) return;
            Dictionary<string, JobRecord> known = null;
            Safe(() => known = _store.Jobs.List().ToDictionary(r => r.GetKey(), StringComparer.Ordinal));
            if (known == null) return;
            foreach (var job in list)
            {
                var key = ToRecord(job).GetKey();
                // Only jobs PcHpc submitted (array tasks stay with their array's record: no write per task).
                if (!known.TryGetValue(key, out var existing)) continue;
                if (existing.State == StateText(job.State) && (job.ExitCode == null || existing.ExitCode != null))
                {
                    continue;
                }
                Safe(() => _store.Jobs.Update(key, current => ToRecord(job, current)));
            }
        }

        /// <summary>Job ids from the records (newest first) for argument completion: optionally one cluster, ids starting with <paramref name="prefix"/>.</summary>
        public static IReadOnlyList<JobRecord> Candidates(StateStore store, string clusterName, string prefix, int max = 50)
        {
            return store.Jobs.List()
                .Where(r => r.JobId != null && (string.IsNullOrEmpty(clusterName) || string.Equals(r.ClusterName, clusterName, StringComparison.Ordinal)))
                .Where(r => string.IsNullOrEmpty(prefix) || IdOf(r).StartsWith(prefix, StringComparison.Ordinal))
                .OrderByDescending(r => r.SubmitTime ?? DateTimeOffset.MinValue)
                .Take(max)
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
