using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Jobs
{
    /// <summary>One submission as the user described it. <see cref="Validate"/> checks it before anything is sent.</summary>
    public sealed class JobSpec
    {
        /// <summary>The script's bytes (from -Script, -ScriptPath or -Command); sent as a file, never as shell text.</summary>
        public byte[] Script { get; set; }
        public string Name { get; set; }
        public string Queue { get; set; }
        public int? Nodes { get; set; }
        public int? NTasks { get; set; }
        public int? CpusPerTask { get; set; }
        public int? MemoryMB { get; set; }
        /// <summary>minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS or a TimeSpan ([d.]hh:mm:ss).</summary>
        public string TimeLimit { get; set; }
        public string ArrayRange { get; set; }
        public IList<string> ArgumentList { get; set; }
        public IList<string> DependsOn { get; set; }
        public string DependencyType { get; set; }
        public IList<KeyValuePair<string, string>> Environment { get; set; }
        public string WorkingDirectory { get; set; }

        /// <summary>An opaque tag the caller can use to match results to inputs.</summary>
        public object Tag { get; set; }

        /// <summary>
        /// The name a job gets when -Name is left out: the command's first word without its directory ("python3" for
        /// 'python3 train.py', "prepare.sh" for './prepare.sh'), a script file's name, else "job" — never PcHpc's
        /// internal wrapper.sh.
        /// </summary>
        public static string DefaultName(string commandOrFile)
        {
            var text = (commandOrFile ?? string.Empty).Trim();
            var word = text.Split(new[] { ' ', '\t', '\r', '\n', ';', '|', '&', '(', ')', '<', '>' }, StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(w => w.IndexOf('=') < 0) ?? string.Empty;
            word = word.Trim('\'', '"');
            var slash = word.LastIndexOf('/');
            if (slash >= 0) word = word.Substring(slash + 1);
            if (word.Length == 0 || word.Length > 100 || word.Any(c => c < ' ' || c == '\x7f' || c == '$' || c == '`')) return "job";
            return word;
        }

        public static byte[] CommandScript(string command) => Encoding.UTF8.GetBytes("#!/bin/bash\n" + command + "\n");

        private static readonly Regex ArrayPattern = new Regex(@"^\d+(-\d+)?(:\d+)?(,\d+(-\d+)?(:\d+)?)*(%\d+)?$", RegexOptions.CultureInvariant);
        private static readonly Regex ThrottleOnly = new Regex(@"^%\d+$", RegexOptions.CultureInvariant);
        private static readonly Regex JobIdPattern = new Regex(@"^\d+(_\d+)?$", RegexOptions.CultureInvariant);
        private static readonly Regex EnvName = new Regex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);
        private static readonly string[] DependencyTypes = { "after", "afterok", "afternotok", "afterany", "aftercorr", "afterburstbuffer" };

        public bool IsArray => !string.IsNullOrEmpty(ArrayRange) || (ArgumentList != null && ArgumentList.Count > 0);

        /// <summary>Checks every value and returns the sbatch arguments (each "--option=value": a value can never be read as an option).</summary>
        public List<string> Validate(ICollection<string> knownQueues)
        {
            var args = new List<string>();
            if (Script == null || Script.Length == 0)
            {
                throw Invalid("EmptyScript", "The job has nothing to run; give -Command, -Script or -ScriptPath with some content.");
            }
            if (Name != null)
            {
                NoNul(Name, "-Name");
                if (Name.Length == 0) throw Invalid("EmptyName", "-Name is empty; give a job name or leave -Name out.");
                if (Name.Any(char.IsControl))
                {
                    // SLURM would store the name with the line break and squeue/sacct would show it split or altered.
                    throw Invalid("InvalidJobName", "-Name contains a line break or another control character; give a job name on one line.");
                }
                args.Add("--job-name=" + Name);
            }
            if (Queue != null)
            {
                NoNul(Queue, "-Queue");
                if (Queue.Length == 0 || Queue.Any(c => char.IsWhiteSpace(c) || c == ',' || c == '='))
                {
                    throw Invalid("InvalidQueue", $"'{Queue}' is not a queue name; run Get-HpcQueue to list the queues.");
                }
                if (knownQueues != null && knownQueues.Count > 0 && !knownQueues.Contains(Queue))
                {
                    throw new PcHpcException(ErrorKind.NotFound, "QueueNotFound",
                        $"The cluster has no queue '{Queue}' (it has {string.Join(", ", knownQueues)}); pick one of those for -Queue.") { Target = Queue };
                }
                args.Add("--partition=" + Queue);
            }
            Count(Nodes, "-Nodes", "--nodes=", args);
            Count(NTasks, "-NTasks", "--ntasks=", args);
            Count(CpusPerTask, "-CpusPerTask", "--cpus-per-task=", args);
            Count(MemoryMB, "-MemoryMB", "--mem=", args);
            if (TimeLimit != null)
            {
                args.Add("--time=" + SlurmTime.Format(SlurmTime.Parse(TimeLimit)));
            }
            if (ArgumentList != null && ArgumentList.Count > 0)
            {
                foreach (var a in ArgumentList) NoNul(a ?? throw Invalid("NullArgument", "-ArgumentList contains a null item; remove it."), "-ArgumentList");
                var range = "0-" + (ArgumentList.Count - 1).ToString(CultureInfo.InvariantCulture);
                if (!string.IsNullOrEmpty(ArrayRange))
                {
                    if (!ThrottleOnly.IsMatch(ArrayRange))
                    {
                        throw Invalid("ArrayRangeWithArguments", "-ArgumentList makes one array task per item, so -ArrayRange may only add a limit like '%10'; drop the range.");
                    }
                    range += ArrayRange;
                }
                args.Add("--array=" + range);
            }
            else if (!string.IsNullOrEmpty(ArrayRange))
            {
                if (!ArrayPattern.IsMatch(ArrayRange))
                {
                    throw Invalid("InvalidArrayRange", $"'{ArrayRange}' is not a SLURM array range; use forms like '1-100', '1-100%10', '0-30:3' or '1,5,9'.");
                }
                args.Add("--array=" + ArrayRange);
            }
            if (DependsOn != null && DependsOn.Count > 0)
            {
                var type = string.IsNullOrEmpty(DependencyType) ? "afterok" : DependencyType.ToLowerInvariant();
                if (Array.IndexOf(DependencyTypes, type) < 0)
                {
                    throw Invalid("InvalidDependencyType", $"'{DependencyType}' is not a dependency type; use one of {string.Join(", ", DependencyTypes)}.");
                }
                foreach (var id in DependsOn)
                {
                    if (id == null || !JobIdPattern.IsMatch(id))
                    {
                        throw Invalid("InvalidDependency", $"'{id}' is not a SLURM job id; pass job objects or ids like 123 or 123_4 to -DependsOn.");
                    }
                }
                args.Add("--dependency=" + type + ":" + string.Join(":", DependsOn));
            }
            if (Environment != null)
            {
                foreach (var kv in Environment)
                {
                    if (kv.Key == null || !EnvName.IsMatch(kv.Key))
                    {
                        throw Invalid("InvalidEnvironmentName", $"'{kv.Key}' is not an environment variable name; use letters, digits and underscores, not starting with a digit.");
                    }
                    NoNul(kv.Value ?? string.Empty, "-Environment value of " + kv.Key);
                }
            }
            if (WorkingDirectory != null)
            {
                NoNul(WorkingDirectory, "-WorkingDirectory");
                if (WorkingDirectory.Length == 0) throw Invalid("EmptyWorkingDirectory", "-WorkingDirectory is empty; give a directory on the head node or leave it out.");
                args.Add("--chdir=" + WorkingDirectory);
            }
            return args;
        }

        /// <summary>The variable that tells the job wrapper which directory the job must run in (checked there: SLURM
        /// itself falls back to /tmp when --chdir does not exist).</summary>
        internal const string WorkingDirectoryVariable = "PCHPC_WORKDIR";

        internal byte[] EnvironmentFile()
        {
            var entries = (Environment ?? new List<KeyValuePair<string, string>>()).Where(kv => kv.Key != WorkingDirectoryVariable)
                .Select(kv => kv.Key + "=" + (kv.Value ?? string.Empty)).ToList();
            if (!string.IsNullOrEmpty(WorkingDirectory)) entries.Add(WorkingDirectoryVariable + "=" + WorkingDirectory);
            if (entries.Count == 0) return null;
            return NulList(entries);
        }

        internal byte[] ArgumentFile() => ArgumentList == null || ArgumentList.Count == 0 ? null : NulList(ArgumentList);

        private static byte[] NulList(IEnumerable<string> items)
        {
            var ms = new System.IO.MemoryStream();
            foreach (var item in items)
            {
                var b = Encoding.UTF8.GetBytes(item);
                ms.Write(b, 0, b.Length);
                ms.WriteByte(0);
            }
            return ms.ToArray();
        }

        private static void Count(int? value, string name, string option, List<string> args)
        {
            if (value == null) return;
            if (value.Value < 1)
            {
                throw Invalid("InvalidCount", $"{name} must be 1 or more (got {value.Value}); give a positive number or leave it out.");
            }
            args.Add(option + value.Value.ToString(CultureInfo.InvariantCulture));
        }

        internal static void NoNul(string value, string what)
        {
            if (value != null && value.IndexOf('\0') >= 0)
            {
                throw Invalid("NulCharacter", $"{what} contains a NUL character, which cannot be passed to a job as an argument, name, path or environment value; remove it.");
            }
        }

        private static PcHpcException Invalid(string id, string message) => new PcHpcException(ErrorKind.InvalidArgument, id, message);
    }

    /// <summary>SLURM time limits.</summary>
    public static class SlurmTime
    {
        private static readonly Regex Slurm = new Regex(@"^(?:(?<d>\d+)-(?<h>\d+)(?::(?<m>\d+)(?::(?<s>\d+))?)?|(?<m1>\d+)(?::(?<s1>\d+))?|(?<h2>\d+):(?<m2>\d+):(?<s2>\d+))$", RegexOptions.CultureInvariant);

        /// <summary>Parses minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS, or a TimeSpan string (d.hh:mm:ss); null means unlimited.</summary>
        public static TimeSpan? Parse(string value)
        {
            var v = (value ?? string.Empty).Trim();
            if (v.Equals("UNLIMITED", StringComparison.OrdinalIgnoreCase) || v.Equals("INFINITE", StringComparison.OrdinalIgnoreCase)) return null;
            var m = Slurm.Match(v);
            TimeSpan result;
            if (m.Success)
            {
                int G(string name) => m.Groups[name].Success ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
                if (m.Groups["d"].Success)
                {
                    if (G("h") > 23 || G("m") > 59 || G("s") > 59) throw Bad(value);
                    result = new TimeSpan(G("d"), G("h"), G("m"), G("s"));
                }
                else if (m.Groups["m1"].Success)
                {
                    if (m.Groups["s1"].Success && G("s1") > 59) throw Bad(value);
                    result = TimeSpan.FromMinutes(G("m1")) + TimeSpan.FromSeconds(G("s1"));
                }
                else
                {
                    if (G("m2") > 59 || G("s2") > 59) throw Bad(value);
                    result = new TimeSpan(G("h2"), G("m2"), G("s2"));
                }
            }
            else if (v.IndexOf('.') > 0 && TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out result))
            {
            }
            else
            {
                throw Bad(value);
            }
            if (result <= TimeSpan.Zero) throw Bad(value);
            return result;
        }

        /// <summary>D-HH:MM:SS (or "UNLIMITED").</summary>
        public static string Format(TimeSpan? value)
        {
            if (value == null) return "UNLIMITED";
            var t = value.Value;
            return string.Format(CultureInfo.InvariantCulture, "{0}-{1:00}:{2:00}:{3:00}", t.Days, t.Hours, t.Minutes, t.Seconds + (t.Milliseconds > 0 ? 1 : 0));
        }

        private static PcHpcException Bad(string value) => new PcHpcException(ErrorKind.InvalidArgument, "InvalidTimeLimit",
            $"'{value}' is not a time limit; use minutes ('90'), 'MM:SS', 'HH:MM:SS', 'D-HH', 'D-HH:MM', 'D-HH:MM:SS' or a TimeSpan.");
    }
}
