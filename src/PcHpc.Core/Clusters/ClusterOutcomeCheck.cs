using System;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    /// <summary>
    /// Mutating calls whose answer may be lost (create, update, delete): no blind resend. After a failure that may hide an
    /// accepted request (5xx, reset, timeout) the cluster is described first; only when the request did not act is it
    /// sent again. Describes ride out transient failures until the deadline; when the outcome still cannot be learnt
    /// the error names the cluster and what was started; Get-HpcCluster finds it later (and records it).
    /// </summary>
    internal sealed class ClusterOutcomeCheck
    {
        /// <summary>Sends of one create, update or delete at most (each after checking that the previous one did not act).</summary>
        public const int MaxSends = 4;

        private readonly ClusterEngineOptions _options;

        public ClusterOutcomeCheck(ClusterEngineOptions options)
        {
            _options = options;
        }

        /// <summary>One mutating operation as its errors name it.</summary>
        private sealed class Operation
        {
            public static readonly Operation Create = new Operation("Create", "creation", "to see whether it exists (it is recorded then) before you create it again.");
            public static readonly Operation Update = new Operation("Update", "update", "to see its status before you update it again.");
            public static readonly Operation Delete = new Operation("Delete", "deletion", "to see its status before you delete it again.");

            private Operation(string verb, string noun, string nextStep)
            {
                Verb = verb;
                Noun = noun;
                NextStep = nextStep;
            }

            public string Verb { get; }
            public string Noun { get; }
            public string NextStep { get; }
        }

        /// <summary>
        /// After a create whose answer was lost: the cluster this request created, or null when none exists (send again).
        /// A cluster of that name that is not being created since we started is someone else's: that is a conflict.
        /// </summary>
        public async Task<CreateClusterResult> CreatedAsync(ApiConnection c, string name, DateTimeOffset started, PcHpcException lost, IActivitySink sink, CancellationToken cancellationToken)
        {
            var d = await LookAsync(Operation.Create, c, name, started, lost, cancellationToken).ConfigureAwait(false);
            if (d == null) return null;
            var status = d.ClusterStatus ?? string.Empty;
            var recent = d.CreationTime == null || ClusterMapper.Utc(d.CreationTime).Value >= started - TimeSpan.FromMinutes(5);
            if (!status.StartsWith("CREATE_", StringComparison.Ordinal) || !recent)
            {
                throw new PcHpcException(ErrorKind.AlreadyExists, "ClusterAlreadyExists",
                    $"Cluster '{name}' already exists in {c.Region} ({status}) and was not created by this command; pick another name or remove it first (Remove-HpcCluster -Name {name} -Region {c.Region}).") { Target = name };
            }
            sink.Warning(lost.Kind == ErrorKind.Timeout
                ? $"The ParallelCluster API timed out, but cluster '{name}' was created and is {status}."
                : $"Creating cluster '{name}' failed ({lost.Message}), but the cluster was created and is {status}.");
            return new CreateClusterResult { Cluster = SummaryOf(d, name, c.Region) };
        }

        /// <summary>
        /// After an update whose answer was lost (or a 400 that follows one: the cluster is busy updating): the answer
        /// when the update acted (UPDATE_IN_PROGRESS since we started), else null, and whether the cluster exists.
        /// </summary>
        public async Task<(UpdateClusterResult Result, bool Exists)> UpdatedAsync(ApiConnection c, string name, DateTimeOffset started, PcHpcException lost,
            PcHpcException failure, IActivitySink sink, CancellationToken cancellationToken)
        {
            var d = await LookAsync(Operation.Update, c, name, started, lost, cancellationToken).ConfigureAwait(false);
            if (d == null) return (null, false);
            // Ours: updating now, or finished updating since we started (a 400 "no changes" after a lost answer says the
            // configuration is in place already).
            var last = d.LastUpdatedTime == null ? (DateTimeOffset?)null : ClusterMapper.Utc(d.LastUpdatedTime);
            var status = d.ClusterStatus ?? string.Empty;
            var acted = (status == "UPDATE_IN_PROGRESS" && (last == null || last >= started - TimeSpan.FromMinutes(5)))
                || (status.StartsWith("UPDATE_", StringComparison.Ordinal) && last != null && last >= started - TimeSpan.FromMinutes(1))
                || (!failure.Transient && failure is ParallelClusterApiException noChanges && ClusterErrors.IsNoChanges(noChanges));
            if (!acted) return (null, true);
            sink.Warning($"Updating cluster '{name}' failed ({lost.Message}), but the update started: the cluster is {d.ClusterStatus}.");
            return (new UpdateClusterResult { Cluster = SummaryOf(d, name, c.Region) }, true);
        }

        /// <summary>After a delete whose answer was lost: the cluster being deleted (or null when gone), or no value when the delete did not act.</summary>
        public async Task<(bool Acted, ClusterInfoSummary Summary)> DeletedAsync(ApiConnection c, string name, DateTimeOffset started, PcHpcException lost, CancellationToken cancellationToken)
        {
            var d = await LookAsync(Operation.Delete, c, name, started, lost, cancellationToken).ConfigureAwait(false);
            if (d == null) return (true, null);
            if ((d.ClusterStatus ?? string.Empty).StartsWith("DELETE_IN_PROGRESS", StringComparison.Ordinal)) return (true, SummaryOf(d, name, c.Region));
            return (false, null);
        }

        /// <summary>The error when every send failed and none acted.</summary>
        public static PcHpcException NotDone(string verb, string name, string region, int sends, PcHpcException last) =>
            new PcHpcException(last.Kind, last.Kind == ErrorKind.Timeout ? "Cluster" + verb + "TimedOut" : "Cluster" + verb + "NotAccepted",
                $"The ParallelCluster API did not accept the {verb.ToLowerInvariant()} of cluster '{name}' in {region} in {sends} attempt(s), and nothing changed: {last.Message} Run the command again later.", last)
            { Target = name };

        /// <summary>
        /// The cluster as it is after a lost answer (null when it does not exist). When even that cannot be learnt the error
        /// says what was sent; no placeholder record is written: the API is the record of clusters, and Get-HpcCluster
        /// records the cluster once it answers.
        /// </summary>
        private async Task<DescribeClusterResult> LookAsync(Operation operation, ApiConnection c, string name, DateTimeOffset started, PcHpcException lost, CancellationToken cancellationToken)
        {
            try
            {
                return await DescribeSteadilyAsync(c, name, started + _options.RetryBudget, cancellationToken).ConfigureAwait(false);
            }
            catch (PcHpcException ex) when (ex.Transient)
            {
                throw new PcHpcException(ErrorKind.Timeout, "Cluster" + operation.Verb + "OutcomeUnknown",
                    $"The {operation.Noun} of cluster '{name}' in {c.Region} was sent, but it failed in a way that leaves open whether it started ({lost.Message}), and PcHpc could not find out ({ex.Message}). Run Get-HpcCluster -Name {name} -Region {c.Region} {operation.NextStep}", ex)
                { Target = name };
            }
        }

        /// <summary>DescribeCluster through transient failures until <paramref name="deadline"/>; null when the cluster does not exist.</summary>
        private async Task<DescribeClusterResult> DescribeSteadilyAsync(ApiConnection c, string name, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            for (var n = 0; ; n++)
            {
                try
                {
                    return await c.Api.DescribeClusterAsync(name, c.Region, cancellationToken).ConfigureAwait(false);
                }
                catch (ParallelClusterApiException ex) when (ex.StatusCode == 404)
                {
                    return null;
                }
                catch (PcHpcException ex) when (ex.Transient && _options.Now() < deadline)
                {
                    await Task.Delay(_options.Backoff(n), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private static ClusterInfoSummary SummaryOf(DescribeClusterResult d, string name, string region) => new ClusterInfoSummary
        {
            ClusterName = d.ClusterName ?? name, Region = d.Region ?? region, Version = d.Version, ClusterStatus = d.ClusterStatus,
            CloudFormationStackStatus = d.CloudFormationStackStatus, CloudFormationStackArn = d.CloudFormationStackArn, Scheduler = d.Scheduler,
        };
    }
}
