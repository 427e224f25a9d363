using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PcHpc.Cmdlets;
using PcHpc.Core.Config;
using PcHpc.Core.State.Records;
using PcHpc.FakeAws;
using PcHpc.Infrastructure;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.VpcCmdlets
{
    /// <summary>
    /// The networking cmdlets through the real AWS adapters (PcHpc.Aws) against the loopback fake CloudFormation/EC2.
    /// </summary>
    public class VpcEndToEndTests : IAsyncLifetime
    {
        private FakeAwsServer _aws;
        private TempStore _temp;

        public async Task InitializeAsync()
        {
            _aws = await FakeAwsServer.StartAsync();
            _temp = new TempStore();
        }

        public async Task DisposeAsync()
        {
            _temp.Dispose();
            await _aws.DisposeAsync();
        }

        private T Connect<T>(T cmdlet) where T : AwsRegionalCmdlet
        {
            cmdlet.Region = "us-east-1";
            cmdlet.AccessKey = "AKIAFAKEVPCTESTS0001";
            cmdlet.SecretKey = "fake-secret";
            cmdlet.EndpointUrl = _aws.Url.ToString();
            return cmdlet;
        }

        private NewHpcVpc New(string name, bool wait = false, string cidr = "10.0.0.0/16")
        {
            var cmdlet = Connect(new NewHpcVpc { Name = name, CidrBlock = cidr, Store = _temp.Store, PollInterval = TimeSpan.Zero });
            cmdlet.WaitFlag = wait;
            return cmdlet;
        }

        private RemoveHpcVpc Remove(string name = null) =>
            Connect(new RemoveHpcVpc { Name = name, Store = _temp.Store, PollInterval = TimeSpan.Zero });

        private GetHpcVpc Get(string name = null) => Connect(new GetHpcVpc { Name = name, Store = _temp.Store });

        private PcHpc.Vpc CreateReady(string name, string cidr = "10.0.0.0/16")
        {
            var host = CmdletRunner.Run(New(name, wait: true, cidr: cidr));
            return Assert.IsType<PcHpc.Vpc>(Assert.Single(host.Output));
        }

        [Fact]
        public void Create_without_wait_returns_creating_at_once()
        {
            var host = CmdletRunner.Run(New("quick"));

            var vpc = Assert.IsType<PcHpc.Vpc>(Assert.Single(host.Output));
            Assert.Equal(VpcStatus.Creating, vpc.Status);
            Assert.Equal("quick", vpc.Name);
            Assert.Equal("us-east-1", vpc.Region);
            Assert.Equal(1, _aws.Calls.Count("CreateStack"));
            Assert.Equal(0, _aws.Calls.Count("DescribeStackEvents"));
            Assert.Empty(host.Progress);
            Assert.Empty(host.OffThreadCalls);
            var stack = _aws.CloudFormation.Find("quick");
            Assert.Equal("CREATE_IN_PROGRESS", stack.Status);
            Assert.Equal("CREATE_IN_PROGRESS", _temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "quick")).Status);
        }

        [Fact]
        public void Create_with_wait_shows_progress_and_returns_the_ready_network_whose_subnets_exist_in_ec2()
        {
            var host = CmdletRunner.Run(New("waited", wait: true));

            var vpc = Assert.IsType<PcHpc.Vpc>(Assert.Single(host.Output));
            Assert.Equal(VpcStatus.Ready, vpc.Status);
            Assert.Equal(2, vpc.PublicSubnetIds.Length);
            Assert.Equal(2, vpc.PrivateSubnetIds.Length);
            Assert.Equal("10.0.0.0/16", vpc.CidrBlock);
            Assert.Equal(new[] { "us-east-1a", "us-east-1b" }, vpc.AvailabilityZones);
            Assert.Equal(NatGatewayMode.Single, vpc.NatGateway);
            Assert.NotEmpty(host.Progress);
            Assert.Contains(host.Progress, p => !p.Completed && p.Status.Contains("resources created"));
            Assert.True(host.Progress.Last().Completed);
            Assert.Empty(host.OffThreadCalls);
            Assert.Single(host.ShouldProcessCalls);
            Assert.Contains("2 public and 2 private subnet(s)", host.ShouldProcessCalls[0].Action);

            // The fake creates the VPC and subnets in EC2 from the stack: the ids the network reports are real there.
            var subnets = _aws.Ec2.Subnets.Where(s => s.VpcId == vpc.VpcId).Select(s => s.SubnetId).ToList();
            Assert.Equal(vpc.PublicSubnetIds.Concat(vpc.PrivateSubnetIds).OrderBy(s => s), subnets.OrderBy(s => s));
            var record = _temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "waited"));
            Assert.Equal("CREATE_COMPLETE", record.Status);
            Assert.Equal(vpc.VpcId, record.VpcId);
        }

        [Fact]
        public void A_forced_failure_surfaces_the_failing_resource_and_its_reason()
        {
            _aws.CloudFormation.FailResource("broken", "NatGateway1", "Elastic IP address limit exceeded (fake).");
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(New("broken", wait: true)));

            Assert.Equal("NetworkCreateFailed", ex.Error.ErrorId);
            var message = ex.Error.Exception.Message;
            Assert.Contains("NatGateway1", message);
            Assert.Contains("AWS::EC2::NatGateway", message);
            Assert.Contains("Elastic IP address limit exceeded (fake).", message);
            Assert.Contains("ROLLBACK_COMPLETE", message);
            Assert.Contains("Elastic IP", _temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "broken")).FailureReason);
        }

        [Fact]
        public void Re_creating_with_the_same_settings_returns_the_existing_network()
        {
            var first = CreateReady("twice");
            _aws.Calls.Clear();

            var host = CmdletRunner.Run(New("twice", wait: true));
            var again = Assert.IsType<PcHpc.Vpc>(Assert.Single(host.Output));
            Assert.Equal(first.StackId, again.StackId);
            Assert.Equal(first.VpcId, again.VpcId);
            Assert.Equal(0, _aws.Calls.Count("CreateStack"));
            Assert.Empty(host.ShouldProcessCalls);
        }

        [Fact]
        public void Re_running_with_wait_while_the_first_run_is_still_creating_waits_for_that_stack()
        {
            CmdletRunner.Run(New("inflight"));
            var host = CmdletRunner.Run(New("inflight", wait: true));

            var vpc = Assert.IsType<PcHpc.Vpc>(Assert.Single(host.Output));
            Assert.Equal(VpcStatus.Ready, vpc.Status);
            Assert.Equal(1, _aws.Calls.Count("CreateStack"));
            Assert.Equal(2, vpc.PrivateSubnetIds.Length);
        }

        [Fact]
        public void Re_creating_with_different_settings_is_a_clear_error()
        {
            CreateReady("differs");
            _aws.Calls.Clear();
            var cmdlet = New("differs");
            cmdlet.NatGateway = NatGatewayMode.PerAz;

            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(cmdlet));
            Assert.Equal("NetworkExistsWithDifferentSettings", ex.Error.ErrorId);
            Assert.Contains("-NatGateway is Single there, not PerAz", ex.Error.Exception.Message);
            Assert.Equal(0, _aws.Calls.Count("CreateStack"));
        }

        [Fact]
        public void WhatIf_says_what_would_be_created_and_makes_no_mutating_call()
        {
            var cmdlet = New("preview");
            cmdlet.NatGateway = NatGatewayMode.PerAz;
            cmdlet.AvailabilityZoneCount = 3;
            var host = CmdletRunner.Run(cmdlet, new RecordingHost { WhatIfRequested = true });

            Assert.Empty(host.Output);
            var (target, action) = Assert.Single(host.ShouldProcessCalls);
            Assert.Equal("preview", target);
            Assert.Contains("3 public and 3 private subnet(s)", action);
            Assert.Contains("NAT gateway PerAz (3 NAT gateways)", action);
            var mutating = _aws.Calls.All.Where(c => !c.Action.StartsWith("Describe", StringComparison.Ordinal) && !c.Action.StartsWith("List", StringComparison.Ordinal) && !c.Action.StartsWith("Get", StringComparison.Ordinal)).ToList();
            Assert.Empty(mutating);
            Assert.Null(_aws.CloudFormation.Find("preview"));
            Assert.Null(_temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "preview")));
        }

        [Fact]
        public void Bad_input_fails_naming_the_parameter_before_any_remote_call()
        {
            var cmdlet = New("bad", cidr: "10.0.0.0/8");
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(cmdlet));
            Assert.Equal("InvalidNetworkRequest", ex.Error.ErrorId);
            Assert.Contains("-CidrBlock", ex.Error.Exception.Message);
            Assert.Empty(_aws.Calls.All);
        }

        [Fact]
        public void A_second_network_overlapping_the_first_is_refused_naming_CidrBlock()
        {
            CreateReady("first");
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(New("second", cidr: "10.0.0.0/20")));
            Assert.Equal("InvalidNetworkRequest", ex.Error.ErrorId);
            Assert.Contains("-CidrBlock", ex.Error.Exception.Message);
            Assert.Null(_aws.CloudFormation.Find("second"));
        }

        [Fact]
        public void Remove_is_refused_while_a_cluster_uses_the_network_naming_it()
        {
            var vpc = CreateReady("busy");
            _aws.Ec2.AddInstance(new FakeInstance
            {
                InstanceId = "i-0123456789abcdef0", Region = "us-east-1", VpcId = vpc.VpcId, SubnetId = vpc.PublicSubnetIds[0],
                Tags = { new KeyValuePair<string, string>("parallelcluster:cluster-name", "cfd-prod") },
            });
            _temp.Store.Clusters.Put(new ClusterRecord { Name = "md-dev", Region = "us-east-1", SubnetIds = { vpc.PrivateSubnetIds[1] } });
            _aws.Calls.Clear();

            var host = CmdletRunner.RunWithInput(Remove(), new object[] { vpc });

            var error = Assert.Single(host.Errors);
            Assert.Equal("NetworkInUse", error.ErrorId);
            Assert.Contains("cfd-prod", error.Exception.Message);
            Assert.Contains("md-dev", error.Exception.Message);
            Assert.Equal(0, _aws.Calls.Count("DeleteStack"));
            Assert.Equal("CREATE_COMPLETE", _aws.CloudFormation.Find("busy").Status);
            Assert.NotNull(_temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "busy")));
        }

        [Fact]
        public void Remove_with_force_deletes_anyway_and_the_record_leaves_the_store()
        {
            var vpc = CreateReady("forced");
            _temp.Store.Clusters.Put(new ClusterRecord { Name = "md-dev", Region = "us-east-1", NetworkName = "forced" });
            var cmdlet = Remove();
            cmdlet.ForceFlag = true;
            cmdlet.WaitFlag = true;
            cmdlet.PassThruFlag = true;
            var host = CmdletRunner.RunWithInput(cmdlet, new object[] { vpc });

            Assert.Empty(host.Errors);
            Assert.Contains(host.Warnings, w => w.Contains("md-dev") && w.Contains("-Force"));
            Assert.Empty(host.ShouldProcessCalls);
            Assert.Equal(1, _aws.Calls.Count("DeleteStack"));
            var removed = Assert.IsType<PcHpc.Vpc>(Assert.Single(host.Output));
            Assert.Equal(VpcStatus.Deleted, removed.Status);
            Assert.Null(_temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "forced")));
            Assert.Equal("DELETE_COMPLETE", _aws.CloudFormation.Find(vpc.StackId).Status);
        }

        [Fact]
        public void Remove_asks_first_and_WhatIf_wins_over_Force()
        {
            var vpc = CreateReady("asked");
            _aws.Calls.Clear();
            var cmdlet = Remove("asked");
            cmdlet.ForceFlag = true;
            var host = CmdletRunner.Run(cmdlet, new RecordingHost { WhatIfRequested = true });

            Assert.Single(host.ShouldProcessCalls);
            Assert.Equal(0, _aws.Calls.Count("DeleteStack"));
            Assert.NotNull(_aws.CloudFormation.Find("asked"));

            var declined = CmdletRunner.Run(Remove("asked"), new RecordingHost { ShouldProcessAnswer = false });
            Assert.Single(declined.ShouldProcessCalls);
            Assert.Contains(vpc.VpcId, declined.ShouldProcessCalls[0].Target);
            Assert.Equal(0, _aws.Calls.Count("DeleteStack"));
        }

        [Fact]
        public void Remove_of_an_unknown_network_is_a_per_item_not_found_error()
        {
            var host = CmdletRunner.Run(Remove("nothing-here"));
            var error = Assert.Single(host.Errors);
            Assert.Equal("NetworkNotFound", error.ErrorId);
        }

        [Fact]
        public void Get_live_lists_networks_by_the_marker_tag_and_Cached_works_offline()
        {
            CreateReady("net-a");
            CreateReady("net-b", "10.1.0.0/16");
            _temp.Store.Networks.Put(new NetworkRecord { Name = "vanished", Region = "us-east-1", Status = "CREATE_COMPLETE" });

            var cached = Get();
            cached.CachedFlag = true;
            cached.EndpointUrl = "http://127.0.0.1:1/"; // never called
            _aws.Calls.Clear();
            var offline = CmdletRunner.Run(cached);
            Assert.Equal(new[] { "net-a", "net-b", "vanished" }, offline.Output.Cast<PcHpc.Vpc>().Select(v => v.Name));
            Assert.Empty(_aws.Calls.All);

            var live = CmdletRunner.Run(Get());
            Assert.Equal(new[] { "net-a", "net-b" }, live.Output.Cast<PcHpc.Vpc>().Select(v => v.Name));
            Assert.All(live.Output.Cast<PcHpc.Vpc>(), v => Assert.Equal(VpcStatus.Ready, v.Status));
            Assert.Null(_temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "vanished")));

            var one = CmdletRunner.Run(Get("*-b"));
            Assert.Equal("net-b", Assert.IsType<PcHpc.Vpc>(Assert.Single(one.Output)).Name);
            var missing = CmdletRunner.Run(Get("net-zzz"));
            Assert.Equal("NetworkNotFound", Assert.Single(missing.Errors).ErrorId);
        }

        [Fact]
        public void New_HpcVpc_pipes_into_New_HpcClusterConfig_with_public_head_node_and_private_queues()
        {
            var vpc = CreateReady("piped");
            var queue = ConfigBuilder.NewQueue(new QueueOptions { Name = "compute", InstanceTypes = new[] { "c5.large" } });
            var host = CmdletRunner.RunWithInput(new NewHpcClusterConfig { Queue = new[] { queue } }, new object[] { vpc });

            var config = Assert.IsType<ClusterConfig>(Assert.Single(host.Output));
            Assert.Equal(vpc.PublicSubnetIds[0], config.HeadNode.Networking.SubnetId);
            Assert.Equal(vpc.PrivateSubnetIds, config.Scheduling.SlurmQueues.Single().Networking.SubnetIds);
            Assert.Equal("us-east-1", config.Region);
            Assert.Empty(ConfigValidator.Validate(config).Where(p => p.Severity == ConfigProblemSeverity.Error));
        }

        [Fact]
        public void Export_with_pinned_zones_writes_the_template_without_any_remote_call()
        {
            var dir = Path.Combine(_temp.Root, "out");
            Directory.CreateDirectory(dir);
            var cmdlet = New("exported");
            cmdlet.AvailabilityZone = new[] { "us-east-1a", "us-east-1b" };
            cmdlet.Export = "net.json";
            var host = CmdletRunner.Run(cmdlet, new RecordingHost { CurrentDirectory = dir });

            var file = Assert.IsType<FileInfo>(Assert.Single(host.Output));
            Assert.Equal(Path.Combine(dir, "net.json"), file.FullName);
            Assert.Contains("\"PcHpc::Network\"", File.ReadAllText(file.FullName));
            Assert.Empty(_aws.Calls.All);
            Assert.Null(_temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "exported")));
        }
    }
}
