using System;
using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Network
{
    /// <summary>An availability zone as DescribeAvailabilityZones reports it (the cmdlet maps the AWS type to this).</summary>
    public sealed class AvailabilityZoneInfo
    {
        public AvailabilityZoneInfo() { }

        public AvailabilityZoneInfo(string zoneName, string state = "available", string zoneType = "availability-zone")
        {
            ZoneName = zoneName;
            State = state;
            ZoneType = zoneType;
        }

        public string ZoneName { get; set; }
        /// <summary>available, information, impaired, unavailable, constrained.</summary>
        public string State { get; set; }
        /// <summary>availability-zone, local-zone or wavelength-zone.</summary>
        public string ZoneType { get; set; }
    }

    /// <summary>Turns a <see cref="NetworkRequest"/> into a <see cref="NetworkPlan"/>: validation and CIDR layout.</summary>
    public static class NetworkPlanner
    {
        /// <summary>
        /// Validates the request (throwing a Validation <see cref="PcHpcException"/> naming every bad parameter) and lays out
        /// the subnets: private subnets take the largest equal blocks that fit, starting at the VPC's base address, and the
        /// small public subnets follow them. Zone names must be set (pinned by the user or chosen by the cmdlet).
        /// </summary>
        public static NetworkPlan Plan(NetworkRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var problems = new List<NetworkProblem>(request.Validate());
            var zones = request.AvailabilityZones ?? Array.Empty<string>();
            if (problems.Count == 0 && zones.Count == 0)
                problems.Add(new NetworkProblem(NetworkParameters.AvailabilityZone,
                    "No availability zones were chosen; give -AvailabilityZone names or let New-HpcVpc pick " + request.EffectiveAvailabilityZoneCount + " available zones."));
            if (problems.Count > 0)
                throw new PcHpcException(ErrorKind.Validation, "InvalidNetworkRequest",
                    "The network request is not valid: " + NetworkRequest.Describe(problems)) { Target = request.Name };

            var vpc = Ipv4Cidr.Parse(request.CidrBlock ?? NetworkRequest.DefaultCidrBlock);
            int count = zones.Count;
            int publicPrefix = request.PublicSubnetPrefixLength;
            int privatePrefix = PrivatePrefixFor(vpc, count, publicPrefix).Value;
            long privateSize = 1L << (32 - privatePrefix);
            long publicSize = 1L << (32 - publicPrefix);
            long publicStart = vpc.Network + count * privateSize;

            var plans = new List<ZonePlan>(count);
            for (int i = 0; i < count; i++)
            {
                var privateCidr = new Ipv4Cidr((uint)(vpc.Network + i * privateSize), privatePrefix);
                var publicCidr = new Ipv4Cidr((uint)(publicStart + i * publicSize), publicPrefix);
                plans.Add(new ZonePlan(i + 1, zones[i], publicCidr, privateCidr));
            }

            var ssh = new List<Ipv4Cidr>();
            foreach (var text in request.AllowSshFrom ?? Array.Empty<string>())
            {
                var cidr = Ipv4Cidr.Parse(text);
                if (!ssh.Contains(cidr)) ssh.Add(cidr);
            }

            var tags = (request.Tags ?? new Dictionary<string, string>())
                .Select(p => new KeyValuePair<string, string>(p.Key, p.Value ?? string.Empty))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .ToList();

            var warnings = new List<string>();
            foreach (var s in ssh)
                if (s.PrefixLength == 0)
                    warnings.Add("-AllowSshFrom " + s + " opens SSH on the head node to the whole internet; prefer your own address range.");
            if (request.NatGateway == NatGatewayMode.None && !request.PrivateEndpoints)
                warnings.Add("-NatGateway None without -PrivateEndpoints leaves private subnets with no route to the internet or to AWS Systems Manager; compute nodes may not bootstrap.");
            else if (request.NatGateway == NatGatewayMode.None)
                warnings.Add("-NatGateway None: -PrivateEndpoints reaches only SSM and S3; ParallelCluster nodes without internet access also need endpoints for services such as EC2, CloudFormation, CloudWatch Logs and DynamoDB, and a cluster configuration that disables managed DNS.");
            if (!NetworkRequest.PrivateRanges.Any(r => r.Contains(vpc)))
                warnings.Add("-CidrBlock " + vpc + " is not a private (RFC 1918) range; instances will not reach public hosts that use those addresses.");

            return new NetworkPlan(request.Name, request.Region, vpc, plans, request.NatGateway, request.PrivateEndpoints, ssh, tags,
                publicPrefix, privatePrefix, warnings);
        }

        /// <summary>
        /// The longest-block (smallest prefix) private subnet size such that <paramref name="zoneCount"/> private subnets plus as
        /// many /<paramref name="publicPrefix"/> public subnets fit in <paramref name="vpc"/>; private subnets are never smaller than
        /// public ones. Null when they do not fit.
        /// </summary>
        public static int? PrivatePrefixFor(Ipv4Cidr vpc, int zoneCount, int publicPrefix)
        {
            if (zoneCount < 1 || publicPrefix < vpc.PrefixLength) return null;
            long publicTotal = zoneCount * (1L << (32 - publicPrefix));
            for (int q = vpc.PrefixLength; q <= publicPrefix; q++)
            {
                if (zoneCount * (1L << (32 - q)) + publicTotal <= vpc.Size) return q;
            }
            return null;
        }

        /// <summary>The largest prefix length (smallest VPC) that still fits <paramref name="zoneCount"/> zones.</summary>
        public static int LargestVpcPrefixFor(int zoneCount, int publicPrefix)
        {
            long needed = 2L * zoneCount * (1L << (32 - publicPrefix));
            int prefix = 32;
            while (prefix > 0 && (1L << (32 - prefix)) < needed) prefix--;
            return prefix;
        }

        /// <summary>
        /// Picks <paramref name="count"/> zones for a new network: standard availability zones in state 'available', sorted by
        /// name. Throws a Validation error when the region has fewer.
        /// </summary>
        public static IReadOnlyList<string> ChooseAvailabilityZones(IEnumerable<AvailabilityZoneInfo> zones, int count, string region = null)
        {
            var usable = (zones ?? Enumerable.Empty<AvailabilityZoneInfo>())
                .Where(z => z != null && !string.IsNullOrEmpty(z.ZoneName))
                .Where(z => string.Equals(z.State, "available", StringComparison.OrdinalIgnoreCase))
                .Where(z => string.IsNullOrEmpty(z.ZoneType) || string.Equals(z.ZoneType, "availability-zone", StringComparison.OrdinalIgnoreCase))
                .Select(z => z.ZoneName)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToList();
            if (usable.Count < count)
                throw new PcHpcException(ErrorKind.Validation, "NotEnoughAvailabilityZones",
                    "Region " + (region ?? "(current)") + " has only " + usable.Count + " available zone(s) but " + count
                    + " were asked; lower -AvailabilityZoneCount or pin zones with -AvailabilityZone.");
            return usable.Take(count).ToList();
        }
    }
}
