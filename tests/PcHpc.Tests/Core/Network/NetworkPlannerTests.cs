using System;
using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Errors;
using PcHpc.Core.Network;

namespace PcHpc.Tests.Core.Network
{
    public class NetworkPlannerTests
    {
        internal static readonly string[] SixZones = { "us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f" };

        internal static NetworkRequest Request(string cidr = "10.0.0.0/16", int zones = 2, NatGatewayMode nat = NatGatewayMode.Single,
            bool endpoints = false, string[] ssh = null, Dictionary<string, string> tags = null) => new NetworkRequest
            {
                Name = "hpc-net",
                Region = "us-east-1",
                CidrBlock = cidr,
                AvailabilityZones = SixZones.Take(zones).ToList(),
                NatGateway = nat,
                PrivateEndpoints = endpoints,
                AllowSshFrom = ssh,
                Tags = tags,
            };

        private static void AssertLayoutSound(NetworkPlan plan)
        {
            var all = plan.Zones.SelectMany(z => new[] { z.PublicSubnet, z.PrivateSubnet }).ToList();
            foreach (var s in all) Assert.True(plan.VpcCidr.Contains(s), s + " is outside " + plan.VpcCidr);
            for (int i = 0; i < all.Count; i++)
                for (int j = i + 1; j < all.Count; j++)
                    Assert.False(all[i].Overlaps(all[j]), all[i] + " overlaps " + all[j]);
            foreach (var z in plan.Zones)
            {
                Assert.Equal(plan.PublicSubnetPrefixLength, z.PublicSubnet.PrefixLength);
                Assert.Equal(plan.PrivateSubnetPrefixLength, z.PrivateSubnet.PrefixLength);
                Assert.True(z.PrivateSubnet.Size >= z.PublicSubnet.Size);
            }
            // Largest that fits: one step bigger private subnets would not fit any more.
            if (plan.PrivateSubnetPrefixLength > plan.VpcCidr.PrefixLength)
            {
                long bigger = 1L << (32 - (plan.PrivateSubnetPrefixLength - 1));
                Assert.True(plan.Zones.Count * bigger + plan.Zones.Count * plan.Zones[0].PublicSubnet.Size > plan.VpcCidr.Size);
            }
        }

        [Theory]
        [InlineData("10.0.0.0/16", 2, 18, new[] { "10.0.0.0/18", "10.0.64.0/18" }, new[] { "10.0.128.0/24", "10.0.129.0/24" })]
        [InlineData("10.0.0.0/16", 3, 18, new[] { "10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18" }, new[] { "10.0.192.0/24", "10.0.193.0/24", "10.0.194.0/24" })]
        [InlineData("10.0.0.0/16", 4, 19, new[] { "10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19", "10.0.96.0/19" }, new[] { "10.0.128.0/24", "10.0.129.0/24", "10.0.130.0/24", "10.0.131.0/24" })]
        [InlineData("10.0.0.0/16", 6, 19, new[] { "10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19", "10.0.96.0/19", "10.0.128.0/19", "10.0.160.0/19" }, new[] { "10.0.192.0/24", "10.0.193.0/24", "10.0.194.0/24", "10.0.195.0/24", "10.0.196.0/24", "10.0.197.0/24" })]
        [InlineData("10.20.16.0/20", 2, 22, new[] { "10.20.16.0/22", "10.20.20.0/22" }, new[] { "10.20.24.0/24", "10.20.25.0/24" })]
        [InlineData("192.168.0.0/22", 2, 24, new[] { "192.168.0.0/24", "192.168.1.0/24" }, new[] { "192.168.2.0/24", "192.168.3.0/24" })]
        [InlineData("172.31.0.0/16", 1, 17, new[] { "172.31.0.0/17" }, new[] { "172.31.128.0/24" })]
        public void Lays_out_private_blocks_first_then_small_public_ones(string cidr, int zones, int privatePrefix, string[] expectedPrivate, string[] expectedPublic)
        {
            var plan = NetworkPlanner.Plan(Request(cidr, zones));
            Assert.Equal(privatePrefix, plan.PrivateSubnetPrefixLength);
            Assert.Equal(expectedPrivate, plan.Zones.Select(z => z.PrivateSubnet.ToString()));
            Assert.Equal(expectedPublic, plan.Zones.Select(z => z.PublicSubnet.ToString()));
            Assert.Equal(SixZones.Take(zones), plan.Zones.Select(z => z.AvailabilityZone));
            Assert.Equal(Enumerable.Range(1, zones), plan.Zones.Select(z => z.Index));
            AssertLayoutSound(plan);
        }

