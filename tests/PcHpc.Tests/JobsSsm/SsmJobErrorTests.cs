using System.Linq;
using System.Threading.Tasks;
using PcHpc.Cmdlets;
using PcHpc.Core.Slurm;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.JobsSsm
{
    /// <summary>What a user reads when the head node cannot be reached through SSM (no SLURM needed: nothing gets that far).</summary>
    [Collection("Slurm")]
    public sealed class SsmJobErrorTests
    {
        [Fact]
        public async Task A_head_node_that_is_not_an_SSM_managed_instance_says_so_and_how_to_fix_it()
        {
            await using var kit = await SsmJobKit.StartAsync(managed: false);
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(kit.On(new GetHpcJob())));
            Assert.Equal("HeadNodeNotManaged", ex.Error.ErrorId);
            var message = ex.Error.Exception.Message;
            Assert.Contains(SsmJobKit.HeadNodeId, message);
            Assert.Contains("not an SSM managed instance", message);
            Assert.Contains("AmazonSSMManagedInstanceCore", message);
            Assert.Contains("New-HpcClusterConfig", message);
            Assert.Contains("Get-HpcClusterInstance", message);
            Assert.Equal(0, kit.SendCommands);
        }

        [Fact]
        public async Task SendCommand_InvalidInstanceId_maps_to_the_same_clear_message()
        {
            await using var kit = await SsmJobKit.StartAsync(managed: false);
            var session = PcHpc.Tests.AwsWire.WireKit.Session(kit.Aws);
            var transport = new SsmJobTransport(session.Ssm, new JobTarget { ClusterName = "demo", Region = "us-east-1" },
                new HeadNode { InstanceId = SsmJobKit.HeadNodeId, LoginUser = "root" }) { CheckPingStatus = false, PollDelay = n => System.TimeSpan.Zero };
            var ex = await Assert.ThrowsAsync<PcHpc.Core.Errors.PcHpcException>(() => transport.RunAsync("true", default));
            Assert.Equal("HeadNodeNotManaged", ex.ErrorId);
            Assert.Contains("AmazonSSMManagedInstanceCore", ex.Message);
            Assert.Equal(1, kit.SendCommands);
        }

        [Fact]
        public async Task An_agent_that_lost_its_connection_is_reported_before_sending()
        {
            await using var kit = await SsmJobKit.StartAsync();
            kit.Aws.Ssm.RegisterInstance(SsmJobKit.HeadNodeId, SsmJobKit.Region, "ConnectionLost");
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(kit.On(new GetHpcQueue())));
            Assert.Equal("SsmAgentOffline", ex.Error.ErrorId);
            Assert.Contains("ConnectionLost", ex.Error.Exception.Message);
            Assert.Equal(0, kit.SendCommands);
        }

        [Fact]
        public async Task No_running_head_node_is_NotFound_naming_cluster_and_region()
        {
            await using var kit = await SsmJobKit.StartAsync(headNode: false);
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(kit.On(new GetHpcJob())));
            Assert.Equal("HeadNodeNotFound", ex.Error.ErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, ex.Error.Category);
            Assert.Contains("'demo'", ex.Error.Exception.Message);
            Assert.Contains("us-east-1", ex.Error.Exception.Message);
            var describe = kit.Aws.Calls.All.Single(c => c.Action == "DescribeInstances");
            Assert.Contains("tag:parallelcluster:cluster-name", System.Uri.UnescapeDataString(describe.Body));
            Assert.Contains("instance-state-name", System.Uri.UnescapeDataString(describe.Body));
        }

        [Fact]
        public async Task A_stopped_head_node_is_not_used()
        {
            await using var kit = await SsmJobKit.StartAsync();
            kit.Aws.Ec2.SetInstanceState(SsmJobKit.HeadNodeId, "stopped");
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(kit.On(new GetHpcJob())));
            Assert.Equal("HeadNodeNotFound", ex.Error.ErrorId);
        }

        [Fact]
        public async Task A_RunAsUser_that_is_not_a_user_name_fails_before_any_AWS_call()
        {
            await using var kit = await SsmJobKit.StartAsync();
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(kit.On(new GetHpcJob(), runAsUser: "root; touch /tmp/x")));
            Assert.Equal("InvalidRunAsUser", ex.Error.ErrorId);
            Assert.Empty(kit.Aws.Calls.All);
        }

        [Fact]
        public async Task Job_id_completion_offers_recorded_jobs_newest_first_for_the_cluster_given()
        {
            await using var kit = await SsmJobKit.StartAsync();
            var store = kit.Store;
            store.Jobs.Put(new PcHpc.Core.State.Records.JobRecord { Region = "us-east-1", ClusterName = "demo", JobId = "120", Name = "old", State = "COMPLETED", SubmitTime = System.DateTimeOffset.UtcNow.AddHours(-2) });
            store.Jobs.Put(new PcHpc.Core.State.Records.JobRecord { Region = "us-east-1", ClusterName = "demo", JobId = "125", ArrayTaskId = 3, Name = "task", State = "RUNNING", SubmitTime = System.DateTimeOffset.UtcNow });
            store.Jobs.Put(new PcHpc.Core.State.Records.JobRecord { Region = "us-east-1", ClusterName = "other", JobId = "121", Name = "elsewhere", SubmitTime = System.DateTimeOffset.UtcNow });
            var all = PcHpc.Infrastructure.JobIdCompleter.Candidates("12", new System.Collections.Hashtable { ["ClusterName"] = "demo" });
            Assert.Equal(new[] { "125_3", "120" }, all.Select(c => c.Id));
            Assert.Contains("RUNNING", all[0].ToolTip);
            var narrowed = PcHpc.Infrastructure.JobIdCompleter.Candidates("121", new System.Collections.Hashtable());
            Assert.Equal("121", Assert.Single(narrowed).Id);
            Assert.Equal(2, new PcHpc.Infrastructure.JobIdCompleter().CompleteArgument("Get-HpcJob", "Id", "12", null, new System.Collections.Hashtable { ["ClusterName"] = "demo" }).Count());
        }

        [Theory]
        [InlineData("alinux2023", "ec2-user")]
        [InlineData("alinux2", "ec2-user")]
        [InlineData("rhel9", "ec2-user")]
        [InlineData("ubuntu2204", "ubuntu")]
        [InlineData("rocky9", "rocky")]
        [InlineData(null, "ec2-user")]
        public void Login_user_follows_the_cluster_OS(string os, string user) =>
            Assert.Equal(user, ClusterHeadNodeLocator.LoginUserFor(os));
    }
}
