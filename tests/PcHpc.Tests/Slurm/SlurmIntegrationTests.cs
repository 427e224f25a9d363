using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using PcHpc.Cmdlets;
using PcHpc.Core.Slurm;
using PcHpc.Infrastructure;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Slurm
{
    /// <summary>Against the real one-node SLURM started by tests/slurm/start-slurm.sh, through the local transport.</summary>
    [Collection("Slurm")]
    public sealed class SlurmIntegrationTests : IDisposable
    {
        private readonly SlurmFixture _fixture;
        private readonly CountingTransport _transport;
        private readonly string _dir;

        public SlurmIntegrationTests(SlurmFixture fixture)
        {
            _fixture = fixture;
            _transport = new CountingTransport(new LocalBashTransport());
            JobTransportResolver.ForLocal = (t, s) => _transport;
            JobCmdlet.PollDelayOverride = n => TimeSpan.FromMilliseconds(300);
            _dir = Path.Combine(Path.GetTempPath(), "pchpc-slurm-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        public void Dispose()
        {
            JobTransportResolver.ForLocal = (t, s) => new LocalBashTransport();
            JobCmdlet.PollDelayOverride = null;
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private void RequireStarted() => Assert.True(_fixture.Started, "start-slurm.sh failed: " + _fixture.StartOutput);

        private static Job Submit(InvokeHpcJob cmdlet)
        {
            cmdlet.LocalFlag = true;
            var host = CmdletRunner.Run(cmdlet);
            Assert.Empty(host.Errors);
            return Assert.IsType<Job>(Assert.Single(host.Output));
        }

        private static List<Job> Wait(params Job[] jobs)
        {
            var host = JobBinder.RunWithInput(new WaitHpcJob { Timeout = 240 }, jobs);
            Assert.Empty(host.Errors);
            return host.Output.Cast<Job>().ToList();
        }

        [SlurmFact]
        public void Pipeline_Invoke_Wait_Receive_returns_the_output()
        {
            RequireStarted();
            var invoke = CmdletRunner.Run(new InvokeHpcJob { LocalFlag = true, Command = "echo hello from $SLURM_JOB_ID; echo oops >&2", Name = "pipe" });
            var job = Assert.IsType<Job>(Assert.Single(invoke.Output));
            Assert.True(job.Local);
            Assert.Null(job.ClusterName);
            var waited = JobBinder.RunWithInput(new WaitHpcJob { Timeout = 120 }, invoke.Output);
            var done = Assert.IsType<Job>(Assert.Single(waited.Output));
            Assert.Equal(JobState.Completed, done.State);
            Assert.Equal(0, done.ExitCode);
            Assert.Contains(waited.Progress, p => p.Activity.Contains("Waiting"));
            Assert.Empty(waited.OffThreadCalls);
            var received = JobBinder.RunWithInput(new ReceiveHpcJob(), waited.Output);
            var output = Assert.IsType<JobOutput>(Assert.Single(received.Output));
            Assert.Equal("hello from " + job.Id + "\n", output.Output);
            Assert.Equal("oops\n", output.Error);
        }

        [SlurmFact]
        public void Exit_codes_zero_three_and_signal_are_reported()
        {
            RequireStarted();
            var ok = Submit(new InvokeHpcJob { Command = "exit 0" });
            var three = Submit(new InvokeHpcJob { Command = "exit 3" });
            var killed = Submit(new InvokeHpcJob { Command = "kill -9 $$" });
            var all = Wait(ok, three, killed).ToDictionary(j => j.Id);
            Assert.Equal(JobState.Completed, all[ok.Id].State);
            Assert.Equal(0, all[ok.Id].ExitCode);
            Assert.Equal(JobState.Failed, all[three.Id].State);
            Assert.Equal(3, all[three.Id].ExitCode);
            Assert.Equal(JobState.Failed, all[killed.Id].State);
            Assert.Equal(137, all[killed.Id].ExitCode);
        }

        [SlurmFact]
        public void Array_with_ArgumentList_gives_each_task_its_item()
        {
            RequireStarted();
            var job = Submit(new InvokeHpcJob { Script = "printf '%s|%s' \"$1\" \"$PCHPC_ARG\"", ArgumentList = new[] { "a b", "c'd", "e\"f" }, ArrayRange = "%2" });
            Assert.Equal(job.Id, job.ArrayJobId);
            var tasks = Wait(job).OrderBy(j => j.ArrayTaskId).ToList();
            Assert.Equal(new int?[] { 0, 1, 2 }, tasks.Select(t => t.ArrayTaskId));
            Assert.All(tasks, t => Assert.Equal(JobState.Completed, t.State));
            var outputs = JobBinder.RunWithInput(new ReceiveHpcJob(), new[] { job }).Output.Cast<JobOutput>().OrderBy(o => o.Id).ToList();
            Assert.Equal(new[] { "a b|a b", "c'd|c'd", "e\"f|e\"f" }, outputs.Select(o => o.Output));
        }

        [SlurmFact]
        public void Dependency_runs_after_the_first_job()
        {
            RequireStarted();
            var marker = Path.Combine(_dir, "first");
            var first = Submit(new InvokeHpcJob { Command = "sleep 2; date +%s%N > '" + marker + "'" });
            var second = Submit(new InvokeHpcJob { Command = "test -f '" + marker + "'", DependsOn = new object[] { first } });
            var done = Wait(second).Single();
            Assert.Equal(JobState.Completed, done.State);
            var failing = Submit(new InvokeHpcJob { Command = "exit 1" });
            var never = Submit(new InvokeHpcJob { Command = "true", DependsOn = new object[] { failing.Id }, DependencyType = "afternotok" });
            Assert.Equal(JobState.Completed, Wait(never).Single().State);
        }

        [SlurmFact]
        public void Stop_cancels_a_running_job_and_the_marker_remembers_it()
        {
            RequireStarted();
            var job = Submit(new InvokeHpcJob { Command = "sleep 300" });
            var host = JobBinder.RunWithInput(new StopHpcJob { ForceFlag = true }, new[] { job });
            Assert.Empty(host.Errors);
            var done = Wait(job).Single();
            Assert.Equal(JobState.Cancelled, done.State);
        }

        [SlurmFact]
        public void Stop_with_WhatIf_sends_nothing()
        {
            RequireStarted();
            var before = _transport.Calls;
            var host = new RecordingHost { WhatIfRequested = true };
            CmdletRunner.Run(new StopHpcJob { LocalFlag = true, Id = new[] { "999999" }, ForceFlag = true }, host);
            Assert.Single(host.ShouldProcessCalls);
            Assert.Equal(before, _transport.Calls);
        }

        [SlurmFact]
        public void State_of_a_long_finished_job_comes_from_the_completion_marker()
        {
            RequireStarted();
            var job = Submit(new InvokeHpcJob { Command = "exit 7", Name = "gone" });
            Wait(job);
            // MinJobAge=2 in slurm.conf: wait until slurmctld forgot the job.
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && SlurmKnows(job.Id)) System.Threading.Thread.Sleep(500);
            Assert.False(SlurmKnows(job.Id), "slurmctld still knows the job");
            var host = CmdletRunner.Run(new GetHpcJob { LocalFlag = true, Id = new[] { job.Id } });
            var found = Assert.IsType<Job>(Assert.Single(host.Output));
            Assert.Equal(JobState.Failed, found.State);
            Assert.Equal(7, found.ExitCode);
            Assert.Equal("gone", found.Name);
            Assert.NotNull(found.EndTime);
        }

        private static bool SlurmKnows(string id)
        {
            var r = new LocalBashTransport().RunAsync("scontrol show job " + int.Parse(id) + " >/dev/null 2>&1 && echo yes", default).GetAwaiter().GetResult();
            return r.Stdout.Contains("yes");
        }

        [SlurmFact]
        public void Time_limit_ends_as_TimedOut()
        {
            RequireStarted();
            var job = Submit(new InvokeHpcJob { Command = "sleep 600", TimeLimit = "00:05" });
            var done = Wait(job).Single();
            Assert.Equal(JobState.TimedOut, done.State);
        }

        [SlurmFact]
        public void Hundred_pipeline_submissions_take_at_most_two_calls_and_Get_for_all_takes_one()
        {
            RequireStarted();
            var input = Enumerable.Range(0, 100).Select(i => (object)new { Command = "exit 0", Name = "batch" + i, Local = true }).ToList();
            var before = _transport.Calls;
            var host = JobBinder.RunWithInput(new InvokeHpcJob(), input);
            Assert.Empty(host.Errors);
            Assert.Equal(100, host.Output.Count);
            Assert.InRange(_transport.Calls - before, 1, 2);
            var jobs = host.Output.Cast<Job>().ToList();
            before = _transport.Calls;
            var get = JobBinder.RunWithInput(new GetHpcJob(), jobs);
            Assert.Equal(1, _transport.Calls - before);
            Assert.Equal(100, get.Output.Count);
            Assert.Equal(jobs.Select(j => j.Id).OrderBy(x => x), get.Output.Cast<Job>().Select(j => j.Id).OrderBy(x => x));
            Wait(jobs.ToArray());
        }

        [SlurmFact]
        public void Large_output_through_a_24000_char_cap_is_fetched_in_pieces_byte_for_byte()
        {
            RequireStarted();
            var capped = new CountingTransport(new LocalBashTransport(24000));
            JobTransportResolver.ForLocal = (t, s) => capped;
            var job = Submit(new InvokeHpcJob { Command = "head -c 300000 /dev/urandom | base64 -w 100; printf 'end\\n'" });
            Wait(job);
            var before = capped.Calls;
            var received = JobBinder.RunWithInput(new ReceiveHpcJob(), new[] { job });
            var output = Assert.IsType<JobOutput>(Assert.Single(received.Output));
            Assert.True(capped.Calls - before > 2, "a 400 KB reply must need follow-up fetches");
            Assert.Equal(File.ReadAllText("/root/.pchpc/jobs/" + job.Id + ".out"), output.Output);
            Assert.EndsWith("end\n", output.Output);
            var tail = JobBinder.RunWithInput(new ReceiveHpcJob { Tail = 1 }, new[] { job });
            Assert.Equal("end\n", ((JobOutput)Assert.Single(tail.Output)).Output);
        }

        [SlurmFact]
        public void Queue_lists_partitions_and_an_unknown_queue_fails_before_sending()
        {
            RequireStarted();
            var host = CmdletRunner.Run(new GetHpcQueue { LocalFlag = true });
            var queues = host.Output.Cast<QueueInfo>().ToList();
            Assert.Contains(queues, q => q.Name == "compute" && q.Default && q.Nodes == 1);
            Assert.Contains(queues, q => q.Name == "debug" && !q.Default);
            var before = _transport.Calls;
            var bad = CmdletRunner.Run(new InvokeHpcJob { LocalFlag = true, Command = "true", Queue = "nosuchqueue" });
            Assert.Equal("QueueNotFound", Assert.Single(bad.Errors).ErrorId);
            Assert.Empty(bad.Output);
            Assert.Equal(before, _transport.Calls);
            var debug = Submit(new InvokeHpcJob { Command = "true", Queue = "debug" });
            Assert.Equal("debug", Wait(debug).Single().Queue);
        }

        [SlurmFact]
        public void Hostile_inputs_reach_the_job_byte_for_byte_and_nothing_injected_runs()
        {
            RequireStarted();
            var canaryDir = Path.Combine(_dir, "canary");
            Directory.CreateDirectory(canaryDir);
            var corpus = HostileCorpus.Build(canaryDir);
            Assert.True(corpus.Count >= 60);
            var outDir = Path.Combine(_dir, "out");
            Directory.CreateDirectory(outDir);
            var env = new Hashtable();
            for (var i = 0; i < corpus.Count; i++) env["HOSTILE_" + i] = corpus[i];
            env["OUT"] = outDir;
            // 1) every item as an array task argument ($1 and PCHPC_ARG) and as an environment value
            var array = new InvokeHpcJob
            {
                LocalFlag = true,
                Script = "v=HOSTILE_$SLURM_ARRAY_TASK_ID\nprintf %s \"$1\" > \"$OUT/arg.$SLURM_ARRAY_TASK_ID\"\nprintf %s \"$PCHPC_ARG\" > \"$OUT/parg.$SLURM_ARRAY_TASK_ID\"\nprintf %s \"${!v}\" > \"$OUT/env.$SLURM_ARRAY_TASK_ID\"\n",
                ArgumentList = corpus.ToArray(),
                Environment = env,
                Name = "hostile-args",
            };
            // 2) every item inside script text (after an exit, so the script's own lines never run it) and as the job name where SLURM allows
            var input = new List<object>();
            for (var i = 0; i < corpus.Count; i++)
            {
                var item = corpus[i];
                var nameOk = item.Length > 0 && item.Length <= 200 && item.Trim().Length > 0 && item.All(c => c >= ' ' && c != '\x7f');
                input.Add(new
                {
                    Script = "cp \"$0\" \"" + outDir + "/script." + i + "\"\nprintf %s \"$SLURM_JOB_NAME\" > \"" + outDir + "/name." + i + "\"\nexit 0\n" + item,
                    Name = nameOk ? item : "hostile-" + i,
                    Local = true,
                });
            }
            var arrayHost = CmdletRunner.Run(array);
            Assert.Empty(arrayHost.Errors);
            var host = JobBinder.RunWithInput(new InvokeHpcJob(), input);
            Assert.Empty(host.Errors);
            var jobs = host.Output.Cast<Job>().Concat(arrayHost.Output.Cast<Job>()).ToArray();
            var finished = Wait(jobs);
            Assert.All(finished, j => Assert.Equal(JobState.Completed, j.State));
            var utf8 = new UTF8Encoding(false);
            for (var i = 0; i < corpus.Count; i++)
            {
                var expected = utf8.GetBytes(corpus[i]);
                Assert.True(expected.SequenceEqual(File.ReadAllBytes(Path.Combine(outDir, "arg." + i))), "argument " + i);
                Assert.True(expected.SequenceEqual(File.ReadAllBytes(Path.Combine(outDir, "parg." + i))), "PCHPC_ARG " + i);
                Assert.True(expected.SequenceEqual(File.ReadAllBytes(Path.Combine(outDir, "env." + i))), "environment " + i);
                var script = File.ReadAllBytes(Path.Combine(outDir, "script." + i));
                Assert.True(((string)input[i].GetType().GetProperty("Script").GetValue(input[i])).Let(utf8.GetBytes).SequenceEqual(script), "script " + i);
                var name = (string)input[i].GetType().GetProperty("Name").GetValue(input[i]);
                Assert.Equal(name, File.ReadAllText(Path.Combine(outDir, "name." + i), utf8));
            }
            var listed = CmdletRunner.Run(new GetHpcJob { LocalFlag = true, Id = host.Output.Cast<Job>().Select(j => j.Id).ToArray() });
            foreach (var job in listed.Output.Cast<Job>())
            {
                var submitted = host.Output.Cast<Job>().Single(j => j.Id == job.Id);
                Assert.Equal(submitted.Name, job.Name);
            }
            Assert.Empty(Directory.GetFiles(canaryDir));
        }

        [SlurmFact]
        public void Nul_and_bad_parameters_fail_before_anything_is_sent()
        {
            RequireStarted();
            var before = _transport.Calls;
            var cases = new[]
            {
                new InvokeHpcJob { LocalFlag = true, Command = "true", ArgumentList = new[] { "a\0b" } },
                new InvokeHpcJob { LocalFlag = true, Command = "true", Name = "x\0y" },
                new InvokeHpcJob { LocalFlag = true, Command = "true", Environment = new Hashtable { ["A"] = "1\02" } },
                new InvokeHpcJob { LocalFlag = true, Command = "true", WorkingDirectory = "/tmp\0/x" },
                new InvokeHpcJob { LocalFlag = true, Command = "true", Nodes = -1 },
                new InvokeHpcJob { LocalFlag = true, Command = "true", NTasks = 0 },
                new InvokeHpcJob { LocalFlag = true, Command = "true", CpusPerTask = -2 },
                new InvokeHpcJob { LocalFlag = true, Command = "true", MemoryMB = -5 },
                new InvokeHpcJob { LocalFlag = true, Command = "true", TimeLimit = "1:2:3:4" },
                new InvokeHpcJob { LocalFlag = true, Command = "true", TimeLimit = "soon" },
                new InvokeHpcJob { LocalFlag = true, Command = "true", ArrayRange = "1-10;rm" },
                new InvokeHpcJob { LocalFlag = true, Command = "true", DependsOn = new object[] { "12; touch x" } },
                new InvokeHpcJob { LocalFlag = true, Command = "true", Environment = new Hashtable { ["BAD NAME"] = "1" } },
            };
            foreach (var cmdlet in cases)
            {
                var host = CmdletRunner.Run(cmdlet);
                Assert.Single(host.Errors);
                Assert.Empty(host.Output);
            }
            Assert.Contains("NUL", CmdletRunner.Run(new InvokeHpcJob { LocalFlag = true, Command = "true", Name = "a\0" }).Errors.Single().Exception.Message);
            Assert.Equal(before, _transport.Calls);
        }
    }

    internal static class LetExtension
    {
        public static TOut Let<TIn, TOut>(this TIn value, Func<TIn, TOut> f) => f(value);
    }
}
