using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Jobs
{
    /// <summary>The job cmdlets with -Local, in the real engine, against the real local SLURM.</summary>
    [Collection("Jobs")]
    public sealed class LocalJobTests
    {
        private readonly JobsSession _s;

        public LocalJobTests(JobsSession session) => _s = session;

        [SkippableFact]
        public void Pipeline_Invoke_Wait_Receive_returns_output_and_error_with_progress_on_the_pipeline_thread()
        {
            _s.RequireSlurm();
            var r = _s.Invoke(@"
                $job = Invoke-HpcJob -Local -Command 'echo hello from $SLURM_JOB_ID; echo oops >&2' -Name pipe
                $done = $job | Wait-HpcJob -Timeout 600
                $out = $done | Receive-HpcJob
                $job, $done, $out").Succeeded();
            Assert.Equal(3, r.Output.Count);
            var job = r.Output[0];
            Assert.True(job.Get<bool>("Local"));
            Assert.Null(job.Get<string>("ClusterName"));
            Assert.Equal("pipe", job.Get<string>("Name"));
            Assert.Equal("Completed", r.Output[1].Get<string>("State"));
            Assert.Equal(0, r.Output[1].Get<int>("ExitCode"));
            Assert.Equal("hello from " + job.Get<string>("Id") + "\n", r.Output[2].Get<string>("Output"));
            Assert.Equal("oops\n", r.Output[2].Get<string>("Error"));
            Assert.Contains(r.Progress, p => p.Activity.Contains("Waiting for SLURM jobs"));
            Assert.Contains(r.Progress, p => p.Activity.Contains("Waiting for SLURM jobs") && p.RecordType == ProgressRecordType.Completed);
        }

        [SkippableFact]
        public void A_local_job_runs_in_the_current_location_and_its_files_follow_PCHPC_HOME()
        {
            _s.RequireSlurm();
            var dir = _s.NewFolder("cwd");
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            File.WriteAllText(Path.Combine(dir, "prepare.sh"), "#!/bin/bash\necho \"prepared in $PWD\"\n");
            File.SetUnixFileMode(Path.Combine(dir, "prepare.sh"), (UnixFileMode)0x1ED); // 0755
            var r = _s.Invoke(@"
                Push-Location -LiteralPath $args[0]
                try {
                    $job = Invoke-HpcJob -Local -Command './prepare.sh' -Wait
                    $job
                    $job | Receive-HpcJob
                    Invoke-HpcJob -Local -Command 'pwd' -WorkingDirectory sub -Wait | Receive-HpcJob
                    Get-Item ./prepare.sh | Invoke-HpcJob -Local -Wait | Receive-HpcJob
                } finally { Pop-Location }", dir).Succeeded();
            Assert.Equal("Completed", r.Output[0].Get<string>("State"));
            Assert.Equal(0, r.Output[0].Get<int>("ExitCode"));
            Assert.Equal("prepare.sh", r.Output[0].Get<string>("Name")); // the command's first word, not wrapper.sh
            Assert.Equal("prepared in " + dir + "\n", r.Output[1].Get<string>("Output"));
            Assert.StartsWith(Path.Combine(_s.StateHome, "jobs") + "/", r.Output[1].Get<string>("OutputPath"));
            Assert.True(File.Exists(r.Output[1].Get<string>("OutputPath")));
            Assert.Equal(Path.Combine(dir, "sub") + "\n", r.Output[2].Get<string>("Output"));
            Assert.Equal("prepared in " + dir + "\n", r.Output[3].Get<string>("Output")); // a piped file binds -ScriptPath
        }

        [SkippableFact]
        public void Exit_codes_zero_three_and_a_signal_are_reported_for_piped_commands()
        {
            _s.RequireSlurm();
            var r = _s.Invoke("'exit 0', 'exit 3', 'kill -9 $$' | Invoke-HpcJob -Local -Verbose | Wait-HpcJob -Timeout 600").Succeeded();
            var byName = r.Output.ToDictionary(o => o.Get<string>("Id"));
            Assert.Equal(3, byName.Count);
            var ordered = r.Output.OrderBy(o => long.Parse(o.Get<string>("Id"))).ToList();
            Assert.Equal(new[] { "Completed", "Failed", "Failed" }, ordered.Select(o => o.Get<string>("State")));
            Assert.Equal(new[] { 0, 3, 137 }, ordered.Select(o => o.Get<int>("ExitCode")));
            Assert.Equal(new[] { "exit", "exit", "kill" }, ordered.Select(o => o.Get<string>("Name")));
            Assert.Single(r.Verbose, v => v.StartsWith("Submitting 3 job(s)", StringComparison.Ordinal)); // one call for the three
        }

        [SkippableFact]
        public void An_array_with_ArgumentList_gives_each_task_its_item()
        {
            _s.RequireSlurm();
            var r = _s.Invoke(@"
                $job = Invoke-HpcJob -Local -Script 'printf ""%s|%s"" ""$1"" ""$PCHPC_ARG""' -ArgumentList 'a b', ""c'd"", 'e""f' -ArrayRange '%2'
                $job
                $job | Wait-HpcJob -Timeout 600 | Sort-Object ArrayTaskId
                $job | Receive-HpcJob | Sort-Object Id").Succeeded();
            var job = r.Output[0];
            Assert.Equal(job.Get<string>("Id"), job.Get<string>("ArrayJobId"));
            Assert.Equal("job", job.Get<string>("Name"));
            var tasks = r.Output.Skip(1).Take(3).ToList();
            Assert.Equal(new[] { 0, 1, 2 }, tasks.Select(t => t.Get<int>("ArrayTaskId")));
            Assert.All(tasks, t => Assert.Equal("Completed", t.Get<string>("State")));
            Assert.Equal(new[] { "a b|a b", "c'd|c'd", "e\"f|e\"f" }, r.Output.Skip(4).Select(o => o.Get<string>("Output")));
        }

        [SkippableFact]
        public void A_dependency_runs_after_the_first_job()
        {
            _s.RequireSlurm();
            var dir = _s.NewFolder("dep");
            var r = _s.Invoke(@"
                $marker = Join-Path $args[0] first
                $first = Invoke-HpcJob -Local -Command ""sleep 2; date +%s%N > '$marker'""
                $second = Invoke-HpcJob -Local -Command ""test -f '$marker'"" -DependsOn $first
                $failing = Invoke-HpcJob -Local -Command 'exit 1'
                $never = Invoke-HpcJob -Local -Command 'true' -DependsOn $failing.Id -DependencyType afternotok
                $second, $never | Wait-HpcJob -Timeout 600 | Sort-Object { [long]$_.Id }", dir).Succeeded();
            Assert.Equal(new[] { "Completed", "Completed" }, r.Output.Select(o => o.Get<string>("State")));
        }

        [SkippableFact]
        public void Stop_asks_cancels_only_on_yes_and_emits_jobs_only_with_PassThru()
        {
            _s.RequireSlurm();
            var start = _s.Invoke("Invoke-HpcJob -Local -Command 'sleep 300' -Name pchpc-t-sleep").Succeeded();
            var id = start.Output[0].Get<string>("Id");
            var no = _s.InvokeAnswering("Stop-HpcJob -Local -Id $args[0]; (Get-HpcJob -Local -Id $args[0]).State", new[] { "N" }, id).Succeeded();
            Assert.Single(no.Prompts);
            Assert.NotEqual("Cancelled", Assert.Single(no.Output).ToString());
            var whatIf = _s.Invoke("Stop-HpcJob -Local -Id $args[0] -Force -WhatIf; (Get-HpcJob -Local -Id $args[0]).State", id).Succeeded();
            Assert.NotEqual("Cancelled", Assert.Single(whatIf.Output).ToString());
            var yes = _s.InvokeAnswering("Stop-HpcJob -Local -Id $args[0]", new[] { "Y" }, id).Succeeded();
            Assert.Empty(yes.Output); // without -PassThru, as the help says
            var done = _s.Invoke("Wait-HpcJob -Local -Id $args[0] -Timeout 600", id).Succeeded();
            Assert.Equal("Cancelled", done.Output.Single().Get<string>("State"));

            var other = _s.Invoke("Invoke-HpcJob -Local -Command 'sleep 300' -Name pchpc-t-sleep | Stop-HpcJob -Force -PassThru").Succeeded();
            var passed = Assert.Single(other.Output);
            Assert.Equal("PcHpc.Job", passed.TypeNames[0]);
        }

        [SkippableFact]
        public void Stop_of_an_unknown_id_is_an_ObjectNotFound_error_and_known_ids_are_still_cancelled()
        {
            _s.RequireSlurm();
            var start = _s.Invoke("Invoke-HpcJob -Local -Command 'sleep 300' -Name pchpc-t-sleep").Succeeded();
            var id = start.Output[0].Get<string>("Id");
            var r = _s.Invoke("Stop-HpcJob -Local -Id $args[0], 66999999 -Force; Wait-HpcJob -Local -Id $args[0] -Timeout 600", id);
            Assert.Null(r.Terminating);
            var error = r.SingleError();
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.StartsWith("JobNotFound", error.FullyQualifiedErrorId);
            Assert.Contains("66999999", error.Exception.Message);
            Assert.Equal("66999999", error.TargetObject?.ToString());
            Assert.Equal("Cancelled", r.Output.Single().Get<string>("State"));
        }

        [SkippableFact]
        public void Wait_takes_a_TimeSpan_or_seconds_and_its_last_poll_is_at_the_deadline()
        {
            _s.RequireSlurm();
            var sleeper = _s.Invoke("Invoke-HpcJob -Local -Command 'sleep 300' -Name pchpc-t-sleep").Succeeded().Output[0].Get<string>("Id");
            try
            {
                // A poll interval far beyond the timeout: only the clamped last poll can end the wait in time.
                _s.Invoke("[PcHpc.InternalHooks]::SetTestHook('PollInterval', [timespan]::FromHours(1))").Succeeded();
                var r = _s.Invoke("Wait-HpcJob -Local -Id $args[0] -Timeout 00:00:02 -Verbose", sleeper);
                Assert.Null(r.Terminating);
                Assert.Equal("WaitTimedOut", r.SingleError().FullyQualifiedErrorId.Split(',')[0]);
                Assert.Equal(2, r.Verbose.Count(v => v.StartsWith("Poll ", StringComparison.Ordinal)));
                Assert.Empty(r.Output);
                Assert.Contains(r.Progress, p => p.RecordType == ProgressRecordType.Completed);

                var seconds = _s.Invoke("Wait-HpcJob -Local -Id $args[0] -Timeout 1 -Verbose", sleeper);
                Assert.Equal("WaitTimedOut", seconds.SingleError().FullyQualifiedErrorId.Split(',')[0]);
                Assert.Contains("after 1 s", seconds.SingleError().Exception.Message);
                Assert.Equal(2, seconds.Verbose.Count(v => v.StartsWith("Poll ", StringComparison.Ordinal)));
            }
            finally
            {
                _s.Invoke("[PcHpc.InternalHooks]::SetTestHook('PollInterval', [timespan]::FromMilliseconds(200))").Succeeded();
                _s.Invoke("Stop-HpcJob -Local -Id $args[0] -Force", sleeper);
            }
            var done = _s.Invoke("Wait-HpcJob -Local -Id $args[0] -Timeout 03:00:00", sleeper).Succeeded();
            Assert.Equal("Cancelled", done.Output.Single().Get<string>("State"));
            var bad = _s.Invoke("Wait-HpcJob -Local -Id $args[0] -Timeout 'soon'", sleeper);
            Assert.StartsWith("ParameterArgumentTransformationError", bad.SingleError().FullyQualifiedErrorId);
            Assert.Contains("not a time span", bad.SingleError().Exception.Message);
            var zero = _s.Invoke("Wait-HpcJob -Local -Id $args[0] -Timeout 0", sleeper);
            Assert.Equal("InvalidTimeout", zero.SingleError().FullyQualifiedErrorId.Split(',')[0]);
        }

        [SkippableFact]
        public void A_time_limit_ends_the_job_as_TimedOut()
        {
            _s.RequireSlurm();
            var r = _s.Invoke("Invoke-HpcJob -Local -Command 'sleep 600' -TimeLimit 00:05 -Name pchpc-t-limit | Wait-HpcJob -Timeout 600").Succeeded();
            Assert.Equal("TimedOut", r.Output.Single().Get<string>("State"));
        }

        [SkippableFact]
        public void Queues_are_listed_and_an_unknown_queue_is_refused_while_a_known_one_is_used()
        {
            _s.RequireSlurm();
            var r = _s.Invoke("Get-HpcQueue -Local").Succeeded();
            Assert.Contains(r.Output, q => q.Get<string>("Name") == "compute" && q.Get<bool>("Default") && q.Get<int>("Nodes") == 1);
            Assert.Contains(r.Output, q => q.Get<string>("Name") == "debug" && !q.Get<bool>("Default"));
            var bad = _s.Invoke("Invoke-HpcJob -Local -Command true -Queue nosuchqueue");
            Assert.Equal("QueueNotFound", bad.SingleError().FullyQualifiedErrorId.Split(',')[0]);
            Assert.Empty(bad.Output);
            var debug = _s.Invoke("Invoke-HpcJob -Local -Command true -Queue debug -Wait").Succeeded();
            Assert.Equal("debug", debug.Output.Single().Get<string>("Queue"));
        }

        [SkippableFact]
        public void Hostile_inputs_reach_the_job_byte_for_byte_and_nothing_injected_runs()
        {
            _s.RequireSlurm();
            var canary = _s.NewFolder("canary");
            var outDir = _s.NewFolder("out");
            var corpus = HostileCorpus.Build(canary);
            var items = corpus.Select((item, i) =>
            {
                var nameOk = item.Length > 0 && item.Length <= 200 && item.Trim().Length > 0 && item.All(c => c >= ' ' && c != '\x7f');
                var o = new PSObject();
                o.Properties.Add(new PSNoteProperty("Script", "cp \"$0\" \"" + outDir + "/script." + i + "\"\nprintf %s \"$SLURM_JOB_NAME\" > \"" + outDir + "/name." + i + "\"\nexit 0\n" + item));
                o.Properties.Add(new PSNoteProperty("JobName", nameOk ? item : "hostile-" + i));
                o.Properties.Add(new PSNoteProperty("Local", true));
                return o;
            }).ToArray();
            var r = _s.Invoke(@"
                $corpus, $outDir, $items = $args
                $envs = @{ OUT = $outDir }
                for ($i = 0; $i -lt $corpus.Count; $i++) { $envs[""HOSTILE_$i""] = $corpus[$i] }
                $script = 'v=HOSTILE_$SLURM_ARRAY_TASK_ID' + ""`n"" + 'printf %s ""$1"" > ""$OUT/arg.$SLURM_ARRAY_TASK_ID""' + ""`n"" +
                    'printf %s ""$PCHPC_ARG"" > ""$OUT/parg.$SLURM_ARRAY_TASK_ID""' + ""`n"" + 'printf %s ""${!v}"" > ""$OUT/env.$SLURM_ARRAY_TASK_ID""' + ""`n""
                $array = Invoke-HpcJob -Local -Script $script -ArgumentList $corpus -Environment $envs -Name hostile-args
                $jobs = $items | Invoke-HpcJob
                $null = @($array) + @($jobs) | Wait-HpcJob -Timeout 900
                $jobs | Get-HpcJob
            ", corpus.ToArray(), outDir, items).Succeeded();
            var utf8 = new System.Text.UTF8Encoding(false);
            for (var i = 0; i < corpus.Count; i++)
            {
                var expected = utf8.GetBytes(corpus[i]);
                Assert.True(expected.SequenceEqual(File.ReadAllBytes(Path.Combine(outDir, "arg." + i))), "argument " + i);
                Assert.True(expected.SequenceEqual(File.ReadAllBytes(Path.Combine(outDir, "parg." + i))), "PCHPC_ARG " + i);
                Assert.True(expected.SequenceEqual(File.ReadAllBytes(Path.Combine(outDir, "env." + i))), "environment " + i);
                Assert.True(utf8.GetBytes((string)items[i].Properties["Script"].Value).SequenceEqual(File.ReadAllBytes(Path.Combine(outDir, "script." + i))), "script " + i);
                Assert.Equal((string)items[i].Properties["JobName"].Value, File.ReadAllText(Path.Combine(outDir, "name." + i), utf8));
            }
            Assert.Equal(corpus.Count, r.Output.Count);
            Assert.Equal(items.Select(it => (string)it.Properties["JobName"].Value).OrderBy(n => n, StringComparer.Ordinal),
                r.Output.Select(j => j.Get<string>("Name")).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Empty(Directory.GetFiles(canary));
        }
    }
}
