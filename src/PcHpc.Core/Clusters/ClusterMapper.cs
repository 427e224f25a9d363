using System;
using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Ports;
using PcHpc.Core.State.Records;

namespace PcHpc.Core.Clusters
{
    /// <summary>API answers and state records to <see cref="Cluster"/> objects and back.</summary>
    public static class ClusterMapper
    {
        public static Cluster FromSummary(ClusterInfoSummary s, string region, string apiUri) => new Cluster
        {
            Name = s.ClusterName,
            Region = s.Region ?? region,
            ClusterStatus = s.ClusterStatus,
            Status = ClusterStatusMap.ToState(s.ClusterStatus, s.CloudFormationStackStatus),
            StackStatus = s.CloudFormationStackStatus,
            StackArn = s.CloudFormationStackArn,
            Version = s.Version,
            Scheduler = s.Scheduler?.Type,
            ApiUri = apiUri,
            LastSeen = DateTimeOffset.UtcNow,
        };

        public static Cluster FromDescribe(DescribeClusterResult d, string region, string apiUri) => new Cluster
        {
            Name = d.ClusterName,
            Region = d.Region ?? region,
            ClusterStatus = d.ClusterStatus,
            Status = ClusterStatusMap.ToState(d.ClusterStatus, d.CloudFormationStackStatus),
            StackStatus = d.CloudFormationStackStatus,
            StackArn = d.CloudFormationStackArn,
            Version = d.Version,
            Scheduler = d.Scheduler?.Type,
            ComputeFleetStatus = d.ComputeFleetStatus,
            CreatedTime = Utc(d.CreationTime),
            LastUpdatedTime = Utc(d.LastUpdatedTime),
            HeadNode = d.HeadNode == null ? null : new ClusterHeadNode
            {
                InstanceId = d.HeadNode.InstanceId,
                InstanceType = d.HeadNode.InstanceType,
                State = d.HeadNode.State,
                PublicIpAddress = d.HeadNode.PublicIpAddress,
                PrivateIpAddress = d.HeadNode.PrivateIpAddress,
                LaunchTime = d.HeadNode.LaunchTime,
            },
            Failures = (d.Failures ?? new ClusterFailure[0]).Select(f => new ClusterFailureInfo { FailureCode = f.FailureCode, FailureReason = f.FailureReason }).ToArray(),
            ApiUri = apiUri,
            LastSeen = DateTimeOffset.UtcNow,
        };

        public static Cluster FromRecord(ClusterRecord r) => new Cluster
        {
            Name = r.Name,
            Region = r.Region,
            ClusterStatus = r.ClusterStatus,
            Status = ClusterStatusMap.ToState(r.ClusterStatus, r.StackStatus),
            StackStatus = r.StackStatus,
            StackArn = r.CloudFormationStackArn,
            Version = r.Version,
            Scheduler = r.Scheduler,
            Os = r.Os,
            HeadNode = r.HeadNodeInstanceId == null && r.HeadNodePublicIp == null && r.HeadNodePrivateIp == null ? null : new ClusterHeadNode
            {
                InstanceId = r.HeadNodeInstanceId,
                State = r.HeadNodeState,
                PublicIpAddress = r.HeadNodePublicIp,
                PrivateIpAddress = r.HeadNodePrivateIp,
            },
            CreatedTime = r.CreatedTime,
            LastUpdatedTime = r.LastUpdatedTime,
            ApiUri = r.ApiUri,
            LastSeen = r.LastSeen,
            FromCache = true,
        };

