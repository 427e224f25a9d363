using System;
using System.Collections.Generic;

namespace PcHpc.Core.Ports
{
    public sealed class CreateClusterRequest : ConfigurationRequest
    {
        /// <summary>^[a-zA-Z][a-zA-Z0-9-]+$, at most 60 characters.</summary>
        public string ClusterName { get; set; }
        /// <summary>The cluster configuration YAML text.</summary>
        public string ClusterConfiguration { get; set; }
        /// <summary>Null for the API default (true).</summary>
        public bool? RollbackOnFailure { get; set; }
    }

    public sealed class CreateClusterResult : ConfigurationResult
    {
        /// <summary>The new cluster; null for a successful dryrun.</summary>
        public ClusterInfoSummary Cluster { get; set; }
    }

    public sealed class UpdateClusterRequest : ConfigurationRequest
    {
        public string ClusterName { get; set; }
        public string ClusterConfiguration { get; set; }
        public bool? ForceUpdate { get; set; }
    }

    public sealed class UpdateClusterResult : ConfigurationResult
    {
        /// <summary>The cluster; null for a dryrun.</summary>
        public ClusterInfoSummary Cluster { get; set; }
        public IList<ConfigChange> ChangeSet { get; set; } = new List<ConfigChange>();
    }

    /// <summary>
    /// ClusterInfoSummary. Note the spec spells the stack status <c>cloudformationStackStatus</c> here but
    /// <c>cloudFormationStackStatus</c> in DescribeClusterResponse; the adapter accepts both spellings in both places.
    /// </summary>
    public sealed class ClusterInfoSummary
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        public string Version { get; set; }
        public string CloudFormationStackArn { get; set; }
        public string CloudFormationStackStatus { get; set; }
        /// <summary>CREATE_IN_PROGRESS | CREATE_FAILED | CREATE_COMPLETE | DELETE_IN_PROGRESS | DELETE_FAILED | DELETE_COMPLETE | UPDATE_IN_PROGRESS | UPDATE_COMPLETE | UPDATE_FAILED.</summary>
        public string ClusterStatus { get; set; }
        public ClusterScheduler Scheduler { get; set; }
    }

    /// <summary>DescribeClusterResponseContent (see <see cref="ClusterInfoSummary"/> about the stack-status spelling).</summary>
    public sealed class DescribeClusterResult
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        public string Version { get; set; }
        public string CloudFormationStackStatus { get; set; }
        public string ClusterStatus { get; set; }
        public ClusterScheduler Scheduler { get; set; }
        public string CloudFormationStackArn { get; set; }
        public DateTime? CreationTime { get; set; }
        public DateTime? LastUpdatedTime { get; set; }
        /// <summary>Pre-signed S3 URL of the cluster configuration (clusterConfiguration.url).</summary>
        public string ClusterConfigurationUrl { get; set; }
        public string ComputeFleetStatus { get; set; }
        public IList<ResourceTag> Tags { get; set; } = new List<ResourceTag>();
        public Ec2InstanceInfo HeadNode { get; set; }
        public IList<LoginNodesPool> LoginNodes { get; set; } = new List<LoginNodesPool>();
        public IList<ClusterFailure> Failures { get; set; } = new List<ClusterFailure>();
    }

    public sealed class ClusterScheduler
    {
        /// <summary>slurm | awsbatch.</summary>
        public string Type { get; set; }
        public string MetadataName { get; set; }
        public string MetadataVersion { get; set; }
    }

    /// <summary>EC2Instance schema (head node).</summary>
    public class Ec2InstanceInfo
    {
        public string InstanceId { get; set; }
        public string InstanceType { get; set; }
        public DateTime? LaunchTime { get; set; }
        public string PrivateIpAddress { get; set; }
        public string PublicIpAddress { get; set; }
        /// <summary>pending | running | shutting-down | terminated | stopping | stopped.</summary>
        public string State { get; set; }
    }

    /// <summary>ClusterInstance schema: an EC2Instance and where it serves.</summary>
    public sealed class ClusterInstance : Ec2InstanceInfo
    {
        /// <summary>HeadNode | ComputeNode | LoginNode.</summary>
        public string NodeType { get; set; }
        public string QueueName { get; set; }
        public string PoolName { get; set; }
    }

    public sealed class LoginNodesPool
    {
        /// <summary>pending | active | failed.</summary>
        public string Status { get; set; }
        public string PoolName { get; set; }
        public string Address { get; set; }
        public string Scheme { get; set; }
        public int? HealthyNodes { get; set; }
        public int? UnhealthyNodes { get; set; }
    }

    public sealed class ClusterFailure
    {
        public string FailureCode { get; set; }
        public string FailureReason { get; set; }
    }

    public sealed class ComputeFleetStatusInfo
    {
        /// <summary>START_REQUESTED | STARTING | RUNNING | PROTECTED | STOP_REQUESTED | STOPPING | STOPPED | UNKNOWN | ENABLED | DISABLED.</summary>
        public string Status { get; set; }
        public DateTime? LastStatusUpdatedTime { get; set; }
    }
}
