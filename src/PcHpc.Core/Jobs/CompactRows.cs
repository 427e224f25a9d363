using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PcHpc.Core.Jobs
{
    /// <summary>
    /// Reads the driver's compact job rows (its "rows" section). Each line has 14 fields separated by U+001F: kind
    /// ("Q" a squeue row, "M" a completion marker), id, state (M: the signal), exit (Q: squeue's raw wait status, M:
    /// the exit code), partition, user, submit, start, end, nodes, reason, stdout, stderr, name (M: base64). A field
    /// is empty when it equals the previous row's, "=value" when it changed; times are epoch seconds and may come as
    /// "+n"/"-n" from the previous row's; an id may come as "+n"/"-n" (empty: +1) from the previous task of the same
    /// array. Trailing empty fields are left out, so a run of alike tasks costs a byte each before gzip.
    /// </summary>
    internal static class CompactRows
    {
        internal const int FieldCount = 14;
        private const int Kind = 0, Id = 1, State = 2, Exit = 3, Partition = 4, User = 5, Submit = 6, Start = 7, End = 8,
            Nodes = 9, Reason = 10, StdOut = 11, StdErr = 12, Name = 13;

        public static List<Job> Parse(string text, ISet<string> cancelled)
        {
            var jobs = new List<Job>();
            if (string.IsNullOrEmpty(text)) return jobs;
            var values = new string[FieldCount];
            for (var i = 0; i < FieldCount; i++) values[i] = string.Empty;
            string array = null;
            long task = -1;
            var pos = 0;
            while (pos < text.Length)
            {
                var nl = text.IndexOf('\n', pos);
                if (nl < 0) nl = text.Length;
                var field = 0;
                var start = pos;
                while (field < FieldCount)
                {
                    var sep = text.IndexOf('\u001f', start, nl - start);
                    var end = sep < 0 ? nl : sep;
                    Apply(values, field, text, start, end - start, ref array, ref task);
                    field++;
                    if (sep < 0) break;
                    start = sep + 1;
                }
                // Fields left out at the end of the line are "same as before"; an id left out is the next task.
                for (; field < FieldCount; field++) Apply(values, field, text, 0, 0, ref array, ref task);
                pos = nl + 1;
                jobs.Add(values[Kind] == "M" ? FromMarker(values, cancelled) : FromSqueue(values));
            }
            return jobs;
        }

        private static void Apply(string[] values, int field, string text, int start, int length, ref string array, ref long task)
        {
            var first = length > 0 ? text[start] : '\0';
            if (field == Id)
            {
                if (length > 0 && first == '=')
                {
                    var id = text.Substring(start + 1, length - 1);
                    values[Id] = id;
                    var us = id.IndexOf('_');
                    array = us > 0 ? id.Substring(0, us) : null;
                    task = us > 0 && long.TryParse(id.Substring(us + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : -1;
                    return;
                }
                task += length == 0 ? 1 : ParseLong(text, start, length);
                values[Id] = array + "_" + task.ToString(CultureInfo.InvariantCulture);
                return;
            }
            if (length == 0) return;
            if (first == '=')
            {
                values[field] = text.Substring(start + 1, length - 1);
            }
            else if ((first == '+' || first == '-') && long.TryParse(values[field], NumberStyles.None, CultureInfo.InvariantCulture, out var before))
            {
                values[field] = (before + ParseLong(text, start, length)).ToString(CultureInfo.InvariantCulture);
            }
        }

        private static long ParseLong(string text, int start, int length)
        {
            var negative = text[start] == '-';
            long n = 0;
            for (var i = start + (text[start] == '+' || negative ? 1 : 0); i < start + length; i++)
            {
                var d = text[i] - '0';
                if (d < 0 || d > 9) break;
                n = n * 10 + d;
            }
            return negative ? -n : n;
        }

        private static Job FromMarker(string[] v, ISet<string> cancelled) =>
            SlurmParsers.MarkerJob(v[Id], v[Exit], v[Start], v[End], v[State], v[Name], v[Partition], v[Nodes], v[User], cancelled);

        private static Job FromSqueue(string[] v)
        {
            var job = new Job
            {
                Id = v[Id],
                State = SlurmParsers.MapState(v[State]),
                Queue = SlurmParsers.Null(v[Partition]),
                User = SlurmParsers.Null(v[User]),
                SubmitTime = Time(v[Submit]),
                StartTime = Time(v[Start]),
                EndTime = Time(v[End]),
                Nodes = SlurmParsers.Null(v[Nodes]),
                Reason = SlurmParsers.Null(v[Reason]),
                Name = v[Name],
            };
            SlurmParsers.SplitArrayId(job);
            if (job.IsFinished) job.ExitCode = ExitCode(v[Exit]);
            if (job.State == JobState.Pending || job.State == JobState.Running || job.State == JobState.Suspended)
            {
                job.EndTime = null; // squeue shows the projected end of live jobs
                if (job.State == JobState.Pending) job.StartTime = null;
            }
            job.OutputPath = Expand(v[StdOut], job);
            job.ErrorPath = Expand(v[StdErr], job);
            return job;
        }

        /// <summary>squeue -O exit_code is the raw wait status (768: exit 3; 9: killed by signal 9, reported as 137).</summary>
        internal static int? ExitCode(string value)
        {
            if (string.IsNullOrEmpty(value)) return null;
            if (value.IndexOf(':') >= 0) return SlurmParsers.ExitCode(value);
            var status = SlurmParsers.Int(value);
            if (status == null) return null;
            var signal = status.Value & 0x7f;
            return signal != 0 ? 128 + signal : (status.Value >> 8) & 0xff;
        }

        private static DateTime? Time(string v)
        {
            if (string.IsNullOrEmpty(v) || v == "0" || v[0] < '0' || v[0] > '9') return null; // N/A, NONE, Unknown
            return SlurmParsers.Epoch(v);
        }

        /// <summary>The file name patterns sbatch keeps unexpanded (%A_%a.out): the ones PcHpc uses are filled in.</summary>
        internal static string Expand(string pattern, Job job)
        {
            pattern = SlurmParsers.Null(pattern);
            if (pattern == null || pattern.IndexOf('%') < 0) return pattern;
            var sb = new StringBuilder(pattern.Length + 16);
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c != '%' || i + 1 >= pattern.Length)
                {
                    sb.Append(c);
                    continue;
                }
                var next = pattern[++i];
                switch (next)
                {
                    case 'A': sb.Append(job.ArrayJobId ?? job.Id); break;
                    case 'a': sb.Append(job.ArrayTaskId.HasValue ? job.ArrayTaskId.Value.ToString(CultureInfo.InvariantCulture) : "4294967294"); break;
                    case 'j': sb.Append(job.Id); break;
                    case 'x': sb.Append(job.Name); break;
                    case 'u': sb.Append(job.User); break;
                    case '%': sb.Append('%'); break;
                    default: sb.Append('%').Append(next); break;
                }
            }
            return sb.ToString();
        }
    }
}
