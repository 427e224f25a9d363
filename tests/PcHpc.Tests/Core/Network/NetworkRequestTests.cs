using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Network;

namespace PcHpc.Tests.Core.Network
{
    public class NetworkRequestTests
    {
        private static NetworkRequest Valid() => NetworkPlannerTests.Request();

        private static NetworkProblem Single(NetworkRequest request)
        {
            var problems = request.Validate();
            return Assert.Single(problems);
        }

        [Fact]
        public void Defaults_are_valid()
        {
            var request = new NetworkRequest { Name = "net" };
            Assert.Empty(request.Validate());
            Assert.Equal("10.0.0.0/16", request.CidrBlock);
            Assert.Equal(2, request.EffectiveAvailabilityZoneCount);
            Assert.Equal(NatGatewayMode.Single, request.NatGateway);
            Assert.False(request.PrivateEndpoints);
            Assert.Equal(24, request.PublicSubnetPrefixLength);
        }

        [Theory]
        [InlineData("172.16.0.0/12", "/16 and /28", "172.16.0.0/16")]
        [InlineData("10.0.0.0/8", "/16 and /28", "10.0.0.0/16")]
        [InlineData("10.0.0.0/29", "/16 and /28", "10.0.0.0/29")]
        [InlineData("10.0.0.1/16", "host bits", "10.0.0.0/16")]
        [InlineData("10.0.0.300/16", "greater than 255", "300")]
        [InlineData("10.0.0.0", "no prefix length", "10.0.0.0")]
        [InlineData("127.0.0.0/16", "reserved range 127.0.0.0/8", "127.0.0.0/16")]
        [InlineData("169.254.0.0/16", "reserved range", "169.254.0.0/16")]
        [InlineData("224.0.0.0/16", "reserved range", "224.0.0.0/16")]
        [InlineData("10.0.0.0/24", "too small", "/22")]
        public void Bad_cidr_blocks_are_reported_against_CidrBlock(string cidr, string fragment, string mentioned)
        {
            var request = Valid();
            request.CidrBlock = cidr;
            var problem = Single(request);
            Assert.Equal(NetworkParameters.CidrBlock, problem.Parameter);
            Assert.StartsWith("-CidrBlock", problem.Message);
            Assert.Contains(fragment, problem.Message);
            Assert.Contains(mentioned, problem.Message);
        }

        [Fact]
        public void Overlap_with_existing_vpcs_is_rejected_and_a_free_block_suggested()
        {
            var request = Valid();
            request.ExistingCidrBlocks = new[] { "172.31.0.0/16", "10.0.64.0/20", "10.1.0.0/16" };
            var problem = Single(request);
            Assert.Equal(NetworkParameters.CidrBlock, problem.Parameter);
            Assert.Contains("overlaps 10.0.64.0/20", problem.Message);
            Assert.DoesNotContain("172.31.0.0/16", problem.Message);
            Assert.Contains("such as 10.2.0.0/16", problem.Message);

            request.CidrBlock = "10.2.0.0/16";
            Assert.Empty(request.Validate());
        }

        [Theory]
        [InlineData(0)]
        [InlineData(7)]
        [InlineData(-1)]
        public void Zone_count_out_of_range(int count)
        {
            var request = Valid();
            request.AvailabilityZones = null;
            request.AvailabilityZoneCount = count;
            var problem = Single(request);
            Assert.Equal(NetworkParameters.AvailabilityZoneCount, problem.Parameter);
            Assert.Contains(count.ToString(), problem.Message);
        }

        [Fact]
        public void Zone_count_disagreeing_with_pinned_zones()
        {
            var request = Valid();
            request.AvailabilityZoneCount = 3;
            var problem = Single(request);
            Assert.Equal(NetworkParameters.AvailabilityZoneCount, problem.Parameter);
            Assert.Contains("disagrees", problem.Message);
        }

        [Theory]
        [InlineData("us-east-1", "useast1a", "not an availability zone name")]
        [InlineData("us-east-1", "us-west-2a", "not in region us-east-1")]
        [InlineData("us-east-1", "us-east-11a", "not a zone of region us-east-1")]
        [InlineData(null, "US-EAST-1A", "not an availability zone name")]
        public void Bad_zone_names(string region, string zone, string fragment)
        {
            var request = Valid();
            request.Region = region;
            request.AvailabilityZones = new[] { "us-east-1b", zone };
            var problem = Single(request);
            Assert.Equal(NetworkParameters.AvailabilityZone, problem.Parameter);
            Assert.Contains(zone, problem.Message);
            Assert.Contains(fragment, problem.Message);
        }