        /// <summary>
        /// Merges what the API said into the stored record: values the answer lacks (head node, OS, times when the
        /// answer is a list summary) are kept from before.
        /// </summary>
        public static ClusterRecord Merge(ClusterRecord current, Cluster live)
        {
            var r = current ?? new ClusterRecord { Name = live.Name, Region = live.Region };
            r.ClusterStatus = live.ClusterStatus;
            r.StackStatus = live.StackStatus ?? r.StackStatus;
            r.CloudFormationStackArn = live.StackArn ?? r.CloudFormationStackArn;
            r.Version = live.Version ?? r.Version;
            r.Scheduler = live.Scheduler ?? r.Scheduler;
            r.Os = live.Os ?? r.Os;
            if (live.HeadNode != null)
            {
                r.HeadNodeInstanceId = live.HeadNode.InstanceId;
                r.HeadNodeState = live.HeadNode.State;
                r.HeadNodePublicIp = live.HeadNode.PublicIpAddress;
                r.HeadNodePrivateIp = live.HeadNode.PrivateIpAddress;
            }
            r.ApiUri = live.ApiUri ?? r.ApiUri;
            r.CreatedTime = live.CreatedTime ?? r.CreatedTime;
            r.LastUpdatedTime = live.LastUpdatedTime ?? r.LastUpdatedTime;
            r.LastSeen = DateTimeOffset.UtcNow;
            r.Gone = false;
            return r;
        }

        /// <summary>True when merging <paramref name="live"/> would change nothing but LastSeen.</summary>
        public static bool Unchanged(ClusterRecord r, Cluster live) =>
            r.ClusterStatus == live.ClusterStatus
            && (live.StackStatus == null || r.StackStatus == live.StackStatus)
            && (live.StackArn == null || r.CloudFormationStackArn == live.StackArn)
            && (live.Version == null || r.Version == live.Version)
            && (live.Scheduler == null || r.Scheduler == live.Scheduler)
            && (live.Os == null || r.Os == live.Os)
            && (live.ApiUri == null || r.ApiUri == live.ApiUri)
            && live.HeadNode == null && live.CreatedTime == null && live.LastUpdatedTime == null;

        /// <summary>Fills what a list summary lacks from the stored record (so the default table needs no describe call).</summary>
        public static Cluster Enrich(Cluster live, ClusterRecord stored)
        {
            if (stored == null) return live;
            if (live.HeadNode == null && (stored.HeadNodeInstanceId != null || stored.HeadNodePublicIp != null || stored.HeadNodePrivateIp != null))
            {
                live.HeadNode = new ClusterHeadNode
                {
                    InstanceId = stored.HeadNodeInstanceId, State = stored.HeadNodeState,
                    PublicIpAddress = stored.HeadNodePublicIp, PrivateIpAddress = stored.HeadNodePrivateIp,
                };
            }
            live.Os = live.Os ?? stored.Os;
            live.CreatedTime = live.CreatedTime ?? stored.CreatedTime;
            live.LastUpdatedTime = live.LastUpdatedTime ?? stored.LastUpdatedTime;
            return live;
        }

        public static IList<ClusterValidationMessage> Messages(IEnumerable<ConfigValidationMessage> messages, string name, string region) =>
            (messages ?? Enumerable.Empty<ConfigValidationMessage>()).Select(m => new ClusterValidationMessage
            {
                ClusterName = name, Region = region, Level = m.Level, Type = m.Type, Id = m.Id, Message = m.Message,
            }).ToList();

        public static ClusterEvent ToEvent(StackEvent e, string name, string region) => new ClusterEvent
        {
            ClusterName = name, Region = region, Timestamp = Utc(e.Timestamp).Value, LogicalResourceId = e.LogicalResourceId,
            ResourceType = e.ResourceType, ResourceStatus = e.ResourceStatus, ResourceStatusReason = e.ResourceStatusReason,
            PhysicalResourceId = e.PhysicalResourceId, EventId = e.EventId,
        };

        public static DateTimeOffset? Utc(DateTime? value) =>
            value == null ? (DateTimeOffset?)null : new DateTimeOffset(DateTime.SpecifyKind(value.Value, value.Value.Kind == DateTimeKind.Local ? DateTimeKind.Local : DateTimeKind.Utc));
    }
}
