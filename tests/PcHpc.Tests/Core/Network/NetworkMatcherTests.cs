using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using PcHpc.Core.Errors;
using PcHpc.Core.Network;

namespace PcHpc.Tests.Core.Network
{
    public class NetworkMatcherTests
    {
        private static string ExistingTemplate(NetworkRequest request) => VpcTemplateBuilder.Build(NetworkPlanner.Plan(request));

        private static NetworkRequest Existing() => NetworkPlannerTests.Request(nat: NatGatewayMode.PerAz, endpoints: true,
            ssh: new[] { "203.0.113.0/24", "198.51.100.0/24" }, tags: new Dictionary<string, string> { ["team"] = "cfd" });

        [Fact]
        public void Metadata_round_trips_through_the_template()
        {
            var meta = NetworkMetadata.FromTemplate(ExistingTemplate(Existing()), "hpc-net");
            Assert.Equal(1, meta.Version);
            Assert.Equal("hpc-net", meta.Name);
            Assert.Equal("10.0.0.0/16", meta.CidrBlock);
            Assert.Equal(new[] { "us-east-1a", "us-east-1b" }, meta.AvailabilityZones);
            Assert.Equal(NatGatewayMode.PerAz, meta.NatGateway);
            Assert.True(meta.PrivateEndpoints);
            Assert.Equal(new[] { "203.0.113.0/24", "198.51.100.0/24" }, meta.AllowSshFrom);
            Assert.Equal(24, meta.PublicSubnetPrefixLength);
            Assert.Equal("cfd", meta.Tags["team"]);
        }

        [Fact]
        public void Same_request_matches_even_with_reordered_zones_ssh_and_spacing()
        {
            var again = Existing();
            again.AvailabilityZones = new[] { "us-east-1b", "us-east-1a" };
            again.AllowSshFrom = new[] { "198.51.100.0/24", " 203.0.113.0/24" };
            var result = NetworkMatcher.Compare(again, ExistingTemplate(Existing()));
            Assert.True(result.Matches, string.Join("; ", result.Differences));
            result.EnsureMatches();
        }

        [Fact]
        public void Unpinned_zones_match_by_count()
        {
            var again = Existing();
            again.AvailabilityZones = null;
            Assert.True(NetworkMatcher.Compare(again, ExistingTemplate(Existing())).Matches);
            again.AvailabilityZoneCount = 3;
            var diff = Assert.Single(NetworkMatcher.Compare(again, ExistingTemplate(Existing())).Differences);
            Assert.Equal("-AvailabilityZoneCount is 2 there, not 3", diff);
        }

        [Fact]
        public void Every_difference_is_named_and_the_error_says_what_to_do()
        {
            var other = NetworkPlannerTests.Request("10.1.0.0/16", 2, NatGatewayMode.Single, false, null, new Dictionary<string, string> { ["team"] = "bio" });
            other.AvailabilityZones = new[] { "us-east-1a", "us-east-1c" };
            other.PublicSubnetPrefixLength = 26;
            var result = NetworkMatcher.Compare(other, ExistingTemplate(Existing()));
            Assert.False(result.Matches);
            Assert.Equal(new[]
            {
                "-CidrBlock is 10.0.0.0/16 there, not 10.1.0.0/16",
                "-AvailabilityZone is us-east-1a,us-east-1b there, not us-east-1a,us-east-1c",
                "-NatGateway is PerAz there, not Single",
                "-PrivateEndpoints is on there, not off",
                "-PublicSubnetPrefixLength is 24 there, not 26",
                "-AllowSshFrom is 198.51.100.0/24,203.0.113.0/24 there, not (none)",
                "-Tag differs for key(s) team",
            }, result.Differences);
            var ex = Assert.Throws<PcHpcException>(() => result.EnsureMatches());
            Assert.Equal(ErrorKind.AlreadyExists, ex.Kind);
            Assert.Equal("NetworkExistsWithDifferentSettings", ex.ErrorId);
            Assert.Contains("'hpc-net' already exists", ex.Message);
            Assert.Contains("Remove-HpcVpc", ex.Message);
            Assert.Equal("hpc-net", ex.Target);
        }

        [Fact]
        public void Extra_or_missing_tags_are_differences()
        {
            var again = Existing();
            again.Tags = new Dictionary<string, string> { ["team"] = "cfd", ["extra"] = "1" };
            Assert.Equal("-Tag differs for key(s) extra", Assert.Single(NetworkMatcher.Compare(again, ExistingTemplate(Existing())).Differences));
            again.Tags = null;
            Assert.Equal("-Tag differs for key(s) team", Assert.Single(NetworkMatcher.Compare(again, ExistingTemplate(Existing())).Differences));
        }

        [Theory]
        [InlineData("")]
        [InlineData("not json")]
        [InlineData("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n")]
        [InlineData("{\"Resources\":{}}")]
        [InlineData("{\"Metadata\":{\"PcHpc::Network\":{\"Version\":1,\"NatGateway\":\"Sometimes\"}}}")]
        [InlineData("{\"Metadata\":{\"PcHpc::Network\":{\"Version\":99,\"NatGateway\":\"Single\"}}}")]
        [InlineData("{\"Metadata\":{\"PcHpc::Network\":{\"Version\":\"one\",\"NatGateway\":\"Single\"}}}")]
        public void Foreign_or_broken_templates_are_not_ours(string body)
        {
            var ex = Assert.Throws<PcHpcException>(() => NetworkMatcher.Compare(Existing(), body, "someone-elses"));
            Assert.Equal(ErrorKind.InvalidState, ex.Kind);
            Assert.Equal("NotAPcHpcNetwork", ex.ErrorId);
            Assert.Contains("'someone-elses' is not a PcHpc network", ex.Message);
        }

        [Fact]
        public void Metadata_sits_under_the_template_metadata_key()
        {
            var root = JsonNode.Parse(ExistingTemplate(Existing()));
            Assert.NotNull(root["Metadata"]["PcHpc::Network"]["CidrBlock"]);
            Assert.Equal("PerAz", root["Metadata"]["PcHpc::Network"]["NatGateway"].GetValue<string>());
        }
    }
}
