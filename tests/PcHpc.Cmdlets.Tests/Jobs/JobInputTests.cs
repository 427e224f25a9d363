using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Jobs
{
    /// <summary>
    /// What the job cmdlets refuse or report before any job runs, in the real engine against the fake AWS (no SLURM
    /// needed): bad inputs cost no AWS call, unreachable head nodes are named with the fix, completion works.
    /// </summary>
    [Collection("Jobs")]
    public sealed class JobInputTests
    {
        private static readonly string[] JobCmdlets = { "Get-HpcJob", "Get-HpcQueue", "Invoke-HpcJob", "Receive-HpcJob", "Stop-HpcJob", "Wait-HpcJob" };
        private readonly JobsSession _s;

        public JobInputTests(JobsSession session) => _s = session;

        [Fact]
        public void Bad_job_inputs_are_each_a_specific_error_and_nothing_reaches_AWS()
        {
            var before = _s.Aws.Calls.All.Count;
            var r = _s.Invoke(@"
                $cases = @(
                    @{ ArgumentList = @(""a`0b"") }, @{ Name = ""x`0y"" }, @{ Environment = @{ A = ""1`02"" } }, @{ WorkingDirectory = ""/tmp`0/x"" },
                    @{ Nodes = -1 }, @{ NTasks = 0 }, @{ CpusPerTask = -2 }, @{ MemoryMB = -5 }, @{ TimeLimit = '1:2:3:4' }, @{ TimeLimit = 'soon' },
                    @{ ArrayRange = '1-10;rm' }, @{ DependsOn = '12; touch x' }, @{ Environment = @{ 'BAD NAME' = '1' } }, @{ Name = '' }
                )
                foreach ($c in $cases) { Invoke-HpcJob -ClusterName demo -Command 'true' @c }
                'ok'");
            Assert.Null(r.Terminating);
            Assert.Equal("ok", r.Output.Single().BaseObject);
            Assert.Equal(
                new[] { "NulCharacter", "NulCharacter", "NulCharacter", "NulCharacter", "InvalidCount", "InvalidCount", "InvalidCount", "InvalidCount",
                        "InvalidTimeLimit", "InvalidTimeLimit", "InvalidArrayRange", "InvalidDependency", "InvalidEnvironmentName", "EmptyName" },
                r.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
            Assert.All(r.Errors, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
            Assert.Contains("NUL", r.Errors[1].Exception.Message);
            Assert.Contains("-Name", r.Errors[1].Exception.Message);
            Assert.Equal(before, _s.Aws.Calls.All.Count);
        }

        [Fact]
        public void A_RunAsUser_that_is_not_a_user_name_fails_before_any_AWS_call()
        {
            var before = _s.Aws.Calls.All.Count;
            var r = _s.Invoke("Get-HpcJob -ClusterName demo -RunAsUser 'root; touch /tmp/x'");
            Assert.StartsWith("InvalidRunAsUser", r.SingleError().FullyQualifiedErrorId);
            Assert.Equal(before, _s.Aws.Calls.All.Count);
        }

        [Fact]
        public void A_cluster_name_ParallelCluster_cannot_have_is_refused_before_any_AWS_call()
        {
            var before = _s.Aws.Calls.All.Count;
            foreach (var name in new[] { "bad name", "1demo", "demo;rm", new string('a', 61) })
            {
                var error = _s.Invoke("Get-HpcQueue -ClusterName $args[0]", name).SingleError();
                Assert.StartsWith("InvalidClusterName", error.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
                Assert.Contains("-ClusterName", error.Exception.Message);
            }
            Assert.Equal(before, _s.Aws.Calls.All.Count);
        }

        [Fact]
        public void No_target_at_all_is_a_clear_error()
        {
            var r = _s.Invoke("Get-HpcQueue");
            var error = r.SingleError();
            Assert.StartsWith("NoJobTarget", error.FullyQualifiedErrorId);
            Assert.Contains("-ClusterName", error.Exception.Message);
            Assert.Contains("-Local", error.Exception.Message);
        }

        [Fact]
        public void A_head_node_that_is_not_an_SSM_managed_instance_says_so_and_how_to_fix_it()
        {
            var id = SlurmWorld.AddHeadNode(_s.Aws, "unmanaged", managed: false);
            var before = _s.SendCommands;
            var error = _s.Invoke("Get-HpcJob -ClusterName unmanaged").SingleError();
            Assert.StartsWith("HeadNodeNotManaged", error.FullyQualifiedErrorId);
            foreach (var part in new[] { id, "not an SSM managed instance", "AmazonSSMManagedInstanceCore", "New-HpcClusterConfig", "Get-HpcClusterInstance" })
            {
                Assert.Contains(part, error.Exception.Message);
            }
            Assert.Equal(before, _s.SendCommands);
        }

        [Fact]
        public void An_agent_that_lost_its_connection_is_reported_before_sending()
        {
            SlurmWorld.AddHeadNode(_s.Aws, "offline", pingStatus: "ConnectionLost");
            var before = _s.SendCommands;
            var error = _s.Invoke("Get-HpcQueue -ClusterName offline").SingleError();
            Assert.StartsWith("SsmAgentOffline", error.FullyQualifiedErrorId);
            Assert.Contains("ConnectionLost", error.Exception.Message);
            Assert.Equal(before, _s.SendCommands);
        }

        [Fact]
        public void No_running_head_node_is_ObjectNotFound_naming_cluster_and_region_and_a_stopped_one_is_not_used()
        {
            var error = _s.Invoke("Get-HpcJob -ClusterName nohead -Region us-east-1").SingleError();
            Assert.StartsWith("HeadNodeNotFound", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains("'nohead'", error.Exception.Message);
            Assert.Contains("us-east-1", error.Exception.Message);
            var describe = _s.Aws.Calls.All.Last(c => c.Action == "DescribeInstances");
            Assert.Contains("tag:parallelcluster:cluster-name", Uri.UnescapeDataString(describe.Body));
            Assert.Contains("instance-state-name", Uri.UnescapeDataString(describe.Body));

            var stopped = SlurmWorld.AddHeadNode(_s.Aws, "stopped");
            _s.Aws.Ec2.SetInstanceState(stopped, "stopped");
            Assert.StartsWith("HeadNodeNotFound", _s.Invoke("Get-HpcJob -ClusterName stopped").SingleError().FullyQualifiedErrorId);
        }

        [Fact]
        public void ClusterName_completes_from_the_state_store_on_every_job_cmdlet()
        {
            var config = Path.Combine(_s.StateHome, "complete.yaml");
            File.WriteAllText(config, PcHpc.Cmdlets.Tests.Examples.ExampleWorld.ValidYaml);
            _s.Invoke("New-HpcCluster -Name zcompleteme -Region us-east-1 -ConfigPath $args[0] -Wait | Out-Null", config).Succeeded();
            foreach (var cmdlet in JobCmdlets)
            {
                var line = cmdlet + " -ClusterName zcomp";
                var r = _s.Invoke("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches.CompletionText", line).Succeeded();
                Assert.Equal(new object[] { "zcompleteme" }, r.Objects.ToArray());
            }
        }

        [Fact]
        public void A_piped_object_names_the_target_cluster_and_region_on_every_job_cmdlet()
        {
            foreach (var cmdlet in JobCmdlets)
            {
                var r = _s.Invoke(@"
                    $item = [pscustomobject]@{ Name = 'x'; ClusterName = 'nohead'; Region = 'eu-west-1'; Id = '12'; Command = 'true' }
                    $force = if ($args[0] -eq 'Stop-HpcJob') { @{ Force = $true } } else { @{} }
                    $item | & $args[0] @force", cmdlet);
                var error = r.SingleError();
                Assert.StartsWith("HeadNodeNotFound", error.FullyQualifiedErrorId);
                Assert.Contains("'nohead' in eu-west-1", error.Exception.Message);
            }
        }
    }
}