        [Fact]
        public void Every_prefix_and_zone_count_that_validates_plans_a_sound_layout()
        {
            for (int prefix = 16; prefix <= 28; prefix++)
                for (int zones = 1; zones <= 6; zones++)
                    foreach (var publicPrefix in new[] { 24, 26, 28 })
                    {
                        var request = Request(new Ipv4Cidr(0x0A000000, prefix).ToString(), zones);
                        request.PublicSubnetPrefixLength = publicPrefix;
                        if (request.Validate().Count > 0)
                        {
                            Assert.Null(NetworkPlanner.PrivatePrefixFor(new Ipv4Cidr(0x0A000000, prefix), zones, publicPrefix));
                            continue;
                        }
                        AssertLayoutSound(NetworkPlanner.Plan(request));
                    }
        }

        [Theory]
        [InlineData("10.0.0.0/24", 2, "/22")]
        [InlineData("10.0.0.0/23", 2, "/22")]
        [InlineData("10.0.0.0/22", 3, "/21")]
        [InlineData("10.0.0.0/28", 1, "/23")]
        public void Too_small_vpc_is_rejected_naming_the_block_and_the_size_needed(string cidr, int zones, string needed)
        {
            var ex = Assert.Throws<PcHpcException>(() => NetworkPlanner.Plan(Request(cidr, zones)));
            Assert.Equal(ErrorKind.Validation, ex.Kind);
            Assert.Equal("InvalidNetworkRequest", ex.ErrorId);
            Assert.Contains("-CidrBlock " + cidr + " is too small", ex.Message);
            Assert.Contains("use a " + needed + " or larger", ex.Message);
        }

        [Fact]
        public void Smaller_public_subnets_make_a_small_vpc_fit()
        {
            var request = Request("10.0.0.0/24", 2);
            request.PublicSubnetPrefixLength = 28;
            var plan = NetworkPlanner.Plan(request);
            Assert.Equal(26, plan.PrivateSubnetPrefixLength);
            Assert.Equal(new[] { "10.0.0.128/28", "10.0.0.144/28" }, plan.Zones.Select(z => z.PublicSubnet.ToString()));
            AssertLayoutSound(plan);
        }

        [Fact]
        public void Missing_zone_names_are_a_problem_for_Plan_but_not_for_Validate()
        {
            var request = Request();
            request.AvailabilityZones = null;
            request.AvailabilityZoneCount = 3;
            Assert.Empty(request.Validate());
            var ex = Assert.Throws<PcHpcException>(() => NetworkPlanner.Plan(request));
            Assert.Contains("-AvailabilityZone", ex.Message);
            Assert.Contains("pick 3", ex.Message);
        }

        [Fact]
        public void Plan_reports_every_problem_at_once()
        {
            var request = Request("10.0.0.1/16");
            request.Name = "1bad";
            request.AllowSshFrom = new[] { "1.2.3.4" };
            var ex = Assert.Throws<PcHpcException>(() => NetworkPlanner.Plan(request));
            Assert.Contains("-Name '1bad'", ex.Message);
            Assert.Contains("-CidrBlock '10.0.0.1/16'", ex.Message);
            Assert.Contains("-AllowSshFrom '1.2.3.4'", ex.Message);
        }

