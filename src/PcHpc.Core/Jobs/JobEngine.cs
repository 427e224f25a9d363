using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Jobs
{
    /// <summary>The outcome of one submission: the job, or the error that stopped it.</summary>
    public sealed class SubmitOutcome
    {
        public JobSpec Spec { get; set; }
        public Job Job { get; set; }
        public PcHpcException Error { get; set; }
    }

    /// <summary>What Get-HpcJob found, plus the ids nobody knows any more.</summary>
    public sealed class JobQueryResult
    {
        public List<Job> Jobs { get; } = new List<Job>();
        public List<string> NotFound { get; } = new List<string>();
    }

    /// <summary>
    /// SLURM job operations against one head node (or this machine), each ONE remote call (plus follow-up fetches
    /// when a reply exceeds the transport's stdout cap).
    /// </summary>
    public sealed partial class JobEngine
    {
        internal const string SqueueFailed = "SqueueFailed";

        /// <summary>Failed squeue runs in a row that Wait rides out before it gives up.</summary>
        private const int MaxSqueueFailures = 10;

        /// <summary>Jobs per remote call when submitting.</summary>
        public const int MaxBatchJobs = 100;
        private const int MaxBatchBytes = 8 * 1024 * 1024;

        private readonly SlurmRemote _remote;
        private readonly JobTarget _target;
        private readonly KnownQueues _queues;

        public JobEngine(IJobTransport transport, JobTarget target, KnownQueues queues = null)
        {
            _target = target ?? new JobTarget { Local = true };
            _queues = queues ?? new KnownQueues();
            _remote = new SlurmRemote(transport, _target);
        }

        public JobTarget Target => _target;

        /// <summary>Keeps the state store's job records in step (null: nothing is recorded).</summary>
        public JobRecorder Recorder { get; set; }

        private void RecordSubmitted(IEnumerable<Job> jobs)
        {
            if (Recorder == null) return;
            Recorder.Submitted(jobs, (_remote.Transport as SsmJobTransport)?.LastCommandId);
        }

        private JobQueryResult RecordSeen(JobQueryResult result, IList<string> asked)
        {
            Recorder?.Seen(result.Jobs, asked == null ? null : new HashSet<string>(asked, StringComparer.Ordinal));
            return result;
        }

        /// <summary>
        /// The head node's files (output, markers, scripts) of jobs SLURM has forgotten are removed once older than this
        /// (checked at most daily, when submitting); PCHPC_JOB_RETENTION_DAYS, default 30 days; zero keeps them.
        /// </summary>
        public TimeSpan JobFileRetention { get; set; } = JobRecorder.RetentionFrom(Environment.GetEnvironmentVariable);

        /// <summary>Delay before the n-th poll of Wait (tests shorten it).</summary>
        public Func<int, TimeSpan> PollDelay { get; set; } = n => TimeSpan.FromSeconds(Math.Min(10.0, 1.0 * Math.Pow(1.5, n)));

        /// <summary>Validates every spec first (nothing is sent if one is bad), then submits in batches.</summary>
        public async Task<List<SubmitOutcome>> SubmitAsync(IList<JobSpec> specs, IActivitySink sink, CancellationToken token)
        {
            sink = sink ?? NullActivitySink.Instance;
            var known = _queues.For(_target);
            var prepared = new List<(JobSpec Spec, List<string> Args)>();
            foreach (var spec in specs)
            {
                prepared.Add((spec, spec.Validate(known)));
            }
            var outcomes = new List<SubmitOutcome>();
            var start = 0;
            while (start < prepared.Count)
            {
                var request = new RemoteRequest("SUBMIT");
                request.Fields.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(SlurmRemote.WrapperScript)));
                var countIndex = request.Fields.Count;
                request.Fields.Add("0");
                var batch = new List<JobSpec>();
                while (start < prepared.Count && batch.Count < MaxBatchJobs && (batch.Count == 0 || request.ApproximateSize < MaxBatchBytes))
                {
                    var (spec, args) = prepared[start++];
                    request.Fields.Add(args.Count.ToString(CultureInfo.InvariantCulture));
                    request.Fields.AddRange(args);
                    request.Fields.Add(request.AddFile(spec.Script));
                    var env = spec.EnvironmentFile();
                    request.Fields.Add(env == null ? string.Empty : request.AddFile(env));
                    var argFile = spec.ArgumentFile();
                    request.Fields.Add(argFile == null ? string.Empty : request.AddFile(argFile));
                    request.Fields.Add(spec.IsArray ? "1" : "0");
                    batch.Add(spec);
                }
                request.Fields[countIndex] = batch.Count.ToString(CultureInfo.InvariantCulture);
                request.Fields.Add(((int)Math.Ceiling(JobFileRetention.TotalDays)).ToString(CultureInfo.InvariantCulture));
                sink.Verbose($"Submitting {batch.Count} job(s) to {_target} in one call.");
                List<KeyValuePair<string, byte[]>> sections;
                try
                {
                    sections = await _remote.CallAsync(request, token).ConfigureAwait(false);
                }
                catch (PcHpcException ex) when (ex is SsmOutcomeUnknownException || outcomes.Count > 0)
                {
                    // Jobs of earlier batches are submitted and stay so; this batch and the rest get the reason.
                    return Unfinished(outcomes, batch, prepared.Skip(start).Select(p => p.Spec).ToList(), ex);
                }
                outcomes.AddRange(ParseSubmitted(sections, batch));
                RecordSubmitted(outcomes.Skip(outcomes.Count - batch.Count).Where(o => o.Job != null).Select(o => o.Job));
            }
            return outcomes;
        }

        /// <summary>One call: squeue, then scontrol, sacct and the completion markers for jobs squeue no longer shows.</summary>
        public async Task<JobQueryResult> GetJobsAsync(IList<string> ids, CancellationToken token)
        {
            await ResolveSubmissionsAsync(token).ConfigureAwait(false);
            return RecordSeen(await QueryAsync(ids, token).ConfigureAwait(false), ids);
        }

        /// <summary>
        /// One call. With <paramref name="waitSeconds"/> &gt; 0 the head node itself polls SLURM (WAIT) until the jobs
        /// are final (any: one of them), the seconds pass, or after a while the number of finished jobs changed.
        /// </summary>
        private async Task<JobQueryResult> QueryAsync(IList<string> ids, CancellationToken token, int waitSeconds = 0, bool any = false)
        {
            ids = ids ?? new string[0];
            foreach (var id in ids) CheckId(id);
            var wanted = ids.Distinct().ToList();
            var request = new RemoteRequest(waitSeconds > 0 ? "WAIT" : "STATUS");
            if (waitSeconds > 0)
            {
                request.Fields.Add(waitSeconds.ToString(CultureInfo.InvariantCulture));
                request.Fields.Add(any ? "1" : "0");
            }
            request.Fields.Add(wanted.Count.ToString(CultureInfo.InvariantCulture));
            request.Fields.AddRange(wanted);
            var sections = await _remote.CallAsync(request, token).ConfigureAwait(false);
            return Merge(sections, wanted);
        }

        internal JobQueryResult Merge(List<KeyValuePair<string, byte[]>> sections, IList<string> wanted)
        {
            var byId = new Dictionary<string, Job>(StringComparer.Ordinal);
            var order = new List<string>();
            void Add(IEnumerable<Job> jobs, bool overrideExisting)
            {
                foreach (var job in jobs)
                {
                    if (byId.TryGetValue(job.Id, out var existing))
                    {
                        if (!overrideExisting)
                        {
                            // squeue knows no exit codes: a finished task scontrol no longer lists (purged in between)
                            // gets its exit code and times from sacct or its marker.
                            if (existing.IsFinished && existing.ExitCode == null && job.ExitCode != null && job.State == existing.State)
                            {
                                existing.ExitCode = job.ExitCode;
                                existing.StartTime = existing.StartTime ?? job.StartTime;
                                existing.EndTime = existing.EndTime ?? job.EndTime;
                            }
                            continue;
                        }
                        if (job.OutputPath == null) job.OutputPath = existing.OutputPath;
                        if (job.ErrorPath == null) job.ErrorPath = existing.ErrorPath;
                    }
                    else
                    {
                        order.Add(job.Id);
                    }
                    byId[job.Id] = job;
                }
            }
            // A busy slurmctld can time squeue out: its empty answer must not pass for "these jobs are gone" (the
            // markers of the tasks finished so far would then pass for the whole array).
            var squeueRc = sections.Where(s => s.Key == "squeue.rc").Select(s => Text(s.Value).Trim()).FirstOrDefault();
            if (squeueRc != null && squeueRc != "0")
            {
                var err = sections.Where(s => s.Key == "squeue.err").Select(s => Text(s.Value).Trim()).FirstOrDefault() ?? string.Empty;
                if (err.Length > 300) err = err.Substring(0, 300) + "...";
                throw new PcHpcException(ErrorKind.ServiceError, SqueueFailed,
                    $"squeue failed on {_target} (exit code {squeueRc}{(err.Length > 0 ? ": " + err : string.Empty)}); slurmctld may be busy: retry, and check it with sinfo if this persists.");
            }
            var cancelled = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in sections) if (s.Key == "cancelled") foreach (var l in Text(s.Value).Split('\n')) if (l.Length > 0) cancelled.Add(l);
            foreach (var s in sections)
            {
                switch (s.Key)
                {
                    case "rows": Add(CompactRows.Parse(Text(s.Value), cancelled), false); break;
                    case "squeue": Add(SlurmParsers.ParseSqueue(Text(s.Value)), false); break;
                    case "scontrol": Add(SlurmParsers.ParseScontrol(Text(s.Value)), true); break;
                    case "sacct": Add(SlurmParsers.ParseSacct(Text(s.Value)), false); break;
                    case "markers": Add(SlurmParsers.ParseMarkers(Text(s.Value), cancelled), false); break;
                }
            }
            var result = new JobQueryResult();
            if (wanted.Count == 0)
            {
                foreach (var id in order) result.Jobs.Add(Stamp(byId[id]));
                return result;
            }
            var set = new HashSet<string>(wanted, StringComparer.Ordinal);
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in order)
            {
                var job = byId[id];
                string hit = set.Contains(job.Id) ? job.Id : (job.ArrayJobId != null && set.Contains(job.ArrayJobId) ? job.ArrayJobId : null);
                if (hit == null) continue;
                found.Add(hit);
                result.Jobs.Add(Stamp(job));
            }
            foreach (var id in wanted) if (!found.Contains(id)) result.NotFound.Add(id);
            return result;
        }

        private Job Stamp(Job job)
        {
            job.ClusterName = _target.Local ? null : _target.ClusterName;
            job.Region = _target.Local ? null : _target.Region;
            job.Local = _target.Local;
            job.RunAsUser = _target.Local ? null : _target.RunAsUser;
            return job;
        }

        /// <summary>A poll that learned nothing: a busy slurmctld, or the way to the head node failing for a while.</summary>
        private static bool IsPollFailure(PcHpcException ex) =>
            ex.ErrorId == SqueueFailed || ex.Transient || ex is SsmOutcomeUnknownException || ex.ErrorId == "SsmSendFailed";

        /// <summary>
        /// scancel for all ids in one call (leaving a marker so PcHpc can tell a cancel from a time-out later); returns
        /// the ids that neither SLURM nor PcHpc's markers know (scancel itself says nothing about them).
        /// </summary>
        public async Task<List<string>> CancelAsync(IList<string> ids, CancellationToken token)
        {
            foreach (var id in ids) CheckId(id);
            var request = new RemoteRequest("CANCEL");
            request.Fields.Add(ids.Count.ToString(CultureInfo.InvariantCulture));
            request.Fields.AddRange(ids);
            var sections = await _remote.CallAsync(request, token).ConfigureAwait(false);
            var rc = sections.Where(s => s.Key == "rc").Select(s => Text(s.Value)).FirstOrDefault();
            var message = sections.Where(s => s.Key == "scancel").Select(s => Text(s.Value)).FirstOrDefault() ?? string.Empty;
            if (rc != "0" && message.Trim().Length > 0)
            {
                throw new PcHpcException(ErrorKind.ServiceError, "ScancelFailed",
                    $"scancel on {_target} said: {message.Trim()}; check the job ids with Get-HpcJob.");
            }
            var unknown = sections.Where(s => s.Key == "unknown").Select(s => Text(s.Value)).FirstOrDefault() ?? string.Empty;
            return unknown.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        }

        /// <summary>stdout/stderr of the jobs (all tasks of an array job), the last tail lines when tail &gt; 0.</summary>
        public async Task<List<JobOutput>> ReceiveAsync(IList<string> ids, int tail, CancellationToken token)
        {
            foreach (var id in ids) CheckId(id);
            if (tail < 0) throw new PcHpcException(ErrorKind.InvalidArgument, "InvalidTail", "-Tail must be 0 or more; give the number of last lines to return.");
            var request = new RemoteRequest("RECEIVE");
            request.Fields.Add(tail.ToString(CultureInfo.InvariantCulture));
            request.Fields.Add(ids.Count.ToString(CultureInfo.InvariantCulture));
            request.Fields.AddRange(ids);
            var sections = await _remote.CallAsync(request, token).ConfigureAwait(false);
            var state = sections.Where(s => s.Key == "statedir").Select(s => Text(s.Value)).FirstOrDefault() ?? "~/.pchpc/jobs";
            var byId = new Dictionary<string, JobOutput>(StringComparer.Ordinal);
            var list = new List<JobOutput>();
            JobOutput For(string id)
            {
                if (!byId.TryGetValue(id, out var o))
                {
                    o = new JobOutput { Id = id, ClusterName = _target.Local ? null : _target.ClusterName, Local = _target.Local, OutputPath = state + "/" + id + ".out", ErrorPath = state + "/" + id + ".err" };
                    byId[id] = o;
                    list.Add(o);
                }
                return o;
            }
            var missing = new List<string>();
            foreach (var s in sections)
            {
                var colon = s.Key.IndexOf(':');
                if (colon < 0) continue;
                var kind = s.Key.Substring(0, colon);
                var id = s.Key.Substring(colon + 1);
                if (kind == "out") For(id).Output = Text(s.Value);
                else if (kind == "err") For(id).Error = Text(s.Value);
                else if (kind == "missing") missing.Add(id);
            }
            if (missing.Count > 0)
            {
                throw new PcHpcException(ErrorKind.NotFound, "JobOutputNotFound",
                    $"No output was found for job(s) {string.Join(", ", missing)} on {_target}; only jobs submitted with Invoke-HpcJob keep their output in ~/.pchpc/jobs, and it appears once the job started.")
                { Target = list };
            }
            return list;
        }

        /// <summary>Partitions and node states (sinfo).</summary>
        public async Task<List<QueueInfo>> GetQueuesAsync(CancellationToken token)
        {
            var sections = await _remote.CallAsync(new RemoteRequest("QUEUE"), token).ConfigureAwait(false);
            var text = sections.Where(s => s.Key == "sinfo").Select(s => Text(s.Value)).FirstOrDefault() ?? string.Empty;
            var rc = sections.Where(s => s.Key == "rc").Select(s => Text(s.Value)).FirstOrDefault();
            if (rc != "0")
            {
                var err = sections.Where(s => s.Key == "sinfo.err").Select(s => Text(s.Value)).FirstOrDefault() ?? string.Empty;
                throw new PcHpcException(ErrorKind.ServiceError, "SinfoFailed", $"sinfo failed on {_target}: {err.Trim()}; check that slurmctld is running on the head node.");
            }
            var queues = SlurmParsers.ParseSinfo(text);
            foreach (var q in queues) q.ClusterName = _target.Local ? null : _target.ClusterName;
            _queues.Remember(_target, queues.Select(q => q.Name));
            return queues;
        }

        /// <summary>Every node as SLURM sees it (scontrol show node + sinfo's short state), in one remote call.</summary>
        public async Task<List<HpcNode>> GetNodesAsync(CancellationToken token)
        {
            var sections = await _remote.CallAsync(new RemoteRequest("NODES"), token).ConfigureAwait(false);
            string Section(string name) => sections.Where(s => s.Key == name).Select(s => Text(s.Value)).FirstOrDefault();
            if (Section("rc") != "0")
            {
                throw new PcHpcException(ErrorKind.ServiceError, "ScontrolFailed", $"scontrol show node failed on {_target}: {(Section("scontrol.err") ?? string.Empty).Trim()}; check that slurmctld is running on the head node.");
            }
            var nodes = SlurmNodeParser.Parse(Section("scontrol"), Section("sinfo"));
            foreach (var n in nodes)
            {
                n.ClusterName = _target.Local ? null : _target.ClusterName;
                n.Region = _target.Local ? null : _target.Region;
            }
            return nodes;
        }

        private static void CheckId(string id)
        {
            if (id == null || id.Length == 0 || id.Any(c => (c < '0' || c > '9') && c != '_') || id[0] == '_' || id.IndexOf('_') != id.LastIndexOf('_') || id.EndsWith("_", StringComparison.Ordinal))
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "InvalidJobId", $"'{id}' is not a SLURM job id; use ids like 123 or 123_4 (or pipe job objects).") { Target = id };
            }
        }

        private static string Text(byte[] b) => Encoding.UTF8.GetString(b);
    }
}
