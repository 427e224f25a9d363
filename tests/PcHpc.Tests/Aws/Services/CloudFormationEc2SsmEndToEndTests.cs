using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using PcHpc.FakeAws;
using PcHpc.Tests.Support.FakeAws;

using PcHpc.Tests.Support;
using PcHpc.Tests.Aws.OwnClient;

namespace PcHpc.Tests.Aws.Services
{
    /// <summary>Every operation of the CloudFormation, EC2 and SSM ports through our adapters, signer and client against the loopback fake.</summary>
    public class CloudFormationEc2SsmEndToEndTests : IAsyncLifetime
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private FakeAwsServer _server;

        public async Task InitializeAsync() => _server = await FakeAwsServer.StartAsync();

        public async Task DisposeAsync() => await _server.DisposeAsync();

        [Fact]
        public async Task CloudFormation_StackLifecycle_CreateDescribeEventsResourcesListUpdateDelete()
        {
            _server.Knobs.CloudFormationPageSize = 2; // force several pages of events and summaries
            using var session = WireKit.Session(_server);
            var cfn = session.CloudFormation;

            var stackId = await cfn.CreateStackAsync(new CreateStackRequest
            {
                StackName = "wire-net",
                TemplateBody = CloudFormationFakeTests.NetworkTemplate,
                Parameters = new Dictionary<string, string> { ["Cidr"] = "10.7.0.0/16" },
                Tags = { new ResourceTag("pchpc:network", "wire-net") },
                Capabilities = { "CAPABILITY_IAM" },
                TimeoutInMinutes = 30,
            }, None);
            Assert.StartsWith("arn:aws:cloudformation:us-east-1:", stackId);

            var stack = await WireKit.PollAsync(async () => (await cfn.DescribeStacksAsync("wire-net", None)).Single(), s => !s.StackStatus.EndsWith("_IN_PROGRESS"));
            Assert.Equal("CREATE_COMPLETE", stack.StackStatus);
            Assert.Equal(stackId, stack.StackId);
            Assert.Equal("HPC network", stack.Description);
            Assert.Equal("10.7.0.0/16", stack.Parameters["Cidr"]);
            Assert.StartsWith("vpc-", stack.Outputs["VpcId"]);
            Assert.Equal("hello", stack.Outputs["Literal"]);
            Assert.Equal("us-east-1b", stack.Outputs["SubnetAz"]);
            Assert.Contains(stack.Tags, t => t.Key == "pchpc:network" && t.Value == "wire-net");
            Assert.Contains("CAPABILITY_IAM", stack.Capabilities);
            Assert.NotEqual(default(DateTime), stack.CreationTime);

            var events = await cfn.DescribeStackEventsAsync("wire-net", None);
            Assert.True(events.Count > 2, "events span several pages of 2: " + events.Count);
            Assert.True(_server.Calls.Count("DescribeStackEvents") > 1);
            Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
            Assert.Equal("CREATE_COMPLETE", events.First().ResourceStatus); // newest first
            Assert.Equal("AWS::CloudFormation::Stack", events.First().ResourceType);
            Assert.Contains(events, e => e.LogicalResourceId == "Vpc" && e.ResourceStatus == "CREATE_COMPLETE");

            var resources = await cfn.DescribeStackResourcesAsync("wire-net", None);
            Assert.Equal(new[] { "Public", "Sg", "Vpc" }, resources.Select(r => r.LogicalResourceId).OrderBy(x => x));
            Assert.Equal(stack.Outputs["VpcId"], resources.Single(r => r.LogicalResourceId == "Vpc").PhysicalResourceId);
            Assert.All(resources, r => Assert.Equal("CREATE_COMPLETE", r.ResourceStatus));

            for (int i = 0; i < 3; i++) await cfn.CreateStackAsync(new CreateStackRequest { StackName = "extra" + i, TemplateBody = CloudFormationFakeTests.NetworkTemplate }, None);
            var all = await cfn.ListStacksAsync(null, None);
            Assert.Equal(4, all.Count);
            var complete = await cfn.ListStacksAsync(new[] { "CREATE_COMPLETE" }, None);
            Assert.All(complete, s => Assert.Equal("CREATE_COMPLETE", s.StackStatus));
            Assert.Contains(complete, s => s.StackName == "wire-net" && s.TemplateDescription == "HPC network");
            var described = await cfn.DescribeStacksAsync(null, None);
            Assert.Equal(4, described.Count);

            await cfn.UpdateStackAsync(new UpdateStackRequest { StackName = "wire-net", UsePreviousTemplate = true, Parameters = new Dictionary<string, string> { ["Cidr"] = "10.8.0.0/16" } }, None);
            stack = await WireKit.PollAsync(async () => (await cfn.DescribeStacksAsync("wire-net", None)).Single(), s => !s.StackStatus.EndsWith("_IN_PROGRESS"));
            Assert.Equal("UPDATE_COMPLETE", stack.StackStatus);
            Assert.Equal("10.8.0.0/16", stack.Parameters["Cidr"]);
            Assert.NotNull(stack.LastUpdatedTime);

            var noop = await Assert.ThrowsAsync<AwsServiceException>(() => cfn.UpdateStackAsync(new UpdateStackRequest { StackName = "wire-net", UsePreviousTemplate = true, Parameters = new Dictionary<string, string> { ["Cidr"] = "10.8.0.0/16" } }, None));
            Assert.Equal(ErrorKind.InvalidState, noop.Kind);
            Assert.Equal("CloudFormationNoUpdates", noop.ErrorId);

            var dup = await Assert.ThrowsAsync<AwsServiceException>(() => cfn.CreateStackAsync(new CreateStackRequest { StackName = "wire-net", TemplateBody = CloudFormationFakeTests.NetworkTemplate }, None));
            Assert.Equal(ErrorKind.AlreadyExists, dup.Kind);

            await cfn.DeleteStackAsync("wire-net", None);
            var gone = await WireKit.PollAsync(async () => (await cfn.ListStacksAsync(new[] { "DELETE_COMPLETE" }, None)).Where(s => s.StackName == "wire-net").ToList(), l => l.Count == 1);
            Assert.NotNull(gone.Single().DeletionTime);
            var missing = await Assert.ThrowsAsync<AwsServiceException>(() => cfn.DescribeStacksAsync("wire-net", None));
            Assert.Equal(ErrorKind.NotFound, missing.Kind);
            Assert.Contains("does not exist", missing.Message);
            await cfn.DeleteStackAsync("never-existed", None); // deleting a missing stack succeeds, as in CloudFormation
        }

