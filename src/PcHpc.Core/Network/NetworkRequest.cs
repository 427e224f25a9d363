using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace PcHpc.Core.Network
{
    /// <summary>The New-HpcVpc parameter names the engine's messages refer to (the cmdlet must use these names).</summary>
    public static class NetworkParameters
    {
        public const string Name = "Name";
        public const string Region = "Region";
        public const string CidrBlock = "CidrBlock";
        public const string AvailabilityZone = "AvailabilityZone";
        public const string AvailabilityZoneCount = "AvailabilityZoneCount";
        public const string NatGateway = "NatGateway";
        public const string PrivateEndpoints = "PrivateEndpoints";
        public const string AllowSshFrom = "AllowSshFrom";
        public const string Tag = "Tag";
        public const string PublicSubnetPrefixLength = "PublicSubnetPrefixLength";
    }

    /// <summary>One thing wrong with a request: the parameter it is about and one sentence saying what to do.</summary>
    public sealed class NetworkProblem
    {
        public NetworkProblem(string parameter, string message)
        {
            Parameter = parameter;
            Message = message;
        }

        /// <summary>The cmdlet parameter name without the dash (see <see cref="NetworkParameters"/>).</summary>
        public string Parameter { get; }
        public string Message { get; }
        public override string ToString() => "-" + Parameter + ": " + Message;
    }

    /// <summary>What the user asked New-HpcVpc for. Property names follow the cmdlet's parameters.</summary>
    public sealed class NetworkRequest
    {
        public const string DefaultCidrBlock = "10.0.0.0/16";
        public const int DefaultAvailabilityZoneCount = 2;
        public const int MaxAvailabilityZoneCount = 6;
        public const int DefaultPublicSubnetPrefixLength = 24;
        public const int MinVpcPrefixLength = 16;
        public const int MaxVpcPrefixLength = 28;
        public const int MaxNameLength = 64;
        /// <summary>AWS allows 50 tags per resource; PcHpc adds Name and the marker tag.</summary>
        public const int MaxUserTags = 48;

        /// <summary>Network name; also the CloudFormation stack name.</summary>
        public string Name { get; set; }
        /// <summary>Optional; when set, availability zone names must belong to it.</summary>
        public string Region { get; set; }
        public string CidrBlock { get; set; } = DefaultCidrBlock;
        /// <summary>
        /// True when the user gave no -CidrBlock: once the region's blocks are known (<see cref="ExistingCidrBlocks"/>), a
        /// <see cref="CidrBlock"/> that overlaps one of them is replaced by the first free block of the same size in 10.0.0.0/8
        /// (<see cref="ChooseFreeCidrBlock"/>), and an existing network of the same name matches whatever block it has.
        /// </summary>
        public bool PickFreeCidrBlock { get; set; }
        /// <summary>Pinned zone names, in order; null/empty lets the cmdlet choose (see <see cref="NetworkPlanner.ChooseAvailabilityZones"/>).</summary>
        public IList<string> AvailabilityZones { get; set; }
        /// <summary>How many zones; null means the pinned zones' count, or 2.</summary>
        public int? AvailabilityZoneCount { get; set; }
        public NatGatewayMode NatGateway { get; set; } = NatGatewayMode.Single;
        public bool PrivateEndpoints { get; set; }
        /// <summary>CIDRs allowed to SSH to the head node; empty means no SSH rule at all.</summary>
        public IList<string> AllowSshFrom { get; set; }
        public IDictionary<string, string> Tags { get; set; }
        public int PublicSubnetPrefixLength { get; set; } = DefaultPublicSubnetPrefixLength;
        /// <summary>CIDR blocks already used in the region (other VPCs), filled in by the cmdlet; the new VPC must not overlap them.</summary>
        public IList<string> ExistingCidrBlocks { get; set; }

        /// <summary>The number of zones this request ends up with.</summary>
        public int EffectiveAvailabilityZoneCount =>
            AvailabilityZoneCount ?? (AvailabilityZones != null && AvailabilityZones.Count > 0 ? AvailabilityZones.Count : DefaultAvailabilityZoneCount);

        private static readonly Regex NamePattern = new Regex("^[A-Za-z][A-Za-z0-9-]*$", RegexOptions.CultureInvariant);
        private static readonly Regex ZonePattern = new Regex("^[a-z]{2}(-[a-z]+)+-[0-9]+[a-z]$", RegexOptions.CultureInvariant);
        private static readonly Regex TagPattern = new Regex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", RegexOptions.CultureInvariant);

        internal static readonly Ipv4Cidr[] ForbiddenRanges =
        {
            new Ipv4Cidr(0x00000000, 8),   // "this" network
            new Ipv4Cidr(0x7F000000, 8),   // loopback
            new Ipv4Cidr(0xA9FE0000, 16),  // link-local (instance metadata)
            new Ipv4Cidr(0xE0000000, 3),   // multicast, reserved, broadcast
        };

        internal static readonly Ipv4Cidr[] PrivateRanges =
        {
            new Ipv4Cidr(0x0A000000, 8),   // 10/8
            new Ipv4Cidr(0xAC100000, 12),  // 172.16/12
            new Ipv4Cidr(0xC0A80000, 16),  // 192.168/16
            new Ipv4Cidr(0x64400000, 10),  // 100.64/10 shared address space
        };

        /// <summary>Every problem with the request, each naming its parameter; empty when the request is valid.
        /// Zone names are optional here (the cmdlet may choose them later); <see cref="NetworkPlanner.Plan"/> requires them.</summary>
        public IReadOnlyList<NetworkProblem> Validate()
        {
            var problems = new List<NetworkProblem>();
            ValidateName(problems);
            var vpc = ValidateCidr(problems);
            ValidateZones(problems);
            if (PublicSubnetPrefixLength < MinVpcPrefixLength || PublicSubnetPrefixLength > MaxVpcPrefixLength)
                problems.Add(new NetworkProblem(NetworkParameters.PublicSubnetPrefixLength,
                    "-PublicSubnetPrefixLength " + PublicSubnetPrefixLength + " is outside what AWS allows for subnets; use a value from /16 to /28 (default 24)."));
            else if (vpc.HasValue && !problems.Any(p => p.Parameter == NetworkParameters.AvailabilityZoneCount || p.Parameter == NetworkParameters.AvailabilityZone))
            {
                var count = EffectiveAvailabilityZoneCount;
                if (NetworkPlanner.PrivatePrefixFor(vpc.Value, count, PublicSubnetPrefixLength) == null)
                {
                    var needed = NetworkPlanner.LargestVpcPrefixFor(count, PublicSubnetPrefixLength);
                    problems.Add(new NetworkProblem(NetworkParameters.CidrBlock,
                        "-CidrBlock " + vpc.Value + " is too small for " + count + " availability zone(s): each zone needs a /" + PublicSubnetPrefixLength
                        + " public subnet and a private subnet at least as large, so use a /" + needed + " or larger block, fewer zones, or a larger -PublicSubnetPrefixLength."));
                }
            }
            ValidateSsh(problems);
            ValidateTags(problems);
            if (!Enum.IsDefined(typeof(NatGatewayMode), NatGateway))
                problems.Add(new NetworkProblem(NetworkParameters.NatGateway, "-NatGateway '" + NatGateway + "' is not a known mode; use Single, PerAz or None."));
            return problems;
        }

        private void ValidateName(List<NetworkProblem> problems)
        {
            var problem = NameProblem(Name);
            if (problem != null) problems.Add(new NetworkProblem(NetworkParameters.Name, problem));
        }

        /// <summary>One sentence saying why <paramref name="name"/> cannot be a network name, or null when it can.</summary>
        public static string NameProblem(string name)
        {
            if (string.IsNullOrWhiteSpace(name))
                return "-Name is required; give the network a name such as 'hpc-net'.";
            if (name.Length > MaxNameLength || !NamePattern.IsMatch(name))
                return "-Name '" + name + "' is not a valid network name; use 1 to " + MaxNameLength + " letters, digits and hyphens, starting with a letter.";
            return null;
        }

        private Ipv4Cidr? ValidateCidr(List<NetworkProblem> problems)
        {
            var text = CidrBlock ?? DefaultCidrBlock;
            if (!Ipv4Cidr.TryParse(text, out var vpc, out var error))
            {
                problems.Add(new NetworkProblem(NetworkParameters.CidrBlock, "-CidrBlock " + error));
                return null;
            }
            if (vpc.PrefixLength < MinVpcPrefixLength || vpc.PrefixLength > MaxVpcPrefixLength)
            {
                var hint = vpc.PrefixLength < MinVpcPrefixLength
                    ? " (a /" + vpc.PrefixLength + " is larger than AWS allows; pick a /16 inside it such as " + new Ipv4Cidr(vpc.Network, MinVpcPrefixLength) + ")"
                    : string.Empty;
                problems.Add(new NetworkProblem(NetworkParameters.CidrBlock,
                    "-CidrBlock " + vpc + " is not allowed: AWS VPC blocks must be between /16 and /28" + hint + "."));
                return null;
            }
            foreach (var forbidden in ForbiddenRanges)
            {
                if (forbidden.Overlaps(vpc))
                {
                    problems.Add(new NetworkProblem(NetworkParameters.CidrBlock,
                        "-CidrBlock " + vpc + " lies in the reserved range " + forbidden + "; use a private range such as 10.0.0.0/16."));
                    return null;
                }
            }
            if (ExistingCidrBlocks != null && ExistingCidrBlocks.Count > 0)
            {
                var existing = new List<Ipv4Cidr>();
                foreach (var e in ExistingCidrBlocks)
                    if (Ipv4Cidr.TryParse(e, out var parsed, out _)) existing.Add(parsed);
                var clashes = Ipv4Cidr.FindOverlaps(vpc, existing);
                if (clashes.Count > 0)
                {
                    var free = Ipv4Cidr.FirstFree(new Ipv4Cidr(0x0A000000, 8), vpc.PrefixLength < MinVpcPrefixLength ? MinVpcPrefixLength : vpc.PrefixLength, existing);
                    problems.Add(new NetworkProblem(NetworkParameters.CidrBlock,
                        "-CidrBlock " + vpc + " overlaps " + string.Join(", ", clashes.Select(c => c.ToString()).ToArray())
                        + " already used in the region; choose a block that does not overlap" + (free.HasValue ? ", such as " + free.Value : string.Empty) + "."));
                    return null;
                }
            }
            return vpc;
        }

        private void ValidateZones(List<NetworkProblem> problems)
        {
            var zones = AvailabilityZones ?? Array.Empty<string>();
            if (AvailabilityZoneCount.HasValue && (AvailabilityZoneCount.Value < 1 || AvailabilityZoneCount.Value > MaxAvailabilityZoneCount))
                problems.Add(new NetworkProblem(NetworkParameters.AvailabilityZoneCount,
                    "-AvailabilityZoneCount " + AvailabilityZoneCount.Value + " is out of range; use a number from 1 to " + MaxAvailabilityZoneCount + "."));
            if (zones.Count > MaxAvailabilityZoneCount)
                problems.Add(new NetworkProblem(NetworkParameters.AvailabilityZone,
                    "-AvailabilityZone lists " + zones.Count + " zones; use at most " + MaxAvailabilityZoneCount + "."));
            if (zones.Count > 0 && AvailabilityZoneCount.HasValue && AvailabilityZoneCount.Value != zones.Count)
                problems.Add(new NetworkProblem(NetworkParameters.AvailabilityZoneCount,
                    "-AvailabilityZoneCount " + AvailabilityZoneCount.Value + " disagrees with the " + zones.Count + " zone(s) given in -AvailabilityZone; give only one of them."));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var zone in zones)
            {
                if (string.IsNullOrWhiteSpace(zone) || !ZonePattern.IsMatch(zone))
                    problems.Add(new NetworkProblem(NetworkParameters.AvailabilityZone,
                        "-AvailabilityZone '" + zone + "' is not an availability zone name; use names like us-east-1a (see Get-EC2AvailabilityZone)."));
                else if (!seen.Add(zone))
                    problems.Add(new NetworkProblem(NetworkParameters.AvailabilityZone, "-AvailabilityZone lists '" + zone + "' twice; give each zone once."));
                else if (!string.IsNullOrEmpty(Region) && !zone.StartsWith(Region, StringComparison.Ordinal))
                    problems.Add(new NetworkProblem(NetworkParameters.AvailabilityZone,
                        "-AvailabilityZone '" + zone + "' is not in region " + Region + "; use zones of that region or change -Region."));
                else if (!string.IsNullOrEmpty(Region) && !Regex.IsMatch(zone.Substring(Region.Length), "^[a-z]$"))
                    problems.Add(new NetworkProblem(NetworkParameters.AvailabilityZone,
                        "-AvailabilityZone '" + zone + "' is not a zone of region " + Region + "; use names like " + Region + "a."));
            }
        }

        private void ValidateSsh(List<NetworkProblem> problems)
        {
            if (AllowSshFrom == null) return;
            foreach (var text in AllowSshFrom)
            {
                if (!Ipv4Cidr.TryParse(text, out _, out var error))
                    problems.Add(new NetworkProblem(NetworkParameters.AllowSshFrom, "-AllowSshFrom " + error));
            }
        }

        private void ValidateTags(List<NetworkProblem> problems)
        {
            if (Tags == null) return;
            if (Tags.Count > MaxUserTags)
                problems.Add(new NetworkProblem(NetworkParameters.Tag, "-Tag has " + Tags.Count + " tags; AWS allows 50 per resource and PcHpc adds 2, so give at most " + MaxUserTags + "."));
            foreach (var pair in Tags)
            {
                var key = pair.Key ?? string.Empty;
                if (key.Length == 0 || key.Length > 128 || !TagPattern.IsMatch(key))
                    problems.Add(new NetworkProblem(NetworkParameters.Tag,
                        "-Tag key '" + key + "' is not valid; use 1 to 128 letters, digits, spaces and _ . : / = + - @."));
                else if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                    problems.Add(new NetworkProblem(NetworkParameters.Tag, "-Tag key '" + key + "' uses the reserved 'aws:' prefix; choose another key."));
                else if (key == VpcTemplateBuilder.MarkerTagKey || key == "Name")
                    problems.Add(new NetworkProblem(NetworkParameters.Tag, "-Tag key '" + key + "' is set by PcHpc itself; remove it from -Tag."));
                var value = pair.Value ?? string.Empty;
                if (value.Length > 256 || !TagPattern.IsMatch(value))
                    problems.Add(new NetworkProblem(NetworkParameters.Tag,
                        "-Tag value for '" + key + "' is not valid; use at most 256 letters, digits, spaces and _ . : / = + - @."));
            }
        }

        /// <summary>
        /// With <see cref="PickFreeCidrBlock"/>: when <see cref="CidrBlock"/> overlaps <see cref="ExistingCidrBlocks"/>, replaces it
        /// with the first free block of the same size in 10.0.0.0/8 and returns one sentence saying so; otherwise (nothing to
        /// change, a block the user gave, or no free block left, which validation then reports) returns null.
        /// </summary>
        public string ChooseFreeCidrBlock()
        {
            if (!PickFreeCidrBlock || ExistingCidrBlocks == null || ExistingCidrBlocks.Count == 0) return null;
            if (!Ipv4Cidr.TryParse(CidrBlock ?? DefaultCidrBlock, out var asked, out _)) return null;
            var existing = new List<Ipv4Cidr>();
            foreach (var e in ExistingCidrBlocks)
                if (Ipv4Cidr.TryParse(e, out var parsed, out _)) existing.Add(parsed);
            var clashes = Ipv4Cidr.FindOverlaps(asked, existing);
            if (clashes.Count == 0) return null;
            var free = Ipv4Cidr.FirstFree(new Ipv4Cidr(0x0A000000, 8), asked.PrefixLength < MinVpcPrefixLength ? MinVpcPrefixLength : asked.PrefixLength, existing);
            if (!free.HasValue) return null;
            CidrBlock = free.Value.ToString();
            return "No -CidrBlock was given and " + asked + " overlaps " + string.Join(", ", clashes.Select(c => c.ToString()).ToArray())
                + " already used in the region, so the network gets " + free.Value + ", the first free /" + free.Value.PrefixLength
                + " in 10.0.0.0/8 (give -CidrBlock to choose another).";
        }

        internal static string Describe(IEnumerable<NetworkProblem> problems) =>
            string.Join(" ", problems.Select(p => p.Message).ToArray());

        /// <summary>A copy to fill in (zones, free blocks) without changing the caller's request.</summary>
        internal static NetworkRequest Copy(NetworkRequest r) => new NetworkRequest
        {
            Name = r.Name,
            Region = r.Region,
            CidrBlock = r.CidrBlock,
            AvailabilityZones = r.AvailabilityZones?.ToList(),
            AvailabilityZoneCount = r.AvailabilityZoneCount,
            NatGateway = r.NatGateway,
            PrivateEndpoints = r.PrivateEndpoints,
            AllowSshFrom = r.AllowSshFrom?.ToList(),
            Tags = r.Tags == null ? null : new Dictionary<string, string>(r.Tags),
            PublicSubnetPrefixLength = r.PublicSubnetPrefixLength,
            ExistingCidrBlocks = r.ExistingCidrBlocks?.ToList(),
            PickFreeCidrBlock = r.PickFreeCidrBlock,
        };

        /// <summary>The request a plan answers (to compare with an existing stack).</summary>
        internal static NetworkRequest FromPlan(NetworkPlan plan) => new NetworkRequest
        {
            Name = plan.Name,
            Region = plan.Region,
            CidrBlock = plan.VpcCidr.ToString(),
            AvailabilityZones = plan.Zones.Select(z => z.AvailabilityZone).ToList(),
            NatGateway = plan.NatGateway,
            PrivateEndpoints = plan.PrivateEndpoints,
            AllowSshFrom = plan.AllowSshFrom.Select(c => c.ToString()).ToList(),
            Tags = plan.Tags.ToDictionary(p => p.Key, p => p.Value),
            PublicSubnetPrefixLength = plan.PublicSubnetPrefixLength,
        };
    }
}
