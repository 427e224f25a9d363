using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;
using PcHpc.Core.Network;
using PcHpc.Core.Ports;
using PcHpc.Core.State.Records;
using RemoteVpc = PcHpc.Core.Ports.Vpc;

namespace PcHpc.Tests.Core.Network
{
    public class NetworkEngineTests : IDisposable
    {
        private readonly CloudFormationDouble _cfn = new CloudFormationDouble();
        private readonly Ec2Double _ec2 = new Ec2Double();
        private readonly TempStore _temp = new TempStore();
        private readonly RecordingSink _sink = new RecordingSink();

        public void Dispose() => _temp.Dispose();

        private NetworkEngine Service() =>
            new NetworkEngine(_cfn, _ec2, _temp.Store, "us-east-1", _sink) { PollInterval = TimeSpan.Zero };

        private static NetworkRequest Request(string name = "hpc-net", string cidr = "10.0.0.0/16", int zones = 2) =>
            new NetworkRequest { Name = name, CidrBlock = cidr, AvailabilityZoneCount = zones };

        private async Task<PcHpc.Vpc> CreateReady(NetworkRequest request)
        {
            var prepared = await Service().PrepareAsync(request, CancellationToken.None);
            return await Service().CreateAsync(prepared.Plan, true, CancellationToken.None);
        }

        [Fact]
        public async Task Prepare_picks_available_standard_zones_in_name_order()
        {
            var prepared = await Service().PrepareAsync(Request(zones: 2), CancellationToken.None);
            Assert.Null(prepared.Existing);
            Assert.Equal(new[] { "us-east-1a", "us-east-1c" }, prepared.Plan.Zones.Select(z => z.AvailabilityZone));
            Assert.Contains("2 public and 2 private subnet(s)", prepared.Describe());
            Assert.Contains("NAT gateway Single (1 NAT gateway)", prepared.Describe());
            Assert.False(_cfn.Mutated);
        }

        [Fact]
        public async Task Prepare_with_pinned_zones_does_not_ask_for_zones()
        {
            var request = new NetworkRequest { Name = "pinned", AvailabilityZones = new List<string> { "us-east-1b", "us-east-1a" } };
            var prepared = await Service().PrepareAsync(request, CancellationToken.None);
            Assert.Equal(new[] { "us-east-1b", "us-east-1a" }, prepared.Plan.Zones.Select(z => z.AvailabilityZone));
            Assert.DoesNotContain("DescribeAvailabilityZones", _ec2.Calls);
        }

        [Fact]
        public async Task Prepare_fails_when_the_region_has_too_few_available_zones()
        {
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => Service().PrepareAsync(Request(zones: 4), CancellationToken.None));
            Assert.Equal("NotEnoughAvailabilityZones", ex.ErrorId);
            Assert.Contains("-AvailabilityZoneCount", ex.Message);
        }

