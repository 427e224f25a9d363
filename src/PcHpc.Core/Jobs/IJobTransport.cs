using System;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Connection;

namespace PcHpc.Core.Jobs
{
    /// <summary>The outcome of one remote bash run.</summary>
    public sealed class RemoteResult
    {
        public RemoteResult(int exitCode, string stdout, string stderr)
        {
            ExitCode = exitCode;
            Stdout = stdout ?? string.Empty;
            Stderr = stderr ?? string.Empty;
        }

        public int ExitCode { get; }
        public string Stdout { get; }
        public string Stderr { get; }
    }

    /// <summary>
    /// One way to reach a head node: run a bash script there (as the cluster's login user) and return what it printed.
    /// The engine builds every script itself (fixed text plus base64 data), so a transport never needs to quote anything.
    /// </summary>
    public interface IJobTransport
    {
        /// <summary>Where the script runs, for messages ("cluster 'demo' (us-east-1)", "this machine").</summary>
        string Description { get; }

        /// <summary>Characters of stdout the transport can bring back per call (SSM: 24,000); null when unlimited.</summary>
        int? MaxOutputChars { get; }

        Task<RemoteResult> RunAsync(string bashScript, CancellationToken cancellationToken);
    }

    /// <summary>Who the job cmdlets talk to: a cluster (through the transport the AWS layer resolves) or this machine.</summary>
    public sealed class JobTarget
    {
        public bool Local { get; set; }
        public string ClusterName { get; set; }
        public string Region { get; set; }
        /// <summary>The login user jobs run as (SSM: runuser -l); null for the OS default.</summary>
        public string RunAsUser { get; set; }
        /// <summary>An S3 bucket for SSM's full command output (optional).</summary>
        public string OutputS3Bucket { get; set; }
        /// <summary>How the SSM transport connects (credentials, endpoint, region); null: the region's defaults.</summary>
        public AwsConnectionOptions Connection { get; set; }

        /// <summary>A key for per-target caches (known partitions).</summary>
        public string Key => Local ? "local" : (Region ?? string.Empty) + "/" + (ClusterName ?? string.Empty);

        public override string ToString() => Local ? "this machine (-Local)" : $"cluster '{ClusterName}'" + (string.IsNullOrEmpty(Region) ? string.Empty : $" ({Region})");
    }
}
