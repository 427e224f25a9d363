using System;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Connection;
using PcHpc.Core.Identity;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    /// <summary>
    /// Mutating calls whose answer may be lost (create, update, delete): no blind resend. After a failure that may hide an
    /// accepted request (5xx, reset, timeout) the cluster is described first; only when the request did not act is it
    /// sent again. Describes ride out transient failures until the deadline; when the outcome still cannot be learnt
    /// the error names the cluster and what was started; Get-HpcCluster finds it later (and records it).
    /// </summary>
    public sealed partial class ClusterEngine
    {
        /// <summary>Sends of one create or delete at most (each after checking that the previous one did not act).</summary>
        internal const int MaxSends = 4;

        /// <summary>Delay before the n-th retry: doubling from a second, never above the poll interval.</summary>
        private TimeSpan Backoff(int n)
        {
            var ms = Math.Min(_options.PollInterval.TotalMilliseconds, 1000 * Math.Pow(2, Math.Min(n, 10)));
            return TimeSpan.FromMilliseconds(Math.Max(0, ms));
        }

        /// <summary>DescribeCluster through transient failures until <paramref name="deadline"/>; null when the cluster does not exist.</summary>
        private async Task<DescribeClusterResult> DescribeSteadilyAsync(Connection c, string name, DateTimeOffset deadline, CancellationToken cancellationToken)
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
                    await Task.Delay(Backoff(n), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// After a create whose answer was lost: the cluster this request created, or null when none exists (send again).
        /// A cluster of that name that is not being created since we started is someone else's: that is a conflict.
        /// </summary>
        private async Task<CreateClusterResult> CreatedAsync(Connection c, string name, DateTimeOffset started, PcHpcException lost, IActivitySink sink, CancellationToken cancellationToken)
        {
            DescribeClusterResult d;
            try
            {
                d = await DescribeSteadilyAsync(c, name, started + _options.RetryBudget, cancellationToken).ConfigureAwait(false);
            }
            catch (PcHpcException ex) when (ex.Transient)
            {
                // No placeholder record: the API is the record of clusters, and Get-HpcCluster records the cluster once it answers.
                throw new PcHpcException(ErrorKind.Timeout, "ClusterCreateOutcomeUnknown",
                    $"The creation of cluster '{name}' in {c.Region} was sent, but it failed in a way that leaves open whether it started ({lost.Message}), and PcHpc could not find out ({ex.Message}). Run Get-HpcCluster -Name {name} -Region {c.Region} to see whether it exists (it is recorded then) before you create it again.", ex)
                { Target = name };
            }
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

        /// <summary>After a delete whose answer was lost: the cluster being deleted (or null when gone), or no value when the delete did not act.</summary>
        private async Task<(bool Acted, ClusterInfoSummary Summary)> DeletedAsync(Connection c, string name, DateTimeOffset started, PcHpcException lost, CancellationToken cancellationToken)
        {
            DescribeClusterResult d;
            try
            {
                d = await DescribeSteadilyAsync(c, name, started + _options.RetryBudget, cancellationToken).ConfigureAwait(false);
            }
            catch (PcHpcException ex) when (ex.Transient)
            {
                throw new PcHpcException(ErrorKind.Timeout, "ClusterDeleteOutcomeUnknown",
                    $"The deletion of cluster '{name}' in {c.Region} was sent, but it failed in a way that leaves open whether it started ({lost.Message}), and PcHpc could not find out ({ex.Message}). Run Get-HpcCluster -Name {name} -Region {c.Region} to see its status before you delete it again.", ex)
                { Target = name };
            }
            if (d == null) return (true, null);
            if ((d.ClusterStatus ?? string.Empty).StartsWith("DELETE_IN_PROGRESS", StringComparison.Ordinal)) return (true, SummaryOf(d, name, c.Region));
            return (false, null);
        }

        /// <summary>
        /// UpdateCluster without a blind resend: after a failure that may hide an accepted update (or a 400 that follows
        /// one: the cluster is busy updating) the cluster is described; UPDATE_IN_PROGRESS since we started means it acted.
        /// </summary>
        private async Task<UpdateClusterResult> SendUpdateAsync(Connection c, string name, UpdateClusterRequest request, IActivitySink sink, CancellationToken cancellationToken)
        {
            var started = _options.Now();
            PcHpcException lost = null;
            for (var send = 1; ; send++)
            {
                try
                {
                    return await c.Api.UpdateClusterAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (PcHpcException ex) when (ex.Transient || (lost != null && ex is ParallelClusterApiException busy && busy.StatusCode == 400))
                {
                    if (ex.Transient) lost = ex;
                    DescribeClusterResult d;
                    try
                    {
                        d = await DescribeSteadilyAsync(c, name, started + _options.RetryBudget, cancellationToken).ConfigureAwait(false);
                    }
                    catch (PcHpcException unknown) when (unknown.Transient)
                    {
                        throw new PcHpcException(ErrorKind.Timeout, "ClusterUpdateOutcomeUnknown",
                            $"The update of cluster '{name}' in {c.Region} was sent, but it failed in a way that leaves open whether it started ({lost.Message}), and PcHpc could not find out ({unknown.Message}). Run Get-HpcCluster -Name {name} -Region {c.Region} to see its status before you update it again.", unknown)
                        { Target = name };
                    }
                    // Ours: updating now, or finished updating since we started (a 400 "no changes" after a lost answer says the
                    // configuration is in place already).
                    var last = d?.LastUpdatedTime == null ? (DateTimeOffset?)null : ClusterMapper.Utc(d.LastUpdatedTime);
                    var status = d?.ClusterStatus ?? string.Empty;
                    var acted = (status == "UPDATE_IN_PROGRESS" && (last == null || last >= started - TimeSpan.FromMinutes(5)))
                        || (status.StartsWith("UPDATE_", StringComparison.Ordinal) && last != null && last >= started - TimeSpan.FromMinutes(1))
                        || (!ex.Transient && ex is ParallelClusterApiException noChanges && ClusterErrors.IsNoChanges(noChanges));
                    if (d != null && acted)
                    {
                        sink.Warning($"Updating cluster '{name}' failed ({lost.Message}), but the update started: the cluster is {d.ClusterStatus}.");
                        return new UpdateClusterResult { Cluster = SummaryOf(d, name, c.Region) };
                    }
                    if (!ex.Transient) throw;
                    if (d == null || send >= MaxSends) throw NotDone("Update", name, c.Region, send, lost);
                    sink.Verbose($"Updating cluster '{name}' failed ({ex.Message}) and it is not updating: sending the request again.");
                    await Task.Delay(Backoff(send), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private static ClusterInfoSummary SummaryOf(DescribeClusterResult d, string name, string region) => new ClusterInfoSummary
        {
            ClusterName = d.ClusterName ?? name, Region = d.Region ?? region, Version = d.Version, ClusterStatus = d.ClusterStatus,
            CloudFormationStackStatus = d.CloudFormationStackStatus, CloudFormationStackArn = d.CloudFormationStackArn, Scheduler = d.Scheduler,
        };

        private static PcHpcException NotDone(string verb, string name, string region, int sends, PcHpcException last) =>
            new PcHpcException(last.Kind, last.Kind == ErrorKind.Timeout ? "Cluster" + verb + "TimedOut" : "Cluster" + verb + "NotAccepted",
                $"The ParallelCluster API did not accept the {verb.ToLowerInvariant()} of cluster '{name}' in {region} in {sends} attempt(s), and nothing changed: {last.Message} Run the command again later.", last)
            { Target = name };
    }
}
