using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Remote;

namespace PcHpc.Aws.Services
{
    using Vpc = PcHpc.Core.Remote.Vpc;

    /// <summary><see cref="IEc2"/> over the EC2 protocol (2016-11-15); every describe follows NextToken to the end.</summary>
    internal sealed class Ec2Service : IEc2
    {
        private readonly ModelInvoker _invoker;

        public Ec2Service(ModelInvoker invoker) { _invoker = invoker; }

        public async Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(IEnumerable<string> vpcIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            var output = await Describe("DescribeVpcs", "VpcIds", vpcIds, filters, cancellationToken).ConfigureAwait(false);
            return output.Items("Vpcs").Select(v => new Vpc
            {
                VpcId = v.Str("VpcId"),
                CidrBlock = v.Str("CidrBlock"),
                CidrBlocks = v.Items("CidrBlockAssociationSet").Select(a => a.Str("CidrBlock")).Where(c => c != null).ToList(),
                Ipv6CidrBlock = v.Items("Ipv6CidrBlockAssociationSet").Select(a => a.Str("Ipv6CidrBlock")).FirstOrDefault(c => c != null),
                State = v.Str("State"),
                IsDefault = v.Bool("IsDefault"),
                OwnerId = v.Str("OwnerId"),
                DhcpOptionsId = v.Str("DhcpOptionsId"),
                Tags = v.Tags("Tags"),
            }).ToList();
        }

        public async Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(IEnumerable<string> subnetIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            var output = await Describe("DescribeSubnets", "SubnetIds", subnetIds, filters, cancellationToken).ConfigureAwait(false);
            return output.Items("Subnets").Select(s => new Subnet
            {
                SubnetId = s.Str("SubnetId"),
                VpcId = s.Str("VpcId"),
                CidrBlock = s.Str("CidrBlock"),
                AvailabilityZone = s.Str("AvailabilityZone"),
                AvailabilityZoneId = s.Str("AvailabilityZoneId"),
                AvailableIpAddressCount = s.Int("AvailableIpAddressCount") ?? 0,
                State = s.Str("State"),
                MapPublicIpOnLaunch = s.Bool("MapPublicIpOnLaunch"),
                DefaultForAz = s.Bool("DefaultForAz"),
                SubnetArn = s.Str("SubnetArn"),
                Tags = s.Tags("Tags"),
            }).ToList();
        }

        public async Task<IReadOnlyList<AvailabilityZone>> DescribeAvailabilityZonesAsync(IEnumerable<string> zoneNames, IEnumerable<Ec2Filter> filters, bool allAvailabilityZones, CancellationToken cancellationToken)
        {
            var input = Input("ZoneNames", zoneNames, filters);
            if (allAvailabilityZones) input["AllAvailabilityZones"] = true;
            var output = await _invoker.CallAllPagesAsync("DescribeAvailabilityZones", input, cancellationToken).ConfigureAwait(false);
            return output.Items("AvailabilityZones").Select(z => new AvailabilityZone
            {
                ZoneName = z.Str("ZoneName"),
                ZoneId = z.Str("ZoneId"),
                RegionName = z.Str("RegionName"),
                State = z.Str("State"),
                ZoneType = z.Str("ZoneType"),
                OptInStatus = z.Str("OptInStatus"),
                Messages = z.Items("Messages").Select(m => m.Str("Message")).Where(m => m != null).ToList(),
            }).ToList();
        }

        public async Task<IReadOnlyList<InstanceTypeInfo>> DescribeInstanceTypesAsync(IEnumerable<string> instanceTypes, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            var output = await Describe("DescribeInstanceTypes", "InstanceTypes", instanceTypes, filters, cancellationToken).ConfigureAwait(false);
            return output.Items("InstanceTypes").Select(t =>
            {
                var gpus = t.Items("GpuInfo.Gpus").ToList();
                var first = gpus.FirstOrDefault();
                return new InstanceTypeInfo
                {
                    InstanceType = t.Str("InstanceType"),
                    DefaultVCpus = t.Int("VCpuInfo.DefaultVCpus") ?? 0,
                    DefaultCores = t.Int("VCpuInfo.DefaultCores"),
                    DefaultThreadsPerCore = t.Int("VCpuInfo.DefaultThreadsPerCore"),
                    MemoryMiB = t.Long("MemoryInfo.SizeInMiB") ?? 0,
                    SupportedArchitectures = t.Strings("ProcessorInfo.SupportedArchitectures"),
                    EfaSupported = t.Bool("NetworkInfo.EfaSupported"),
                    MaximumEfaInterfaces = t.Int("NetworkInfo.EfaInfo.MaximumEfaInterfaces"),
                    NetworkPerformance = t.Str("NetworkInfo.NetworkPerformance"),
                    GpuCount = gpus.Sum(g => g.Int("Count") ?? 0),
                    GpuManufacturer = first?.Str("Manufacturer"),
                    GpuName = first?.Str("Name"),
                    GpuTotalMemoryMiB = t.Long("GpuInfo.TotalGpuMemoryInMiB") ?? 0,
                    InstanceStorageSupported = t.Bool("InstanceStorageSupported"),
                    TotalInstanceStorageGB = t.Long("InstanceStorageInfo.TotalSizeInGB"),
                    CurrentGeneration = t.Bool("CurrentGeneration"),
                    BareMetal = t.Bool("BareMetal"),
                    PlacementGroupStrategies = t.Strings("PlacementGroupInfo.SupportedStrategies"),
                    SupportedUsageClasses = t.Strings("SupportedUsageClasses"),
                };
            }).ToList();
        }

