using System;
using System.Collections.Generic;
using System.Linq;

namespace PcHpc.Core.Connection
{
    /// <summary>
    /// The public AWS regions by partition, used for -Region completion and to refuse region names AWS does not have
    /// before any call. Source: the "partitions" section of the AWS SDKs' endpoint metadata (botocore
    /// botocore/data/endpoints.json, regions of partitions aws, aws-cn, aws-us-gov) and the AWS General Reference page
    /// https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html (checked 2026-11).
    /// When AWS opens a region before this list is updated, name it in the environment variable PCHPC_EXTRA_REGIONS
    /// (comma-separated) to use it; -EndpointUrl does not relax the check (signing still needs a real region name).
    /// </summary>
    public static class AwsRegions
    {
        public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ByPartition = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["aws"] = new[]
            {
                "us-east-1", "us-east-2", "us-west-1", "us-west-2",
                "af-south-1",
                "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
                "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
                "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
                "ca-central-1", "ca-west-1",
                "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
                "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
            },
            ["aws-cn"] = new[] { "cn-north-1", "cn-northwest-1" },
            ["aws-us-gov"] = new[] { "us-gov-east-1", "us-gov-west-1" },
        };

        /// <summary>The partition a region belongs to (by name: cn-* is aws-cn, us-gov-* is aws-us-gov, else aws).</summary>
        public static string PartitionOf(string region)
        {
            if (string.IsNullOrEmpty(region)) return "aws";
            if (region.StartsWith("cn-", StringComparison.OrdinalIgnoreCase)) return "aws-cn";
            if (region.StartsWith("us-gov-", StringComparison.OrdinalIgnoreCase)) return "aws-us-gov";
            return "aws";
        }

        /// <summary>
        /// Regions starting with <paramref name="prefix"/>: those of the partition of <paramref name="currentRegion"/> first;
        /// when none of them match, those of the other partitions.
        /// </summary>
        public static IReadOnlyList<string> Complete(string prefix, string currentRegion)
        {
            prefix = prefix ?? string.Empty;
            var partition = PartitionOf(currentRegion);
            var own = ByPartition[partition].Where(r => r.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
            if (own.Count > 0) return own;
            return ByPartition.Where(p => p.Key != partition).SelectMany(p => p.Value)
                .Where(r => r.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        }
    
        /// <summary>Environment variable naming extra regions (comma-separated) that are accepted although not listed.</summary>
        public const string ExtraRegionsVariable = "PCHPC_EXTRA_REGIONS";

        /// <summary>Every known region name (all partitions, plus PCHPC_EXTRA_REGIONS).</summary>
        public static IReadOnlyList<string> All()
        {
            var all = ByPartition.SelectMany(p => p.Value).ToList();
            var extra = Environment.GetEnvironmentVariable(ExtraRegionsVariable);
            if (!string.IsNullOrWhiteSpace(extra))
            {
                all.AddRange(extra.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries).Select(r => r.Trim()));
            }
            return all;
        }

        /// <summary>
        /// Null when <paramref name="region"/> is a region AWS has; else a message naming it, where it came from, and the
        /// nearest known regions ("did you mean").
        /// </summary>
        public static string Problem(string region, string source)
        {
            region = (region ?? string.Empty).Trim();
            var all = All();
            if (all.Contains(region, StringComparer.Ordinal)) return null;
            var message = $"'{region}' (from {source}) is not an AWS region.";
            var lower = region.ToLowerInvariant();
            if (lower != region && all.Contains(lower, StringComparer.Ordinal))
            {
                return message + $" Did you mean '{lower}'? Region names are lower case.";
            }
            var best = all.Select(r => new { Region = r, Distance = EditDistance(lower, r) }).OrderBy(x => x.Distance).ThenBy(x => x.Region, StringComparer.Ordinal).ToList();
            var near = best.Where(x => x.Distance <= Math.Max(2, region.Length / 4) && x.Distance == best[0].Distance).Select(x => "'" + x.Region + "'").ToList();
            if (near.Count > 0) return message + " Did you mean " + string.Join(" or ", near) + "?";
            return message + " Expected a region such as us-east-1 or eu-west-2 (for a region newer than this PcHpc, name it in $env:" + ExtraRegionsVariable + ").";
        }

        /// <summary>Levenshtein distance (insert, delete, substitute: 1 each).</summary>
        public static int EditDistance(string a, string b)
        {
            a = a ?? string.Empty;
            b = b ?? string.Empty;
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++) previous[j] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }
                var t = previous; previous = current; current = t;
            }
            return previous[b.Length];
        }
    }
}
