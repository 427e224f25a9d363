using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using PcHpc.Core.Errors;
using PcHpc.Core.Network;

namespace PcHpc.Tests.Core.Network
{
    /// <summary>The NetworkSettings output lets New-HpcVpc compare a re-run with DescribeStacks alone.</summary>
    public class NetworkSettingsOutputTests
    {
        private static NetworkRequest Request() => new NetworkRequest
        {
            Name = "hpc-net",
            CidrBlock = "10.20.0.0/16",
            AvailabilityZones = new List<string> { "us-east-1a", "us-east-1b", "us-east-1c" },
            NatGateway = NatGatewayMode.PerAz,
            PrivateEndpoints = true,
            AllowSshFrom = new List<string> { "203.0.113.0/24" },
            PublicSubnetPrefixLength = 26,
            Tags = new Dictionary<string, string> { ["team"] = "cfd", ["cost"] = "42" },
        };

        private static NetworkStackInfo StackFor(NetworkPlan plan)
        {
            var template = JsonNode.Parse(VpcTemplateBuilder.Build(plan)).AsObject();
            var tags = plan.StackTags.ToDictionary(t => t.Key, t => t.Value);
            tags["aws:cloudformation:stack-name"] = plan.Name;
            return new NetworkStackInfo
            {
                StackName = plan.Name,
                Description = template["Description"].GetValue<string>(),
                StackStatus = "CREATE_COMPLETE",
                Outputs = CloudFormationDouble.Outputs(template),
                Tags = tags,
            };
        }

        [Fact]
        public void Settings_output_and_stack_tags_give_back_the_request()
        {
            var plan = NetworkPlanner.Plan(Request());
            var meta = NetworkMetadata.FromStack(StackFor(plan));
            Assert.Equal("hpc-net", meta.Name);
            Assert.Equal("10.20.0.0/16", meta.CidrBlock);
            Assert.Equal(new[] { "us-east-1a", "us-east-1b", "us-east-1c" }, meta.AvailabilityZones);
            Assert.Equal(NatGatewayMode.PerAz, meta.NatGateway);
            Assert.True(meta.PrivateEndpoints);
            Assert.Equal(new[] { "203.0.113.0/24" }, meta.AllowSshFrom);
            Assert.Equal(26, meta.PublicSubnetPrefixLength);
            Assert.Equal(new[] { "cost", "team" }, meta.Tags.Keys);
            Assert.True(NetworkMatcher.Compare(Request(), meta).Matches);
        }

        [Fact]
        public void ResolveExisting_from_the_stack_reports_what_differs()
        {
            var stack = StackFor(NetworkPlanner.Plan(Request()));
            var other = Request();
            other.AllowSshFrom = new List<string> { "198.51.100.7/32" };
            other.Tags["team"] = "md";
            var ex = Assert.Throws<PcHpcException>(() => NetworkIdempotency.ResolveExisting(other, stack));
            Assert.Contains("-AllowSshFrom", ex.Message);
            Assert.Contains("-Tag differs for key(s) team", ex.Message);
            Assert.Equal("hpc-net", NetworkIdempotency.ResolveExisting(Request(), stack).Name);
        }

        [Fact]
        public void While_creating_the_settings_come_from_the_description()
        {
            var stack = StackFor(NetworkPlanner.Plan(Request()));
            stack.StackStatus = "CREATE_IN_PROGRESS";
            stack.Outputs.Clear();
            Assert.StartsWith("PcHpc network 'hpc-net': VPC 10.20.0.0/16", stack.Description);
            Assert.Contains(VpcTemplateBuilder.DescriptionSettingsMarker, stack.Description);
            Assert.True(NetworkMatcher.Compare(Request(), NetworkMetadata.FromStack(stack)).Matches);
            var other = Request();
            other.PublicSubnetPrefixLength = 24;
            var ex = Assert.Throws<PcHpcException>(() => NetworkIdempotency.ResolveExisting(other, stack));
            Assert.Contains("-PublicSubnetPrefixLength is 26 there, not 24", ex.Message);
        }

        [Fact]
        public void A_description_too_long_for_settings_keeps_only_the_sentence()
        {
            var request = Request();
            request.AllowSshFrom = Enumerable.Range(1, 60).Select(i => "198.51." + i + ".0/24").ToList();
            var description = JsonNode.Parse(VpcTemplateBuilder.Build(NetworkPlanner.Plan(request)))["Description"].GetValue<string>();
            Assert.DoesNotContain(VpcTemplateBuilder.DescriptionSettingsMarker, description);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(description) <= VpcTemplateBuilder.MaxDescriptionBytes);
        }

        [Fact]
        public void A_marked_stack_without_the_settings_output_is_not_taken_for_a_match()
        {
            var stack = StackFor(NetworkPlanner.Plan(Request()));
            stack.Outputs.Remove(VpcTemplateBuilder.OutputNames.NetworkSettings);
            stack.Description = "made by hand";
            var ex = Assert.Throws<PcHpcException>(() => NetworkIdempotency.ResolveExisting(Request(), stack));
            Assert.Equal("NotAPcHpcNetwork", ex.ErrorId);
        }
    }
}