        [Fact]
        public async Task Prepare_refuses_a_block_overlapping_an_existing_vpc_in_the_region()
        {
            _ec2.Vpcs.Add(new RemoteVpc { VpcId = "vpc-other", CidrBlock = "10.0.128.0/17", CidrBlocks = { "10.0.128.0/17" } });
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => Service().PrepareAsync(Request(), CancellationToken.None));
            Assert.Equal(ErrorKind.Validation, ex.Kind);
            Assert.Contains("-CidrBlock", ex.Message);
            Assert.Contains("10.0.128.0/17", ex.Message);
            Assert.False(_cfn.Mutated);
        }

        [Fact]
        public void ValidateOffline_names_every_bad_parameter()
        {
            var ex = Assert.Throws<PcHpcException>(() => NetworkChecks.ValidateOffline(new NetworkRequest
            {
                Name = "9bad",
                CidrBlock = "10.0.0.0/33",
                AvailabilityZoneCount = 2,
                AllowSshFrom = new List<string> { "nope" },
            }));
            Assert.Equal(ErrorKind.Validation, ex.Kind);
            Assert.Contains("-Name", ex.Message);
            Assert.Contains("-CidrBlock", ex.Message);
            Assert.Contains("-AllowSshFrom", ex.Message);
        }

        [Fact]
        public async Task Create_without_wait_returns_creating_and_records_the_stack()
        {
            var prepared = await Service().PrepareAsync(Request(), CancellationToken.None);
            var vpc = await Service().CreateAsync(prepared.Plan, false, CancellationToken.None);

            Assert.Equal(VpcStatus.Creating, vpc.Status);
            Assert.StartsWith("arn:aws:cloudformation:", vpc.StackId);
            var created = Assert.Single(_cfn.Created);
            Assert.Equal("hpc-net", created.StackName);
            Assert.Contains(created.Tags, t => t.Key == VpcTemplateBuilder.MarkerTagKey && t.Value == "hpc-net");
            Assert.Empty(created.Capabilities);
            Assert.Equal(0, _cfn.Calls.Count(c => c == "DescribeStackEvents"));

            var record = _temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "hpc-net"));
            Assert.NotNull(record);
            Assert.Equal(vpc.StackId, record.StackId);
            Assert.Equal("CREATE_IN_PROGRESS", record.Status);
            Assert.Equal("10.0.0.0/16", record.CidrBlock);
        }

        [Fact]
        public async Task Create_with_wait_reports_progress_from_events_and_returns_the_ready_network()
        {
            _cfn.PollsToFinish = 3;
            var vpc = await CreateReady(Request());

            Assert.Equal(VpcStatus.Ready, vpc.Status);
            Assert.Equal(CloudFormationDouble.VpcId, vpc.VpcId);
            Assert.Equal(new[] { CloudFormationDouble.Pub(1), CloudFormationDouble.Pub(2) }, vpc.PublicSubnetIds);
            Assert.Equal(new[] { CloudFormationDouble.Prv(1), CloudFormationDouble.Prv(2) }, vpc.PrivateSubnetIds);

            var progress = _sink.Progress.ToList();
            Assert.True(progress.Count >= 3, "expected a progress record per poll plus completion");
            Assert.All(progress, p => Assert.Equal("Creating network 'hpc-net'", p.Activity));
            var percents = progress.Where(p => !p.Completed).Select(p => p.PercentComplete).ToList();
            Assert.Equal(percents.OrderBy(p => p), percents);
            Assert.InRange(percents.First(), 1, 99);
            Assert.Equal(100, percents.Last());
            Assert.Contains(progress, p => p.Status.Contains(" of ") && p.Status.Contains("resources created"));
            Assert.Contains(progress, p => p.CurrentOperation != null && p.CurrentOperation.Contains("CREATE_COMPLETE"));
            Assert.True(progress.Last().Completed);

            var record = _temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "hpc-net"));
            Assert.Equal("CREATE_COMPLETE", record.Status);
            Assert.Equal(CloudFormationDouble.VpcId, record.VpcId);
            Assert.Equal(new[] { CloudFormationDouble.Prv(1), CloudFormationDouble.Prv(2) }, record.PrivateSubnetIds);
        }

        [Fact]
        public async Task Create_with_wait_rides_out_failed_describes_and_still_returns_the_ready_network()
        {
            var prepared = await Service().PrepareAsync(Request(), CancellationToken.None);
            _cfn.ThrottleDescribes = 3;
            var vpc = await Service().CreateAsync(prepared.Plan, true, CancellationToken.None);

            Assert.Equal(VpcStatus.Ready, vpc.Status);
            Assert.Equal(0, _cfn.ThrottleDescribes);
            Assert.Equal(3, _sink.VerboseLines.Count(l => l.Contains("asking again")));
            Assert.Single(_cfn.Calls, "CreateStack");
        }

        [Fact]
        public async Task A_failed_create_names_the_first_failing_resource_and_its_reason()
        {
            _cfn.Fail = ("NatGateway1", "The maximum number of addresses has been reached.");
            var prepared = await Service().PrepareAsync(Request(), CancellationToken.None);
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => Service().CreateAsync(prepared.Plan, true, CancellationToken.None));

            Assert.Equal("NetworkCreateFailed", ex.ErrorId);
            Assert.Contains("NatGateway1", ex.Message);
            Assert.Contains("AWS::EC2::NatGateway", ex.Message);
            Assert.Contains("The maximum number of addresses has been reached.", ex.Message);
            Assert.Contains("ROLLBACK_COMPLETE", ex.Message);
            Assert.DoesNotContain("cancelled", ex.Message);
            Assert.Contains("Remove-HpcVpc", ex.Message);

            var record = _temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "hpc-net"));
            Assert.Equal("ROLLBACK_COMPLETE", record.Status);
            Assert.Contains("NatGateway1", record.FailureReason);
        }

        [Fact]
        public async Task Same_request_twice_returns_the_existing_network_without_creating()
        {
            var first = await CreateReady(Request());
            var again = await Service().PrepareAsync(Request(), CancellationToken.None);

            Assert.NotNull(again.Existing);
            Assert.Null(again.Plan);
            Assert.Equal(first.StackId, again.Existing.StackId);
            Assert.Equal(VpcStatus.Ready, again.Existing.Status);
            Assert.Single(_cfn.Created);
        }

        [Fact]
        public async Task Same_name_with_different_settings_is_a_clear_error()
        {
            await CreateReady(new NetworkRequest { Name = "hpc-net", AvailabilityZoneCount = 2, Tags = new Dictionary<string, string> { ["team"] = "a" } });
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => Service().PrepareAsync(new NetworkRequest
            {
                Name = "hpc-net", CidrBlock = "10.1.0.0/16", AvailabilityZoneCount = 2, Tags = new Dictionary<string, string> { ["team"] = "a" },
            }, CancellationToken.None));
            Assert.Equal("NetworkExistsWithDifferentSettings", ex.ErrorId);
            Assert.Contains("-CidrBlock is 10.0.0.0/16 there, not 10.1.0.0/16", ex.Message);
            Assert.DoesNotContain("-Tag", ex.Message);
        }

        [Fact]
        public async Task A_foreign_stack_with_the_name_is_refused()
        {
            _cfn.AddStack(new StackDescription { StackName = "hpc-net", StackId = "arn:x", StackStatus = "CREATE_COMPLETE" });
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => Service().PrepareAsync(Request(), CancellationToken.None));
            Assert.Equal("StackNameTaken", ex.ErrorId);
        }

        [Fact]
        public async Task List_returns_only_marked_stacks_and_drops_records_whose_stack_is_gone()
        {
            await CreateReady(Request("net-a"));
            await CreateReady(Request("net-b", "10.1.0.0/16"));
            _cfn.AddStack(new StackDescription { StackName = "someone-else", StackId = "arn:y", StackStatus = "CREATE_COMPLETE" });
            _temp.Store.Networks.Put(new NetworkRecord { Name = "old-net", Region = "us-east-1", Status = "CREATE_COMPLETE" });
            _temp.Store.Networks.Put(new NetworkRecord { Name = "elsewhere", Region = "eu-west-1", Status = "CREATE_COMPLETE" });

            var all = await Service().ListAsync(null, CancellationToken.None);
            Assert.Equal(new[] { "net-a", "net-b" }, all.Select(v => v.Name));
            Assert.All(all, v => Assert.Equal("us-east-1", v.Region));
            Assert.Null(_temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "old-net")));
            Assert.NotNull(_temp.Store.Networks.TryGet(NetworkRecord.KeyFor("eu-west-1", "elsewhere")));

            var some = await Service().ListAsync("NET-?", CancellationToken.None);
            Assert.Equal(2, some.Count);
            Assert.Equal(new[] { "net-b" }, (await Service().ListAsync("*b", CancellationToken.None)).Select(v => v.Name));
        }

        [Fact]
        public void ListCached_reads_the_store_only_and_filters_by_region_and_name()
        {
            _temp.Store.Networks.Put(new NetworkRecord
            {
                Name = "net-a", Region = "us-east-1", Status = "CREATE_COMPLETE", VpcId = "vpc-1", NatGateway = "PerAz",
                PublicSubnetIds = { "subnet-0e0000000000000ff" }, PrivateSubnetIds = { "subnet-2" }, CidrBlock = "10.0.0.0/16",
            });
            _temp.Store.Networks.Put(new NetworkRecord { Name = "net-b", Region = "eu-west-1", Status = "ROLLBACK_COMPLETE", FailureReason = "boom" });

            var east = NetworkCache.ListCached(_temp.Store, "us-east-1", null);
            var a = Assert.Single(east);
            Assert.Equal(VpcStatus.Ready, a.Status);
            Assert.Equal(NatGatewayMode.PerAz, a.NatGateway);
            Assert.Equal(new[] { "subnet-2" }, a.PrivateSubnetIds);
            var b = Assert.Single(NetworkCache.ListCached(_temp.Store, null, "*-b"));
            Assert.Equal(VpcStatus.Failed, b.Status);
            Assert.Equal("boom", b.FailureReason);
            Assert.Empty(_cfn.Calls);
        }

        [Theory]
        [InlineData("*", "anything", true)]
        [InlineData("net-?", "net-a", true)]
        [InlineData("net-?", "net-ab", false)]
        [InlineData("NET*", "net-a", true)]
        [InlineData("net-[ab]", "net-b", true)]
        [InlineData("net-[ab]", "net-c", false)]
        [InlineData("a.b", "axb", false)]
        [InlineData("net`*", "net*", true)]
        [InlineData("net`*", "nets", false)]
        public void Name_wildcards_follow_PowerShell(string pattern, string name, bool expected)
        {
            Assert.Equal(expected, NetworkCache.NameMatches(pattern, name));
        }

        [Fact]
        public async Task Users_are_clusters_in_the_store_and_live_instances_in_the_subnets()
        {
            var vpc = await CreateReady(Request());
            _temp.Store.Clusters.Put(new ClusterRecord { Name = "by-name", Region = "us-east-1", NetworkName = "hpc-net" });
            _temp.Store.Clusters.Put(new ClusterRecord { Name = "by-subnet", Region = "us-east-1", SubnetIds = { CloudFormationDouble.Prv(2) } });
            _temp.Store.Clusters.Put(new ClusterRecord { Name = "gone", Region = "us-east-1", NetworkName = "hpc-net", Gone = true });
            _temp.Store.Clusters.Put(new ClusterRecord { Name = "other-region", Region = "eu-west-1", NetworkName = "hpc-net" });
            _ec2.Instances.Add(new Instance { InstanceId = "i-head", State = "running", SubnetId = CloudFormationDouble.Pub(1), Tags = { new ResourceTag("parallelcluster:cluster-name", "live-pc") } });
            _ec2.Instances.Add(new Instance { InstanceId = "i-loose", State = "stopped", SubnetId = CloudFormationDouble.Prv(1) });
            _ec2.Instances.Add(new Instance { InstanceId = "i-dead", State = "terminated", SubnetId = CloudFormationDouble.Prv(1) });

            var users = await Service().FindUsersAsync(vpc, CancellationToken.None);
            var filter = Assert.Single(Assert.Single(_ec2.InstanceFilters));
            Assert.Equal("subnet-id", filter.Name);
            Assert.Equal(new[] { CloudFormationDouble.Prv(1), CloudFormationDouble.Prv(2), CloudFormationDouble.Pub(1), CloudFormationDouble.Pub(2) }.OrderBy(v => v, StringComparer.Ordinal), filter.Values.OrderBy(v => v, StringComparer.Ordinal));

            var message = NetworkChecks.DescribeUsers(vpc, users);
            Assert.Contains("by-name", message);
            Assert.Contains("by-subnet", message);
            Assert.Contains("live-pc", message);
            Assert.Contains("i-loose", message);
            Assert.DoesNotContain("i-head", message);
            Assert.DoesNotContain("gone", message);
            Assert.DoesNotContain("other-region", message);
            Assert.DoesNotContain("i-dead", message);

            var ex = Assert.Throws<PcHpcException>(() => NetworkChecks.EnsureUnused(vpc, users));
            Assert.Equal("NetworkInUse", ex.ErrorId);
            Assert.Equal(ErrorKind.InvalidState, ex.Kind);
            Assert.Contains("-Force", ex.Message);
        }

        [Fact]
        public async Task Delete_with_wait_removes_the_record_once_the_stack_is_gone()
        {
            var vpc = await CreateReady(Request());
            var removed = await Service().DeleteAsync(vpc, true, CancellationToken.None);
            Assert.Equal(VpcStatus.Deleted, removed.Status);
            Assert.Null(_temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "hpc-net")));
            Assert.Contains(_sink.Progress, p => p.Activity == "Removing network 'hpc-net'" && p.Status.Contains("resources deleted"));
        }

        [Fact]
        public async Task Delete_without_wait_keeps_the_record_as_deleting()
        {
            var vpc = await CreateReady(Request());
            await Service().DeleteAsync(vpc, false, CancellationToken.None);
            Assert.Equal("DELETE_IN_PROGRESS", _temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "hpc-net")).Status);
        }

        [Fact]
        public async Task A_failed_delete_names_the_resource_and_reason()
        {
            var vpc = await CreateReady(Request());
            _cfn.DeleteFailure = "The vpc 'vpc-0abc' has dependencies and cannot be deleted.";
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => Service().DeleteAsync(vpc, true, CancellationToken.None));
            Assert.Equal("NetworkDeleteFailed", ex.ErrorId);
            Assert.Contains("has dependencies", ex.Message);
            Assert.Contains("DELETE_FAILED", _temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "hpc-net")).Status);
        }

        [Fact]
        public async Task GetForRemoval_of_a_missing_network_removes_the_stale_record_and_says_so()
        {
            _temp.Store.Networks.Put(new NetworkRecord { Name = "stale", Region = "us-east-1", Status = "CREATE_COMPLETE" });
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => Service().GetForRemovalAsync("stale", CancellationToken.None));
            Assert.Equal(ErrorKind.NotFound, ex.Kind);
            Assert.Contains("stale local record was removed", ex.Message);
            Assert.Null(_temp.Store.Networks.TryGet(NetworkRecord.KeyFor("us-east-1", "stale")));
        }

        [Fact]
        public async Task A_cluster_record_written_before_VpcId_and_SubnetIds_existed_still_loads_and_counts_by_network_name()
        {
            var vpc = await CreateReady(Request());
            System.IO.Directory.CreateDirectory(_temp.Store.Clusters.Directory);
            var key = ClusterRecord.KeyFor("us-east-1", "legacy");
            System.IO.File.WriteAllText(_temp.Store.Clusters.PathFor(key),
                "{ \"schemaVersion\": 1, \"name\": \"legacy\", \"region\": \"us-east-1\", \"networkName\": \"hpc-net\" }");

            var record = _temp.Store.Clusters.TryGet(key);
            Assert.NotNull(record);
            Assert.NotNull(record.SubnetIds);
            Assert.Empty(record.SubnetIds);
            Assert.Null(record.VpcId);
            var users = await Service().FindUsersAsync(vpc, CancellationToken.None);
            Assert.Equal("legacy", Assert.Single(users).ClusterName);
        }

        [Fact]
        public async Task GetForRemoval_refuses_a_stack_that_is_not_a_network()
        {
            _cfn.AddStack(new StackDescription { StackName = "app", StackId = "arn:z", StackStatus = "CREATE_COMPLETE" });
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => Service().GetForRemovalAsync("app", CancellationToken.None));
            Assert.Equal("NotAPcHpcNetwork", ex.ErrorId);
        }
    }
}
