using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    /// <summary>Remove-HpcCluster: DeleteCluster without a blind resend (<see cref="ClusterOutcomeCheck"/>), optionally waiting until it is gone.</summary>
    internal sealed class ClusterDeleter : ClusterOperation
    {
        private readonly ClusterOutcomeCheck _outcome;
        private readonly ClusterWaiter _waiter;

        public ClusterDeleter(ClusterConnections connections, ClusterRecords records, ClusterOutcomeCheck outcome, ClusterWaiter waiter)
            : base(connections, records)
        {
            _outcome = outcome;
            _waiter = waiter;
        }

        /// <summary>Starts deleting a cluster (also one in DELETE_FAILED); with wait, returns once it is gone and drops its record.</summary>
        public async Task<Cluster> DeleteAsync(string name, string region, bool wait, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await Connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            var version = Records.Version(c.Region, name);
            ClusterInfoSummary summary = null;
            var started = Options.Now();
            PcHpcException lost = null;
            for (var send = 1; ; send++)
            {
                try
                {
                    summary = await c.Api.DeleteClusterAsync(name, c.Region, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (PcHpcException ex) when (ex.Transient || (lost != null && ex is ParallelClusterApiException gone && gone.StatusCode == 404))
                {
                    // The delete may have acted although its answer never came: look before sending it again.
                    if (ex.Transient) lost = ex;
                    var (acted, found) = await _outcome.DeletedAsync(c, name, started, lost, cancellationToken).ConfigureAwait(false);
                    if (acted)
                    {
                        summary = found;
                        break;
                    }
                    if (send >= ClusterOutcomeCheck.MaxSends) throw ClusterOutcomeCheck.NotDone("Delete", name, c.Region, send, lost);
                    sink.Verbose($"Deleting cluster '{name}' failed ({ex.Message}) and it is not being deleted: sending the request again.");
                    await Task.Delay(Options.Backoff(send), cancellationToken).ConfigureAwait(false);
                }
                catch (ParallelClusterApiException ex)
                {
                    if (ex.StatusCode == 404 && ClusterErrors.VersionNote("delete", c.Endpoint.Version, version) == null)
                    {
                        Records.MarkGone(c.Region, name);
                    }
                    throw ClusterErrors.Translate(ex, "delete", name, c.Region, c.Endpoint.Version, version);
                }
            }
            var cluster = summary == null ? new Cluster { Name = name, Region = c.Region, ClusterStatus = "DELETE_IN_PROGRESS", Status = ClusterState.Deleting, ApiUri = c.ApiUri }
                : ClusterMapper.FromSummary(summary, c.Region, c.ApiUri);
            Records.Save(cluster);
            if (!wait) return cluster;
            return await _waiter.WaitOnAsync(c, name, null, sink, cancellationToken, "DELETE_IN_PROGRESS").ConfigureAwait(false);
        }
    }
}
