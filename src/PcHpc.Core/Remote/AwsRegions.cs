using System;
using System.Collections.Generic;
using System.Linq;

namespace PcHpc.Core.Remote
{
    /// <summary>The public AWS regions by partition (used for -Region completion; the list changes as AWS opens regions).</summary>
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
    }
}
