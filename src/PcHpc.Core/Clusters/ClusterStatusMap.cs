using System;

namespace PcHpc.Core.Clusters
{
    /// <summary>Folds ParallelCluster's clusterStatus values into <see cref="ClusterState"/>.</summary>
    public static class ClusterStatusMap
    {
        public static ClusterState ToState(string clusterStatus, string stackStatus = null)
        {
            switch ((clusterStatus ?? string.Empty).ToUpperInvariant())
            {
                case "CREATE_IN_PROGRESS": return ClusterState.Creating;
                case "CREATE_COMPLETE": return ClusterState.Ready;
                case "UPDATE_IN_PROGRESS": return ClusterState.Updating;
                case "UPDATE_COMPLETE": return ClusterState.Ready;
                case "DELETE_IN_PROGRESS":
                case "DELETE_COMPLETE": return ClusterState.Deleting;
                case "CREATE_FAILED":
                case "UPDATE_FAILED":
                case "DELETE_FAILED": return ClusterState.Failed;
            }
            // Unknown or missing cluster status: fall back on the stack status.
            var stack = (stackStatus ?? string.Empty).ToUpperInvariant();
            if (stack.EndsWith("_FAILED", StringComparison.Ordinal) || stack == "ROLLBACK_COMPLETE" || stack == "UPDATE_ROLLBACK_COMPLETE") return ClusterState.Failed;
            if (stack.StartsWith("DELETE", StringComparison.Ordinal)) return ClusterState.Deleting;
            if (stack.StartsWith("UPDATE", StringComparison.Ordinal) && stack.EndsWith("IN_PROGRESS", StringComparison.Ordinal)) return ClusterState.Updating;
            if (stack.EndsWith("IN_PROGRESS", StringComparison.Ordinal)) return ClusterState.Creating;
            return stack.EndsWith("COMPLETE", StringComparison.Ordinal) ? ClusterState.Ready : ClusterState.Creating;
        }

        /// <summary>True while ParallelCluster is still working on the cluster.</summary>
        public static bool InProgress(string clusterStatus) =>
            clusterStatus != null && clusterStatus.EndsWith("_IN_PROGRESS", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>ParallelCluster version arithmetic ("3.12.0", "3.13.0b1").</summary>
    public static class PcVersion
    {
        /// <summary>Compares two versions numerically part by part; null when either cannot be read.</summary>
        public static int? Compare(string a, string b)
        {
            var x = Parse(a);
            var y = Parse(b);
            if (x == null || y == null) return null;
            for (var i = 0; i < 3; i++)
            {
                if (x[i] != y[i]) return x[i].CompareTo(y[i]);
            }
            return 0;
        }

        public static int[] Parse(string version)
        {
            if (string.IsNullOrWhiteSpace(version)) return null;
            var parts = version.Trim().Split('.');
            var result = new int[3];
            for (var i = 0; i < 3 && i < parts.Length; i++)
            {
                var digits = 0;
                while (digits < parts[i].Length && char.IsDigit(parts[i][digits])) digits++;
                if (digits == 0) return null;
                result[i] = int.Parse(parts[i].Substring(0, digits), System.Globalization.CultureInfo.InvariantCulture);
            }
            return result;
        }

        /// <summary>Finds the first x.y.z in a text (stack description, template URL).</summary>
        public static string Find(string text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            var m = System.Text.RegularExpressions.Regex.Match(text, @"\b(\d+\.\d+\.\d+)\b");
            return m.Success ? m.Groups[1].Value : null;
        }
    }
}
