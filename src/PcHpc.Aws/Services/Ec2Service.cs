using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using PcHpc.Aws.AwsSdk;
using PcHpc.Core.Ports;
using Sdk = Amazon.EC2.Model;

namespace PcHpc.Aws.Services
{
    // PcHpc.Vpc (the user-facing network type) would otherwise win over the port's Vpc inside namespace PcHpc.
    using Vpc = PcHpc.Core.Ports.Vpc;

    /// <summary><see cref="IEc2"/> on AWSSDK.EC2 (<see cref="AmazonEC2Client"/>); every paginated describe follows NextToken to the end.</summary>
    internal sealed class Ec2Service : IEc2, IDisposable
    {
        private readonly AmazonEC2Client _client;

        public Ec2Service(AmazonEC2Client client) { _client = client; }

        public async Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(IEnumerable<string> vpcIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            var all = await Pages<Sdk.Vpc>("DescribeVpcs", async token =>
            {
                var r = await _client.DescribeVpcsAsync(new Sdk.DescribeVpcsRequest { VpcIds = Ids(vpcIds), Filters = Filters(filters), NextToken = token }, cancellationToken).ConfigureAwait(false);
                return (r.Vpcs, r.NextToken);
            }, cancellationToken).ConfigureAwait(false);
            return all.Select(v => new Vpc
            {
                VpcId = v.VpcId,
                CidrBlock = v.CidrBlock,
                CidrBlocks = List(v.CidrBlockAssociationSet).Select(a => a.CidrBlock).Where(c => c != null).ToList(),
                Ipv6CidrBlock = List(v.Ipv6CidrBlockAssociationSet).Select(a => a.Ipv6CidrBlock).FirstOrDefault(c => c != null),
                State = v.State?.Value,
                IsDefault = v.IsDefault ?? false,
                OwnerId = v.OwnerId,
                DhcpOptionsId = v.DhcpOptionsId,
                Tags = Tags(v.Tags),
            }).ToList();
        }

        public async Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(IEnumerable<string> subnetIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            var all = await Pages<Sdk.Subnet>("DescribeSubnets", async token =>
            {
                var r = await _client.DescribeSubnetsAsync(new Sdk.DescribeSubnetsRequest { SubnetIds = Ids(subnetIds), Filters = Filters(filters), NextToken = token }, cancellationToken).ConfigureAwait(false);
                return (r.Subnets, r.NextToken);
            }, cancellationToken).ConfigureAwait(false);
            return all.Select(s => new Subnet
            {
                SubnetId = s.SubnetId,
                VpcId = s.VpcId,
                CidrBlock = s.CidrBlock,
                AvailabilityZone = s.AvailabilityZone,
                AvailabilityZoneId = s.AvailabilityZoneId,
                AvailableIpAddressCount = s.AvailableIpAddressCount ?? 0,
                State = s.State?.Value,
                MapPublicIpOnLaunch = s.MapPublicIpOnLaunch ?? false,
                DefaultForAz = s.DefaultForAz ?? false,
                SubnetArn = s.SubnetArn,
                Tags = Tags(s.Tags),
            }).ToList();
        }

