using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;
using PcHpc.Core.Jobs;

namespace PcHpc.Tests.Core.Jobs
{
    /// <summary>
    /// How an array job's tasks are counted when SLURM is busy (issue 16, item 6). The squeue lines are in the driver's
    /// format as captured on the SLURM 22.05 of start-slurm.sh: once a task is split off the array's record to run, SLURM
    /// gives it its own job id (%A: 4505 for task 4388_32); only the task that runs last keeps the array's id.
    /// </summary>
    public sealed class ArrayAccountingTests
    {
        private const char U = '\u001f';

        /// <summary>One squeue -r row of task <paramref name="task"/> of array <paramref name="array"/>; <paramref name="rawId"/> is %A.</summary>
        internal static string TaskRow(int array, int task, int rawId, string state) =>
            $"{array}_{task}{U}{rawId}{U}{task}{U}{state}{U}compute{U}root{U}2026-11-30T06:14:28{U}2026-11-30T06:15:15{U}2026-11-30T06:15:15{U}vm{U}None{U}sweep";

        /// <summary>A finished array as squeue shows it: tasks 0..n-2 ran under new ids, the last one under the array's id.</summary>
        internal static string FinishedArray(int array, int n) =>
            string.Join("\n", Enumerable.Range(0, n).Select(t => TaskRow(array, t, t == n - 1 ? array : array + 1 + t, "COMPLETED"))) + "\n";

        internal static string Markers(int array, IEnumerable<int> tasks) =>
            string.Concat(tasks.Select(t => $"{array}_{t}\t0\t1764483315\t1764483316\t\tc3dlZXA=\tcompute\tvm\troot\n"));

        private static KeyValuePair<string, byte[]> S(string name, string text) => new KeyValuePair<string, byte[]>(name, Encoding.UTF8.GetBytes(text));

        private static JobEngine Engine(IJobTransport transport = null) =>
            new JobEngine(transport ?? new LocalBashTransport(), new JobTarget { Local = true }) { PollDelay = _ => TimeSpan.Zero };

        [Fact]
        public void Finished_array_whose_tasks_scontrol_no_longer_lists_keeps_every_task()
        {
            // The busy-SLURM reply: squeue still lists the 1,000 finished tasks, but by the time the driver ran
            // scontrol, slurmctld had purged them (or scontrol timed out): scontrol has nothing for the array.
            var sections = new List<KeyValuePair<string, byte[]>>
            {
                S("squeue", FinishedArray(5000, 1000) + SlurmParserTests.SqueueLine(7000) + "\n"),
                S("squeue.rc", "0"),
                S("scontrol", string.Empty),
                S("markers", Markers(5000, Enumerable.Range(0, 1000))),
                S("cancelled", string.Empty),
            };
            var result = Engine().Merge(sections, new[] { "5000" });
            Assert.Empty(result.NotFound);
            Assert.Equal(1000, result.Jobs.Count);
            Assert.Equal(Enumerable.Range(0, 1000), result.Jobs.Select(j => j.ArrayTaskId.Value).OrderBy(t => t));
            Assert.All(result.Jobs, j => Assert.Equal("5000", j.ArrayJobId));
            Assert.All(result.Jobs, j => Assert.Equal(JobState.Completed, j.State));
            Assert.All(result.Jobs, j => Assert.Equal(0, j.ExitCode)); // squeue has none: from the markers
        }

        [Fact]
        public void Squeue_task_rows_name_their_array_not_their_own_job_id()
        {
            var jobs = SlurmParsers.ParseSqueue(FinishedArray(4388, 3));
            Assert.Equal(new[] { "4388_0", "4388_1", "4388_2" }, jobs.Select(j => j.Id));
            Assert.All(jobs, j => Assert.Equal("4388", j.ArrayJobId));
            Assert.Equal(new int?[] { 0, 1, 2 }, jobs.Select(j => j.ArrayTaskId));
        }

