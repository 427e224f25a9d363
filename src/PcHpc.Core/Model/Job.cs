using System;

namespace PcHpc
{
    /// <summary>The state of a SLURM job, as PcHpc reports it (SLURM's many states folded into the ones users act on).</summary>
    public enum JobState
    {
        Pending,
        Running,
        Completing,
        Completed,
        Failed,
        Cancelled,
        TimedOut,
        NodeFail,
        OutOfMemory,
        Preempted,
        Suspended,
        Unknown,
    }

    /// <summary>One SLURM job (or one task of an array job) on a cluster's head node or on this machine (-Local).</summary>
    public sealed class Job
    {
        /// <summary>SLURM's id: "123" for a plain job or an array job as a whole, "123_4" for one array task.</summary>
        public string Id { get; set; }
        public string ArrayJobId { get; set; }
        public int? ArrayTaskId { get; set; }
        /// <summary>The cluster the job runs on; null for jobs run with -Local.</summary>
        public string ClusterName { get; set; }
        public string Region { get; set; }
        /// <summary>True when the job runs on this machine's SLURM (-Local); binds -Local of the job cmdlets from the pipeline.</summary>
        public bool Local { get; set; }
        /// <summary>
        /// The -RunAsUser the job was reached with (null: the cluster's default login user); binds -RunAsUser of the job
        /// cmdlets from the pipeline, so a job submitted as another user is waited for and read as that user.
        /// </summary>
        public string RunAsUser { get; set; }
        public string Name { get; set; }
        public JobState State { get; set; }
        public int? ExitCode { get; set; }
        public string Queue { get; set; }
        public string Nodes { get; set; }
        public string User { get; set; }
        public DateTime? SubmitTime { get; set; }
        public DateTime? StartTime { get; set; }
        public DateTime? EndTime { get; set; }
        public string OutputPath { get; set; }
        public string ErrorPath { get; set; }
        public string Reason { get; set; }

        /// <summary>True once the job can no longer change state.</summary>
        public bool IsFinished => State != JobState.Pending && State != JobState.Running && State != JobState.Completing
                                  && State != JobState.Suspended && State != JobState.Unknown;

        public override string ToString() => Id;

        internal Job Copy() => (Job)MemberwiseClone();
    }

    /// <summary>The captured output of one finished job or array task (Receive-HpcJob).</summary>
    public sealed class JobOutput
    {
        public string Id { get; set; }
        public string ClusterName { get; set; }
        public bool Local { get; set; }
        public string OutputPath { get; set; }
        public string ErrorPath { get; set; }
        /// <summary>The job's standard output (the last lines only when -Tail was given); null when the file is missing.</summary>
        public string Output { get; set; }
        public string Error { get; set; }

        public override string ToString() => Output ?? string.Empty;
    }

    /// <summary>One SLURM partition (a ParallelCluster queue) and the state of its nodes, from sinfo.</summary>
    public sealed class QueueInfo
    {
        public string Name { get; set; }
        /// <summary>"up", "down", "drain" or "inact", as sinfo reports the partition's availability.</summary>
        public string State { get; set; }
        public int Nodes { get; set; }
        /// <summary>Node count per node state, e.g. "idle=3, alloc=1, idle~=16".</summary>
        public string NodeStates { get; set; }
        public string TimeLimit { get; set; }
        public bool Default { get; set; }
        public string ClusterName { get; set; }

        public override string ToString() => Name;
    }
}
