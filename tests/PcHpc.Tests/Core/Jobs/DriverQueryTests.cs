using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Jobs;

namespace PcHpc.Tests.Core.Jobs
{
    /// <summary>
    /// The real driver.sh run by bash against stand-in SLURM commands on PATH (they log their arguments and print
    /// canned squeue -O output), so what the driver asks SLURM and what it sends back is checked without a cluster.
    /// </summary>
    public sealed class DriverQueryTests : IDisposable
    {
        private const char U = '\u001f';
        private const long T0 = 1796020000;
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "pchpc-driver-" + Guid.NewGuid().ToString("N"));

        public DriverQueryTests()
        {
            Directory.CreateDirectory(Path.Combine(_dir, "bin"));
            Directory.CreateDirectory(Path.Combine(_dir, "home", "jobs"));
            // squeue.<n> answers the n-th call when present (a job that changes), else squeue.out.
            Tool("squeue", "printf '%s\\n' \"$*\" >> \"$FAKE/squeue.log\"; n=$(wc -l < \"$FAKE/squeue.log\")\n"
                + "if [ -f \"$FAKE/squeue.$n\" ]; then cat \"$FAKE/squeue.$n\"; else cat \"$FAKE/squeue.out\" 2>/dev/null; fi\n"
                + "if [ -f \"$FAKE/squeue.rc\" ]; then echo 'squeue: error: Socket timed out on send/recv operation' >&2; exit 1; fi; exit 0");
            Tool("scontrol", "printf '%s\\n' \"$*\" >> \"$FAKE/scontrol.log\"; exit 1");
            Tool("sbatch", "exit 1");
        }

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private void Tool(string name, string body)
        {
            var path = Path.Combine(_dir, "bin", name);
            File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
            Process.Start("chmod", new[] { "+x", path })!.WaitForExit();
        }

        private string Log(string tool) => File.Exists(Path.Combine(_dir, tool + ".log")) ? File.ReadAllText(Path.Combine(_dir, tool + ".log")) : string.Empty;

        /// <summary>A squeue -O row as SLURM 22.05 prints it with SLURM_TIME_FORMAT=%s (trailing separator included).</summary>
        internal static string Row(string id, string state, int status, long submit, string start, string end, string node, string reason, string name, string user = "ec2-user") =>
            string.Join(U.ToString(), id, state, status.ToString(), "compute", user, submit.ToString(), start, end, node, reason,
                "/home/" + user + "/.pchpc/jobs/%A_%a.out", "/home/" + user + "/.pchpc/jobs/%A_%a.err", name) + U + "\n";

        /// <summary>
        /// A finished sweep on a few nodes: tasks start a few seconds apart and run 1-20 s (seeded, so irregular but the
        /// same every run); every seventh fails with exit 3.
        /// </summary>
        internal static string FinishedSweep(int array, int tasks, int from = 0)
        {
            var random = new Random(array);
            var sb = new StringBuilder();
            var start = T0 + 10;
            for (var t = from; t < from + tasks; t++)
            {
                start += random.Next(0, 4);
                var end = start + random.Next(1, 21);
                var failed = t % 7 == 6;
                sb.Append(Row(array + "_" + t, failed ? "FAILED" : "COMPLETED", failed ? 768 : 0, T0, start.ToString(), end.ToString(), "node" + random.Next(1, 5), failed ? "NonZeroExitCode" : "None", "sweep"));
            }
            return sb.ToString();
        }

        private static (long Start, long End) Times(int array, int task)
        {
            var random = new Random(array);
            var start = T0 + 10;
            long end = 0;
            for (var t = 0; t <= task; t++)
            {
                start += random.Next(0, 4);
                end = start + random.Next(1, 21);
                random.Next(1, 5);
            }
            return (start, end);
        }

        private JobEngine Engine(out CountingBash bash, int? cap = SsmJobTransport.SsmOutputLimit)
        {
            bash = new CountingBash(_dir, cap);
            return new JobEngine(bash, new JobTarget { Local = true }) { PollDelay = _ => TimeSpan.Zero };
        }

