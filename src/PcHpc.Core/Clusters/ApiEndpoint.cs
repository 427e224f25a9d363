using System;

namespace PcHpc.Core.Clusters
{
    /// <summary>Where one region's ParallelCluster API is, and who may call it.</summary>
    public sealed class ApiEndpoint
    {
        public string Region { get; set; }
        public Uri InvokeUrl { get; set; }
        /// <summary>ParallelClusterApiUserRole; null when unknown (e.g. a bare -ApiUri).</summary>
        public string UserRoleArn { get; set; }
        /// <summary>ParallelCluster version of the API; null when unknown.</summary>
        public string Version { get; set; }
        public string StackName { get; set; }
        /// <summary>"parameter", "state store" or "CloudFormation".</summary>
        public string Source { get; set; }
    }
}