        public async Task<IReadOnlyList<AvailabilityZone>> DescribeAvailabilityZonesAsync(IEnumerable<string> zoneNames, IEnumerable<Ec2Filter> filters, bool allAvailabilityZones, CancellationToken cancellationToken)
        {
            var request = new Sdk.DescribeAvailabilityZonesRequest { ZoneNames = Ids(zoneNames), Filters = Filters(filters) };
            if (allAvailabilityZones) request.AllAvailabilityZones = true;
            var r = await SdkHooks.Call(_client.Config, "DescribeAvailabilityZones", () => _client.DescribeAvailabilityZonesAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return List(r.AvailabilityZones).Select(z => new AvailabilityZone
            {
                ZoneName = z.ZoneName,
                ZoneId = z.ZoneId,
                RegionName = z.RegionName,
                State = z.State?.Value,
                ZoneType = z.ZoneType,
                OptInStatus = z.OptInStatus?.Value,
                Messages = List(z.Messages).Select(m => m.Message).Where(m => m != null).ToList(),
            }).ToList();
        }

        public async Task<IReadOnlyList<InstanceTypeInfo>> DescribeInstanceTypesAsync(IEnumerable<string> instanceTypes, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            var types = HasAny(instanceTypes) ? instanceTypes.Where(t => !string.IsNullOrEmpty(t)).Select(t => (string)t).ToList() : null;
            var all = await Pages<Sdk.InstanceTypeInfo>("DescribeInstanceTypes", async token =>
            {
                var r = await _client.DescribeInstanceTypesAsync(new Sdk.DescribeInstanceTypesRequest { InstanceTypes = types, Filters = Filters(filters), NextToken = token }, cancellationToken).ConfigureAwait(false);
                return (r.InstanceTypes, r.NextToken);
            }, cancellationToken).ConfigureAwait(false);
            return all.Select(t =>
            {
                var gpus = List(t.GpuInfo?.Gpus);
                var first = gpus.FirstOrDefault();
                return new InstanceTypeInfo
                {
                    InstanceType = t.InstanceType?.Value,
                    DefaultVCpus = t.VCpuInfo?.DefaultVCpus ?? 0,
                    DefaultCores = t.VCpuInfo?.DefaultCores,
                    DefaultThreadsPerCore = t.VCpuInfo?.DefaultThreadsPerCore,
                    MemoryMiB = t.MemoryInfo?.SizeInMiB ?? 0,
                    SupportedArchitectures = List(t.ProcessorInfo?.SupportedArchitectures).ToList(),
                    EfaSupported = t.NetworkInfo?.EfaSupported ?? false,
                    MaximumEfaInterfaces = t.NetworkInfo?.EfaInfo?.MaximumEfaInterfaces,
                    NetworkPerformance = t.NetworkInfo?.NetworkPerformance,
                    GpuCount = gpus.Sum(g => g.Count ?? 0),
                    GpuManufacturer = first?.Manufacturer,
                    GpuName = first?.Name,
                    GpuTotalMemoryMiB = t.GpuInfo?.TotalGpuMemoryInMiB ?? 0,
                    InstanceStorageSupported = t.InstanceStorageSupported ?? false,
                    TotalInstanceStorageGB = t.InstanceStorageInfo?.TotalSizeInGB,
                    CurrentGeneration = t.CurrentGeneration ?? false,
                    BareMetal = t.BareMetal ?? false,
                    PlacementGroupStrategies = List(t.PlacementGroupInfo?.SupportedStrategies).ToList(),
                    SupportedUsageClasses = List(t.SupportedUsageClasses).ToList(),
                };
            }).ToList();
        }

        public async Task<IReadOnlyList<KeyPair>> DescribeKeyPairsAsync(IEnumerable<string> keyNames, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            var request = new Sdk.DescribeKeyPairsRequest { KeyNames = Ids(keyNames), Filters = Filters(filters) };
            var r = await SdkHooks.Call(_client.Config, "DescribeKeyPairs", () => _client.DescribeKeyPairsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return List(r.KeyPairs).Select(k => new KeyPair
            {
                KeyName = k.KeyName,
                KeyPairId = k.KeyPairId,
                KeyFingerprint = k.KeyFingerprint,
                KeyType = k.KeyType?.Value,
                CreateTime = Utc(k.CreateTime),
                Tags = Tags(k.Tags),
            }).ToList();
        }

        public async Task<IReadOnlyList<Instance>> DescribeInstancesAsync(IEnumerable<string> instanceIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            var all = await Pages<Sdk.Reservation>("DescribeInstances", async token =>
            {
                var r = await _client.DescribeInstancesAsync(new Sdk.DescribeInstancesRequest { InstanceIds = Ids(instanceIds), Filters = Filters(filters), NextToken = token }, cancellationToken).ConfigureAwait(false);
                return (r.Reservations, r.NextToken);
            }, cancellationToken).ConfigureAwait(false);
            return all.SelectMany(r => List(r.Instances)).Select(i => new Instance
            {
                InstanceId = i.InstanceId,
                InstanceType = i.InstanceType?.Value,
                State = i.State?.Name?.Value,
                StateReason = i.StateReason?.Message ?? NullIfEmpty(i.StateTransitionReason),
                ImageId = i.ImageId,
                Architecture = i.Architecture?.Value,
                PlatformDetails = i.PlatformDetails,
                VpcId = i.VpcId,
                SubnetId = i.SubnetId,
                AvailabilityZone = i.Placement?.AvailabilityZone,
                PrivateIpAddress = i.PrivateIpAddress,
                PublicIpAddress = i.PublicIpAddress,
                PrivateDnsName = NullIfEmpty(i.PrivateDnsName),
                PublicDnsName = NullIfEmpty(i.PublicDnsName),
                KeyName = i.KeyName,
                IamInstanceProfileArn = i.IamInstanceProfile?.Arn,
                LaunchTime = Utc(i.LaunchTime),
                SecurityGroupIds = List(i.SecurityGroups).Select(g => g.GroupId).Where(g => g != null).ToList(),
                Tags = Tags(i.Tags),
            }).ToList();
        }

        public async Task<IReadOnlyList<SecurityGroup>> DescribeSecurityGroupsAsync(IEnumerable<string> groupIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            var all = await Pages<Sdk.SecurityGroup>("DescribeSecurityGroups", async token =>
            {
                var r = await _client.DescribeSecurityGroupsAsync(new Sdk.DescribeSecurityGroupsRequest { GroupIds = Ids(groupIds), Filters = Filters(filters), NextToken = token }, cancellationToken).ConfigureAwait(false);
                return (r.SecurityGroups, r.NextToken);
            }, cancellationToken).ConfigureAwait(false);
            return all.Select(g => new SecurityGroup
            {
                GroupId = g.GroupId,
                GroupName = g.GroupName,
                Description = g.Description,
                VpcId = g.VpcId,
                OwnerId = g.OwnerId,
                IngressRules = List(g.IpPermissions).Select(Rule).ToList(),
                EgressRules = List(g.IpPermissionsEgress).Select(Rule).ToList(),
                Tags = Tags(g.Tags),
            }).ToList();
        }

        public void Dispose() => _client.Dispose();

        private static SecurityGroupRule Rule(Sdk.IpPermission p) => new SecurityGroupRule
        {
            IpProtocol = p.IpProtocol,
            FromPort = p.FromPort,
            ToPort = p.ToPort,
            CidrBlocks = List(p.Ipv4Ranges).Select(r => r.CidrIp).Where(c => c != null).ToList(),
            Ipv6CidrBlocks = List(p.Ipv6Ranges).Select(r => r.CidrIpv6).Where(c => c != null).ToList(),
            SourceGroupIds = List(p.UserIdGroupPairs).Select(r => r.GroupId).Where(c => c != null).ToList(),
            PrefixListIds = List(p.PrefixListIds).Select(r => r.Id).Where(c => c != null).ToList(),
        };

        /// <summary>Every page of a describe (one SDK call per page, each with its own retries).</summary>
        private async Task<List<T>> Pages<T>(string operation, Func<string, Task<(List<T> Items, string NextToken)>> page, CancellationToken cancellationToken)
        {
            var all = new List<T>();
            string token = null;
            do
            {
                var current = token;
                var (items, next) = await SdkHooks.Call(_client.Config, operation, () => page(current), cancellationToken).ConfigureAwait(false);
                all.AddRange(List(items));
                token = string.IsNullOrEmpty(next) || next == current ? null : next;
            }
            while (token != null);
            return all;
        }

        private static List<string> Ids(IEnumerable<string> ids) => HasAny(ids) ? ids.Where(i => !string.IsNullOrEmpty(i)).ToList() : null;

        private static List<Sdk.Filter> Filters(IEnumerable<Ec2Filter> filters)
        {
            var f = filters?.Where(x => x != null && !string.IsNullOrEmpty(x.Name)).ToList();
            if (f == null || f.Count == 0) return null;
            return f.Select(x => new Sdk.Filter { Name = x.Name, Values = (x.Values ?? new List<string>()).ToList() }).ToList();
        }

        private static bool HasAny(IEnumerable<string> values) => values != null && values.Any(v => !string.IsNullOrEmpty(v));

        internal static IEnumerable<T> List<T>(IEnumerable<T> items) => items ?? Enumerable.Empty<T>();

        internal static IList<ResourceTag> Tags(IEnumerable<Sdk.Tag> tags) => List(tags).Select(t => new ResourceTag(t.Key, t.Value)).ToList();

        internal static DateTime? Utc(DateTime? t) =>
            t == null ? (DateTime?)null : t.Value.Kind == DateTimeKind.Local ? t.Value.ToUniversalTime() : DateTime.SpecifyKind(t.Value, DateTimeKind.Utc);

        private static string NullIfEmpty(string s) => string.IsNullOrEmpty(s) ? null : s;
    }
}