        [Fact]
        public void Compressed_pending_range_counts_as_its_tasks()
        {
            // squeue without -r (or an older squeue) folds pending tasks into one row: 123_[5-9%2], %K = 5-9%2.
            var range = $"123_[5-9,12%2]{U}123{U}5-9,12%2{U}PENDING{U}compute{U}root{U}2026-11-30T06:14:28{U}N/A{U}N/A{U}{U}JobArrayTaskLimit{U}sweep\n";
            var sections = new List<KeyValuePair<string, byte[]>>
            {
                S("squeue", TaskRow(123, 0, 124, "RUNNING") + "\n" + range),
                S("squeue.rc", "0"),
            };
            var result = Engine().Merge(sections, new[] { "123" });
            Assert.Empty(result.NotFound);
            Assert.Equal(new[] { 0, 5, 6, 7, 8, 9, 12 }, result.Jobs.Select(j => j.ArrayTaskId.Value).OrderBy(t => t));
            Assert.All(result.Jobs, j => Assert.Equal("123", j.ArrayJobId));
            Assert.Equal(6, result.Jobs.Count(j => j.State == JobState.Pending));
        }

        [Fact]
        public void Failed_squeue_is_an_error_not_an_array_of_the_tasks_that_left_markers()
        {
            // slurmctld too busy to answer: squeue and scontrol print nothing; only task 0 has finished (its marker).
            var sections = new List<KeyValuePair<string, byte[]>>
            {
                S("squeue", string.Empty),
                S("squeue.rc", "1"),
                S("squeue.err", "squeue: error: slurm_load_jobs error: Socket timed out on send/recv operation\n"),
                S("scontrol", string.Empty),
                S("markers", Markers(5000, new[] { 0 })),
                S("cancelled", string.Empty),
            };
            var ex = Assert.Throws<PcHpcException>(() => Engine().Merge(sections, new[] { "5000" }));
            Assert.Equal("SqueueFailed", ex.ErrorId);
            Assert.Contains("Socket timed out", ex.Message);
        }

        [Fact]
        public async Task Wait_rides_out_a_busy_squeue_and_returns_the_whole_array()
        {
            var busy = new List<KeyValuePair<string, byte[]>>
            {
                S("squeue", string.Empty), S("squeue.rc", "1"),
                S("squeue.err", "squeue: error: slurm_load_jobs error: Socket timed out on send/recv operation\n"),
                S("scontrol", string.Empty), S("markers", Markers(5000, new[] { 0 })), S("cancelled", string.Empty),
            };
            var done = new List<KeyValuePair<string, byte[]>>
            {
                S("squeue", FinishedArray(5000, 200)), S("squeue.rc", "0"),
                S("scontrol", string.Empty), S("markers", Markers(5000, Enumerable.Range(0, 200))), S("cancelled", string.Empty),
            };
            var transport = new ScriptedTransport(busy, busy, done);
            var result = await Engine(transport).WaitAsync(new[] { "5000" }, TimeSpan.FromMinutes(5), false, null, CancellationToken.None);
            Assert.Equal(3, transport.Calls);
            Assert.Equal(200, result.Jobs.Count);
            Assert.All(result.Jobs, j => Assert.Equal(JobState.Completed, j.State));
        }

        [Fact]
        public void Driver_reports_squeue_exit_status()
        {
            Assert.Contains("squeue.rc", SlurmRemote.DriverScript);
            Assert.Contains("squeue.err", SlurmRemote.DriverScript);
        }

        /// <summary>Answers each call with the next canned driver reply (the last one repeats).</summary>
        private sealed class ScriptedTransport : IJobTransport
        {
            private readonly List<KeyValuePair<string, byte[]>>[] _replies;

            public ScriptedTransport(params List<KeyValuePair<string, byte[]>>[] replies) => _replies = replies;

            public int Calls { get; private set; }
            public string Description => "scripted";
            public int? MaxOutputChars => null;

            public Task<RemoteResult> RunAsync(string bashScript, CancellationToken cancellationToken)
            {
                var sections = _replies[Math.Min(Calls, _replies.Length - 1)];
                Calls++;
                var raw = new MemoryStream();
                foreach (var s in sections)
                {
                    var header = Encoding.UTF8.GetBytes(s.Key + " " + s.Value.Length + "\n");
                    raw.Write(header, 0, header.Length);
                    raw.Write(s.Value, 0, s.Value.Length);
                }
                var gz = new MemoryStream();
                using (var z = new GZipStream(gz, CompressionLevel.Fastest, true)) z.Write(raw.ToArray(), 0, (int)raw.Length);
                var b64 = Convert.ToBase64String(gz.ToArray());
                return Task.FromResult(new RemoteResult(0, "@@PCHPC-BEGIN " + b64.Length + "@@\n" + b64 + "\n@@PCHPC-END@@\n", string.Empty));
            }
        }
    }
}
