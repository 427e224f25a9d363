using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    /// <summary>The result of Update-HpcCluster: the change set, and the cluster unless it was a dry run.</summary>
    public sealed class ClusterUpdateResult
    {
        public IList<ClusterChange> Changes { get; set; } = new List<ClusterChange>();
        public Cluster Cluster { get; set; }
        public IList<ClusterValidationMessage> Messages { get; set; } = new List<ClusterValidationMessage>();
        /// <summary>True when the API refuses the update while the compute fleet runs.</summary>
        public bool NeedsStoppedFleet { get; set; }
        /// <summary>True when the fleet had to be stopped (and was restarted) for the update.</summary>
        public bool FleetCycled { get; set; }
        /// <summary>True when the cluster already has this configuration (the API found no changes): nothing was sent.</summary>
        public bool NoChanges { get; set; }
    }

    /// <summary>Update-HpcCluster: a dry run for the change set, the update without a blind resend, the fleet cycled when needed.</summary>
    internal sealed class ClusterUpdater : ClusterOperation
    {
        private readonly ClusterOutcomeCheck _outcome;
        private readonly ClusterFleet _fleet;
        private readonly ClusterWaiter _waiter;

        public ClusterUpdater(ClusterConnections connections, ClusterRecords records, ClusterOutcomeCheck outcome, ClusterFleet fleet, ClusterWaiter waiter)
            : base(connections, records)
        {
            _outcome = outcome;
            _fleet = fleet;
            _waiter = waiter;
        }

        /// <summary>
        /// Updates a cluster. First a dry run gets the change set (returned as is with <paramref name="dryRunOnly"/>). When
        /// the update needs the compute fleet stopped: with <paramref name="cycleFleet"/> the fleet is stopped, the cluster
        /// updated (and waited for) and the fleet started again; otherwise the error explains.
        /// </summary>
        public async Task<ClusterUpdateResult> UpdateAsync(string name, string region, ClusterConfig config, string yaml, bool dryRunOnly, bool cycleFleet,
            IList<string> suppressValidators, string validationFailureLevel, IActivitySink sink, CancellationToken cancellationToken, bool skipLocalValidation, bool configPrepared)
        {
            (yaml, config) = ClusterConfigCheck.PrepareConfig(name, config, yaml, sink, skipLocalValidation, !configPrepared);
            var c = await Connections.ConnectAsync(region ?? config.Region, sink, cancellationToken).ConfigureAwait(false);
            var clusterVersion = Records.Version(c.Region, name);
            var note = ClusterErrors.VersionNote("update", c.Endpoint.Version, clusterVersion);
            if (note != null)
            {
                throw new PcHpcException(ErrorKind.InvalidState, "ParallelClusterVersionMismatch", $"Cluster '{name}' cannot be updated through this API: {note}") { Target = name };
            }
            UpdateClusterRequest Request(bool dry, bool? force) => new UpdateClusterRequest
            {
                ClusterName = name, Region = c.Region, ClusterConfiguration = yaml, DryRun = dry, ForceUpdate = force,
                SuppressValidators = suppressValidators ?? new List<string>(), ValidationFailureLevel = validationFailureLevel,
            };

            var result = new ClusterUpdateResult();
            var needsStop = false;
            try
            {
                var dry = await c.Api.UpdateClusterAsync(Request(true, null), cancellationToken).ConfigureAwait(false);
                result.Changes = Changes(dry.ChangeSet, null, name, c.Region);
                result.Messages = ClusterMapper.Messages(dry.ValidationMessages, name, c.Region);
            }
            catch (ParallelClusterApiException ex) when (ex.IsDryRunSuccess)
            {
                result.Changes = Changes(ex.ChangeSet, null, name, c.Region);
                result.Messages = ClusterMapper.Messages(ex.ValidationMessages, name, c.Region);
            }
            catch (ParallelClusterApiException ex) when (ClusterErrors.IsNoChanges(ex))
            {
                sink.Verbose($"Cluster '{name}' in {c.Region} already has this configuration: no changes to apply.");
                result.NoChanges = true;
                return result;
            }
            catch (ParallelClusterApiException ex) when (ClusterErrors.RequiresStoppedFleet(ex))
            {
                result.Changes = Changes(ex.ChangeSet, ex.UpdateValidationErrors, name, c.Region);
                needsStop = true;
                result.NeedsStoppedFleet = true;
                if (!cycleFleet && !dryRunOnly)
                {
                    throw new PcHpcException(ErrorKind.InvalidState, "ClusterUpdateNeedsStoppedFleet",
                        $"Updating cluster '{name}' changes {ChangeSetRenderer.Summary(result.Changes)}, which needs the compute fleet stopped; run Update-HpcCluster again with -Force to stop the fleet, update and restart it, or stop it yourself with Stop-HpcComputeFleet.",
                        ex) { Target = name };
                }
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, "update", name, c.Region, c.Endpoint.Version, clusterVersion);
            }
            if (dryRunOnly) return result;

            if (needsStop)
            {
                sink.Verbose($"Stopping the compute fleet of '{name}' for the update.");
                await _fleet.SetAsync(c, name, start: false, wait: true, sink, cancellationToken).ConfigureAwait(false);
                result.FleetCycled = true;
            }
            try
            {
                var answer = await SendAsync(c, name, Request(false, null), sink, cancellationToken).ConfigureAwait(false);
                if (answer.ChangeSet != null && answer.ChangeSet.Count > 0) result.Changes = Changes(answer.ChangeSet, null, name, c.Region);
                var cluster = answer.Cluster != null ? ClusterMapper.FromSummary(answer.Cluster, c.Region, c.ApiUri) : null;
                if (cluster != null) Records.Save(cluster);
                if (needsStop)
                {
                    cluster = await _waiter.WaitOnAsync(c, name, null, sink, cancellationToken).ConfigureAwait(false);
                    sink.Verbose($"Starting the compute fleet of '{name}' again.");
                    await _fleet.SetAsync(c, name, start: true, wait: false, sink, cancellationToken).ConfigureAwait(false);
                }
                result.Cluster = cluster;
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, "update", name, c.Region, c.Endpoint.Version, clusterVersion);
            }
            return result;
        }

        /// <summary>
        /// UpdateCluster without a blind resend: after a failure that may hide an accepted update (or a 400 that follows
        /// one: the cluster is busy updating) the cluster is described first, and the update is sent again only when it did not act.
        /// </summary>
        private async Task<UpdateClusterResult> SendAsync(ApiConnection c, string name, UpdateClusterRequest request, IActivitySink sink, CancellationToken cancellationToken)
        {
            var started = Options.Now();
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
                    var (updated, exists) = await _outcome.UpdatedAsync(c, name, started, lost, ex, sink, cancellationToken).ConfigureAwait(false);
                    if (updated != null) return updated;
                    if (!ex.Transient) throw;
                    if (!exists || send >= ClusterOutcomeCheck.MaxSends) throw ClusterOutcomeCheck.NotDone("Update", name, c.Region, send, lost);
                    sink.Verbose($"Updating cluster '{name}' failed ({ex.Message}) and it is not updating: sending the request again.");
                    await Task.Delay(Options.Backoff(send), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private static IList<ClusterChange> Changes(IEnumerable<ConfigChange> changes, IEnumerable<UpdateError> problems, string name, string region)
        {
            var list = (changes ?? Enumerable.Empty<ConfigChange>()).Select(ch => new ClusterChange
            {
                ClusterName = name, Region = region, Parameter = ch.Parameter, CurrentValue = ch.CurrentValue, RequestedValue = ch.RequestedValue,
            }).ToList();
            foreach (var p in problems ?? Enumerable.Empty<UpdateError>())
            {
                var match = list.FirstOrDefault(x => x.Parameter == p.Parameter);
                if (match == null)
                {
                    list.Add(match = new ClusterChange { ClusterName = name, Region = region, Parameter = p.Parameter, CurrentValue = p.CurrentValue, RequestedValue = p.RequestedValue });
                }
                match.Problem = p.Message;
            }
            return list;
        }
    }
}
