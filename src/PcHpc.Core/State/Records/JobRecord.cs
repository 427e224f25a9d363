using System;
using System.Globalization;

namespace PcHpc.Core.State.Records
{
    /// <summary>A SLURM job (or one array task) submitted through PcHpc. Key: "region/cluster/jobId[_task]".</summary>
    public class JobRecord : StateRecord
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        /// <summary>SLURM job id (the array's job id for array tasks).</summary>
        public string JobId { get; set; }
        public int? ArrayTaskId { get; set; }
        public string Name { get; set; }
        /// <summary>SLURM state, e.g. PENDING, RUNNING, COMPLETED, FAILED.</summary>
        public string State { get; set; }
        /// <summary>SLURM exit code text, e.g. "0:0".</summary>
        public string ExitCode { get; set; }
        public string Partition { get; set; }
        public string User { get; set; }
        public string WorkingDirectory { get; set; }
        public string OutputPath { get; set; }
        public string ErrorPath { get; set; }
        /// <summary>The SSM command id that submitted the job.</summary>
        public string SubmitCommandId { get; set; }
        public DateTimeOffset? SubmitTime { get; set; }
        public DateTimeOffset? StartTime { get; set; }
        public DateTimeOffset? EndTime { get; set; }
        public DateTimeOffset? LastSeen { get; set; }

        public static string KeyFor(string region, string clusterName, string jobId, int? arrayTaskId = null)
        {
            var id = arrayTaskId.HasValue ? jobId + "_" + arrayTaskId.Value.ToString(CultureInfo.InvariantCulture) : jobId;
            return JoinKey("job", ("Region", region), ("ClusterName", clusterName), ("JobId", jobId == null ? null : id));
        }

        public override string GetKey() => KeyFor(Region, ClusterName, JobId, ArrayTaskId);
    }
}
