using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Http;
using PcHpc.Aws.Session;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;
using PcHpc.Core.Jobs;
using PcHpc.FakeAws;

namespace PcHpc.Benchmarks
{
    /// <summary>Sweeps through the SSM transport against the loopback fake AWS and the local SLURM (see Program.cs).</summary>
    internal static class SsmSweep
    {
        private const string Key = "AKIABENCHSSM00000001";
        private const string Secret = "bench/ssm/secret/0000000000000000000001";
        private const string HeadNode = "i-0benchheadnode0001";

        /// <summary>Records stdout of the last call so the reply can be parsed again without the network.</summary>
        private sealed class Recording : IJobTransport
        {
            private readonly IJobTransport _inner;
            public Recording(IJobTransport inner) => _inner = inner;
            public List<RemoteResult> Results { get; } = new List<RemoteResult>();
            public string Description => _inner.Description;
            public int? MaxOutputChars => _inner.MaxOutputChars;
            public async Task<RemoteResult> RunAsync(string s, CancellationToken t) { var r = await _inner.RunAsync(s, t); Results.Add(r); return r; }
        }

        private sealed class Replay : IJobTransport
        {
            private readonly List<RemoteResult> _results;
            private int _next;
            public Replay(List<RemoteResult> results, int? cap) { _results = results; MaxOutputChars = cap; }
            public string Description => "replay";
            public int? MaxOutputChars { get; }
            public Task<RemoteResult> RunAsync(string s, CancellationToken t) => Task.FromResult(_results[_next++ % _results.Count]);
        }

        public static int Run(int tasks, int completeTasks, int cliCalls)
        {
            var aws = FakeAwsServer.StartAsync().GetAwaiter().GetResult();
            var submitted = new List<string>();
            try { return Run(aws, tasks, completeTasks, cliCalls, submitted); }
            finally
            {
                // Every job it submitted is cancelled (a no-op once finished) and its files leave root's job folder, so
                // repeated runs do not pile up jobs in SLURM's table or files on the "head node".
                JobsScale.Cleanup(submitted);
                aws.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        private static int Run(FakeAwsServer aws, int tasks, int completeTasks, int cliCalls, List<string> submitted)
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
            var engine = new JobEngine(recording, target) { PollDelay = n => TimeSpan.FromMilliseconds(500) };
            // Warm up: head-node lookup, ping check, one round trip (not counted).
            engine.GetQueuesAsync(CancellationToken.None).GetAwaiter().GetResult();
            aws.Calls.Clear();

            Console.WriteLine($"== {tasks}-task sweep: submission until SLURM accepted every task ==");
            var items = Enumerable.Range(1, tasks).Select(i => i.ToString()).ToArray();
            var sw = Stopwatch.StartNew();
            var outcome = engine.SubmitAsync(new[] { new JobSpec { Script = Encoding.UTF8.GetBytes("echo $1"), ArgumentList = items, Name = "sweep-ssm" } }, null, CancellationToken.None).GetAwaiter().GetResult().Single();
            var ssmSubmit = sw.Elapsed;
            if (outcome.Error != null) { Console.Error.WriteLine(outcome.Error.Message); return 1; }
            submitted.Add(outcome.Job.Id);
            var sends = aws.Calls.Count("SendCommand");
            var polls = aws.Calls.Count("GetCommandInvocation");
            Console.WriteLine($"PcHpc via SSM : {ssmSubmit.TotalMilliseconds,8:0} ms, {sends} SendCommand, {polls} GetCommandInvocation (array job {outcome.Job.Id})");

            sw.Restart();
            var plainId = Bash($"sbatch --parsable --array=1-{tasks} -J sweep-plain -o /dev/null --wrap 'echo $SLURM_ARRAY_TASK_ID'").Trim();
            var plain = sw.Elapsed;
            submitted.Add(plainId);
            Console.WriteLine($"plain sbatch  : {plain.TotalMilliseconds,8:0} ms (local, no network) → ratio {ssmSubmit.TotalMilliseconds / Math.Max(1, plain.TotalMilliseconds):0.0}x");

            Console.WriteLine($"== Get-HpcJob over the {tasks} tasks ==");
            aws.Calls.Clear();
            recording.Results.Clear();
            sw.Restart();
            var status = engine.GetJobsAsync(new[] { outcome.Job.Id }, CancellationToken.None).GetAwaiter().GetResult();
            var statusWall = sw.Elapsed;
            Console.WriteLine($"status        : {status.Jobs.Count} jobs, {aws.Calls.Count("SendCommand")} SendCommand, {statusWall.TotalMilliseconds:0} ms wall; reply {recording.Results.Sum(r => r.Stdout.Length)} chars in {recording.Results.Count} piece(s)");
            var replay = new JobEngine(new Replay(recording.Results.ToList(), ssm.MaxOutputChars), target);
            for (var i = 0; i < 5; i++) replay.GetJobsAsync(new[] { outcome.Job.Id }, CancellationToken.None).GetAwaiter().GetResult();
            var parse = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                replay = new JobEngine(new Replay(recording.Results.ToList(), ssm.MaxOutputChars), target);
                sw.Restart();
                replay.GetJobsAsync(new[] { outcome.Job.Id }, CancellationToken.None).GetAwaiter().GetResult();
                parse.Add(sw.Elapsed.TotalMilliseconds);
            }
            parse.Sort();
            Console.WriteLine($"client parse  : median {parse[parse.Count / 2]:0.00} ms, max {parse.Last():0.00} ms (decode + gunzip + parse + merge of the recorded reply, 20 runs)");
            Bash($"scancel {int.Parse(outcome.Job.Id)} {int.Parse(plainId)}");

            Console.WriteLine($"== naive: one `aws ssm send-command` per task ({cliCalls} measured) ==");
            var cli = new List<double>();
            for (var i = 0; i < cliCalls; i++)
            {
                sw.Restart();
                var r = Run("aws", $"ssm send-command --region us-east-1 --endpoint-url {aws.Url} --instance-ids {HeadNode} --document-name AWS-RunShellScript --parameters commands=true --output text --query Command.CommandId",
                    new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = Key, ["AWS_SECRET_ACCESS_KEY"] = Secret, ["AWS_DEFAULT_REGION"] = "us-east-1" });
                cli.Add(sw.Elapsed.TotalMilliseconds);
                if (r.Code != 0) { Console.WriteLine("aws CLI failed: " + r.Err.Trim()); break; }
            }
            if (cli.Count > 0)
            {
                var mean = cli.Average();
                Console.WriteLine($"aws CLI       : {mean:0} ms per call (mean of {cli.Count}) → {tasks} calls ≈ {mean * tasks / 1000:0} s (sequential), vs {ssmSubmit.TotalSeconds:0.0} s and {sends} call(s) for PcHpc");
            }

