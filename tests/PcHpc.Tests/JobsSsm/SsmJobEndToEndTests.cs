using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using PcHpc.Cmdlets;
using PcHpc.Core.Slurm;
using PcHpc.Core.State.Records;
using PcHpc.Tests.Slurm;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.JobsSsm
{
    /// <summary>
    /// The job cmdlets with -ClusterName demo -Region us-east-1: production session factory → loopback fake AWS
    /// (EC2 head-node lookup, SSM Run Command that really runs bash) → runuser → the real local SLURM.
    /// </summary>
    [Collection("Slurm")]
    public sealed class SsmJobEndToEndTests : IAsyncLifetime
    {
        private readonly SlurmFixture _fixture;
        private SsmJobKit _kit;
        private string _dir;

        public SsmJobEndToEndTests(SlurmFixture fixture) => _fixture = fixture;

        public async Task InitializeAsync()
        {
            _kit = await SsmJobKit.StartAsync();
            _dir = Path.Combine(Path.GetTempPath(), "pchpc-ssmjob-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        public async Task DisposeAsync()
        {
            await _kit.DisposeAsync();
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private void RequireStarted() => Assert.True(_fixture.Started, "start-slurm.sh failed: " + _fixture.StartOutput);

        private Job Submit(InvokeHpcJob cmdlet)
        {
            var host = CmdletRunner.Run(_kit.On(cmdlet));
            Assert.Empty(host.Errors);
            return Assert.IsType<Job>(Assert.Single(host.Output));
        }

        private List<Job> Wait(params Job[] jobs)
        {
            var host = JobBinder.RunWithInput(_kit.Wire(new WaitHpcJob { Timeout = 240 }), jobs);
            Assert.Empty(host.Errors);
            return host.Output.Cast<Job>().ToList();
        }

        [SlurmFact]
        public void Submit_wait_receive_through_SSM_runs_as_the_login_user_and_records_the_job()
        {
            RequireStarted();
            var job = Submit(new InvokeHpcJob { Command = "echo \"hello $(id -un) from $SLURM_JOB_ID\"; echo oops >&2", Name = "ssm-hello" });
            Assert.Equal("demo", job.ClusterName);
            Assert.Equal("us-east-1", job.Region);
            Assert.False(job.Local);

            // The command SSM ran: AWS-RunShellScript to the head node (found by its ParallelCluster tags), through
            // runuser -l, the user and the script as base64 only.
            var invocation = _kit.Aws.Ssm.Invocations.First();
            Assert.Equal(SsmJobKit.HeadNodeId, invocation.InstanceId);
            Assert.Equal("AWS-RunShellScript", invocation.DocumentName);
            Assert.Contains("PcHpc", invocation.Comment);
            var send = _kit.Aws.Calls.All.First(c => c.Action == "SendCommand");
            Assert.Contains("runuser -l", send.Body);
            Assert.DoesNotContain("hello", send.Body);
            Assert.DoesNotContain("ssm-hello", send.Body);
            Assert.Contains("executionTimeout", send.Body);
            Assert.True(_kit.Aws.Calls.Count("DescribeInstances") >= 1);

            // The job record: submitted through SSM command <id>.
            var record = _kit.Store.Jobs.TryGet(JobRecord.KeyFor("us-east-1", "demo", job.Id));
            Assert.NotNull(record);
            Assert.Equal("ssm-hello", record.Name);
            Assert.Equal("PENDING", record.State);
            Assert.Equal(invocation.CommandId, record.SubmitCommandId);
            // ... and the head node it found is cached for the next command.
            var cluster = _kit.Store.Clusters.TryGet(ClusterRecord.KeyFor("us-east-1", "demo"));
            Assert.Equal(SsmJobKit.HeadNodeId, cluster.HeadNodeInstanceId);
            Assert.Equal("alinux2023", cluster.Os);

            var describesBefore = _kit.Aws.Calls.Count("DescribeInstances");
            var done = Assert.Single(Wait(job));
            Assert.Equal(JobState.Completed, done.State);
            Assert.Equal(0, done.ExitCode);
            Assert.Equal(describesBefore, _kit.Aws.Calls.Count("DescribeInstances")); // head node from the store
            record = _kit.Store.Jobs.TryGet(JobRecord.KeyFor("us-east-1", "demo", job.Id));
            Assert.Equal("COMPLETED", record.State);
            Assert.Equal("0:0", record.ExitCode);

            var received = JobBinder.RunWithInput(_kit.Wire(new ReceiveHpcJob()), new[] { done });
            var output = Assert.IsType<JobOutput>(Assert.Single(received.Output));
            Assert.Equal("hello root from " + job.Id + "\n", output.Output);
            Assert.Equal("oops\n", output.Error);
        }

        [SlurmFact]
        public void Exit_codes_array_and_dependency_through_SSM()
        {
            RequireStarted();
            var marker = Path.Combine(_dir, "first");
            var three = Submit(new InvokeHpcJob { Command = "exit 3" });
            var first = Submit(new InvokeHpcJob { Command = "sleep 1; touch '" + marker + "'" });
            var second = Submit(new InvokeHpcJob { Command = "test -f '" + marker + "'", DependsOn = new object[] { first } });
            var array = Submit(new InvokeHpcJob { Script = "printf '%s' \"$1\"", ArgumentList = new[] { "a b", "c'd", "e\"f" } });
            var all = Wait(three, second, array);
            Assert.Equal(3, all.Single(j => j.Id == three.Id).ExitCode);
            Assert.Equal(JobState.Failed, all.Single(j => j.Id == three.Id).State);
            Assert.Equal(JobState.Completed, all.Single(j => j.Id == second.Id).State);
            var tasks = all.Where(j => j.ArrayJobId == array.Id).OrderBy(j => j.ArrayTaskId).ToList();
            Assert.Equal(3, tasks.Count);
            var outputs = JobBinder.RunWithInput(_kit.Wire(new ReceiveHpcJob()), new[] { array }).Output.Cast<JobOutput>().OrderBy(o => o.Id).Select(o => o.Output);
            Assert.Equal(new[] { "a b", "c'd", "e\"f" }, outputs);
            Assert.Equal("FAILED", _kit.Store.Jobs.TryGet(JobRecord.KeyFor("us-east-1", "demo", three.Id)).State);
            Assert.Equal("3:0", _kit.Store.Jobs.TryGet(JobRecord.KeyFor("us-east-1", "demo", three.Id)).ExitCode);
        }

        [SlurmFact]
        public void Output_larger_than_SSMs_24000_character_cut_arrives_whole_in_pieces()
        {
            RequireStarted();
            var job = Submit(new InvokeHpcJob { Command = "head -c 120000 /dev/urandom | base64 -w 100; printf 'end\\n'" });
            Wait(job);
            var before = _kit.SendCommands;
            var received = JobBinder.RunWithInput(_kit.Wire(new ReceiveHpcJob()), new[] { job });
            var output = Assert.IsType<JobOutput>(Assert.Single(received.Output));
            Assert.Equal(File.ReadAllText("/root/.pchpc/jobs/" + job.Id + ".out"), output.Output);
            Assert.True(output.Output.Length > 150000);
            Assert.True(_kit.SendCommands - before > 2, "a reply far above 24,000 characters needs follow-up fetches");
            // Every single SSM reply stayed under the cut.
            Assert.All(_kit.Aws.Ssm.Invocations, i => Assert.True(i.StandardOutput.Length <= 24000, "stdout of " + i.CommandId + " was " + i.StandardOutput.Length));
        }

        [SlurmFact]
        public void Cancel_then_status_of_a_long_finished_job_through_SSM()
        {
            RequireStarted();
            var sleeper = Submit(new InvokeHpcJob { Command = "sleep 300" });
            var stop = JobBinder.RunWithInput(_kit.Wire(new StopHpcJob { ForceFlag = true }), new[] { sleeper });
            Assert.Empty(stop.Errors);
            Assert.Equal(JobState.Cancelled, Assert.Single(Wait(sleeper)).State);

            var gone = Submit(new InvokeHpcJob { Command = "exit 7", Name = "gone" });
            Wait(gone);
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && SlurmKnows(gone.Id)) System.Threading.Thread.Sleep(500);
            Assert.False(SlurmKnows(gone.Id), "slurmctld still knows the job");
            var host = CmdletRunner.Run(_kit.On(new GetHpcJob { Id = new[] { gone.Id } }));
            var found = Assert.IsType<Job>(Assert.Single(host.Output));
            Assert.Equal(JobState.Failed, found.State);
            Assert.Equal(7, found.ExitCode);
            Assert.Equal("gone", found.Name);
        }

        private static bool SlurmKnows(string id)
        {
            var r = new LocalBashTransport().RunAsync("scontrol show job " + int.Parse(id) + " >/dev/null 2>&1 && echo yes", default).GetAwaiter().GetResult();
            return r.Stdout.Contains("yes");
        }

        [SlurmFact]
        public void Hundred_piped_submissions_take_at_most_two_SendCommands_and_Get_for_all_takes_one()
        {
            RequireStarted();
            var input = Enumerable.Range(0, 100).Select(i => (object)new { Command = "exit 0", Name = "batch" + i, ClusterName = "demo", Region = "us-east-1" }).ToList();
            var before = _kit.SendCommands;
            var host = JobBinder.RunWithInput(_kit.Wire(new InvokeHpcJob()), input);
            Assert.Empty(host.Errors);
            Assert.Equal(100, host.Output.Count);
            Assert.InRange(_kit.SendCommands - before, 1, 2);
            var jobs = host.Output.Cast<Job>().ToList();
            Assert.Equal(100, _kit.Store.Jobs.List().Count(r => r.Name != null && r.Name.StartsWith("batch", StringComparison.Ordinal)));

            before = _kit.SendCommands;
            var get = JobBinder.RunWithInput(_kit.Wire(new GetHpcJob()), jobs);
            Assert.Equal(1, _kit.SendCommands - before);
            Assert.Equal(100, get.Output.Count);
            Assert.Equal(jobs.Select(j => j.Id).OrderBy(x => x), get.Output.Cast<Job>().Select(j => j.Id).OrderBy(x => x));
        }

        [SlurmFact]
        public void Hostile_inputs_through_SSM_reach_the_job_byte_for_byte_and_nothing_injected_runs()
        {
            RequireStarted();
            var canaryDir = Path.Combine(_dir, "canary");
            Directory.CreateDirectory(canaryDir);
            var corpus = HostileCorpus.Build(canaryDir);
            var outDir = Path.Combine(_dir, "out");
            Directory.CreateDirectory(outDir);
            var env = new Hashtable();
            for (var i = 0; i < corpus.Count; i++) env["HOSTILE_" + i] = corpus[i];
            env["OUT"] = outDir;
            var array = Submit(new InvokeHpcJob
            {
                Script = "v=HOSTILE_$SLURM_ARRAY_TASK_ID\nprintf %s \"$1\" > \"$OUT/arg.$SLURM_ARRAY_TASK_ID\"\nprintf %s \"${!v}\" > \"$OUT/env.$SLURM_ARRAY_TASK_ID\"\n",
                ArgumentList = corpus.ToArray(),
                Environment = env,
                Name = "hostile-args",
            });
            var input = new List<object>();
            for (var i = 0; i < corpus.Count; i++)
            {
                var item = corpus[i];
                var nameOk = item.Length > 0 && item.Length <= 200 && item.Trim().Length > 0 && item.All(c => c >= ' ' && c != '\x7f');
                input.Add(new
                {
                    Script = "printf %s \"$SLURM_JOB_NAME\" > \"" + outDir + "/name." + i + "\"\nexit 0\n" + item,
                    Name = nameOk ? item : "hostile-" + i,
                    ClusterName = "demo",
                    Region = "us-east-1",
                });
            }
            var host = JobBinder.RunWithInput(_kit.Wire(new InvokeHpcJob()), input);
            Assert.Empty(host.Errors);
            var finished = Wait(host.Output.Cast<Job>().Append(array).ToArray());
            Assert.All(finished, j => Assert.Equal(JobState.Completed, j.State));
            var utf8 = new UTF8Encoding(false);
            for (var i = 0; i < corpus.Count; i++)
            {
                var expected = utf8.GetBytes(corpus[i]);
                Assert.True(expected.SequenceEqual(File.ReadAllBytes(Path.Combine(outDir, "arg." + i))), "argument " + i);
                Assert.True(expected.SequenceEqual(File.ReadAllBytes(Path.Combine(outDir, "env." + i))), "environment " + i);
                var name = (string)input[i].GetType().GetProperty("Name").GetValue(input[i]);
                Assert.Equal(name, File.ReadAllText(Path.Combine(outDir, "name." + i), utf8));
            }
            Assert.Empty(Directory.GetFiles(canaryDir));
            // The corpus is several hundred KB: the requests went in staged pieces, each under the per-request bound.
            Assert.All(_kit.Aws.Calls.All.Where(c => c.Action == "SendCommand"), c => Assert.True(c.Body.Length < SsmJobTransport.DefaultMaxCommandChars + 4096, "request of " + c.Body.Length));
        }

        [SlurmFact]
        public void A_script_larger_than_one_SSM_request_is_staged_in_pieces_and_arrives_intact()
        {
            RequireStarted();
            var random = new byte[90000];
            new Random(7).NextBytes(random);
            var script = "cp \"$0\" '" + _dir + "/script'\nexit 0\n# " + Convert.ToBase64String(random) + "\n";
            var before = _kit.SendCommands;
            var job = Submit(new InvokeHpcJob { Script = script });
            Assert.True(_kit.SendCommands - before >= 3, "a ~120 KB request needs staging calls before the one that runs it");
            Assert.Equal(JobState.Completed, Assert.Single(Wait(job)).State);
            Assert.Equal(script, File.ReadAllText(Path.Combine(_dir, "script")));
            Assert.Empty(Directory.GetFiles("/tmp", "pchpc-stage-*"));
        }
    }
}
