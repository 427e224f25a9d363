using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Network
{
    /// <summary>
    /// The request a network stack was built from, stored in the template's Metadata under "PcHpc::Network", so that
    /// New-HpcVpc run twice with the same name can tell whether the existing stack is what was asked.
    /// </summary>
    public sealed class NetworkMetadata
    {
        public int Version { get; set; } = VpcTemplateBuilder.MetadataVersion;
        public string Name { get; set; }
        public string CidrBlock { get; set; }
        public IList<string> AvailabilityZones { get; set; } = new List<string>();
        public NatGatewayMode NatGateway { get; set; }
        public bool PrivateEndpoints { get; set; }
        public IList<string> AllowSshFrom { get; set; } = new List<string>();
        public int PublicSubnetPrefixLength { get; set; } = NetworkRequest.DefaultPublicSubnetPrefixLength;
        public IDictionary<string, string> Tags { get; set; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        public static NetworkMetadata FromPlan(NetworkPlan plan) => new NetworkMetadata
        {
            Name = plan.Name,
            CidrBlock = plan.VpcCidr.ToString(),
            AvailabilityZones = plan.Zones.Select(z => z.AvailabilityZone).ToList(),
            NatGateway = plan.NatGateway,
            PrivateEndpoints = plan.PrivateEndpoints,
            AllowSshFrom = plan.AllowSshFrom.Select(c => c.ToString()).ToList(),
            PublicSubnetPrefixLength = plan.PublicSubnetPrefixLength,
            Tags = new SortedDictionary<string, string>(plan.Tags.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal),
        };

        internal JsonObject ToJson()
        {
            var zones = new JsonArray();
            foreach (var z in AvailabilityZones) zones.Add(z);
            var ssh = new JsonArray();
            foreach (var s in AllowSshFrom) ssh.Add(s);
            var tags = new JsonObject();
            foreach (var t in Tags.OrderBy(p => p.Key, StringComparer.Ordinal)) tags[t.Key] = t.Value;
            return new JsonObject
            {
                ["Version"] = Version,
                ["Name"] = Name,
                ["CidrBlock"] = CidrBlock,
                ["AvailabilityZones"] = zones,
                ["NatGateway"] = NatGateway.ToString(),
                ["PrivateEndpoints"] = PrivateEndpoints,
                ["AllowSshFrom"] = ssh,
                ["PublicSubnetPrefixLength"] = PublicSubnetPrefixLength,
                ["Tags"] = tags,
            };
        }

        /// <summary>The settings without tags, compact: the NetworkSettings stack output.</summary>
        internal string ToSettingsJson()
        {
            var node = ToJson();
            node.Remove("Tags");
            return node.ToJsonString();
        }

        /// <summary>
        /// Reads the metadata from a stack's NetworkSettings output (or, while it is being created, its description) plus its tags (the user tags are the stack tags minus the
        /// PcHpc marker and aws: tags). Throws like <see cref="FromTemplate"/> when the output is missing or malformed.
        /// </summary>
        public static NetworkMetadata FromStack(NetworkStackInfo stack)
        {
            if (stack == null) throw new ArgumentNullException(nameof(stack));
            string settings = null;
            if (stack.Outputs == null || !stack.Outputs.TryGetValue(VpcTemplateBuilder.OutputNames.NetworkSettings, out settings) || string.IsNullOrWhiteSpace(settings))
            {
                // Outputs appear only once the stack is complete; the description carries the same settings from the start.
                int at = (stack.Description ?? string.Empty).IndexOf(VpcTemplateBuilder.DescriptionSettingsMarker, StringComparison.Ordinal);
                settings = at < 0 ? null : stack.Description.Substring(at + VpcTemplateBuilder.DescriptionSettingsMarker.Length);
            }
            if (string.IsNullOrWhiteSpace(settings))
                throw NotOurs(stack.StackName, "it has no " + VpcTemplateBuilder.OutputNames.NetworkSettings + " output");
            JsonObject node;
            try
            {
                node = JsonNode.Parse(settings) as JsonObject;
            }
            catch (JsonException)
            {
                node = null;
            }
            if (node == null) throw NotOurs(stack.StackName, "its PcHpc network metadata is malformed");
            var tags = new JsonObject();
            foreach (var t in (stack.Tags ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (t.Key == VpcTemplateBuilder.MarkerTagKey || t.Key.StartsWith("aws:", StringComparison.Ordinal)) continue;
                tags[t.Key] = t.Value ?? string.Empty;
            }
            node["Tags"] = tags;
            var body = new JsonObject { ["Metadata"] = new JsonObject { [VpcTemplateBuilder.MetadataKey] = node } };
            return FromTemplate(body.ToJsonString(), stack.StackName);
        }

        /// <summary>
        /// Reads the metadata from a template body (as GetTemplate returns it). Throws an InvalidState
        /// <see cref="PcHpcException"/> when the template is not a PcHpc network template.
        /// </summary>
        public static NetworkMetadata FromTemplate(string templateBody, string stackName = null)
        {
            JsonNode root = null;
            try
            {
                root = string.IsNullOrWhiteSpace(templateBody) ? null : JsonNode.Parse(templateBody);
            }
            catch (JsonException)
            {
                root = null;
            }
            var node = (root as JsonObject)?["Metadata"]?[VpcTemplateBuilder.MetadataKey] as JsonObject;
            if (node == null)
                throw NotOurs(stackName, "its template carries no PcHpc network metadata");
            try
            {
                var meta = new NetworkMetadata
                {
                    Version = node["Version"]?.GetValue<int>() ?? 0,
                    Name = node["Name"]?.GetValue<string>(),
                    CidrBlock = node["CidrBlock"]?.GetValue<string>(),
                    AvailabilityZones = (node["AvailabilityZones"] as JsonArray)?.Select(n => n.GetValue<string>()).ToList() ?? new List<string>(),
                    PrivateEndpoints = node["PrivateEndpoints"]?.GetValue<bool>() ?? false,
                    AllowSshFrom = (node["AllowSshFrom"] as JsonArray)?.Select(n => n.GetValue<string>()).ToList() ?? new List<string>(),
                    PublicSubnetPrefixLength = node["PublicSubnetPrefixLength"]?.GetValue<int>() ?? NetworkRequest.DefaultPublicSubnetPrefixLength,
                };
                var mode = node["NatGateway"]?.GetValue<string>();
                if (!Enum.TryParse(mode, false, out NatGatewayMode parsed) || !Enum.IsDefined(typeof(NatGatewayMode), parsed))
                    throw NotOurs(stackName, "its NAT gateway mode '" + mode + "' is unknown");
                meta.NatGateway = parsed;
                var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
                if (node["Tags"] is JsonObject tagNode)
                    foreach (var p in tagNode) tags[p.Key] = p.Value?.GetValue<string>() ?? string.Empty;
                meta.Tags = tags;
                if (meta.Version < 1 || meta.Version > VpcTemplateBuilder.MetadataVersion)
                    throw NotOurs(stackName, "its metadata version " + meta.Version + " is not supported by this PcHpc version");
                return meta;
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is FormatException)
            {
                throw NotOurs(stackName, "its PcHpc network metadata is malformed");
            }
        }

        private static PcHpcException NotOurs(string stackName, string why) =>
            new PcHpcException(ErrorKind.InvalidState, "NotAPcHpcNetwork",
                "Stack '" + (stackName ?? "(unknown)") + "' is not a PcHpc network (" + why + "); choose another -Name or manage that stack with your own tooling.")
            { Target = stackName };
    }

    /// <summary>Result of comparing a request with an existing network: empty Differences means it matches.</summary>
    public sealed class NetworkComparison
    {
        internal NetworkComparison(string name, IReadOnlyList<string> differences)
        {
            Name = name;
            Differences = differences;
        }

        public string Name { get; }
        /// <summary>One phrase per differing parameter, e.g. "-CidrBlock is 10.1.0.0/16 there, not 10.0.0.0/16".</summary>
        public IReadOnlyList<string> Differences { get; }
        public bool Matches => Differences.Count == 0;

        /// <summary>Throws AlreadyExists naming what differs when the existing network does not match.</summary>
        public void EnsureMatches()
        {
            if (Matches) return;
            throw new PcHpcException(ErrorKind.AlreadyExists, "NetworkExistsWithDifferentSettings",
                "A network named '" + Name + "' already exists with different settings (" + string.Join("; ", Differences.ToArray())
                + "); run the same command with the existing settings, remove it with Remove-HpcVpc, or choose another -Name.")
            { Target = Name };
        }
    }

    /// <summary>Decides whether an existing network stack is what a request asks for (idempotent New-HpcVpc).</summary>
    public static class NetworkMatcher
    {
        public static NetworkComparison Compare(NetworkRequest request, string existingTemplateBody, string stackName = null)
            => Compare(request, NetworkMetadata.FromTemplate(existingTemplateBody, stackName ?? request?.Name));

        public static NetworkComparison Compare(NetworkRequest request, NetworkMetadata existing)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (existing == null) throw new ArgumentNullException(nameof(existing));
            var diffs = new List<string>();

            // A block PcHpc chose (no -CidrBlock given) matches whatever block the existing network got.
            var askedCidr = Normalise(request.CidrBlock ?? NetworkRequest.DefaultCidrBlock);
            if (!request.PickFreeCidrBlock && !string.Equals(askedCidr, Normalise(existing.CidrBlock), StringComparison.Ordinal))
                diffs.Add("-" + NetworkParameters.CidrBlock + " is " + existing.CidrBlock + " there, not " + askedCidr);

            var existingZones = existing.AvailabilityZones ?? new List<string>();
            if (request.AvailabilityZones != null && request.AvailabilityZones.Count > 0)
            {
                var asked = request.AvailabilityZones.OrderBy(z => z, StringComparer.Ordinal).ToList();
                var have = existingZones.OrderBy(z => z, StringComparer.Ordinal).ToList();
                if (!asked.SequenceEqual(have, StringComparer.Ordinal))
                    diffs.Add("-" + NetworkParameters.AvailabilityZone + " is " + string.Join(",", existingZones.ToArray()) + " there, not " + string.Join(",", request.AvailabilityZones.ToArray()));
            }
            else if (request.EffectiveAvailabilityZoneCount != existingZones.Count)
            {
                diffs.Add("-" + NetworkParameters.AvailabilityZoneCount + " is " + existingZones.Count + " there, not " + request.EffectiveAvailabilityZoneCount);
            }

            if (request.NatGateway != existing.NatGateway)
                diffs.Add("-" + NetworkParameters.NatGateway + " is " + existing.NatGateway + " there, not " + request.NatGateway);
            if (request.PrivateEndpoints != existing.PrivateEndpoints)
                diffs.Add("-" + NetworkParameters.PrivateEndpoints + " is " + (existing.PrivateEndpoints ? "on" : "off") + " there, not " + (request.PrivateEndpoints ? "on" : "off"));
            if (request.PublicSubnetPrefixLength != existing.PublicSubnetPrefixLength)
                diffs.Add("-" + NetworkParameters.PublicSubnetPrefixLength + " is " + existing.PublicSubnetPrefixLength + " there, not " + request.PublicSubnetPrefixLength);

            var askedSsh = new SortedSet<string>((request.AllowSshFrom ?? new List<string>()).Select(Normalise), StringComparer.Ordinal);
            var haveSsh = new SortedSet<string>((existing.AllowSshFrom ?? new List<string>()).Select(Normalise), StringComparer.Ordinal);
            if (!askedSsh.SetEquals(haveSsh))
                diffs.Add("-" + NetworkParameters.AllowSshFrom + " is " + Describe(haveSsh) + " there, not " + Describe(askedSsh));

            var askedTags = request.Tags ?? new Dictionary<string, string>();
            var haveTags = existing.Tags ?? new Dictionary<string, string>();
            var tagKeys = new SortedSet<string>(askedTags.Keys.Concat(haveTags.Keys), StringComparer.Ordinal);
            var tagDiffs = tagKeys.Where(k => !askedTags.TryGetValue(k, out var a) || !haveTags.TryGetValue(k, out var h) || !string.Equals(a ?? string.Empty, h ?? string.Empty, StringComparison.Ordinal)).ToList();
            if (tagDiffs.Count > 0)
                diffs.Add("-" + NetworkParameters.Tag + " differs for key(s) " + string.Join(", ", tagDiffs.ToArray()));

            return new NetworkComparison(existing.Name ?? request.Name, diffs);
        }

        private static string Normalise(string cidr) =>
            Ipv4Cidr.TryParse(cidr, out var parsed, out _) ? parsed.ToString() : (cidr ?? string.Empty).Trim();

        private static string Describe(IEnumerable<string> set)
        {
            var list = set.ToList();
            return list.Count == 0 ? "(none)" : string.Join(",", list.ToArray());
        }
    }
}
