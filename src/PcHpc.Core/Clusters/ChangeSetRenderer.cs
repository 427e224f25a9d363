using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace PcHpc.Core.Clusters
{
    /// <summary>Renders a change set for -WhatIf and verbose output.</summary>
    public static class ChangeSetRenderer
    {
        public static string Render(IEnumerable<ClusterChange> changes)
        {
            var list = (changes ?? Enumerable.Empty<ClusterChange>()).ToList();
            if (list.Count == 0) return "no changes";
            var width = list.Max(c => (c.Parameter ?? string.Empty).Length);
            var sb = new StringBuilder();
            foreach (var c in list)
            {
                if (sb.Length > 0) sb.Append(Environment.NewLine);
                sb.Append((c.Parameter ?? string.Empty).PadRight(width)).Append("  ").Append(c.CurrentValue ?? "-").Append(" -> ").Append(c.RequestedValue ?? "-");
                if (!string.IsNullOrEmpty(c.Problem)) sb.Append("  (").Append(c.Problem).Append(')');
            }
            return sb.ToString();
        }

        /// <summary>A one-line summary: "2 settings (A, B)".</summary>
        public static string Summary(IEnumerable<ClusterChange> changes)
        {
            var names = (changes ?? Enumerable.Empty<ClusterChange>()).Select(c => c.Parameter).Where(p => p != null).ToList();
            if (names.Count == 0) return "nothing";
            return $"{names.Count} setting{(names.Count == 1 ? string.Empty : "s")} ({string.Join(", ", names.Take(5))}{(names.Count > 5 ? ", ..." : string.Empty)})";
        }
    }
}
