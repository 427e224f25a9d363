using System;
using System.Collections.Generic;
using System.Linq;

namespace PcHpc.Core.Config
{
    /// <summary>
    /// Values offered by tab completion for config parameters: operating systems ParallelCluster 3 supports and common
    /// EC2 instance types for HPC clusters. A hint, not a limit: any instance type may be typed.
    /// </summary>
    public static class ConfigCatalog
    {
        // family => sizes; the list is built once, lazily (completion must be fast).
        private static readonly (string Family, string Sizes)[] Families =
        {
            ("t3", "nano micro small medium large xlarge 2xlarge"),
            ("t3a", "nano micro small medium large xlarge 2xlarge"),
            ("t4g", "nano micro small medium large xlarge 2xlarge"),
            ("m5", "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal"),
            ("m6i", "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal"),
            ("m6a", "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal"),
            ("m6g", "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal"),
            ("m7i", "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl"),
            ("m7a", "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal-48xl"),
            ("m7g", "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal"),
            ("c5", "large xlarge 2xlarge 4xlarge 9xlarge 12xlarge 18xlarge 24xlarge metal"),
            ("c5n", "large xlarge 2xlarge 4xlarge 9xlarge 18xlarge metal"),
            ("c6i", "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal"),
            ("c6in", "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal"),
            ("c6a", "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal"),
            ("c6g", "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal"),
            ("c6gn", "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge"),
            ("c7i", "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl"),
            ("c7a", "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal-48xl"),
            ("c7g", "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal"),
            ("c7gn", "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal"),
            ("r5", "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal"),
            ("r6i", "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal"),
            ("r6a", "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal"),
            ("r7i", "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl metal-48xl"),
            ("r7g", "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal"),
            ("x2idn", "16xlarge 24xlarge 32xlarge metal"),
            ("hpc6a", "48xlarge"),
            ("hpc6id", "32xlarge"),
            ("hpc7a", "12xlarge 24xlarge 48xlarge 96xlarge"),
            ("hpc7g", "4xlarge 8xlarge 16xlarge"),
            ("g4dn", "xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal"),
            ("g5", "xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge"),
            ("g6", "xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge"),
            ("p3", "2xlarge 8xlarge 16xlarge"),
            ("p4d", "24xlarge"),
            ("p5", "48xlarge"),
            ("trn1", "2xlarge 32xlarge"),
            ("inf2", "xlarge 8xlarge 24xlarge 48xlarge"),
        };

        private static readonly Lazy<string[]> All = new Lazy<string[]>(() =>
            Families.SelectMany(f => f.Sizes.Split(' ').Select(size => f.Family + "." + size)).ToArray());

        /// <summary>Every instance type offered, grouped by family in a stable order.</summary>
        public static IReadOnlyList<string> InstanceTypes => All.Value;

        /// <summary>Operating systems ParallelCluster 3 supports (Image.Os).</summary>
        public static IReadOnlyList<string> OperatingSystems => ConfigValidator.KnownOperatingSystems;

        /// <summary>
        /// Values of <paramref name="values"/> that start with <paramref name="word"/> (quotes stripped, case-insensitive);
        /// a word that is not a prefix of any value matches anywhere in it (so "xlarge" or "g5" find candidates).
        /// </summary>
        public static IReadOnlyList<string> Complete(IEnumerable<string> values, string word)
        {
            var prefix = (word ?? string.Empty).Trim().Trim('\'', '"');
            var list = values as IReadOnlyList<string> ?? values.ToList();
            var starts = list.Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
            if (starts.Count > 0 || prefix.Length == 0) return starts;
            return list.Where(v => v.IndexOf(prefix, StringComparison.OrdinalIgnoreCase) >= 0).ToList();
        }
    }
}
