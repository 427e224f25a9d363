using System;
using PcHpc.Core.Ports;
using PcHpc.Core.State;

namespace PcHpc.Core.Clusters
{
    /// <summary>What the cluster engine needs from its caller.</summary>
    public sealed class ClusterEngineOptions
    {
        /// <summary>Opens a session for a region (null: the default region).</summary>
        public Func<string, IAwsSession> OpenSession { get; set; }
        /// <summary>The state store (null: no caching).</summary>
        public StateStore Store { get; set; }
        /// <summary>-ApiUri: overrides API discovery.</summary>
        public Uri ApiUri { get; set; }
        /// <summary>Role sessions for the API's user role (default: the process-wide cache).</summary>
        public ApiRoleSessions Roles { get; set; }
        /// <summary>How often long waits poll at most (default 15 s; Wait-HpcCluster starts at 2 s and backs off to it).</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
        /// <summary>How long failing describes are ridden out when the caller gave no deadline (after an accepted create, delete or update).</summary>
        public TimeSpan RetryBudget { get; set; } = TimeSpan.FromMinutes(10);
        /// <summary>At most this many regions or describes run at once.</summary>
        public int MaxParallel { get; set; } = 8;
        /// <summary>The clock (tests move it).</summary>
        public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>Delay before the n-th retry: doubling from a second, never above the poll interval.</summary>
        internal TimeSpan Backoff(int n)
        {
            var ms = Math.Min(PollInterval.TotalMilliseconds, 1000 * Math.Pow(2, Math.Min(n, 10)));
            return TimeSpan.FromMilliseconds(Math.Max(0, ms));
        }
    }
}
