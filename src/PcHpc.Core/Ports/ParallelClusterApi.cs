using System;

namespace PcHpc.Core.Ports
{
    /// <summary>StackEvent schema of the ParallelCluster API.</summary>
    public sealed class ClusterStackEvent
    {
        public string StackId { get; set; }
        public string EventId { get; set; }
        public string StackName { get; set; }
        public string LogicalResourceId { get; set; }
        public string PhysicalResourceId { get; set; }
        public string ResourceType { get; set; }
        public DateTime Timestamp { get; set; }
        public string ResourceStatus { get; set; }
        public string ResourceStatusReason { get; set; }
        public string ResourceProperties { get; set; }
        public string ClientRequestToken { get; set; }
    }
}