        [Fact]
        public void Duplicate_zones_and_gov_cloud_names()
        {
            var request = Valid();
            request.AvailabilityZones = new[] { "us-east-1a", "us-east-1a" };
            Assert.Contains("twice", Single(request).Message);

            request.Region = "us-gov-west-1";
            request.AvailabilityZones = new[] { "us-gov-west-1a", "us-gov-west-1b" };
            Assert.Empty(request.Validate());
        }

        [Theory]
        [InlineData("")]
        [InlineData("9lives")]
        [InlineData("my_net")]
        [InlineData("has space")]
        public void Bad_names(string name)
        {
            var request = Valid();
            request.Name = name;
            Assert.Equal(NetworkParameters.Name, Single(request).Parameter);
        }

        [Fact]
        public void Name_length_limit()
        {
            var request = Valid();
            request.Name = "n" + new string('x', NetworkRequest.MaxNameLength - 1);
            Assert.Empty(request.Validate());
            request.Name += "x";
            Assert.Equal(NetworkParameters.Name, Single(request).Parameter);
        }

        [Theory]
        [InlineData("aws:created", "v", "reserved 'aws:' prefix")]
        [InlineData("Name", "v", "set by PcHpc")]
        [InlineData("pchpc:network", "v", "set by PcHpc")]
        [InlineData("bad*key", "v", "not valid")]
        [InlineData("ok", "bad<value>", "value for 'ok'")]
        public void Bad_tags(string key, string value, string fragment)
        {
            var request = Valid();
            request.Tags = new Dictionary<string, string> { [key] = value };
            var problem = Single(request);
            Assert.Equal(NetworkParameters.Tag, problem.Parameter);
            Assert.Contains(fragment, problem.Message);
        }

        [Fact]
        public void Too_many_tags()
        {
            var request = Valid();
            request.Tags = Enumerable.Range(0, NetworkRequest.MaxUserTags).ToDictionary(i => "k" + i, i => "v");
            Assert.Empty(request.Validate());
            request.Tags["one-more"] = "v";
            Assert.Contains("at most 48", Single(request).Message);
        }

        [Theory]
        [InlineData(15)]
        [InlineData(29)]
        public void Public_prefix_out_of_range(int prefix)
        {
            var request = Valid();
            request.PublicSubnetPrefixLength = prefix;
            Assert.Equal(NetworkParameters.PublicSubnetPrefixLength, Single(request).Parameter);
        }

        [Fact]
        public void Undefined_nat_mode()
        {
            var request = Valid();
            request.NatGateway = (NatGatewayMode)42;
            Assert.Equal(NetworkParameters.NatGateway, Single(request).Parameter);
        }

        [Fact]
        public void Problem_ToString_names_the_parameter()
        {
            var request = Valid();
            request.AllowSshFrom = new[] { "1.2.3.4/33" };
            var problem = Single(request);
            Assert.StartsWith("-AllowSshFrom: ", problem.ToString());
        }
    }
}

namespace PcHpc.Tests.Core.Network
{
    public class NetworkZoneNameTests
    {
        [Theory]
        [InlineData("ap-northeast-1", "ap-northeast-1a", "ap-northeast-1c")]
        [InlineData("eu-central-2", "eu-central-2a", "eu-central-2b")]
        [InlineData("il-central-1", "il-central-1a", "il-central-1b")]
        [InlineData("cn-north-1", "cn-north-1a", "cn-north-1b")]
        [InlineData("us-isob-east-1", "us-isob-east-1a", "us-isob-east-1b")]
        public void Real_zone_names_of_various_partitions_are_accepted(string region, string a, string b)
        {
            var request = new NetworkRequest { Name = "net", Region = region, AvailabilityZones = new[] { a, b } };
            Assert.Empty(request.Validate());
            var plan = NetworkPlanner.Plan(request);
            Assert.Equal(new[] { a, b }, plan.Zones.Select(z => z.AvailabilityZone));
        }

        [Fact]
        public void Local_zones_are_not_accepted_as_availability_zones()
        {
            var request = new NetworkRequest { Name = "net", AvailabilityZones = new[] { "us-west-2a", "us-west-2-lax-1a" } };
            var problem = Assert.Single(request.Validate());
            Assert.Equal(NetworkParameters.AvailabilityZone, problem.Parameter);
            Assert.Contains("us-west-2-lax-1a", problem.Message);
        }
    }
}
