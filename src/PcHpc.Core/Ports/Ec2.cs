using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PcHpc.Core.Ports
{
    /// <summary>
    /// EC2 describe calls. Every method returns all pages. <c>ids</c> may be null/empty for "all";
    /// <c>filters</c> may be null. Unknown ids surface as <see cref="Errors.PcHpcException"/> with ErrorKind.NotFound.
    /// </summary>
    public interface IEc2
    {
        Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(IEnumerable<string> vpcIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken);
        Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(IEnumerable<string> subnetIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken);
        /// <summary>Availability zones of the session region (all states when <paramref name="allAvailabilityZones"/>).</summary>
        Task<IReadOnlyList<AvailabilityZone>> DescribeAvailabilityZonesAsync(IEnumerable<string> zoneNames, IEnumerable<Ec2Filter> filters, bool allAvailabilityZones, CancellationToken cancellationToken);
        Task<IReadOnlyList<InstanceTypeInfo>> DescribeInstanceTypesAsync(IEnumerable<string> instanceTypes, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken);
        Task<IReadOnlyList<KeyPair>> DescribeKeyPairsAsync(IEnumerable<string> keyNames, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken);
        /// <summary>Instances (flattened out of reservations).</summary>
        Task<IReadOnlyList<Instance>> DescribeInstancesAsync(IEnumerable<string> instanceIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken);
        Task<IReadOnlyList<SecurityGroup>> DescribeSecurityGroupsAsync(IEnumerable<string> groupIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken);
    }

    /// <summary>An EC2 filter: <c>Name</c> such as "vpc-id", "tag:Name", "state", "instance-type"; any of <c>Values</c> matches (wildcards * and ? allowed by EC2).</summary>
    public sealed class Ec2Filter
    {
        public Ec2Filter() { }
        public Ec2Filter(string name, params string[] values) { Name = name; Values = new List<string>(values); }
        public string Name { get; set; }
        public IList<string> Values { get; set; } = new List<string>();
    }

    public sealed class Vpc
    {
        public string VpcId { get; set; }
        public string CidrBlock { get; set; }
        public IList<string> CidrBlocks { get; set; } = new List<string>();
        public string Ipv6CidrBlock { get; set; }
        /// <summary>pending | available.</summary>
        public string State { get; set; }
        public bool IsDefault { get; set; }
        public string OwnerId { get; set; }
        public string DhcpOptionsId { get; set; }
        public IList<ResourceTag> Tags { get; set; } = new List<ResourceTag>();
    }

    public sealed class Subnet
    {
        public string SubnetId { get; set; }
        public string VpcId { get; set; }
        public string CidrBlock { get; set; }
        public string AvailabilityZone { get; set; }
        public string AvailabilityZoneId { get; set; }
        public int AvailableIpAddressCount { get; set; }
        /// <summary>pending | available.</summary>
        public string State { get; set; }
        public bool MapPublicIpOnLaunch { get; set; }
        public bool DefaultForAz { get; set; }
        public string SubnetArn { get; set; }
        public IList<ResourceTag> Tags { get; set; } = new List<ResourceTag>();
    }

    public sealed class AvailabilityZone
    {
        public string ZoneName { get; set; }
        public string ZoneId { get; set; }
        public string RegionName { get; set; }
        /// <summary>available | information | impaired | unavailable | constrained.</summary>
        public string State { get; set; }
        /// <summary>availability-zone | local-zone | wavelength-zone.</summary>
        public string ZoneType { get; set; }
        /// <summary>opt-in-not-required | opted-in | not-opted-in.</summary>
        public string OptInStatus { get; set; }
        public IList<string> Messages { get; set; } = new List<string>();
    }

    public sealed class InstanceTypeInfo
    {
        public string InstanceType { get; set; }
        public int DefaultVCpus { get; set; }
        public int? DefaultCores { get; set; }
        public int? DefaultThreadsPerCore { get; set; }
        public long MemoryMiB { get; set; }
        /// <summary>x86_64, arm64, ...</summary>
        public IList<string> SupportedArchitectures { get; set; } = new List<string>();
        public bool EfaSupported { get; set; }
        public int? MaximumEfaInterfaces { get; set; }
        /// <summary>e.g. "Up to 12.5 Gigabit", "100 Gigabit".</summary>
        public string NetworkPerformance { get; set; }
        public int GpuCount { get; set; }
        public string GpuManufacturer { get; set; }
        public string GpuName { get; set; }
        public long GpuTotalMemoryMiB { get; set; }
        public bool InstanceStorageSupported { get; set; }
        public long? TotalInstanceStorageGB { get; set; }
        public bool CurrentGeneration { get; set; }
        public bool BareMetal { get; set; }
        /// <summary>cluster | partition | spread.</summary>
        public IList<string> PlacementGroupStrategies { get; set; } = new List<string>();
        /// <summary>on-demand | spot.</summary>
        public IList<string> SupportedUsageClasses { get; set; } = new List<string>();
    }

    public sealed class KeyPair
    {
        public string KeyName { get; set; }
        public string KeyPairId { get; set; }
        public string KeyFingerprint { get; set; }
        /// <summary>rsa | ed25519.</summary>
        public string KeyType { get; set; }
        public DateTime? CreateTime { get; set; }
        public IList<ResourceTag> Tags { get; set; } = new List<ResourceTag>();
    }

    public sealed class Instance
    {
        public string InstanceId { get; set; }
        public string InstanceType { get; set; }
        /// <summary>pending | running | shutting-down | terminated | stopping | stopped.</summary>
        public string State { get; set; }
        public string StateReason { get; set; }
        public string ImageId { get; set; }
        public string Architecture { get; set; }
        public string PlatformDetails { get; set; }
        public string VpcId { get; set; }
        public string SubnetId { get; set; }
        public string AvailabilityZone { get; set; }
        public string PrivateIpAddress { get; set; }
        public string PublicIpAddress { get; set; }
        public string PrivateDnsName { get; set; }
        public string PublicDnsName { get; set; }
        public string KeyName { get; set; }
        /// <summary>ARN of the instance profile, or null.</summary>
        public string IamInstanceProfileArn { get; set; }
        public DateTime? LaunchTime { get; set; }
        public IList<string> SecurityGroupIds { get; set; } = new List<string>();
        public IList<ResourceTag> Tags { get; set; } = new List<ResourceTag>();
    }

    public sealed class SecurityGroup
    {
        public string GroupId { get; set; }
        public string GroupName { get; set; }
        public string Description { get; set; }
        public string VpcId { get; set; }
        public string OwnerId { get; set; }
        public IList<SecurityGroupRule> IngressRules { get; set; } = new List<SecurityGroupRule>();
        public IList<SecurityGroupRule> EgressRules { get; set; } = new List<SecurityGroupRule>();
        public IList<ResourceTag> Tags { get; set; } = new List<ResourceTag>();
    }

    /// <summary>One IP permission, flattened.</summary>
    public sealed class SecurityGroupRule
    {
        /// <summary>tcp | udp | icmp | -1 (all).</summary>
        public string IpProtocol { get; set; }
        public int? FromPort { get; set; }
        public int? ToPort { get; set; }
        public IList<string> CidrBlocks { get; set; } = new List<string>();
        public IList<string> Ipv6CidrBlocks { get; set; } = new List<string>();
        /// <summary>Referenced security group ids.</summary>
        public IList<string> SourceGroupIds { get; set; } = new List<string>();
        public IList<string> PrefixListIds { get; set; } = new List<string>();
    }
}
