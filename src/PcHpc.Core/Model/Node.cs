using System;

namespace PcHpc
{
    /// <summary>
    /// A SLURM node as the scheduler sees it (scontrol show node, sinfo), joined with its EC2 instance when the
    /// cluster's instance list has one at the node's address.
    /// </summary>
    public sealed class HpcNode
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        public string Name { get; set; }
        /// <summary>The partitions (queues) the node is in, comma-separated as sinfo shows them.</summary>
        public string Partition { get; set; }
        public string[] Partitions { get; set; } = new string[0];
        /// <summary>sinfo's short state: idle, mix, alloc, drain, drng, down, idle~ (powered down), idle# (powering up), ...</summary>
        public string State { get; set; }
        /// <summary>scontrol's full state, e.g. IDLE+CLOUD+POWERED_DOWN or DOWN+DRAIN+NOT_RESPONDING.</summary>
        public string SlurmState { get; set; }
        /// <summary>The base state: IDLE, ALLOCATED, MIXED, DOWN, FUTURE, UNKNOWN.</summary>
        public string BaseState { get; set; }
        /// <summary>The state flags after the base state: CLOUD, POWERED_DOWN, DRAIN, NOT_RESPONDING, ...</summary>
        public string[] StateFlags { get; set; } = new string[0];
        public bool IsCloud { get; set; }
        public bool IsPoweredDown { get; set; }
        public bool IsDrained { get; set; }
        public bool IsDown { get; set; }
        /// <summary>Why the node is down or drained, without the [user@time] suffix.</summary>
        public string Reason { get; set; }
        public string ReasonUser { get; set; }
        public DateTime? ReasonTime { get; set; }
        public int? CpusAllocated { get; set; }
        public int? CpusTotal { get; set; }
        public double? CpuLoad { get; set; }
        public long? MemoryMB { get; set; }
        public long? AllocatedMemoryMB { get; set; }
        public long? FreeMemoryMB { get; set; }
        public string[] Features { get; set; } = new string[0];
        public string[] ActiveFeatures { get; set; } = new string[0];
        public string Address { get; set; }
        public string HostName { get; set; }
        public string InstanceId { get; set; }
        public string InstanceType { get; set; }
        public string InstanceState { get; set; }
        public string PrivateIpAddress { get; set; }
        public DateTimeOffset? LaunchTime { get; set; }

        /// <summary>"allocated/total" CPUs, as the table shows them.</summary>
        public string Cpus => CpusTotal == null ? null : (CpusAllocated ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + CpusTotal.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public override string ToString() => Name;
    }
}
