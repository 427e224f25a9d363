using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Errors;
using PcHpc.Core.Network;

namespace PcHpc.Tests.Core.Network
{
    public class NetworkIdempotencyTests
    {
        private static readonly NetworkRequest Original = NetworkPlannerTests.Request(tags: new Dictionary<string, string> { ["team"] = "cfd" });
        private static readonly string Body = VpcTemplateBuilder.Build(NetworkPlanner.Plan(Original));

        private static NetworkStackInfo Stack(string status, bool ours = true) => new NetworkStackInfo
        {
            StackName = "hpc-net",
            StackStatus = status,
            StackStatusReason = status.Contains("FAILED") || status.StartsWith("ROLLBACK") ? "Quota exceeded for NAT gateways" : null,
            Tags = ours ? new Dictionary<string, string> { ["pchpc:network"] = "hpc-net" } : new Dictionary<string, string>(),
            Outputs = new Dictionary<string, string> { ["VpcId"] = "vpc-1" },
        };

        [Theory]
        [InlineData("CREATE_COMPLETE", VpcStatus.Ready)]
        [InlineData("CREATE_IN_PROGRESS", VpcStatus.Creating)]
        [InlineData("UPDATE_IN_PROGRESS", VpcStatus.Updating)]
        public void Matching_usable_network_is_returned(string status, VpcStatus expected)
        {
            var vpc = NetworkIdempotency.ResolveExisting(Original, Stack(status), Body);
            Assert.Equal(expected, vpc.Status);
            Assert.Equal("vpc-1", vpc.VpcId);
        }

        [Fact]
        public void Different_settings_are_an_AlreadyExists_error()
        {
            var other = NetworkPlannerTests.Request(nat: NatGatewayMode.None, tags: new Dictionary<string, string> { ["team"] = "cfd" });
            var ex = Assert.Throws<PcHpcException>(() => NetworkIdempotency.ResolveExisting(other, Stack("CREATE_COMPLETE"), Body));
            Assert.Equal(ErrorKind.AlreadyExists, ex.Kind);
            Assert.Contains("-NatGateway is Single there, not None", ex.Message);
        }

        [Theory]
        [InlineData("ROLLBACK_COMPLETE", "NetworkFailed", "Quota exceeded")]
        [InlineData("DELETE_IN_PROGRESS", "NetworkDeleting", "being deleted")]
        public void Failed_or_deleting_networks_are_InvalidState(string status, string errorId, string fragment)
        {
            var ex = Assert.Throws<PcHpcException>(() => NetworkIdempotency.ResolveExisting(Original, Stack(status), Body));
            Assert.Equal(ErrorKind.InvalidState, ex.Kind);
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Contains(fragment, ex.Message);
        }

        [Fact]
        public void Foreign_stack_with_the_same_name_is_refused()
        {
            var ex = Assert.Throws<PcHpcException>(() => NetworkIdempotency.ResolveExisting(Original, Stack("CREATE_COMPLETE", ours: false), Body));
            Assert.Equal("StackNameTaken", ex.ErrorId);
            Assert.Contains("-Name", ex.Message);
        }

        [Fact]
        public void Stack_definition_carries_compact_body_and_marker_tag()
        {
            var plan = NetworkPlanner.Plan(Original);
            var def = NetworkStackDefinition.From(plan);
            Assert.Equal("hpc-net", def.StackName);
            Assert.Equal(VpcTemplateBuilder.BuildCompact(plan), def.TemplateBody);
            Assert.DoesNotContain("\n", def.TemplateBody);
            Assert.Equal(new[] { "team", "pchpc:network" }, def.Tags.Select(t => t.Key));
            Assert.Empty(def.Capabilities);
            Assert.DoesNotContain("AWS::IAM::", def.TemplateBody);
        }
    }
}
