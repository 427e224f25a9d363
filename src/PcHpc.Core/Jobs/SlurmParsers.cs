using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PcHpc.Core.Jobs
{
    /// <summary>Parsers for the SLURM command outputs the driver returns. Pure and allocation-light (1,000 jobs well under 20 ms).</summary>
    internal static class SlurmParsers
    {
        internal const char Sep = '\x1f';

        /// <summary>
        /// squeue -h -a -r -t all -o '%i␟%F␟%K␟%T␟%P␟%u␟%V␟%S␟%e␟%N␟%r␟%j'. An array task's array is read from %i
        /// ("123_4"), never from a job id column: a task split off its array to run gets a job id of its own (squeue's
        /// %A), and only the task that runs last keeps the array's. A folded pending range ("123_[5-9%2]", squeue
        /// without -r) counts as its tasks.
        /// </summary>
        public static List<Job> ParseSqueue(string text)
        {
            var jobs = new List<Job>();
            foreach (var line in Lines(text))
            {
                var f = line.Split(Sep);
                if (f.Length < 12) continue;
                var job = new Job
                {
                    Id = f[0],
                    State = MapState(f[3]),
                    Queue = Null(f[4]),
                    User = Null(f[5]),
                    SubmitTime = Time(f[6]),
                    StartTime = Time(f[7]),
                    EndTime = Time(f[8]),
                    Nodes = Null(f[9]),
                    Reason = Null(f[10]),
                    Name = f.Length == 12 ? f[11] : string.Join(Sep.ToString(), f, 11, f.Length - 11),
                };
                if (job.State == JobState.Pending || job.State == JobState.Running || job.State == JobState.Suspended)
                {
                    job.EndTime = null; // squeue shows the projected end of live jobs
                    if (job.State == JobState.Pending) job.StartTime = null;
                }
                var underscore = job.Id.IndexOf('_');
                if (underscore <= 0)
                {
                    jobs.Add(job);
                    continue;
                }
                var array = job.Id.Substring(0, underscore);
                var task = Int(job.Id.Substring(underscore + 1));
                if (task != null)
                {
                    job.ArrayJobId = array;
                    job.ArrayTaskId = task;
                    jobs.Add(job);
                    continue;
                }
                var tasks = TaskRange(job.Id.Substring(underscore + 1));
                if (tasks == null) continue; // not a task and not a range: nothing to count
                foreach (var t in tasks)
                {
                    var copy = job.Copy();
                    copy.Id = array + "_" + t.ToString(CultureInfo.InvariantCulture);
                    copy.ArrayJobId = array;
                    copy.ArrayTaskId = t;
                    jobs.Add(copy);
                }
            }
            return jobs;
        }

        /// <summary>The tasks of a folded array range: "[5-9,12%2]" or "5-9:2" (step); null when it is not one.</summary>
        internal static List<int> TaskRange(string text)
        {
            var s = text.Trim();
            if (s.StartsWith("[", StringComparison.Ordinal)) s = s.Substring(1);
            if (s.EndsWith("]", StringComparison.Ordinal)) s = s.Substring(0, s.Length - 1);
            var percent = s.IndexOf('%');
            if (percent >= 0) s = s.Substring(0, percent);
            if (s.Length == 0) return null;
            var tasks = new List<int>();
            foreach (var part in s.Split(','))
            {
                var step = 1;
                var p = part;
                var colon = p.IndexOf(':');
                if (colon >= 0)
                {
                    var st = Int(p.Substring(colon + 1));
                    if (st == null || st.Value < 1) return null;
                    step = st.Value;
                    p = p.Substring(0, colon);
                }
                var dash = p.IndexOf('-');
                var from = Int(dash < 0 ? p : p.Substring(0, dash));
                var to = dash < 0 ? from : Int(p.Substring(dash + 1));
                if (from == null || to == null || from.Value < 0 || to.Value < from.Value || to.Value - from.Value > 10000000) return null;
                for (var t = from.Value; t <= to.Value; t += step) tasks.Add(t);
            }
            return tasks;
        }

        /// <summary>scontrol show job -o: one job per line of Key=Value pairs (values may contain spaces).</summary>
        public static List<Job> ParseScontrol(string text)
        {
            var jobs = new List<Job>();
            foreach (var line in Lines(text))
            {
                if (line.StartsWith("No jobs", StringComparison.Ordinal)) continue;
                var kv = ScontrolJobFields.KeyValues(line);
                if (!kv.TryGetValue("JobId", out var id)) continue;
                var job = new Job { Id = id };
                if (kv.TryGetValue("ArrayJobId", out var arrayJob) && kv.TryGetValue("ArrayTaskId", out var task))
                {
                    var taskId = Int(task);
                    if (taskId == null) continue; // a pending array range: squeue -r lists its tasks one by one
                    job.ArrayJobId = arrayJob;
                    job.ArrayTaskId = taskId;
                    job.Id = arrayJob + "_" + task;
                }
                job.Name = Get(kv, "JobName");
                var state = Get(kv, "JobState");
                job.State = MapState(state);
                job.Reason = Get(kv, "Reason");
                if (job.Reason == "None") job.Reason = null;
                job.ExitCode = ExitCode(Get(kv, "ExitCode"));
                job.Queue = Get(kv, "Partition");
                job.Nodes = Get(kv, "NodeList");
                var user = Get(kv, "UserId");
                if (user != null)
                {
                    var paren = user.IndexOf('(');
                    job.User = paren > 0 ? user.Substring(0, paren) : user;
                }
                job.SubmitTime = Time(Get(kv, "SubmitTime"));
                job.StartTime = job.State == JobState.Pending ? null : Time(Get(kv, "StartTime"));
                job.EndTime = job.IsFinished ? Time(Get(kv, "EndTime")) : null;
                job.OutputPath = Get(kv, "StdOut");
                job.ErrorPath = Get(kv, "StdErr");
                if (!job.IsFinished) job.ExitCode = null;
                jobs.Add(job);
            }
            return jobs;
        }

        /// <summary>sacct -n -P -X -o JobID,JobName,State,ExitCode,Partition,User,Submit,Start,End,NodeList.</summary>
        public static List<Job> ParseSacct(string text)
        {
            var jobs = new List<Job>();
            foreach (var line in Lines(text))
            {
                var f = line.Split('|');
                if (f.Length < 10) continue;
                var job = new Job
                {
                    Id = f[0],
                    Name = f[1],
                    State = MapState(f[2]),
                    ExitCode = ExitCode(f[3]),
                    Queue = Null(f[4]),
                    User = Null(f[5]),
                    SubmitTime = Time(f[6]),
                    StartTime = Time(f[7]),
                    EndTime = Time(f[8]),
                    Nodes = Null(f[9]),
                };
                SplitArrayId(job);
                jobs.Add(job);
            }
            return jobs;
        }

        /// <summary>The wrapper's completion markers: id, rc, start, end, signal, base64 name, partition, node, user (tab-separated).</summary>
        public static List<Job> ParseMarkers(string text, ISet<string> cancelled)
        {
            var jobs = new List<Job>();
            foreach (var line in Lines(text))
            {
                var f = line.Split('\t');
                if (f.Length < 5) continue;
                jobs.Add(MarkerJob(f[0], f[1], f[2], f[3], f[4], f.Length > 5 ? f[5] : null, f.Length > 6 ? f[6] : null,
                    f.Length > 7 ? f[7] : null, f.Length > 8 ? f[8] : null, cancelled));
            }
            return jobs;
        }

        /// <summary>A job from its completion marker's fields (the state follows from rc, signal and PcHpc's cancel markers).</summary>
        internal static Job MarkerJob(string id, string rc, string start, string end, string signal, string nameB64, string partition, string node, string user, ISet<string> cancelled)
        {
            var job = new Job { Id = id, ExitCode = Int(rc) };
            SplitArrayId(job);
            job.StartTime = Epoch(start);
            job.EndTime = Epoch(end);
            if (!string.IsNullOrEmpty(nameB64))
            {
                try { job.Name = Encoding.UTF8.GetString(Convert.FromBase64String(nameB64)); } catch (FormatException) { }
            }
            job.Queue = Null(partition);
            job.Nodes = Null(node);
            job.User = Null(user);
            var wasCancelled = cancelled != null && (cancelled.Contains(job.Id) || (job.ArrayJobId != null && cancelled.Contains(job.ArrayJobId)));
            if (signal == "TERM")
            {
                // SLURM sent SIGTERM: PcHpc's Stop-HpcJob leaves a marker first; otherwise the time limit ran out.
                job.State = wasCancelled ? JobState.Cancelled : JobState.TimedOut;
            }
            else if (wasCancelled && job.ExitCode != 0)
            {
                job.State = JobState.Cancelled;
            }
            else
            {
                job.State = job.ExitCode == 0 ? JobState.Completed : JobState.Failed;
            }
            return job;
        }

        /// <summary>sinfo -h -o '%P␟%a␟%D␟%t␟%l' (one line per partition and node state).</summary>
        public static List<QueueInfo> ParseSinfo(string text)
        {
            var byName = new Dictionary<string, QueueInfo>(StringComparer.Ordinal);
            var states = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var order = new List<QueueInfo>();
            foreach (var line in Lines(text))
            {
                var f = line.Split(Sep);
                if (f.Length < 5) continue;
                var name = f[0];
                var isDefault = name.EndsWith("*", StringComparison.Ordinal);
                if (isDefault) name = name.Substring(0, name.Length - 1);
                if (!byName.TryGetValue(name, out var q))
                {
                    q = new QueueInfo { Name = name, State = f[1], TimeLimit = f[4], Default = isDefault };
                    byName[name] = q;
                    states[name] = new List<string>();
                    order.Add(q);
                }
                var count = Int(f[2]) ?? 0;
                q.Nodes += count;
                states[name].Add(f[3] + "=" + count.ToString(CultureInfo.InvariantCulture));
            }
            foreach (var q in order) q.NodeStates = string.Join(", ", states[q.Name]);
            return order;
        }

        public static JobState MapState(string state)
        {
            if (string.IsNullOrEmpty(state)) return JobState.Unknown;
            var space = state.IndexOf(' ');
            if (space > 0) state = state.Substring(0, space); // sacct: "CANCELLED by 0"
            if (state.EndsWith("+", StringComparison.Ordinal)) state = state.Substring(0, state.Length - 1);
            switch (state)
            {
                case "PENDING": case "PD": case "CONFIGURING": case "CF": case "REQUEUED": case "RQ": case "REQUEUE_FED": case "REQUEUE_HOLD": case "RESV_DEL_HOLD":
                    return JobState.Pending;
                case "RUNNING": case "R": case "RESIZING": case "SIGNALING": case "SO": case "STAGE_OUT":
                    return JobState.Running;
                case "COMPLETING": case "CG":
                    return JobState.Completing;
                case "COMPLETED": case "CD":
                    return JobState.Completed;
                case "FAILED": case "F": case "BOOT_FAIL": case "BF": case "SPECIAL_EXIT": case "SE":
                    return JobState.Failed;
                case "CANCELLED": case "CA": case "REVOKED": case "RV":
                    return JobState.Cancelled;
                case "TIMEOUT": case "TO": case "DEADLINE": case "DL":
                    return JobState.TimedOut;
                case "NODE_FAIL": case "NF":
                    return JobState.NodeFail;
                case "OUT_OF_MEMORY": case "OOM":
                    return JobState.OutOfMemory;
                case "PREEMPTED": case "PR":
                    return JobState.Preempted;
                case "SUSPENDED": case "S": case "STOPPED": case "ST":
                    return JobState.Suspended;
                default:
                    return JobState.Unknown;
            }
        }

        /// <summary>SLURM's "rc:signal"; a signal is reported as 128+signal, as a shell would.</summary>
        public static int? ExitCode(string value)
        {
            if (string.IsNullOrEmpty(value)) return null;
            var colon = value.IndexOf(':');
            if (colon < 0) return Int(value);
            var rc = Int(value.Substring(0, colon));
            var sig = Int(value.Substring(colon + 1));
            if (sig.HasValue && sig.Value > 0 && (rc ?? 0) == 0) return 128 + sig.Value;
            return rc;
        }

        /// <summary>The sbatch --parsable reply: "jobid" or "jobid;cluster".</summary>
        public static string ParseSbatch(string text)
        {
            var s = (text ?? string.Empty).Trim();
            var semi = s.IndexOf(';');
            if (semi >= 0) s = s.Substring(0, semi);
            if (s.Length == 0) return null;
            foreach (var c in s) if (c < '0' || c > '9') return null;
            return s;
        }

        internal static void SplitArrayId(Job job)
        {
            var underscore = job.Id.IndexOf('_');
            if (underscore > 0)
            {
                job.ArrayJobId = job.Id.Substring(0, underscore);
                job.ArrayTaskId = Int(job.Id.Substring(underscore + 1));
            }
        }

        private static string Get(Dictionary<string, string> kv, string key) => kv.TryGetValue(key, out var v) ? Null(v) : null;

        internal static string Null(string v) =>
            string.IsNullOrEmpty(v) || v == "(null)" || v == "N/A" || v == "Unknown" || v == "None assigned" ? null : v;

        internal static int? Int(string v)
        {
            if (string.IsNullOrEmpty(v)) return null;
            return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        }

        internal static DateTime? Time(string v)
        {
            if (string.IsNullOrEmpty(v) || v.Length != 19 || v[4] != '-' || v[10] != 'T') return null;
            // yyyy-MM-ddTHH:mm:ss without DateTime.ParseExact's overhead.
            int D(int at, int len) { var n = 0; for (var k = at; k < at + len; k++) { var c = v[k] - '0'; if (c < 0 || c > 9) return -1; n = n * 10 + c; } return n; }
            int y = D(0, 4), mo = D(5, 2), d = D(8, 2), h = D(11, 2), mi = D(14, 2), s = D(17, 2);
            if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return null;
            try { return new DateTime(y, mo, d, h, mi, s, DateTimeKind.Unspecified); } catch (ArgumentOutOfRangeException) { return null; }
        }

        internal static DateTime? Epoch(string v)
        {
            if (!long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)) return null;
            return DateTimeOffset.FromUnixTimeSeconds(s).LocalDateTime;
        }

        private static IEnumerable<string> Lines(string text)
        {
            if (string.IsNullOrEmpty(text)) yield break;
            var start = 0;
            while (start < text.Length)
            {
                var nl = text.IndexOf('\n', start);
                if (nl < 0) nl = text.Length;
                var end = nl;
                if (end > start && text[end - 1] == '\r') end--;
                if (end > start) yield return text.Substring(start, end - start);
                start = nl + 1;
            }
        }
    }
}