        [Fact]
        public async Task Squeue_is_asked_for_the_asked_ids_only_and_an_array_is_covered_by_its_tasks()
        {
            File.WriteAllText(Path.Combine(_dir, "squeue.out"), FinishedSweep(5000, 1000));
            var result = await Engine(out var bash).GetJobsAsync(new[] { "5000" }, CancellationToken.None);
            var call = Log("squeue").Trim();
            Assert.Contains("-j 5000 ", call);
            Assert.DoesNotContain(",", call.Split(new[] { "-j " }, StringSplitOptions.None)[1].Split(' ')[0]);
            Assert.Equal(string.Empty, Log("scontrol")); // the array id is covered by its task rows
            Assert.Equal(1, bash.Calls);
            Assert.Empty(result.NotFound);
            Assert.Equal(Enumerable.Range(0, 1000), result.Jobs.Select(j => j.ArrayTaskId!.Value));
            Assert.All(result.Jobs, j => Assert.Equal("5000", j.ArrayJobId));
            Assert.Equal(JobState.Failed, result.Jobs[6].State);
            Assert.Equal(3, result.Jobs[6].ExitCode);
            Assert.Equal(0, result.Jobs[5].ExitCode);
            Assert.Equal("/home/ec2-user/.pchpc/jobs/5000_5.out", result.Jobs[5].OutputPath);
            var (start, end) = Times(5000, 537);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(start).LocalDateTime, result.Jobs[537].StartTime);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(end).LocalDateTime, result.Jobs[537].EndTime);
        }

        [Fact]
        public async Task Several_ids_go_to_squeue_as_one_list_and_only_the_unknown_one_goes_to_scontrol()
        {
            File.WriteAllText(Path.Combine(_dir, "squeue.out"),
                FinishedSweep(5000, 3) + Row("5003", "RUNNING", 0, T0, (T0 + 1).ToString(), (T0 + 99999).ToString(), "vm", "None", "plain"));
            var result = await Engine(out _).GetJobsAsync(new[] { "5000", "5003", "4242" }, CancellationToken.None);
            Assert.Contains("-j 5000,5003,4242 ", Log("squeue"));
            Assert.Equal("show job -o 4242", Log("scontrol").Trim());
            Assert.Equal(new[] { "4242" }, result.NotFound);
            var running = result.Jobs.Single(j => j.Id == "5003");
            Assert.Equal(JobState.Running, running.State);
            Assert.Null(running.EndTime); // squeue's projected end of a live job is not an end
            Assert.Null(running.ExitCode);
        }

        [Fact]
        public async Task Markers_fill_in_tasks_squeue_forgot_and_never_override_its_rows()
        {
            // Tasks 0-3 were purged (only their markers are left); task 4 is still in squeue, and its marker disagrees.
            File.WriteAllText(Path.Combine(_dir, "squeue.out"), FinishedSweep(5000, 1, 4));
            var jobs = Path.Combine(_dir, "home", "jobs");
            for (var t = 0; t <= 4; t++)
            {
                File.WriteAllText(Path.Combine(jobs, $"5000_{t}.exit"), $"{(t == 2 ? 9 : t == 4 ? 7 : 0)}\t{T0 + t}\t{T0 + t + 5}\t\tc3dlZXA=\tcompute\tvm\tec2-user\n");
            }
            File.WriteAllText(Path.Combine(jobs, "5001_0.exit"), "0\t1\t2\t\t\t\t\t\n"); // another array: never read
            var result = await Engine(out _).GetJobsAsync(new[] { "5000" }, CancellationToken.None);
            Assert.Equal(string.Empty, Log("scontrol"));
            var byTask = result.Jobs.ToDictionary(j => j.ArrayTaskId!.Value);
            Assert.Equal(new[] { 0, 1, 2, 3, 4 }, byTask.Keys.OrderBy(k => k));
            Assert.Equal(JobState.Failed, byTask[2].State);
            Assert.Equal(9, byTask[2].ExitCode);
            Assert.Equal("sweep", byTask[0].Name);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(T0 + 3 + 5).LocalDateTime, byTask[3].EndTime);
            Assert.Equal(0, byTask[4].ExitCode); // squeue's row wins over the marker
        }

        [Fact]
        public async Task Five_thousand_finished_tasks_fit_one_answer_under_SSMs_cut()
        {
            File.WriteAllText(Path.Combine(_dir, "squeue.out"), FinishedSweep(7000, 5000));
            var result = await Engine(out var bash).GetJobsAsync(new[] { "7000" }, CancellationToken.None);
            Assert.Equal(1, bash.Calls);
            Assert.Equal(5000, result.Jobs.Count);
            Assert.True(bash.LastStdoutLength <= SsmJobTransport.SsmOutputLimit);
        }

        [Fact]
        public async Task A_reply_above_the_cut_is_read_in_pieces_and_still_whole()
        {
            File.WriteAllText(Path.Combine(_dir, "squeue.out"), FinishedSweep(7000, 3000));
            var result = await Engine(out var bash, cap: 4000).GetJobsAsync(new[] { "7000" }, CancellationToken.None);
            Assert.True(bash.Calls > 1);
            Assert.Equal(3000, result.Jobs.Count);
            Assert.Equal(Enumerable.Range(0, 3000), result.Jobs.Select(j => j.ArrayTaskId!.Value));
        }

        [Fact]
        public async Task Wait_polls_on_the_head_node_within_one_call()
        {
            var running = Row("6000", "RUNNING", 0, T0, (T0 + 1).ToString(), (T0 + 9999).ToString(), "vm", "None", "long");
            File.WriteAllText(Path.Combine(_dir, "squeue.1"), running);
            File.WriteAllText(Path.Combine(_dir, "squeue.2"), running);
            File.WriteAllText(Path.Combine(_dir, "squeue.out"), Row("6000", "FAILED", 3 << 8, T0, (T0 + 1).ToString(), (T0 + 5).ToString(), "vm", "NonZeroExitCode", "long"));
            var result = await Engine(out var bash).WaitAsync(new[] { "6000" }, TimeSpan.FromMinutes(10), false, null, CancellationToken.None);
            Assert.Equal(1, bash.Calls);
            Assert.Equal(3, Log("squeue").Trim().Split('\n').Length);
            Assert.Equal(JobState.Failed, result.Jobs.Single().State);
            Assert.Equal(3, result.Jobs.Single().ExitCode);
        }

        [Fact]
        public async Task Wait_with_a_timeout_makes_a_few_calls_not_a_poll_per_moment()
        {
            // The client would look every second; the head node's wait makes most of the 12 s one call (the client
            // looks itself only in the last seconds, where the driver's growing pause would overshoot).
            File.WriteAllText(Path.Combine(_dir, "squeue.out"), Row("6001", "RUNNING", 0, T0, (T0 + 1).ToString(), (T0 + 9999).ToString(), "vm", "None", "long"));
            var engine = Engine(out var bash);
            engine.PollDelay = _ => TimeSpan.FromSeconds(1);
            var ex = await Assert.ThrowsAsync<PcHpc.Core.Errors.PcHpcException>(() => engine.WaitAsync(new[] { "6001" }, TimeSpan.FromSeconds(12), false, null, CancellationToken.None));
            Assert.Equal("WaitTimedOut", ex.ErrorId);
            Assert.InRange(bash.Calls, 1, 6);
            Assert.True(Log("squeue").Trim().Split('\n').Length >= bash.Calls + 3, "the head node polled squeue itself");
        }

        private void OldFiles(string jobs, int daysAgo, params string[] names)
        {
            foreach (var name in names)
            {
                var path = Path.Combine(jobs, name);
                if (name.StartsWith("sub/", StringComparison.Ordinal)) Directory.CreateDirectory(path); else File.WriteAllText(path, "x");
                Directory.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-daysAgo));
                if (!name.StartsWith("sub/", StringComparison.Ordinal)) File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-daysAgo));
            }
        }

        private async Task SubmitNothing(int retentionDays)
        {
            var request = new RemoteRequest("SUBMIT");
            request.Fields.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(SlurmRemote.WrapperScript)));
            request.Fields.Add("0");
            request.Fields.Add(retentionDays.ToString());
            await new SlurmRemote(new CountingBash(_dir, null), new JobTarget { Local = true }).CallAsync(request, CancellationToken.None);
        }

        private string[] Left(string jobs) =>
            Directory.EnumerateFileSystemEntries(jobs).Concat(Directory.EnumerateDirectories(Path.Combine(jobs, "sub")))
                .Select(p => Path.GetRelativePath(jobs, p)).Where(p => p != "sub" && !p.StartsWith(".", StringComparison.Ordinal) && p != "wrapper.sh").OrderBy(p => p, StringComparer.Ordinal).ToArray();

        [Fact]
        public async Task Head_node_files_of_jobs_SLURM_forgot_go_after_the_retention_and_nothing_else()
        {
            var jobs = Path.Combine(_dir, "home", "jobs");
            Directory.CreateDirectory(Path.Combine(jobs, "sub"));
            OldFiles(jobs, 40, "100.out", "100.err", "100.exit", "101_0.out", "101_1.exit", "101.cancelled", "102_3.out", "102_3.exit", "sub/aaa", "sub/bbb", "sub/ccc");
            File.WriteAllText(Path.Combine(jobs, "sub", "aaa", "jobid"), "100\n");
            File.WriteAllText(Path.Combine(jobs, "sub", "bbb", "jobid"), "102\n");
            Directory.SetLastWriteTimeUtc(Path.Combine(jobs, "sub", "aaa"), DateTime.UtcNow.AddDays(-40));
            Directory.SetLastWriteTimeUtc(Path.Combine(jobs, "sub", "bbb"), DateTime.UtcNow.AddDays(-40));
            OldFiles(jobs, 2, "103.out", "103.exit", "sub/ddd");
            File.WriteAllText(Path.Combine(_dir, "squeue.out"), "102_[3-9]\n"); // SLURM still knows array 102
            await SubmitNothing(30);
            Assert.Equal(new[] { "102_3.exit", "102_3.out", "103.exit", "103.out", "sub/bbb", "sub/ddd" }, Left(jobs));
            Assert.Contains("-j 100,101,102 ", Log("squeue"));
            OldFiles(jobs, 40, "104.out");
            await SubmitNothing(30); // once a day at most
            Assert.Contains("104.out", Left(jobs));
        }

        [Fact]
        public async Task Head_node_files_all_go_when_SLURM_knows_none_of_their_jobs()
        {
            var jobs = Path.Combine(_dir, "home", "jobs");
            Directory.CreateDirectory(Path.Combine(jobs, "sub"));
            OldFiles(jobs, 40, "100.out", "101_0.exit", "sub/aaa");
            File.WriteAllText(Path.Combine(jobs, "sub", "aaa", "jobid"), "100\n");
            Directory.SetLastWriteTimeUtc(Path.Combine(jobs, "sub", "aaa"), DateTime.UtcNow.AddDays(-40));
            File.WriteAllText(Path.Combine(_dir, "squeue.out"), string.Empty);
            await SubmitNothing(30);
            Assert.Empty(Left(jobs));
        }

        [Fact]
        public async Task Head_node_files_stay_when_squeue_cannot_answer_or_retention_is_zero()
        {
            var jobs = Path.Combine(_dir, "home", "jobs");
            Directory.CreateDirectory(Path.Combine(jobs, "sub"));
            OldFiles(jobs, 40, "100.out", "100.exit");
            await SubmitNothing(0);
            Assert.Equal(new[] { "100.exit", "100.out" }, Left(jobs));
            File.WriteAllText(Path.Combine(_dir, "squeue.rc"), "1");
            await SubmitNothing(30);
            Assert.Equal(new[] { "100.exit", "100.out" }, Left(jobs));
        }

        /// <summary>bash with the stand-in SLURM first on PATH and the jobs folder in the test's directory.</summary>
        private sealed class CountingBash : IJobTransport
        {
            private readonly string _dir;

            public CountingBash(string dir, int? cap)
            {
                _dir = dir;
                MaxOutputChars = cap;
            }

            public int Calls { get; private set; }
            public int LastStdoutLength { get; private set; }
            public string Description => "test bash";
            public int? MaxOutputChars { get; }

            public async Task<RemoteResult> RunAsync(string bashScript, CancellationToken cancellationToken)
            {
                Calls++;
                var psi = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                psi.Environment["PATH"] = Path.Combine(_dir, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
                psi.Environment["FAKE"] = _dir;
                psi.Environment["PCHPC_JOBS_BASE"] = Path.Combine(_dir, "home");
                using var p = Process.Start(psi)!;
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEndAsync();
                await p.StandardInput.WriteAsync(bashScript);
                p.StandardInput.Close();
                var output = await stdout;
                var error = await stderr;
                p.WaitForExit();
                if (MaxOutputChars.HasValue && output.Length > MaxOutputChars.Value) output = output.Substring(0, MaxOutputChars.Value);
                LastStdoutLength = output.Length;
                return new RemoteResult(p.ExitCode, output, error);
            }
        }
    }
}
