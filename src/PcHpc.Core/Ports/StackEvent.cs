using System;

namespace PcHpc.Core.Ports
{
    /// <summary>
    /// One status change of a CloudFormation resource or stack. The one shape for CloudFormation's DescribeStackEvents
    /// and DescribeStackResources (a resource's latest status) and for the ParallelCluster API's cluster and image stack
    /// events, which use the same schema.
    /// </summary>
    public sealed class StackEvent
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
        /// <summary>The resource's properties as JSON text, when the service gives them.</summary>
        public string ResourceProperties { get; set; }
        public string ClientRequestToken { get; set; }
    }
}
