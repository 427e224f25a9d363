using System;

namespace PcHpc
{
    /// <summary>A deployed ParallelCluster API (its CloudFormation stack).</summary>
    public sealed class HpcApi
    {
        public string Region { get; set; }
        public string StackName { get; set; }
        public string StackId { get; set; }
        /// <summary>CloudFormation stack status, e.g. CREATE_COMPLETE.</summary>
        public string Status { get; set; }
        /// <summary>ParallelCluster version the API runs (null when it cannot be told).</summary>
        public string Version { get; set; }
        /// <summary>ParallelClusterApiInvokeUrl output.</summary>
        public string InvokeUrl { get; set; }
        /// <summary>ParallelClusterApiUserRole output: the role allowed to call the API.</summary>
        public string UserRoleArn { get; set; }
        public DateTimeOffset? CreatedTime { get; set; }
        /// <summary>True when read from the local state store without asking CloudFormation.</summary>
        public bool FromCache { get; set; }

        public override string ToString() => $"{Region}/{StackName} {Version} {InvokeUrl}";
    }
}
