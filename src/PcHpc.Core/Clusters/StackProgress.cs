using System;
using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    /// <summary>Resource counts and the latest event of a stack, newest-first events in.</summary>
    public sealed class StackProgress
    {
        public int Done { get; private set; }
        public int Total { get; private set; }
        public string Latest { get; private set; }
        public int Percent => Total == 0 ? -1 : Math.Min(99, Done * 100 / Total);

        public static StackProgress From(IEnumerable<StackEvent> newestFirst, string stackName)
        {
            var latestByResource = new Dictionary<string, string>(StringComparer.Ordinal);
            StackEvent latest = null;
            foreach (var e in (newestFirst ?? Enumerable.Empty<StackEvent>()).OrderByDescending(e => e.Timestamp))
            {
                if (latest == null) latest = e;
                if (e.LogicalResourceId == null || e.ResourceType == "AWS::CloudFormation::Stack" && e.LogicalResourceId == stackName) continue;
                if (!latestByResource.ContainsKey(e.LogicalResourceId)) latestByResource[e.LogicalResourceId] = e.ResourceStatus ?? string.Empty;
            }
            return new StackProgress
            {
                Total = latestByResource.Count,
                Done = latestByResource.Values.Count(s => s.EndsWith("_COMPLETE", StringComparison.Ordinal)),
                Latest = latest == null ? null : $"{latest.LogicalResourceId} {latest.ResourceStatus}{(string.IsNullOrEmpty(latest.ResourceStatusReason) ? string.Empty : ": " + latest.ResourceStatusReason)}",
            };
        }
    }
}
