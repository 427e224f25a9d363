using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Http;
using PcHpc.Aws.Session;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;
using PcHpc.Core.Jobs;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;
using PcHpc.FakeAws;

namespace PcHpc.Benchmarks
{
    /// <summary>
    /// Issue 15 figures (see Program.cs): P2 Get-HpcJob over an array among unrelated jobs, P6 SSM calls per minute of
    /// a Wait, P5 Get-HpcJob -Id and completion at 100 vs 10,000 job records. Everything it submits is cancelled and
    /// its job files removed at the end, also when it fails.
    /// </summary>
    internal static class JobsScale
    {
        private const string Key = "AKIABENCHSCALE000001";
        private const string Secret = "bench/scale/secret/000000000000000000001";
        private const string HeadNode = "i-0benchscalenode001";
        private const string Tag = "pchpc-bench-scale";

        public static int Run(int tasks, int unrelated, int waitSeconds)
        {
            var aws = FakeAwsServer.StartAsync().GetAwaiter().GetResult();
            var submitted = new List<string>();
            try
            {
                return Run(aws, tasks, unrelated, waitSeconds, submitted);
            }
            finally
            {
                Cleanup(submitted);
                aws.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        private static int Run(FakeAwsServer aws, int tasks, int unrelated, int waitSeconds, List<string> submitted)
        {
            aws.Knobs.SigningSecrets[Key] = Secret;
            aws.Ssm.RegisterInstance(HeadNode, "us-east-1");
            aws.Ec2.AddInstance(new FakeInstance
            {
                InstanceId = HeadNode, Region = "us-east-1",
                Tags = new List<KeyValuePair<string, string>> { new("parallelcluster:cluster-name", "bench"), new("parallelcluster:node-type", "HeadNode"), new("parallelcluster:attributes", "alinux2023, slurm, 3.12.0") },
            });
            var session = new AwsSessionFactory(null, new AwsHttpClient()).Create(new AwsConnectionOptions { AccessKey = Key, SecretKey = Secret, Region = "us-east-1", EndpointUrl = aws.Url.ToString() }, null);
            var target = new JobTarget { ClusterName = "bench", Region = "us-east-1", RunAsUser = "root" };
            var locator = new ClusterHeadNodeLocator(session.Ec2, null);
            var ssm = new SsmJobTransport(session.Ssm, target, t => locator.LocateAsync("bench", "us-east-1", t));
            var recording = new Recording(ssm);
            var engine = new JobEngine(recording, target);
            engine.GetQueuesAsync(CancellationToken.None).GetAwaiter().GetResult(); // warm-up: head node lookup, ping check

            Console.WriteLine($"== P2: Get-HpcJob over a {tasks}-task array with {unrelated} unrelated rows on the cluster ==");
            // The unrelated rows: another user's held (pending) array; the measured array waits on a held gate job.
            var other = Bash($"runuser -u nobody -- sbatch --parsable --hold -J {Tag}-other --array=0-{unrelated - 1} -o /dev/null --wrap true 2>&1").Trim();
            var gate = Bash($"sbatch --parsable --hold -J {Tag}-gate -o /dev/null --wrap true").Trim();
            submitted.Add(other);
            submitted.Add(gate);
            var items = Enumerable.Range(1, tasks).Select(i => i.ToString()).ToArray();
            var array = engine.SubmitAsync(new[] { new JobSpec { Script = Encoding.UTF8.GetBytes("echo $1"), ArgumentList = items, Name = Tag, DependsOn = new[] { gate } } }, null, CancellationToken.None)
                .GetAwaiter().GetResult().Single();
            if (array.Error != null) { Console.Error.WriteLine(array.Error.Message); return 1; }
            submitted.Add(array.Job.Id);
            var rows = Bash("squeue -h -a -r -t all | wc -l").Trim();
            aws.Calls.Clear();
            recording.Results.Clear();
            var sw = Stopwatch.StartNew();
            var status = engine.GetJobsAsync(new[] { array.Job.Id }, CancellationToken.None).GetAwaiter().GetResult();
            var wall = sw.Elapsed;
            Console.WriteLine($"cluster rows  : {rows} in squeue -a -r -t all (other user's held array {other}: {unrelated} tasks)");
            Console.WriteLine($"Get-HpcJob    : {status.Jobs.Count} tasks, {aws.Calls.Count("SendCommand")} SendCommand, {aws.Calls.Count("GetCommandInvocation")} GetCommandInvocation, {wall.TotalMilliseconds:0} ms wall; reply {recording.Results.Sum(r => r.Stdout.Length)} chars");
            Console.WriteLine($"client parse  : median {ParseMs(recording.Results, target, array.Job.Id, ssm.MaxOutputChars):0.00} ms (base64 + gunzip + rows + merge, 20 runs)");
            var big = Bash($"sbatch --parsable --hold -J {Tag}-5000 --array=0-4999 -o /dev/null --wrap true").Trim();
            submitted.Add(big);
            aws.Calls.Clear();
            recording.Results.Clear();
            var bigStatus = engine.GetJobsAsync(new[] { big }, CancellationToken.None).GetAwaiter().GetResult();
            Console.WriteLine($"5,000 tasks   : {bigStatus.Jobs.Count} tasks, {aws.Calls.Count("SendCommand")} SendCommand; reply {recording.Results.Sum(r => r.Stdout.Length)} chars (SSM cut: {SsmJobTransport.SsmOutputLimit})");
            Bash($"scancel {other} {gate} {big} {array.Job.Id}");

            Console.WriteLine($"== P6: SSM calls during Wait-HpcJob on a job of {waitSeconds} s ==");
            var sleeper = engine.SubmitAsync(new[] { new JobSpec { Script = Encoding.UTF8.GetBytes("sleep " + waitSeconds), Name = Tag + "-wait" } }, null, CancellationToken.None).GetAwaiter().GetResult().Single();
            if (sleeper.Error != null) { Console.Error.WriteLine(sleeper.Error.Message); return 1; }
            submitted.Add(sleeper.Job.Id);
            aws.Calls.Clear();
            sw.Restart();
            var done = engine.WaitAsync(new[] { sleeper.Job.Id }, TimeSpan.FromMinutes(30), false, null, CancellationToken.None).GetAwaiter().GetResult();
            var minutes = sw.Elapsed.TotalMinutes;
            var sends = aws.Calls.Count("SendCommand");
            var polls = aws.Calls.Count("GetCommandInvocation");
            Console.WriteLine($"Wait-HpcJob   : {done.Jobs.Single().State} after {sw.Elapsed.TotalSeconds:0.0} s: {sends} SendCommand ({sends / minutes:0.0}/min), {polls} GetCommandInvocation ({polls / minutes:0.0}/min)");

            Console.WriteLine("== P5: Get-HpcJob -Id and -Id completion at 100 vs 10,000 job records ==");
            foreach (var n in new[] { 100, 10000 }) Records(n);
            return 0;
        }

        private static double ParseMs(List<RemoteResult> results, JobTarget target, string id, int? cap)
        {
            var times = new List<double>();
            for (var i = 0; i < 25; i++)
            {
                var replay = new JobEngine(new Replay(results.ToList(), cap), target);
                var sw = Stopwatch.StartNew();
                replay.GetJobsAsync(new[] { id }, CancellationToken.None).GetAwaiter().GetResult();
                if (i >= 5) times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            return times[times.Count / 2];
        }

        private static void Records(int count)
        {
            var root = Path.Combine(Path.GetTempPath(), "pchpc-bench-records-" + Guid.NewGuid().ToString("N"));
            try
            {
                var store = StateStore.Open(root);
                Directory.CreateDirectory(store.Jobs.Directory);
                var start = DateTimeOffset.UtcNow.AddDays(-5);
                for (var i = 0; i < count; i++)
                {
                    var r = new JobRecord { Region = "us-east-1", ClusterName = "bench", JobId = (100000 + i).ToString(), Name = "job" + i, State = "COMPLETED", ExitCode = "0:0", SubmitTime = start.AddSeconds(i), SchemaVersion = StateStore.SchemaVersion };
                    File.WriteAllBytes(store.Jobs.PathFor(r.GetKey()), JsonSerializer.SerializeToUtf8Bytes(r, StateStore.JsonOptions));
                }
                var id = (100000 + count / 2).ToString();
                var reply = Frame(("rows", $"=Q\u001f={id}\u001f=COMPLETED\u001f=0\u001f=compute\u001f=root\u001f=1796020000\u001f=1796020001\u001f=1796020002\u001f=vm\u001f=None\u001f\u001f\u001f=job\n"), ("squeue.rc", "0"));
                var target = new JobTarget { ClusterName = "bench", Region = "us-east-1" };
                var engine = new JobEngine(new Replay(new List<RemoteResult> { reply }, null), target) { Recorder = new JobRecorder(store) };
                JobRecorder.Candidates(store, "bench", "1"); // builds the index once (as the first submit would)
                var get = Median(() => engine.GetJobsAsync(new[] { id }, CancellationToken.None).GetAwaiter().GetResult());
                var complete = Median(() => JobRecorder.Candidates(store, "bench", id.Substring(0, 3)));
                var list = Median(() => store.Jobs.List(), 3);
                Console.WriteLine($"{count,6} records: Get-HpcJob -Id (engine + record lookup, canned reply) {get:0.00} ms, -Id completion {complete:0.00} ms; full listing (the old way, both) {list:0.0} ms");
            }
            finally
            {
                try { Directory.Delete(root, true); } catch (IOException) { }
            }
        }

        private static double Median(Action action, int runs = 21)
        {
            action();
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var sw = Stopwatch.StartNew();
                action();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            return times[times.Count / 2];
        }

        private static RemoteResult Frame(params (string Name, string Text)[] sections)
        {
            var raw = new MemoryStream();
            foreach (var (name, text) in sections)
            {
                var body = Encoding.UTF8.GetBytes(text);
                var header = Encoding.UTF8.GetBytes(name + " " + body.Length + "\n");
                raw.Write(header, 0, header.Length);
                raw.Write(body, 0, body.Length);
            }
            var gz = new MemoryStream();
            using (var z = new GZipStream(gz, CompressionLevel.Fastest, true)) z.Write(raw.ToArray(), 0, (int)raw.Length);
            var b64 = Convert.ToBase64String(gz.ToArray());
            return new RemoteResult(0, "@@PCHPC-BEGIN " + b64.Length + "@@\n" + b64 + "\n@@PCHPC-END@@\n", string.Empty);
        }

        /// <summary>Cancels what the run submitted and removes those jobs' files from root's PcHpc job folder.</summary>
        internal static void Cleanup(IEnumerable<string> ids)
        {
            var list = ids.Where(i => !string.IsNullOrEmpty(i) && i.All(char.IsDigit)).ToList();
            if (list.Count == 0) return;
            Bash("scancel " + string.Join(" ", list) + " 2>/dev/null; sleep 1");
            RemoveJobFiles(list);
        }

        internal static void RemoveJobFiles(IList<string> ids)
        {
            var state = "/root/.pchpc/jobs";
            if (!Directory.Exists(state)) return;
            var set = new HashSet<string>(ids);
            foreach (var file in Directory.EnumerateFiles(state))
            {
                var name = Path.GetFileName(file);
                var id = name.Split('.', '_')[0];
                if (set.Contains(id)) File.Delete(file);
            }
            var sub = Path.Combine(state, "sub");
            if (!Directory.Exists(sub)) return;
            foreach (var dir in Directory.EnumerateDirectories(sub))
            {
                var jobid = Path.Combine(dir, "jobid");
                if (File.Exists(jobid) && set.Contains(File.ReadAllText(jobid).Trim())) Directory.Delete(dir, true);
            }
        }

        internal static string Bash(string script) =>
            new LocalBashTransport().RunAsync(script, CancellationToken.None).GetAwaiter().GetResult().Stdout;

        internal sealed class Recording : IJobTransport
        {
            private readonly IJobTransport _inner;
            public Recording(IJobTransport inner) => _inner = inner;
            public List<RemoteResult> Results { get; } = new List<RemoteResult>();
            public string Description => _inner.Description;
            public int? MaxOutputChars => _inner.MaxOutputChars;
            public async Task<RemoteResult> RunAsync(string s, CancellationToken t) { var r = await _inner.RunAsync(s, t); Results.Add(r); return r; }
        }

        internal sealed class Replay : IJobTransport
        {
            private readonly List<RemoteResult> _results;
            private int _next;
            public Replay(List<RemoteResult> results, int? cap) { _results = results; MaxOutputChars = cap; }
            public string Description => "replay";
            public int? MaxOutputChars { get; }
            public Task<RemoteResult> RunAsync(string s, CancellationToken t) => Task.FromResult(_results[_next++ % _results.Count]);
        }
    }
}
