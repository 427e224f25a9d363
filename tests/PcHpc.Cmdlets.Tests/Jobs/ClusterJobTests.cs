using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Jobs
{
    /// <summary>
    /// The job cmdlets with -ClusterName, in the real engine: loopback fake AWS (EC2 head-node lookup, SSM Run Command
    /// that really runs bash) → runuser -l ec2-user (the default login user of Amazon Linux) → the real local SLURM.
    /// </summary>
    [Collection("Jobs")]
    public sealed class ClusterJobTests
    {
        private readonly JobsSession _s;

        public ClusterJobTests(JobsSession session) => _s = session;

        [SkippableFact]
        public void Submit_wait_receive_through_SSM_runs_as_the_login_user_and_records_the_job()
        {
            _s.RequireSlurm();
            var sendsBefore = _s.SendCommands;
            var r = _s.Invoke(@"
                $job = Invoke-HpcJob -ClusterName demo -Region us-east-1 -Command 'echo ""hello $(id -un) from $SLURM_JOB_ID""; echo oops >&2' -Name ssm-hello
                $done = $job | Wait-HpcJob -Timeout 600
                $job, $done, ($done | Receive-HpcJob)").Succeeded();
            var job = r.Output[0];
            var id = job.Get<string>("Id");
            Assert.Equal("demo", job.Get<string>("ClusterName"));
            Assert.Equal("us-east-1", job.Get<string>("Region"));
            Assert.False(job.Get<bool>("Local"));
            Assert.Equal("Completed", r.Output[1].Get<string>("State"));
            Assert.Equal("hello ec2-user from " + id + "\n", r.Output[2].Get<string>("Output"));
            Assert.Equal("oops\n", r.Output[2].Get<string>("Error"));

            // What SSM ran: AWS-RunShellScript on the head node found by its tags, through runuser -l, payload as base64 only.
            var send = _s.Aws.Calls.All.Where(c => c.Action == "SendCommand").Skip(sendsBefore).First();
            Assert.Contains("runuser -l", send.Body);
            Assert.DoesNotContain("hello", send.Body);
            Assert.DoesNotContain("ssm-hello", send.Body);
            Assert.Contains(_s.HeadNodeId, send.Body);
            Assert.Contains("AWS-RunShellScript", send.Body);

            // The job is recorded: -Id completes it for the cluster, with its last known state.
            const string complete = "(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches";
            var completion = _s.Invoke(complete, "Get-HpcJob -ClusterName demo -Id ").Succeeded();
            var match = completion.Output.First(m => m.Get<string>("CompletionText") == id);
            Assert.Contains("COMPLETED", match.Get<string>("ToolTip"));
            Assert.Contains("ssm-hello", match.Get<string>("ToolTip"));
            var other = _s.Invoke(complete, "Get-HpcJob -ClusterName other -Id ").Succeeded();
            Assert.DoesNotContain(other.Output, m => m.Get<string>("CompletionText") == id);
        }

        [SkippableFact]
        public void Exit_codes_an_array_and_a_dependency_through_SSM()
        {
            _s.RequireSlurm();
            var dir = _s.NewFolder("ssmdep");
            var r = _s.Invoke(@"
                $marker = Join-Path $args[0] first
                $three = Invoke-HpcJob -ClusterName demo -Command 'exit 3'
                $first = Invoke-HpcJob -ClusterName demo -Command ""sleep 1; touch '$marker'""
                $second = Invoke-HpcJob -ClusterName demo -Command ""test -f '$marker'"" -DependsOn $first
                $array = Invoke-HpcJob -ClusterName demo -Script 'printf ""%s"" ""$1""' -ArgumentList 'a b', ""c'd"", 'e""f'
                $all = $three, $second, $array | Wait-HpcJob -Timeout 600
                ($all | Where-Object Id -eq $three.Id)
                ($all | Where-Object Id -eq $second.Id)
                @($all | Where-Object ArrayJobId -eq $array.Id).Count
                $array | Receive-HpcJob | Sort-Object Id | ForEach-Object Output", dir).Succeeded();
            Assert.Equal("Failed", r.Output[0].Get<string>("State"));
            Assert.Equal(3, r.Output[0].Get<int>("ExitCode"));
            Assert.Equal("Completed", r.Output[1].Get<string>("State"));
            Assert.Equal(3, (int)r.Output[2].BaseObject);
            Assert.Equal(new[] { "a b", "c'd", "e\"f" }, r.Output.Skip(3).Select(o => o.BaseObject.ToString()));
        }

        [SkippableFact]
        public void Output_larger_than_SSMs_24000_character_cut_arrives_whole_in_pieces()
        {
            _s.RequireSlurm();
            var job = _s.Invoke(@"Invoke-HpcJob -ClusterName demo -Command 'head -c 120000 /dev/urandom | base64 -w 100; printf ""end\n""' -Wait").Succeeded().Output.Single();
            var before = _s.SendCommands;
            var r = _s.Invoke("$args[0] | Receive-HpcJob", job).Succeeded();
            var output = r.Output.Single();
            var text = output.Get<string>("Output");
            Assert.Equal(File.ReadAllText(output.Get<string>("OutputPath")), text);
            Assert.StartsWith("/home/ec2-user/.pchpc/jobs/", output.Get<string>("OutputPath"));
            Assert.True(text.Length > 150000);
            Assert.EndsWith("end\n", text);
            Assert.True(_s.SendCommands - before > 2, "a reply far above 24,000 characters needs follow-up fetches");
            Assert.All(_s.Aws.Ssm.Invocations, i => Assert.True(i.StandardOutput.Length <= 24000, "stdout of " + i.CommandId + " was " + i.StandardOutput.Length));
        }

        [SkippableFact]
        public void Cancel_then_the_state_of_a_long_finished_job_comes_from_the_completion_marker()
        {
            _s.RequireSlurm();
            var cancelled = _s.Invoke("$j = Invoke-HpcJob -ClusterName demo -Command 'sleep 300' -Name pchpc-t-sleep; $j | Stop-HpcJob -Force; $j | Wait-HpcJob -Timeout 600").Succeeded();
            Assert.Equal("Cancelled", cancelled.Output.Single().Get<string>("State"));

            var gone = _s.Invoke("Invoke-HpcJob -ClusterName demo -Command 'exit 7' -Name gone -Wait").Succeeded().Output.Single().Get<string>("Id");
            var deadline = DateTime.UtcNow.AddSeconds(180);
            while (DateTime.UtcNow < deadline && SlurmWorld.SlurmKnows(gone)) System.Threading.Thread.Sleep(500);
            Skip.If(SlurmWorld.SlurmKnows(gone), "slurmctld still knows the job after 180 s (MinJobAge of this SLURM)");
            var found = _s.Invoke("Get-HpcJob -ClusterName demo -Id $args[0]", gone).Succeeded().Output.Single();
            Assert.Equal("Failed", found.Get<string>("State"));
            Assert.Equal(7, found.Get<int>("ExitCode"));
            Assert.Equal("gone", found.Get<string>("Name"));
            Assert.NotNull(found.Get<object>("EndTime"));
        }

        [SkippableFact]
        public void Hundred_piped_submissions_take_at_most_two_SendCommands_and_Get_for_all_takes_one()
        {
            _s.RequireSlurm();
            var before = _s.SendCommands;
            var r = _s.Invoke(@"
                1..100 | ForEach-Object { [pscustomobject]@{ Command = 'exit 0'; JobName = ""batch$_""; ClusterName = 'demo'; Region = 'us-east-1' } } | Invoke-HpcJob").Succeeded();
            Assert.Equal(100, r.Output.Count);
            Assert.InRange(_s.SendCommands - before, 1, 2);
            Assert.Equal(Enumerable.Range(1, 100).Select(i => "batch" + i), r.Output.Select(o => o.Get<string>("Name")));
            before = _s.SendCommands;
            var get = _s.Invoke("$args[0] | Get-HpcJob", new object[] { r.Output.ToArray() }).Succeeded();
            Assert.Equal(1, _s.SendCommands - before);
            Assert.Equal(r.Output.Select(o => o.Get<string>("Id")).OrderBy(x => x), get.Output.Select(o => o.Get<string>("Id")).OrderBy(x => x));
        }

        [SkippableFact]
        public void A_script_larger_than_one_SSM_request_is_staged_in_pieces_and_arrives_intact()
        {
            _s.RequireSlurm();
            var dir = _s.NewFolder("stage");
            var random = new byte[90000];
            new Random(7).NextBytes(random);
            var script = "cp \"$0\" '" + dir + "/script'\nexit 0\n# " + Convert.ToBase64String(random) + "\n";
            var before = _s.SendCommands;
            var r = _s.Invoke("Invoke-HpcJob -ClusterName demo -Script $args[0] -Wait", script).Succeeded();
            Assert.True(_s.SendCommands - before >= 3, "a ~120 KB request needs staging calls before the one that runs it");
            Assert.Equal("Completed", r.Output.Single().Get<string>("State"));
            Assert.Equal(script, File.ReadAllText(Path.Combine(dir, "script")));
            Assert.Empty(Directory.GetFiles("/tmp", "pchpc-stage-*"));
        }

        [SkippableFact]
        public void A_piped_cluster_is_the_target_and_never_the_job_name()
        {
            _s.RequireSlurm();
            var config = Path.Combine(_s.StateHome, "piped.yaml");
            File.WriteAllText(config, PcHpc.Cmdlets.Tests.Examples.ExampleWorld.ValidYaml);
            _s.Invoke("New-HpcCluster -Name piped -Region us-east-1 -ConfigPath $args[0] -Wait | Out-Null", config).Succeeded();
            var r = _s.Invoke("Get-HpcCluster -Name piped -Region us-east-1 | Invoke-HpcJob -Command 'echo hi' -Wait").Succeeded();
            var job = r.Output.Single();
            Assert.Equal("piped", job.Get<string>("ClusterName"));
            Assert.Equal("us-east-1", job.Get<string>("Region"));
            Assert.Equal("echo", job.Get<string>("Name"));
            Assert.Equal("Completed", job.Get<string>("State"));
            var named = _s.Invoke("Get-HpcCluster -Name piped -Region us-east-1 | Invoke-HpcJob -Command 'true' -Name mine").Succeeded();
            Assert.Equal("mine", named.Output.Single().Get<string>("Name"));
        }

        [SkippableFact]
        public void A_failing_target_costs_only_its_own_jobs_and_jobs_already_submitted_are_output()
        {
            _s.RequireSlurm();
            var script = @"
                [pscustomobject]@{ ClusterName = 'nosuch'; Region = 'us-east-1'; Command = 'echo a' },
                [pscustomobject]@{ ClusterName = 'demo'; Region = 'us-east-1'; Command = 'echo b' } | Invoke-HpcJob ";
            foreach (var wait in new[] { "", "-Wait" })
            {
                var r = _s.Invoke(script + wait);
                Assert.Null(r.Terminating);
                var error = Assert.Single(r.Errors);
                Assert.StartsWith("HeadNodeNotFound", error.FullyQualifiedErrorId);
                Assert.Contains("'nosuch'", error.Exception.Message);
                var job = r.Output.Single();
                Assert.Equal("demo", job.Get<string>("ClusterName"));
                if (wait.Length > 0) Assert.Equal("Completed", job.Get<string>("State"));
            }
        }

        [SkippableFact]
        public void A_job_submitted_as_another_user_is_waited_for_and_read_as_that_user()
        {
            _s.RequireSlurm();
            var r = _s.Invoke("Invoke-HpcJob -ClusterName demo -RunAsUser root -Command 'id -un' | Wait-HpcJob -Timeout 600 | Receive-HpcJob").Succeeded();
            Assert.Equal("root\n", r.Output.Single().Get<string>("Output"));
            Assert.StartsWith("/root/.pchpc/jobs/", r.Output.Single().Get<string>("OutputPath"));
        }

        [Fact]
        public void A_login_user_missing_on_the_head_node_names_the_user_and_RunAsUser()
        {
            var r = _s.Invoke("Get-HpcQueue -ClusterName demo -RunAsUser pchpcnosuchuser");
            var error = r.SingleError();
            Assert.StartsWith("RunAsUserNotFound", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains("'pchpcnosuchuser'", error.Exception.Message);
            Assert.Contains("-RunAsUser", error.Exception.Message);
            Assert.DoesNotContain("gzip", error.Exception.Message);
        }
    }
}