        [Fact]
        public void Ssh_sources_are_normalised_and_deduplicated_and_tags_sorted()
        {
            var plan = NetworkPlanner.Plan(Request(ssh: new[] { "203.0.113.0/24", " 198.51.100.7/32", "203.0.113.0/24" },
                tags: new Dictionary<string, string> { ["team"] = "cfd", ["cost-center"] = "42" }));
            Assert.Equal(new[] { "203.0.113.0/24", "198.51.100.7/32" }, plan.AllowSshFrom.Select(c => c.ToString()));
            Assert.Equal(new[] { "cost-center", "team" }, plan.Tags.Select(t => t.Key));
            Assert.Equal(new[] { "cost-center", "team", VpcTemplateBuilder.MarkerTagKey }, plan.StackTags.Select(t => t.Key));
            Assert.Equal("hpc-net", plan.StackTags.Last().Value);
            Assert.Equal("hpc-net", plan.StackName);
        }

        [Fact]
        public void Warnings_for_open_ssh_no_way_out_and_public_ranges()
        {
            Assert.Empty(NetworkPlanner.Plan(Request()).Warnings);
            Assert.Contains(NetworkPlanner.Plan(Request(ssh: new[] { "0.0.0.0/0" })).Warnings, w => w.Contains("whole internet"));
            Assert.Contains(NetworkPlanner.Plan(Request(nat: NatGatewayMode.None)).Warnings, w => w.Contains("-NatGateway None"));
            Assert.Contains("only SSM and S3", Assert.Single(NetworkPlanner.Plan(Request(nat: NatGatewayMode.None, endpoints: true)).Warnings));
            Assert.Empty(NetworkPlanner.Plan(Request(nat: NatGatewayMode.PerAz, endpoints: true)).Warnings);
            Assert.Contains(NetworkPlanner.Plan(Request("8.8.0.0/16")).Warnings, w => w.Contains("RFC 1918"));
        }

        [Fact]
        public void ChooseAvailabilityZones_takes_available_standard_zones_sorted()
        {
            var zones = new[]
            {
                new AvailabilityZoneInfo("us-west-2c"),
                new AvailabilityZoneInfo("us-west-2a", "impaired"),
                new AvailabilityZoneInfo("us-west-2-lax-1a", "available", "local-zone"),
                new AvailabilityZoneInfo("us-west-2b"),
                new AvailabilityZoneInfo("us-west-2d"),
            };
            Assert.Equal(new[] { "us-west-2b", "us-west-2c" }, NetworkPlanner.ChooseAvailabilityZones(zones, 2, "us-west-2"));
            Assert.Equal(new[] { "us-west-2b", "us-west-2c", "us-west-2d" }, NetworkPlanner.ChooseAvailabilityZones(zones, 3));
            var ex = Assert.Throws<PcHpcException>(() => NetworkPlanner.ChooseAvailabilityZones(zones, 4, "us-west-2"));
            Assert.Equal(ErrorKind.Validation, ex.Kind);
            Assert.Contains("only 3 available zone(s) but 4", ex.Message);
        }

        [Theory]
        [InlineData(2, 24, 22)]
        [InlineData(3, 24, 21)]
        [InlineData(6, 24, 20)]
        [InlineData(1, 28, 27)]
        public void LargestVpcPrefixFor(int zones, int publicPrefix, int expected)
        {
            Assert.Equal(expected, NetworkPlanner.LargestVpcPrefixFor(zones, publicPrefix));
            Assert.NotNull(NetworkPlanner.PrivatePrefixFor(new Ipv4Cidr(0x0A000000, expected), zones, publicPrefix));
            Assert.Null(NetworkPlanner.PrivatePrefixFor(new Ipv4Cidr(0x0A000000, expected + 1), zones, publicPrefix));
        }
    }
}