        [Fact]
        public async Task Ec2_Describes_WithIdsFiltersAndPagination()
        {
            _server.Knobs.Ec2PageSize = 2;
            for (int i = 0; i < 5; i++)
            {
                _server.Ec2.AddVpc(new FakeVpc { VpcId = "vpc-0wire000000000" + i, Region = "us-east-1", CidrBlock = "10." + i + ".0.0/16", Tags = { new("Name", i % 2 == 0 ? "even" : "odd") } });
                _server.Ec2.AddSubnet(new FakeSubnet { SubnetId = "subnet-0wire00000000" + i, Region = "us-east-1", VpcId = "vpc-0wire0000000000", CidrBlock = "10.0." + i + ".0/24", AvailabilityZone = "us-east-1a", MapPublicIpOnLaunch = i == 0 });
                _server.Ec2.AddInstance(new FakeInstance { InstanceId = "i-0wire00000000000" + i, Region = "us-east-1", InstanceType = i < 3 ? "c5.xlarge" : "t3.micro", VpcId = "vpc-0wire0000000000", SubnetId = "subnet-0wire000000000", AvailabilityZone = "us-east-1a", KeyName = "hpc-key", SecurityGroupIds = { "sg-0wire" }, Tags = { new("Name", "node" + i) } });
            }
            _server.Ec2.AddSecurityGroup(new FakeSecurityGroup { GroupId = "sg-0wire", Region = "us-east-1", GroupName = "wire", Description = "wire sg", VpcId = "vpc-0wire0000000000", Ingress = { new FakeSgRule("tcp", 22, 22, "10.0.0.0/8", null), new FakeSgRule("-1", null, null, null, "sg-0wire") } });
            using var session = WireKit.Session(_server);
            var ec2 = session.Ec2;

            var vpcs = await ec2.DescribeVpcsAsync(null, null, None);
            Assert.Equal(5, vpcs.Count(v => v.VpcId.StartsWith("vpc-0wire")));
            Assert.True(_server.Calls.Count("DescribeVpcs") >= 3, "5 VPCs in pages of 2");
            var even = await ec2.DescribeVpcsAsync(null, new[] { new Ec2Filter("tag:Name", "even") }, None);
            Assert.Equal(new[] { "vpc-0wire0000000000", "vpc-0wire0000000002", "vpc-0wire0000000004" }, even.Select(v => v.VpcId).OrderBy(x => x));
            var one = (await ec2.DescribeVpcsAsync(new[] { "vpc-0wire0000000003" }, null, None)).Single();
            Assert.Equal("10.3.0.0/16", one.CidrBlock);
            Assert.Contains("10.3.0.0/16", one.CidrBlocks);
            Assert.Equal("available", one.State);
            Assert.Equal("odd", one.Tags.Single(t => t.Key == "Name").Value);

            var subnets = await ec2.DescribeSubnetsAsync(null, new[] { new Ec2Filter("vpc-id", "vpc-0wire0000000000") }, None);
            Assert.Equal(5, subnets.Count);
            Assert.True(subnets.Single(s => s.SubnetId == "subnet-0wire000000000").MapPublicIpOnLaunch);
            Assert.All(subnets, s => Assert.Equal("us-east-1a", s.AvailabilityZone));
            Assert.All(subnets, s => Assert.True(s.AvailableIpAddressCount > 0));

            var zones = await ec2.DescribeAvailabilityZonesAsync(null, null, true, None);
            Assert.Equal(new[] { "us-east-1a", "us-east-1b", "us-east-1c" }, zones.Select(z => z.ZoneName));
            Assert.Equal("use1-az2", zones[1].ZoneId);
            Assert.All(zones, z => Assert.Equal("available", z.State));
            var named = await ec2.DescribeAvailabilityZonesAsync(new[] { "us-east-1c" }, null, false, None);
            Assert.Equal("us-east-1c", named.Single().ZoneName);

            var types = await ec2.DescribeInstanceTypesAsync(new[] { "p4d.24xlarge", "c5n.18xlarge" }, null, None);
            var p4d = types.Single(t => t.InstanceType == "p4d.24xlarge");
            Assert.Equal(96, p4d.DefaultVCpus);
            Assert.Equal(8, p4d.GpuCount);
            Assert.Equal("NVIDIA", p4d.GpuManufacturer);
            Assert.True(types.Single(t => t.InstanceType == "c5n.18xlarge").EfaSupported);
            Assert.Equal(196608, types.Single(t => t.InstanceType == "c5n.18xlarge").MemoryMiB);
            var efa = await ec2.DescribeInstanceTypesAsync(null, new[] { new Ec2Filter("network-info.efa-supported", "true") }, None);
            Assert.Contains(efa, t => t.InstanceType == "hpc7g.16xlarge");
            Assert.All(efa, t => Assert.True(t.EfaSupported));
            Assert.Contains("arm64", efa.Single(t => t.InstanceType == "hpc7g.16xlarge").SupportedArchitectures);

            var keys = await ec2.DescribeKeyPairsAsync(new[] { "hpc-key" }, null, None);
            Assert.Equal("key-0a1b2c3d4e5f60718", keys.Single().KeyPairId);

            var instances = await ec2.DescribeInstancesAsync(null, new[] { new Ec2Filter("instance-type", "c5.xlarge") }, None);
            Assert.Equal(3, instances.Count);
            Assert.All(instances, i => Assert.Equal("running", i.State));
            Assert.All(instances, i => Assert.Equal("us-east-1a", i.AvailabilityZone));
            Assert.Contains("sg-0wire", instances[0].SecurityGroupIds);
            var byId = (await ec2.DescribeInstancesAsync(new[] { "i-0wire000000000004" }, null, None)).Single();
            Assert.Equal("node4", byId.Tags.Single(t => t.Key == "Name").Value);
            Assert.Equal("hpc-key", byId.KeyName);

            var sg = (await ec2.DescribeSecurityGroupsAsync(new[] { "sg-0wire" }, null, None)).Single();
            Assert.Equal("wire", sg.GroupName);
            var ssh = sg.IngressRules.Single(r => r.IpProtocol == "tcp");
            Assert.Equal((22, 22), (ssh.FromPort.Value, ssh.ToPort.Value));
            Assert.Contains("10.0.0.0/8", ssh.CidrBlocks);
            Assert.Contains("sg-0wire", sg.IngressRules.Single(r => r.IpProtocol == "-1").SourceGroupIds);

            var missing = await Assert.ThrowsAsync<AwsServiceException>(() => ec2.DescribeVpcsAsync(new[] { "vpc-0doesnotexist00" }, null, None));
            Assert.Equal(ErrorKind.NotFound, missing.Kind);
            Assert.Equal("InvalidVpcID.NotFound", missing.Code);
        }