        public async Task<IReadOnlyList<KeyPair>> DescribeKeyPairsAsync(IEnumerable<string> keyNames, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            var output = await Describe("DescribeKeyPairs", "KeyNames", keyNames, filters, cancellationToken).ConfigureAwait(false);
            return output.Items("KeyPairs").Select(k => new KeyPair
            {
                KeyName = k.Str("KeyName"),
                KeyPairId = k.Str("KeyPairId"),
                KeyFingerprint = k.Str("KeyFingerprint"),
                KeyType = k.Str("KeyType"),
                CreateTime = k.Date("CreateTime"),
                Tags = k.Tags("Tags"),
            }).ToList();
        }

        public async Task<IReadOnlyList<Instance>> DescribeInstancesAsync(IEnumerable<string> instanceIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            var output = await Describe("DescribeInstances", "InstanceIds", instanceIds, filters, cancellationToken).ConfigureAwait(false);
            return output.Items("Reservations").SelectMany(r => r.Items("Instances")).Select(i => new Instance
            {
                InstanceId = i.Str("InstanceId"),
                InstanceType = i.Str("InstanceType"),
                State = i.Str("State.Name"),
                StateReason = i.Str("StateReason.Message") ?? NullIfEmpty(i.Str("StateTransitionReason")),
                ImageId = i.Str("ImageId"),
                Architecture = i.Str("Architecture"),
                PlatformDetails = i.Str("PlatformDetails"),
                VpcId = i.Str("VpcId"),
                SubnetId = i.Str("SubnetId"),
                AvailabilityZone = i.Str("Placement.AvailabilityZone"),
                PrivateIpAddress = i.Str("PrivateIpAddress"),
                PublicIpAddress = i.Str("PublicIpAddress"),
                PrivateDnsName = NullIfEmpty(i.Str("PrivateDnsName")),
                PublicDnsName = NullIfEmpty(i.Str("PublicDnsName")),
                KeyName = i.Str("KeyName"),
                IamInstanceProfileArn = i.Str("IamInstanceProfile.Arn"),
                LaunchTime = i.Date("LaunchTime"),
                SecurityGroupIds = i.Items("SecurityGroups").Select(g => g.Str("GroupId")).Where(g => g != null).ToList(),
                Tags = i.Tags("Tags"),
            }).ToList();
        }

        public async Task<IReadOnlyList<SecurityGroup>> DescribeSecurityGroupsAsync(IEnumerable<string> groupIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            var output = await Describe("DescribeSecurityGroups", "GroupIds", groupIds, filters, cancellationToken).ConfigureAwait(false);
            return output.Items("SecurityGroups").Select(g => new SecurityGroup
            {
                GroupId = g.Str("GroupId"),
                GroupName = g.Str("GroupName"),
                Description = g.Str("Description"),
                VpcId = g.Str("VpcId"),
                OwnerId = g.Str("OwnerId"),
                IngressRules = g.Items("IpPermissions").Select(Rule).ToList(),
                EgressRules = g.Items("IpPermissionsEgress").Select(Rule).ToList(),
                Tags = g.Tags("Tags"),
            }).ToList();
        }

        private static SecurityGroupRule Rule(IDictionary<string, object> p) => new SecurityGroupRule
        {
            IpProtocol = p.Str("IpProtocol"),
            FromPort = p.Int("FromPort"),
            ToPort = p.Int("ToPort"),
            CidrBlocks = p.Items("IpRanges").Select(r => r.Str("CidrIp")).Where(c => c != null).ToList(),
            Ipv6CidrBlocks = p.Items("Ipv6Ranges").Select(r => r.Str("CidrIpv6")).Where(c => c != null).ToList(),
            SourceGroupIds = p.Items("UserIdGroupPairs").Select(r => r.Str("GroupId")).Where(c => c != null).ToList(),
            PrefixListIds = p.Items("PrefixListIds").Select(r => r.Str("PrefixListId")).Where(c => c != null).ToList(),
        };

        private Task<Dictionary<string, object>> Describe(string operation, string idsMember, IEnumerable<string> ids, IEnumerable<Ec2Filter> filters, CancellationToken ct) =>
            _invoker.CallAllPagesAsync(operation, Input(idsMember, ids, filters), ct);

        private static Dictionary<string, object> Input(string idsMember, IEnumerable<string> ids, IEnumerable<Ec2Filter> filters)
        {
            var input = new Dictionary<string, object>();
            if (ValueTree.HasAny(ids)) input[idsMember] = ValueTree.ListOf(ids.Where(i => !string.IsNullOrEmpty(i)));
            var f = filters?.Where(x => x != null && !string.IsNullOrEmpty(x.Name)).ToList();
            if (f != null && f.Count > 0)
            {
                input["Filters"] = f.Select(x => (object)new Dictionary<string, object>
                {
                    ["Name"] = x.Name,
                    ["Values"] = ValueTree.ListOf(x.Values ?? new List<string>()),
                }).ToList();
            }
            return input;
        }

        private static string NullIfEmpty(string s) => string.IsNullOrEmpty(s) ? null : s;
    }
}
