using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    /// <summary>A cluster's compute fleet and instances: start/stop (waiting for the state), list, terminate compute nodes.</summary>
    internal sealed class ClusterFleet : ClusterOperation
    {
        public ClusterFleet(ClusterConnections connections, ClusterRecords records)
            : base(connections, records)
        {
        }

        public async Task<ComputeFleet> SetComputeFleetAsync(string name, string region, bool start, bool wait, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await Connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            return await SetAsync(c, name, start, wait, sink, cancellationToken).ConfigureAwait(false);
        }

        public async Task<ComputeFleet> SetAsync(ApiConnection c, string name, bool start, bool wait, IActivitySink sink, CancellationToken cancellationToken)
        {
            var scheduler = Records.Get(c.Region, name)?.Scheduler;
            if (scheduler == null)
            {
                try
                {
                    scheduler = (await c.Api.DescribeClusterAsync(name, c.Region, cancellationToken).ConfigureAwait(false)).Scheduler?.Type;
                }
                catch (ParallelClusterApiException ex)
                {
                    throw ClusterErrors.Translate(ex, start ? "start the compute fleet of" : "stop the compute fleet of", name, c.Region, c.Endpoint.Version);
                }
            }
            var batch = string.Equals(scheduler, "awsbatch", StringComparison.OrdinalIgnoreCase);
            var requested = batch ? (start ? "ENABLED" : "DISABLED") : (start ? "START_REQUESTED" : "STOP_REQUESTED");
            var target = batch ? requested : (start ? "RUNNING" : "STOPPED");
            ComputeFleetStatusInfo status;
            try
            {
                status = await c.Api.UpdateComputeFleetAsync(name, c.Region, requested, cancellationToken).ConfigureAwait(false);
                if (wait && !batch)
                {
                    DateTimeOffset? failingSince = null;
                    while (true)
                    {
                        try
                        {
                            status = await c.Api.DescribeComputeFleetAsync(name, c.Region, cancellationToken).ConfigureAwait(false);
                            failingSince = null;
                        }
                        catch (PcHpcException ex) when (ex.Transient)
                        {
                            // The fleet change was accepted: a failed look says nothing about it; ask again within the budget.
                            failingSince = failingSince ?? Options.Now();
                            if (Options.Now() - failingSince.Value >= Options.RetryBudget) throw;
                            await Task.Delay(Options.Backoff(1), cancellationToken).ConfigureAwait(false);
                            continue;
                        }
                        sink.Progress(new ProgressUpdate { Activity = $"{(start ? "Starting" : "Stopping")} the compute fleet of {name}", Status = status?.Status ?? "unknown" });
                        if (status?.Status == target) break;
                        await Task.Delay(Options.PollInterval, cancellationToken).ConfigureAwait(false);
                    }
                    sink.Progress(new ProgressUpdate { Activity = $"{(start ? "Starting" : "Stopping")} the compute fleet of {name}", Status = target, Completed = true });
                }
                else if (status == null || status.Status == null)
                {
                    status = await c.Api.DescribeComputeFleetAsync(name, c.Region, cancellationToken).ConfigureAwait(false) ?? new ComputeFleetStatusInfo { Status = requested };
                }
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, start ? "start the compute fleet of" : "stop the compute fleet of", name, c.Region, c.Endpoint.Version);
            }
            return new ComputeFleet { ClusterName = name, Region = c.Region, Status = status.Status, LastStatusUpdatedTime = ClusterMapper.Utc(status.LastStatusUpdatedTime) };
        }

        public async Task<IReadOnlyList<ClusterNode>> GetInstancesAsync(string name, string region, string nodeType, string queue, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await Connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            try
            {
                var list = await c.Api.DescribeClusterInstancesAsync(name, c.Region, nodeType, queue, cancellationToken).ConfigureAwait(false);
                return list.Select(i => new ClusterNode
                {
                    ClusterName = name, Region = c.Region, InstanceId = i.InstanceId, NodeType = i.NodeType, QueueName = i.QueueName, PoolName = i.PoolName,
                    InstanceType = i.InstanceType, State = i.State, PrivateIpAddress = i.PrivateIpAddress, PublicIpAddress = i.PublicIpAddress,
                    LaunchTime = ClusterMapper.Utc(i.LaunchTime),
                }).ToList();
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, "list the instances of", name, c.Region, c.Endpoint.Version, Records.Version(c.Region, name));
            }
        }

        public async Task RemoveInstancesAsync(string name, string region, bool force, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await Connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            try
            {
                await c.Api.DeleteClusterInstancesAsync(name, c.Region, force, cancellationToken).ConfigureAwait(false);
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, "terminate the compute nodes of", name, c.Region, c.Endpoint.Version, Records.Version(c.Region, name));
            }
        }
    }
}
