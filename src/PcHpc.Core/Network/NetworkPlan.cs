using System.Collections.Generic;

namespace PcHpc.Core.Network
{
    /// <summary>The subnets of one availability zone.</summary>
    public sealed class ZonePlan
    {
        public ZonePlan(int index, string availabilityZone, Ipv4Cidr publicSubnet, Ipv4Cidr privateSubnet)
        {
            Index = index;
            AvailabilityZone = availabilityZone;
            PublicSubnet = publicSubnet;
            PrivateSubnet = privateSubnet;
        }

        /// <summary>1-based position in zone order; used in logical IDs (PublicSubnet1, ...).</summary>
        public int Index { get; }
        public string AvailabilityZone { get; }
        public Ipv4Cidr PublicSubnet { get; }
        public Ipv4Cidr PrivateSubnet { get; }
    }

    /// <summary>A validated network: everything the template builder needs, nothing it has to check again.</summary>
    public sealed class NetworkPlan
    {
        internal NetworkPlan(string name, string region, Ipv4Cidr vpcCidr, IReadOnlyList<ZonePlan> zones, NatGatewayMode natGateway,
            bool privateEndpoints, IReadOnlyList<Ipv4Cidr> allowSshFrom, IReadOnlyList<KeyValuePair<string, string>> tags,
            int publicSubnetPrefixLength, int privateSubnetPrefixLength, IReadOnlyList<string> warnings)
        {
            Name = name;
            Region = region;
            VpcCidr = vpcCidr;
            Zones = zones;
            NatGateway = natGateway;
            PrivateEndpoints = privateEndpoints;
            AllowSshFrom = allowSshFrom;
            Tags = tags;
            PublicSubnetPrefixLength = publicSubnetPrefixLength;
            PrivateSubnetPrefixLength = privateSubnetPrefixLength;
            Warnings = warnings;
        }

        public string Name { get; }
        /// <summary>The stack name (same as the network name).</summary>
        public string StackName => Name;
        public string Region { get; }
        public Ipv4Cidr VpcCidr { get; }
        public IReadOnlyList<ZonePlan> Zones { get; }
        public NatGatewayMode NatGateway { get; }
        public bool PrivateEndpoints { get; }
        /// <summary>Normalised SSH sources, in the order given, without duplicates; empty = no SSH security group.</summary>
        public IReadOnlyList<Ipv4Cidr> AllowSshFrom { get; }
        /// <summary>User tags sorted by key (ordinal).</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }
        public int PublicSubnetPrefixLength { get; }
        public int PrivateSubnetPrefixLength { get; }
        /// <summary>Things that are allowed but probably not wanted (SSH open to the internet, no way out of private subnets, ...).</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Tags for the CloudFormation stack itself: user tags plus the PcHpc marker.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> StackTags
        {
            get
            {
                var list = new List<KeyValuePair<string, string>>(Tags);
                list.Add(new KeyValuePair<string, string>(VpcTemplateBuilder.MarkerTagKey, Name));
                return list;
            }
        }
    }
}
