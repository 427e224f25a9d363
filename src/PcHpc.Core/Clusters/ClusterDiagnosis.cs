using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    /// <summary>Why a cluster failed, assembled for the error message.</summary>
    public sealed class ClusterDiagnosis
    {
        public Cluster Cluster { get; set; }
        public ClusterFailureInfo[] Failures { get; set; } = new ClusterFailureInfo[0];
        /// <summary>The first (oldest) failing stack event with a reason.</summary>
        public ClusterEvent FirstFailure { get; set; }
        /// <summary>The log stream to read next (null when none is known).</summary>
        public string LogStream { get; set; }
        public string Message { get; set; }
        public const int LogTailLines = 20;

        /// <summary>OnNodeStart, OnNodeConfigured or OnNodeUpdated when the failure names a custom action.</summary>
        public string FailedAction { get; private set; }

        /// <summary>Appends the last lines of <see cref="LogStream"/> to the message.</summary>
        public void AddLogTail(IEnumerable<string> lines)
        {
            var tail = (lines ?? Enumerable.Empty<string>()).Where(l => l != null).Select(l => l.TrimEnd()).ToList();
            if (tail.Count == 0) return;
            Message += Environment.NewLine + $"Last {tail.Count} line(s) of {LogStream}:" + string.Concat(tail.Select(l => Environment.NewLine + "  " + l));
        }

        /// <summary>The scripts of the custom action that failed (when the failure names one and the state store knows them).</summary>
        public string[] FailedScripts { get; set; } = new string[0];

        private static readonly string[] Cancellations = { "Resource creation cancelled", "Resource update cancelled", "Resource creation Initiated" };

        /// <param name="bootstrapScripts">The config's custom-action scripts as "ConfigPath=Script" (from the state store), to name a failed one.</param>
        public static ClusterDiagnosis Build(Cluster cluster, IEnumerable<StackEvent> events, IEnumerable<LogStream> streams, IEnumerable<string> bootstrapScripts = null)
        {
            var d = new ClusterDiagnosis { Cluster = cluster, Failures = cluster.Failures ?? new ClusterFailureInfo[0] };
            var first = (events ?? Enumerable.Empty<StackEvent>())
                .Where(e => e.ResourceStatus != null && e.ResourceStatus.EndsWith("_FAILED", StringComparison.Ordinal) && !string.IsNullOrEmpty(e.ResourceStatusReason)
                            && !Cancellations.Any(x => e.ResourceStatusReason.StartsWith(x, StringComparison.Ordinal)))
                .OrderBy(e => e.Timestamp)
                .FirstOrDefault();
            if (first != null) d.FirstFailure = ClusterMapper.ToEvent(first, cluster.Name, cluster.Region);
            d.LogStream = PickLogStream(d.Failures, (streams ?? Enumerable.Empty<LogStream>()).Select(s => s.LogStreamName).Where(s => s != null).ToList());

            var sb = new StringBuilder();
            sb.Append($"Cluster '{cluster.Name}' in {cluster.Region} is {cluster.ClusterStatus}");
            if (d.Failures.Length > 0) sb.Append(": ").Append(string.Join("; ", d.Failures.Select(f => f.FailureCode + " (" + f.FailureReason + ")")));
            sb.Append('.');
            if (d.FirstFailure != null)
            {
                sb.Append($" First failing resource: {d.FirstFailure.LogicalResourceId} ({d.FirstFailure.ResourceType}) {d.FirstFailure.ResourceStatus}: {d.FirstFailure.ResourceStatusReason}.");
            }
            var action = d.FailedAction = FailedActionOf(d.Failures);
            if (action != null)
            {
                var named = (bootstrapScripts ?? Enumerable.Empty<string>()).Where(x => x.IndexOf("." + action + ".", StringComparison.Ordinal) > 0).ToList();
                var head = named.Where(x => x.StartsWith("HeadNode.", StringComparison.Ordinal)).ToList();
                d.FailedScripts = (head.Count > 0 ? head : named).Select(x => x.Substring(x.IndexOf('=') + 1)).ToArray();
                sb.Append($" The {action} bootstrap script failed" + (d.FailedScripts.Length > 0 ? ": " + string.Join(", ", d.FailedScripts) : string.Empty)
                    + "; its output is at the end of the node's cfn-init log stream (a PcHpc software stack also logs to /var/log/pchpc/software-NAME.log).");
            }
            sb.Append(d.LogStream != null
                ? $" Read next: Get-HpcClusterLog -Name {cluster.Name} -Region {cluster.Region} -LogStream {d.LogStream} -Tail 100."
                : $" Read next: Get-HpcClusterEvent -Name {cluster.Name} -Region {cluster.Region}, and Get-HpcClusterLog -Name {cluster.Name} -Region {cluster.Region} for the log streams.");
            d.Message = sb.ToString();
            return d;
        }

        /// <summary>OnNodeStart / OnNodeConfigured / OnNodeUpdated when a failure code or reason names it (OnNodeConfiguredExecutionFailure, ...).</summary>
        private static string FailedActionOf(ClusterFailureInfo[] failures)
        {
            var text = string.Join(" ", failures.Select(f => f.FailureCode + " " + f.FailureReason));
            return new[] { "OnNodeStart", "OnNodeConfigured", "OnNodeUpdated" }.FirstOrDefault(a => text.IndexOf(a, StringComparison.OrdinalIgnoreCase) >= 0);
        }

        /// <summary>Head-node bootstrap failures are explained in cfn-init / chef-client; compute ones in clustermgtd / slurm_resume.</summary>
        private static string PickLogStream(ClusterFailureInfo[] failures, IList<string> streams)
        {
            var codes = string.Join(" ", failures.Select(f => f.FailureCode + " " + f.FailureReason));
            string[] order;
            if (codes.IndexOf("Compute", StringComparison.OrdinalIgnoreCase) >= 0 || codes.IndexOf("Slurm", StringComparison.OrdinalIgnoreCase) >= 0)
                order = new[] { ".clustermgtd", ".slurm_resume", ".slurmctld", ".cfn-init", ".chef-client" };
            else
                order = new[] { ".cfn-init", ".chef-client", ".cloud-init-output", ".cloud-init", ".clustermgtd" };
            foreach (var suffix in order)
            {
                var s = streams.FirstOrDefault(x => x.EndsWith(suffix, StringComparison.Ordinal));
                if (s != null) return s;
            }
            return streams.FirstOrDefault();
        }
    }

    /// <summary>A cluster ended failed; carries the diagnosis.</summary>
    public sealed class ClusterFailedException : PcHpcException
    {
        public ClusterFailedException(ClusterDiagnosis diagnosis)
            : base(ErrorKind.InvalidState, "ClusterFailed", diagnosis.Message)
        {
            Diagnosis = diagnosis;
        }

        public ClusterDiagnosis Diagnosis { get; }
    }
}
