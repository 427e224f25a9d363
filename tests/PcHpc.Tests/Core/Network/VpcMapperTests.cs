using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PcHpc.Core.Network;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Core.Network
{
    public class VpcMapperTests
    {
        private static NetworkStackInfo Stack(string status, string reason = null) => new NetworkStackInfo
        {
            StackName = "hpc-net",
            StackId = "arn:aws:cloudformation:us-east-1:123456789012:stack/hpc-net/abc",
            StackStatus = status,
            StackStatusReason = reason,
            CreationTime = new DateTime(2026, 11, 1, 8, 30, 0, DateTimeKind.Utc),
            Region = "us-east-1",
            Tags = new Dictionary<string, string> { ["pchpc:network"] = "hpc-net", ["team"] = "cfd" },
            Outputs = new Dictionary<string, string>
            {
                ["NetworkName"] = "hpc-net",
                ["VpcId"] = "vpc-0123",
                ["VpcCidr"] = "10.0.0.0/16",
                ["AvailabilityZones"] = "us-east-1a,us-east-1b",
                ["PublicSubnetIds"] = "subnet-pa,subnet-pb",
                ["PrivateSubnetIds"] = "subnet-qa,subnet-qb",
                ["PublicSubnet1Id"] = "subnet-pa",
                ["StorageSecurityGroupId"] = "sg-storage",
                ["NatGateway"] = "PerAz",
                ["PrivateEndpoints"] = "true",
            },
        };

        [Fact]
        public void Maps_outputs_to_a_vpc()
        {
            var vpc = VpcMapper.ToVpc(Stack("CREATE_COMPLETE"));
            Assert.Equal("hpc-net", vpc.Name);
            Assert.Equal("us-east-1", vpc.Region);
            Assert.Equal(VpcStatus.Ready, vpc.Status);
            Assert.Equal("CREATE_COMPLETE", vpc.StackStatus);
            Assert.Equal("vpc-0123", vpc.VpcId);
            Assert.Equal("10.0.0.0/16", vpc.CidrBlock);
            Assert.Equal(new[] { "us-east-1a", "us-east-1b" }, vpc.AvailabilityZones);
            Assert.Equal(new[] { "subnet-pa", "subnet-pb" }, vpc.PublicSubnetIds);
            Assert.Equal(new[] { "subnet-qa", "subnet-qb" }, vpc.PrivateSubnetIds);
            Assert.Equal("sg-storage", vpc.StorageSecurityGroupId);
            Assert.Null(vpc.SshSecurityGroupId);
            Assert.Equal(NatGatewayMode.PerAz, vpc.NatGateway);
            Assert.True(vpc.PrivateEndpoints);
            Assert.Equal(new DateTime(2026, 11, 1, 8, 30, 0, DateTimeKind.Utc), vpc.CreatedTime);
            Assert.Null(vpc.FailureReason);
            Assert.Equal("hpc-net", vpc.ToString());
            Assert.Equal("PcHpc.Vpc", typeof(Vpc).FullName);
        }

        [Fact]
        public void Stack_still_creating_has_no_outputs_yet()
        {
            var stack = Stack("CREATE_IN_PROGRESS");
            stack.Outputs = null;
            var vpc = VpcMapper.ToVpc(stack);
            Assert.Equal(VpcStatus.Creating, vpc.Status);
            Assert.Null(vpc.VpcId);
            Assert.Empty(vpc.PublicSubnetIds);
            Assert.Empty(vpc.AvailabilityZones);
            Assert.Equal(NatGatewayMode.Single, vpc.NatGateway);
            Assert.False(vpc.PrivateEndpoints);
        }

        [Fact]
        public void Failure_reason_comes_from_the_stack_or_points_to_events()
        {
            Assert.Equal("Resource creation cancelled", VpcMapper.ToVpc(Stack("ROLLBACK_COMPLETE", "Resource creation cancelled")).FailureReason);
            var vpc = VpcMapper.ToVpc(Stack("DELETE_FAILED"));
            Assert.Equal(VpcStatus.Failed, vpc.Status);
            Assert.Contains("DELETE_FAILED", vpc.FailureReason);
            Assert.Contains("events", vpc.FailureReason);
            var rolledBack = VpcMapper.ToVpc(Stack("UPDATE_ROLLBACK_COMPLETE", "Update failed: quota"));
            Assert.Equal(VpcStatus.Ready, rolledBack.Status);
            Assert.Equal("Update failed: quota", rolledBack.FailureReason);
        }

        [Fact]
        public void Name_falls_back_to_the_output_then_the_stack_name_and_marker_identifies_ours()
        {
            var stack = Stack("CREATE_COMPLETE");
            Assert.True(VpcMapper.IsNetworkStack(stack));
            stack.Tags = new Dictionary<string, string>();
            Assert.False(VpcMapper.IsNetworkStack(stack));
            stack.Outputs["NetworkName"] = "from-output";
            Assert.Equal("from-output", VpcMapper.ToVpc(stack).Name);
            stack.Outputs.Remove("NetworkName");
            Assert.Equal("hpc-net", VpcMapper.ToVpc(stack).Name);
            Assert.False(VpcMapper.IsNetworkStack(null));
        }

        [Theory]
        [InlineData("CREATE_IN_PROGRESS", VpcStatus.Creating)]
        [InlineData("REVIEW_IN_PROGRESS", VpcStatus.Creating)]
        [InlineData("CREATE_COMPLETE", VpcStatus.Ready)]
        [InlineData("UPDATE_COMPLETE", VpcStatus.Ready)]
        [InlineData("UPDATE_IN_PROGRESS", VpcStatus.Updating)]
        [InlineData("UPDATE_ROLLBACK_IN_PROGRESS", VpcStatus.Updating)]
        [InlineData("DELETE_IN_PROGRESS", VpcStatus.Deleting)]
        [InlineData("DELETE_COMPLETE", VpcStatus.Deleted)]
        [InlineData("CREATE_FAILED", VpcStatus.Failed)]
        [InlineData("ROLLBACK_IN_PROGRESS", VpcStatus.Failed)]
        [InlineData("ROLLBACK_COMPLETE", VpcStatus.Failed)]
        [InlineData("UPDATE_ROLLBACK_FAILED", VpcStatus.Failed)]
        [InlineData("SOMETHING_NEW", VpcStatus.Failed)]
        [InlineData(null, VpcStatus.Failed)]
        public void Status_mapping(string stackStatus, VpcStatus expected)
        {
            Assert.Equal(expected, VpcMapper.StatusOf(stackStatus));
        }

        [SharedDataFact("aws-protocol-tests/models/cloudformation/service-2.json")]
        public void Every_documented_stack_status_maps_by_its_meaning()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(TestEnvironment.Shared("aws-protocol-tests/models/cloudformation/service-2.json")));
            var statuses = doc.RootElement.GetProperty("shapes").GetProperty("StackStatus").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.True(statuses.Count >= 20);
            foreach (var s in statuses)
            {
                VpcStatus expected =
                    s.EndsWith("_FAILED") || s.StartsWith("ROLLBACK_") ? VpcStatus.Failed
                    : s == "DELETE_IN_PROGRESS" ? VpcStatus.Deleting
                    : s == "DELETE_COMPLETE" ? VpcStatus.Deleted
                    : s == "CREATE_IN_PROGRESS" || s == "REVIEW_IN_PROGRESS" ? VpcStatus.Creating
                    : s.EndsWith("_IN_PROGRESS") ? VpcStatus.Updating
                    : s.EndsWith("_COMPLETE") ? VpcStatus.Ready
                    : (VpcStatus)(-1);
                Assert.True(expected == VpcMapper.StatusOf(s), s + " maps to " + VpcMapper.StatusOf(s) + ", expected " + expected);
            }
        }

        [Fact]
        public void Outputs_written_by_the_builder_are_the_ones_the_mapper_reads()
        {
            var plan = NetworkPlanner.Plan(NetworkPlannerTests.Request(ssh: new[] { "203.0.113.0/24" }, nat: NatGatewayMode.None, endpoints: true));
            var template = new CfnTemplate(VpcTemplateBuilder.Build(plan));
            // Simulate CloudFormation resolving the outputs: refs become fake ids, literals stay.
            var outputs = new Dictionary<string, string>();
            foreach (var o in template.Outputs)
            {
                var value = o.Value["Value"];
                if (value is System.Text.Json.Nodes.JsonValue) outputs[o.Key] = value.GetValue<string>();
                else if (value["Fn::Join"] != null)
                    outputs[o.Key] = string.Join(",", value["Fn::Join"][1].AsArray().Select(r => "id-" + CfnTemplate.RefOf(r)));
                else outputs[o.Key] = "id-" + CfnTemplate.Target(value);
            }
            var vpc = VpcMapper.ToVpc(new NetworkStackInfo { StackName = "hpc-net", StackStatus = "CREATE_COMPLETE", Outputs = outputs, Tags = plan.StackTags.ToDictionary(t => t.Key, t => t.Value) });
            Assert.Equal("id-Vpc", vpc.VpcId);
            Assert.Equal(new[] { "id-PublicSubnet1", "id-PublicSubnet2" }, vpc.PublicSubnetIds);
            Assert.Equal(new[] { "id-PrivateSubnet1", "id-PrivateSubnet2" }, vpc.PrivateSubnetIds);
            Assert.Equal(new[] { "us-east-1a", "us-east-1b" }, vpc.AvailabilityZones);
            Assert.Equal("id-StorageSecurityGroup", vpc.StorageSecurityGroupId);
            Assert.Equal("id-SshSecurityGroup", vpc.SshSecurityGroupId);
            Assert.Equal(NatGatewayMode.None, vpc.NatGateway);
            Assert.True(vpc.PrivateEndpoints);
            Assert.Equal("10.0.0.0/16", vpc.CidrBlock);
            Assert.Equal("hpc-net", vpc.Name);
        }
    }
}
