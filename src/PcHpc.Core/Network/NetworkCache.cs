using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Core.Network
{
    /// <summary>The state store's view of networks: records saved and removed by the engine, -Cached listing, name matching and completion.</summary>
    public static class NetworkCache
    {
        /// <summary>Networks from the state store only (no AWS call): -Cached.</summary>
        public static IReadOnlyList<Vpc> ListCached(StateStore store, string region, string namePattern)
        {
            if (store == null) throw new ArgumentNullException(nameof(store));
            return store.Networks.List()
                .Where(r => string.IsNullOrEmpty(region) || string.Equals(r.Region, region, StringComparison.Ordinal))
                .Where(r => NameMatches(namePattern, r.Name))
                .Select(FromRecord)
                .OrderBy(v => v.Name, StringComparer.Ordinal)
                .ThenBy(v => v.Region, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>True when <paramref name="pattern"/> (PowerShell wildcards * ? [], case-insensitive) matches; null matches all.</summary>
        public static bool NameMatches(string pattern, string name)
        {
            if (string.IsNullOrEmpty(pattern)) return true;
            if (name == null) return false;
            var rx = new System.Text.StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '`' && i + 1 < pattern.Length) { rx.Append(Regex.Escape(pattern[++i].ToString())); continue; }
                if (c == '*') rx.Append(".*");
                else if (c == '?') rx.Append('.');
                else if (c == '[')
                {
                    int close = pattern.IndexOf(']', i + 1);
                    if (close < 0) { rx.Append(Regex.Escape("[")); continue; }
                    rx.Append('[').Append(pattern.Substring(i + 1, close - i - 1).Replace("\\", "\\\\")).Append(']');
                    i = close;
                }
                else rx.Append(Regex.Escape(c.ToString()));
            }
            rx.Append('$');
            return Regex.IsMatch(name, rx.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        /// <summary>
        /// Network names for tab completion, from the state store only (no AWS call): records not gone, in
        /// <paramref name="region"/> when given, whose name starts with <paramref name="prefix"/> (case-insensitive; quotes
        /// and a trailing * are ignored), sorted and without duplicates.
        /// </summary>
        public static IReadOnlyList<string> CompleteNames(StateStore store, string region, string prefix)
        {
            if (store == null) return new string[0];
            var start = (prefix ?? string.Empty).Trim('\'', '"').TrimEnd('*');
            return store.Networks.List()
                .Where(r => !r.Gone && !string.IsNullOrEmpty(r.Name) && r.Status != "DELETE_COMPLETE")
                .Where(r => string.IsNullOrEmpty(region) || string.Equals(r.Region, region, StringComparison.OrdinalIgnoreCase))
                .Where(r => r.Name.StartsWith(start, StringComparison.OrdinalIgnoreCase))
                .Select(r => r.Name)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        /// <summary>Saves what was seen of a network (<paramref name="defaultRegion"/> when the network names none); no-op without a store.</summary>
        internal static void Save(StateStore store, string defaultRegion, Vpc vpc, string failureReason)
        {
            if (store == null || string.IsNullOrEmpty(vpc.Name)) return;
            var region = vpc.Region ?? defaultRegion;
            if (string.IsNullOrEmpty(region)) return;
            store.Networks.Update(NetworkRecord.KeyFor(region, vpc.Name), current =>
            {
                var r = current ?? new NetworkRecord { Name = vpc.Name, Region = region };
                r.StackName = vpc.Name;
                r.StackId = vpc.StackId ?? r.StackId;
                r.Status = vpc.StackStatus ?? r.Status;
                r.VpcId = vpc.VpcId ?? r.VpcId;
                if (vpc.PublicSubnetIds.Length > 0) r.PublicSubnetIds = vpc.PublicSubnetIds.ToList();
                if (vpc.PrivateSubnetIds.Length > 0) r.PrivateSubnetIds = vpc.PrivateSubnetIds.ToList();
                if (vpc.AvailabilityZones.Length > 0) r.AvailabilityZones = vpc.AvailabilityZones.ToList();
                r.StorageSecurityGroupId = vpc.StorageSecurityGroupId ?? r.StorageSecurityGroupId;
                r.SshSecurityGroupId = vpc.SshSecurityGroupId ?? r.SshSecurityGroupId;
                r.CidrBlock = vpc.CidrBlock ?? r.CidrBlock;
                r.NatGateway = vpc.NatGateway.ToString();
                r.PrivateEndpoints = vpc.PrivateEndpoints;
                r.FailureReason = failureReason ?? vpc.FailureReason;
                r.CreatedTime = vpc.CreatedTime.HasValue ? new DateTimeOffset(DateTime.SpecifyKind(vpc.CreatedTime.Value, DateTimeKind.Utc)) : r.CreatedTime;
                r.LastSeen = DateTimeOffset.UtcNow;
                r.Gone = false;
                return r;
            });
        }

        internal static void Remove(StateStore store, string defaultRegion, Vpc vpc)
        {
            var region = vpc.Region ?? defaultRegion;
            if (store == null || string.IsNullOrEmpty(region)) return;
            store.Networks.Remove(NetworkRecord.KeyFor(region, vpc.Name));
        }

        /// <summary>A network as the state store last saw it.</summary>
        public static Vpc FromRecord(NetworkRecord r)
        {
            var vpc = new Vpc
            {
                Name = r.Name,
                Region = r.Region,
                Status = r.Gone ? VpcStatus.Deleted : VpcMapper.StatusOf(r.Status),
                StackId = r.StackId,
                StackStatus = r.Status,
                VpcId = r.VpcId,
                CidrBlock = r.CidrBlock,
                AvailabilityZones = (r.AvailabilityZones ?? new List<string>()).ToArray(),
                PublicSubnetIds = (r.PublicSubnetIds ?? new List<string>()).ToArray(),
                PrivateSubnetIds = (r.PrivateSubnetIds ?? new List<string>()).ToArray(),
                StorageSecurityGroupId = r.StorageSecurityGroupId,
                SshSecurityGroupId = r.SshSecurityGroupId,
                PrivateEndpoints = r.PrivateEndpoints,
                CreatedTime = r.CreatedTime?.UtcDateTime,
                FailureReason = r.FailureReason,
            };
            if (Enum.TryParse(r.NatGateway ?? string.Empty, false, out NatGatewayMode mode) && Enum.IsDefined(typeof(NatGatewayMode), mode))
                vpc.NatGateway = mode;
            return vpc;
        }
    }
}
