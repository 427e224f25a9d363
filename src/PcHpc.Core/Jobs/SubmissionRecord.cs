using System;
using System.Collections.Generic;
using PcHpc.Core.State;

namespace PcHpc.Core.Jobs
{
    /// <summary>
    /// A job submission whose outcome PcHpc could not learn (the SSM command was sent, or may have been, but every
    /// look at it failed). Kept in the state store's "submissions" collection until Get-HpcJob finds out what became of
    /// it. Key: "region/cluster/commandId" (the PcHpc request id when the command id never arrived).
    /// </summary>
    public sealed class SubmissionRecord : StateRecord
    {
        public const string CollectionName = "submissions";

        public string ClusterName { get; set; }
        public string Region { get; set; }
        /// <summary>The SSM command id, when SSM's answer to SendCommand arrived.</summary>
        public string CommandId { get; set; }
        /// <summary>PcHpc's request id in the command's comment.</summary>
        public string RequestId { get; set; }
        /// <summary>The head node the command went to.</summary>
        public string InstanceId { get; set; }
        public string RunAsUser { get; set; }
        public DateTimeOffset SentTime { get; set; }
        /// <summary>The jobs of the batch, in order: name, queue and whether each is an array.</summary>
        public List<string> JobNames { get; set; } = new List<string>();
        public List<string> Queues { get; set; } = new List<string>();
        public List<bool> Arrays { get; set; } = new List<bool>();

        public override string GetKey() =>
            JoinKey("submission", ("Region", Region), ("ClusterName", ClusterName), ("CommandId", string.IsNullOrEmpty(CommandId) ? RequestId : CommandId));
    }
}
