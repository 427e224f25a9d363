using System;

namespace PcHpc
{
    /// <summary>An EC2 instance (node) of a cluster (head, compute or login node).</summary>
    public sealed class ClusterNode
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        public string InstanceId { get; set; }
        /// <summary>HeadNode, ComputeNode or LoginNode.</summary>
        public string NodeType { get; set; }
        public string QueueName { get; set; }
        public string PoolName { get; set; }
        public string InstanceType { get; set; }
        public string State { get; set; }
        public string PrivateIpAddress { get; set; }
        public string PublicIpAddress { get; set; }
        public DateTimeOffset? LaunchTime { get; set; }
        public override string ToString() => $"{InstanceId} {NodeType} {State}";
    }

    /// <summary>A CloudFormation event of a cluster's stack.</summary>
    public sealed class ClusterEvent
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        public DateTimeOffset Timestamp { get; set; }
        public string LogicalResourceId { get; set; }
        public string ResourceType { get; set; }
        public string ResourceStatus { get; set; }
        public string ResourceStatusReason { get; set; }
        public string PhysicalResourceId { get; set; }
        public string EventId { get; set; }
        public override string ToString() => $"{Timestamp:u} {LogicalResourceId} {ResourceStatus} {ResourceStatusReason}";
    }

    /// <summary>A CloudWatch log stream of a cluster.</summary>
    public sealed class ClusterLogStream
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        /// <summary>The stream name, e.g. ip-10-0-0-12.i-0abc.cfn-init.</summary>
        public string LogStream { get; set; }
        public DateTimeOffset? CreationTime { get; set; }
        public DateTimeOffset? LastEventTime { get; set; }
        public override string ToString() => LogStream;
    }

    /// <summary>One log line of a cluster log stream.</summary>
    public sealed class ClusterLogEvent
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        public string LogStream { get; set; }
        public DateTimeOffset Timestamp { get; set; }
        public string Message { get; set; }
        public override string ToString() => Message;
    }

    /// <summary>One entry of an update's change set.</summary>
    public sealed class ClusterChange
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        /// <summary>The configuration path that changes, e.g. Scheduling.SlurmQueues[queue1].ComputeResources[cr1].MaxCount.</summary>
        public string Parameter { get; set; }
        public string CurrentValue { get; set; }
        public string RequestedValue { get; set; }
        /// <summary>Why the API refuses this change as it stands (e.g. the compute fleet must be stopped), if it does.</summary>
        public string Problem { get; set; }
        public override string ToString() => $"{Parameter}: {CurrentValue} -> {RequestedValue}";
    }

    /// <summary>The compute fleet status of a cluster.</summary>
    public sealed class ComputeFleet
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        /// <summary>START_REQUESTED, STARTING, RUNNING, STOP_REQUESTED, STOPPING, STOPPED, ENABLED, DISABLED, ...</summary>
        public string Status { get; set; }
        public DateTimeOffset? LastStatusUpdatedTime { get; set; }
        public override string ToString() => $"{ClusterName} {Status}";
    }

    /// <summary>A validation message from the ParallelCluster API (dry run or create/update answer).</summary>
    public sealed class ClusterValidationMessage
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        /// <summary>INFO, WARNING or ERROR.</summary>
        public string Level { get; set; }
        /// <summary>The validator, e.g. KeyPairValidator.</summary>
        public string Type { get; set; }
        public string Id { get; set; }
        public string Message { get; set; }
        public override string ToString() => $"{Level} {Type}: {Message}";
    }
}

namespace PcHpc
{
    /// <summary>New-HpcCluster -DryRun: the ParallelCluster API validated the configuration and would create the cluster.</summary>
    public sealed class ClusterDryRun
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        /// <summary>True: the service's dry run passed (nothing was created).</summary>
        public bool Passed { get; set; }
        public string Message { get; set; }
        /// <summary>What the service's validators said (warnings and infos).</summary>
        public System.Collections.Generic.IList<ClusterValidationMessage> ValidationMessages { get; set; } = new System.Collections.Generic.List<ClusterValidationMessage>();
        public override string ToString() => Message;
    }
}