            if (completeTasks <= 0) return 0;
            Console.WriteLine($"== completion of a {completeTasks}-task sweep ==");
            items = Enumerable.Range(1, completeTasks).Select(i => i.ToString()).ToArray();
            sw.Restart();
            var small = engine.SubmitAsync(new[] { new JobSpec { Script = Encoding.UTF8.GetBytes("echo $1"), ArgumentList = items, Name = "sweep-ssm-small" } }, null, CancellationToken.None).GetAwaiter().GetResult().Single();
            submitted.Add(small.Job?.Id);
            var done = engine.WaitAsync(new[] { small.Job.Id }, TimeSpan.FromMinutes(20), false, null, CancellationToken.None).GetAwaiter().GetResult();
            Console.WriteLine($"PcHpc via SSM : {sw.Elapsed.TotalSeconds:0.0} s until all {done.Jobs.Count(j => j.State == JobState.Completed)} completed (submit + Wait polling with backoff)");
            sw.Restart();
            var id = Bash($"sbatch --parsable --array=1-{completeTasks} -J sweep-plain-small -o /dev/null --wrap 'echo $SLURM_ARRAY_TASK_ID'").Trim();
            submitted.Add(id);
            while (Bash($"squeue -h -j {id} 2>/dev/null | wc -l").Trim() != "0") Thread.Sleep(500);
            Console.WriteLine($"plain sbatch  : {sw.Elapsed.TotalSeconds:0.0} s until squeue no longer lists it (polled every 0.5 s)");
            return 0;
        }

        private static (int Code, string Out, string Err) Run(string file, string args, Dictionary<string, string> env)
        {
            var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
            using var p = Process.Start(psi);
            var o = p.StandardOutput.ReadToEnd();
            var e = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, o, e);
        }

        private static string Bash(string script) =>
            new LocalBashTransport().RunAsync(script, CancellationToken.None).GetAwaiter().GetResult().Stdout;
    }
}