        [Fact]
        public async Task Ssm_SendCommand_PollsToRealOutput_ListsInvocations_DescribesInstances()
        {
            _server.Ssm.RegisterInstance("i-0wirehead0000001");
            _server.Ssm.RegisterInstance("i-0wirehead0000002", pingStatus: "ConnectionLost");
            using var session = WireKit.Session(_server);
            var ssm = session.Ssm;

            var commandId = await ssm.SendCommandAsync(new SendCommandRequest
            {
                InstanceIds = { "i-0wirehead0000001" },
                Parameters = { ["commands"] = new List<string> { "echo hello-from-ssm", "echo oops >&2", "exit 3" }, ["executionTimeout"] = new List<string> { "60" } },
                Comment = "pchpc wire test",
                TimeoutSeconds = 600,
            }, None);
            Assert.False(string.IsNullOrEmpty(commandId));

            CommandInvocation invocation = null;
            for (int i = 0; i < 400 && (invocation == null || !invocation.IsFinished); i++)
            {
                try
                {
                    invocation = await ssm.GetCommandInvocationAsync(commandId, "i-0wirehead0000001", None);
                }
                catch (AwsServiceException ex) when (ex.Kind == ErrorKind.NotFound && ex.Code == "InvocationDoesNotExist")
                {
                    // right after SendCommand, as documented on the port
                }
                if (invocation == null || !invocation.IsFinished) await Task.Delay(25);
            }
            Assert.NotNull(invocation);
            Assert.Equal("Failed", invocation.Status);
            Assert.Equal(3, invocation.ResponseCode);
            Assert.Equal("hello-from-ssm\n", invocation.StandardOutputContent);
            Assert.StartsWith("oops\n", invocation.StandardErrorContent);
            Assert.Equal("AWS-RunShellScript", invocation.DocumentName);
            Assert.Equal("pchpc wire test", invocation.Comment);

            var listed = await ssm.ListCommandInvocationsAsync(commandId, null, None);
            var only = listed.Single();
            Assert.Equal("i-0wirehead0000001", only.InstanceId);
            Assert.Equal("Failed", only.Status);
            Assert.Equal(3, only.ResponseCode);
            var byInstance = await ssm.ListCommandInvocationsAsync(null, "i-0wirehead0000001", None);
            Assert.Contains(byInstance, x => x.CommandId == commandId);

            var managed = await ssm.DescribeInstanceInformationAsync(null, None);
            Assert.Equal(new[] { "i-0wirehead0000001", "i-0wirehead0000002" }, managed.Select(m => m.InstanceId).OrderBy(x => x));
            var lost = (await ssm.DescribeInstanceInformationAsync(new[] { "i-0wirehead0000002" }, None)).Single();
            Assert.Equal("ConnectionLost", lost.PingStatus);
            Assert.Equal("Linux", lost.PlatformType);

            var bad = await Assert.ThrowsAsync<AwsServiceException>(() => ssm.SendCommandAsync(new SendCommandRequest { InstanceIds = { "i-0notmanaged00000" }, Parameters = { ["commands"] = new List<string> { "true" } } }, None));
            Assert.Equal(ErrorKind.InvalidState, bad.Kind);
            Assert.Equal("SsmInvalidInstanceId", bad.ErrorId);
            Assert.Contains("i-0notmanaged00000", bad.Message);
        }
    }
}
