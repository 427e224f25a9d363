using System;
using System.IO;
using System.Linq;
using PcHpc.Cmdlets;
using PcHpc.Core.State.Records;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.VpcCmdlets
{
    /// <summary>The cmdlets over in-memory port doubles: what they ask, what they say, on which thread.</summary>
    public class VpcCmdletTests : IDisposable
    {
        private readonly CloudFormationDouble _cfn = new CloudFormationDouble();
        private readonly Ec2Double _ec2 = new Ec2Double();
        private readonly TempStore _temp = new TempStore();
        private readonly SessionFactoryDouble _factory;

        public VpcCmdletTests() => _factory = new SessionFactoryDouble(new SessionDouble(_cfn, _ec2));

        public void Dispose() => _temp.Dispose();

        private NewHpcVpc New(string name = "hpc-net") =>
            new NewHpcVpc { Name = name, Region = "us-east-1", ProfileName = "hpc", SessionFactory = _factory, Store = _temp.Store, PollInterval = TimeSpan.Zero };

        [Fact]
        public void The_session_gets_the_region_and_profile_and_plan_warnings_reach_the_warning_stream()
        {
            var cmdlet = New();
            cmdlet.NatGateway = NatGatewayMode.None;
            var host = CmdletRunner.Run(cmdlet);

            var options = Assert.Single(_factory.Options);
            Assert.Equal("us-east-1", options.Region);
            Assert.Equal("hpc", options.ProfileName);
            Assert.Contains(host.Warnings, w => w.Contains("-NatGateway None"));
            Assert.Equal(VpcStatus.Creating, Assert.IsType<PcHpc.Vpc>(Assert.Single(host.Output)).Status);
            Assert.Empty(host.OffThreadCalls);
        }

        [Fact]
        public void Invalid_input_never_opens_a_session()
        {
            var cmdlet = New("hpc_net");
            cmdlet.AvailabilityZoneCount = 9;
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(cmdlet));
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, ex.Error.Category);
            Assert.Contains("-Name", ex.Error.Exception.Message);
            Assert.Contains("-AvailabilityZoneCount", ex.Error.Exception.Message);
            Assert.Equal(0, _factory.Opened);
        }

        [Fact]
        public void Wait_on_a_network_that_is_still_creating_waits_for_it_instead_of_creating_again()
        {
            CmdletRunner.Run(New());
            Assert.Equal("CREATE_IN_PROGRESS", _cfn.DescribeStacksAsync("hpc-net", default).Result.Single().StackStatus);
            _cfn.PollsToFinish = 3;

            var again = New();
            again.WaitFlag = true;
            var host = CmdletRunner.Run(again);

            var vpc = Assert.IsType<PcHpc.Vpc>(Assert.Single(host.Output));
            Assert.Equal(VpcStatus.Ready, vpc.Status);
            Assert.Single(_cfn.Created);
            Assert.NotEmpty(host.Progress);
            Assert.Empty(host.OffThreadCalls);
        }

        [Fact]
        public void Export_without_pinned_zones_asks_aws_read_only_and_creates_nothing()
        {
            var cmdlet = New();
            cmdlet.Export = "planned.json";
            var host = CmdletRunner.Run(cmdlet, new RecordingHost { CurrentDirectory = _temp.Root });

            var file = Assert.IsType<FileInfo>(Assert.Single(host.Output));
            Assert.Contains("\"us-east-1a\"", File.ReadAllText(file.FullName));
            Assert.Contains("DescribeAvailabilityZones", _ec2.Calls);
            Assert.False(_cfn.Mutated);
            Assert.Null(_temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "hpc-net")));
            Assert.Contains("Write the template of:", Assert.Single(host.ShouldProcessCalls).Action);
        }

        [Fact]
        public void Remove_processes_every_piped_network_and_reports_each_failure_separately()
        {
            CmdletRunner.Run(New("net-a"));
            var remove = new RemoveHpcVpc { SessionFactory = _factory, Store = _temp.Store, PollInterval = TimeSpan.Zero, ForceFlag = true };
            var host = CmdletRunner.RunWithInput(remove, new object[]
            {
                new PcHpc.Vpc { Name = "missing", Region = "us-east-1" },
                new PcHpc.Vpc { Name = "net-a", Region = "us-east-1" },
            });

            Assert.Equal("NetworkNotFound", Assert.Single(host.Errors).ErrorId);
            Assert.Equal(1, _cfn.Calls.Count(c => c == "DeleteStack"));
            Assert.Equal("DELETE_IN_PROGRESS", _temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "net-a")).Status);
            Assert.Empty(host.Output);
        }
    }
}
