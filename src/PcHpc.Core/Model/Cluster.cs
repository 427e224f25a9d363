using System;
using System.Collections.Generic;

namespace PcHpc
{
    /// <summary>The life-cycle state of a cluster, folded from ParallelCluster's clusterStatus.</summary>
    public enum ClusterState
    {
        /// <summary>CREATE_IN_PROGRESS.</summary>
        Creating,
        /// <summary>CREATE_COMPLETE or UPDATE_COMPLETE.</summary>
        Ready,
        /// <summary>UPDATE_IN_PROGRESS.</summary>
        Updating,
        /// <summary>DELETE_IN_PROGRESS (and DELETE_COMPLETE).</summary>
        Deleting,
        /// <summary>CREATE_FAILED, UPDATE_FAILED or DELETE_FAILED.</summary>
        Failed,
    }

    /// <summary>The head node of a cluster.</summary>
    public sealed class ClusterHeadNode
    {
        public string InstanceId { get; set; }
        public string InstanceType { get; set; }
        public string State { get; set; }
        public string PublicIpAddress { get; set; }
        public string PrivateIpAddress { get; set; }
        public DateTime? LaunchTime { get; set; }

        public override string ToString() => $"{InstanceId} ({PublicIpAddress ?? PrivateIpAddress})";
    }

    /// <summary>One entry of a cluster's failures[] (e.g. HeadNodeBootstrapFailure).</summary>
    public sealed class ClusterFailureInfo
    {
        public string FailureCode { get; set; }
        public string FailureReason { get; set; }
        public override string ToString() => FailureCode + ": " + FailureReason;
    }

    /// <summary>A ParallelCluster cluster, as Get-HpcCluster and the other cluster cmdlets return it.</summary>
    public sealed class Cluster
    {
        public string Name { get; set; }

        /// <summary>Same value as <see cref="Name"/>: lets cluster objects bind -ClusterName of the job cmdlets.</summary>
        public string ClusterName => Name;

        public string Region { get; set; }

        /// <summary>Creating, Ready, Updating, Deleting or Failed.</summary>
        public ClusterState Status { get; set; }

        /// <summary>The raw ParallelCluster clusterStatus, e.g. CREATE_COMPLETE.</summary>
        public string ClusterStatus { get; set; }

        /// <summary>The cluster stack's CloudFormation status.</summary>
        public string StackStatus { get; set; }

        /// <summary>ParallelCluster version of the cluster.</summary>
        public string Version { get; set; }

        /// <summary>slurm or awsbatch.</summary>
        public string Scheduler { get; set; }

        /// <summary>Head node (filled by -Detailed, by Wait-HpcCluster, or from the state store).</summary>
        public ClusterHeadNode HeadNode { get; set; }

        /// <summary>Public IP of the head node, else its private IP.</summary>
        public string HeadNodeIp => HeadNode == null ? null : (HeadNode.PublicIpAddress ?? HeadNode.PrivateIpAddress);

        public string Os { get; set; }
        public string ComputeFleetStatus { get; set; }
        public DateTimeOffset? CreatedTime { get; set; }
        public DateTimeOffset? LastUpdatedTime { get; set; }
        public ClusterFailureInfo[] Failures { get; set; } = new ClusterFailureInfo[0];

        /// <summary>The cluster stack's ARN.</summary>
        public string StackArn { get; set; }

        /// <summary>The ParallelCluster API the cluster was read through.</summary>
        public string ApiUri { get; set; }

        /// <summary>True when the object came from the local state store (Get-HpcCluster -Cached) rather than the API.</summary>
        public bool FromCache { get; set; }

        /// <summary>When the API last reported the cluster.</summary>
        public DateTimeOffset? LastSeen { get; set; }

        /// <summary>With Get-HpcCluster -Detailed: the software stacks' state on the head node ("12/12 installed"), null when it has none or could not be asked.</summary>
        public string Software { get; set; }

        public override string ToString() => $"{Region}/{Name} ({Status})";
    }
}
