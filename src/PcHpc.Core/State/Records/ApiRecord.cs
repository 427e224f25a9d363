using System;

namespace PcHpc.Core.State.Records
{
    /// <summary>A deployed ParallelCluster REST API (its CloudFormation stack). Key: "region/stackName".</summary>
    public class ApiRecord : StateRecord
    {
        public string Region { get; set; }
        public string StackName { get; set; }
        public string StackId { get; set; }
        /// <summary>The API Gateway invoke URL (ParallelClusterApiInvokeUrl output).</summary>
        public string InvokeUrl { get; set; }
        /// <summary>ARN of the role allowed to call the API (ParallelClusterApiUserRole output); an ARN, not a credential.</summary>
        public string UserRoleArn { get; set; }
        /// <summary>ParallelCluster version the API runs.</summary>
        public string Version { get; set; }
        public string Status { get; set; }
        public DateTimeOffset? CreatedTime { get; set; }
        public DateTimeOffset? LastSeen { get; set; }

        public static string KeyFor(string region, string stackName) => JoinKey("API", ("Region", region), ("StackName", stackName));

        public override string GetKey() => KeyFor(Region, StackName);
    }
}
