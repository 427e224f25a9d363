using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Config;
using PcHpc.Core.Errors;
using PcHpc.Core.Connection;
using PcHpc.Core.Identity;
using PcHpc.Core.Ports;
using PcHpc.Core.State.Records;

namespace PcHpc.Core.Clusters
{
    /// <summary>What New-HpcCluster asks for.</summary>
    public sealed class ClusterCreateRequest
    {
        public string Name { get; set; }
        public string Region { get; set; }
        /// <summary>The typed config (validated locally) ...</summary>
        public ClusterConfig Config { get; set; }
        /// <summary>... or the YAML text (parsed and validated locally).</summary>
        public string ConfigYaml { get; set; }
        public bool DryRun { get; set; }
        public IList<string> SuppressValidators { get; set; } = new List<string>();
        public string ValidationFailureLevel { get; set; }
        public bool? RollbackOnFailure { get; set; }
        /// <summary>Send the configuration as is, without local validation (the service judges it).</summary>
        public bool SkipLocalValidation { get; set; }
        /// <summary>The caller already ran <see cref="ClusterEngine.PrepareConfig"/> and reported its findings: don't repeat them.</summary>
        public bool ConfigPrepared { get; set; }
    }

    public sealed class ClusterCreateResult
    {
        /// <summary>The new cluster (null for a dry run).</summary>
        public Cluster Cluster { get; set; }
        public IList<ClusterValidationMessage> Messages { get; set; } = new List<ClusterValidationMessage>();
        public bool DryRunSucceeded { get; set; }
        /// <summary>The region the request went to.</summary>
        public string Region { get; set; }
    }

    public sealed partial class ClusterEngine
    {
        /// <summary>
        /// Refuses a cluster name ParallelCluster cannot have (ClusterNameValidator, the rule New-HpcCluster applies), with
        /// the same message, before any call.
        /// </summary>
        public static void CheckClusterName(string name, string parameter)
        {
            var problem = ConfigValidator.ValidateClusterName(name).FirstOrDefault(p => p.Severity == ConfigProblemSeverity.Error);
            if (problem == null) return;
            throw new PcHpcException(ErrorKind.InvalidArgument, "InvalidClusterName",
                $"'{name}' cannot be a cluster name: {problem.Message} Check {parameter} (Get-HpcCluster lists the clusters).") { Target = name };
        }

        /// <summary>
        /// A config whose Region is not a known region, or differs from -Region, is refused before anything is sent
        /// (ParallelCluster would create the cluster where the config does not say).
        /// </summary>
        public static void CheckConfigRegion(ClusterConfig config, string region)
        {
            var own = config?.Region;
            if (!string.IsNullOrWhiteSpace(own))
            {
                var problem = AwsRegions.Problem(own, "the configuration's Region");
                if (problem != null) throw new PcHpcException(ErrorKind.InvalidArgument, "ClusterConfigBadRegion", problem) { Target = own };
            }
            if (!string.IsNullOrWhiteSpace(own) && !string.IsNullOrWhiteSpace(region) && !string.Equals(own.Trim(), region.Trim(), StringComparison.Ordinal))
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "ClusterConfigRegionMismatch",
                    $"The configuration says Region: {own} but -Region is {region}; make them the same (or leave -Region out to use the configuration's).") { Target = region };
            }
        }

        /// <summary>
        /// Validates the configuration locally (throws before any AWS call), returning the YAML to send and the config.
        /// Local warnings are written to the sink and never stop the call. With <paramref name="skipLocalValidation"/>
        /// nothing is checked (a verbose line says so) and the YAML goes as is.
        /// </summary>
        public static (string Yaml, ClusterConfig Config) PrepareConfig(string clusterName, ClusterConfig config, string yaml, IActivitySink sink, bool skipLocalValidation = false, bool report = true)
        {
            if (config == null)
            {
                if (string.IsNullOrWhiteSpace(yaml))
                {
                    throw new PcHpcException(ErrorKind.InvalidArgument, "ClusterConfigMissing", "No cluster configuration was given; pass -Config (New-HpcClusterConfig) or -ConfigPath.");
                }
                config = Config.ConfigYaml.Parse(yaml);
            }
            if (skipLocalValidation)
            {
                if (report) sink.Verbose($"Local validation of the configuration of cluster '{clusterName}' was skipped (-SkipLocalValidation): it goes to the ParallelCluster service as is.");
                return (yaml ?? Config.ConfigYaml.Serialize(config), config);
            }
            var problems = ConfigValidator.Validate(config, clusterName);
            if (report) foreach (var w in problems.Where(p => p.Severity != ConfigProblemSeverity.Error)) sink.Warning(w.ToString());
            var errors = problems.Where(p => p.Severity == ConfigProblemSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new PcHpcException(ErrorKind.Validation, "ClusterConfigInvalid",
                    $"The configuration of cluster '{clusterName}' has {errors.Count} problem(s); fix them (Test-HpcClusterConfig lists them) and try again:" +
                    string.Concat(errors.Select(e => Environment.NewLine + "  " + e.Path + ": " + e.Message)))
                { Target = clusterName };
            }
            return (yaml ?? Config.ConfigYaml.Serialize(config), config);
        }

        /// <summary>Remembers which subnets the cluster uses, so Remove-HpcVpc can refuse to delete a network in use, and its
        /// bootstrap scripts, so a failed one can be named.</summary>
        private void RecordSubnets(Cluster cluster, ClusterConfig config)
        {
            var subnets = new List<string>();
            if (!string.IsNullOrEmpty(config.HeadNode?.Networking?.SubnetId)) subnets.Add(config.HeadNode.Networking.SubnetId);
            foreach (var queue in config.Scheduling?.SlurmQueues ?? new List<QueueConfig>())
            {
                subnets.AddRange(queue.Networking?.SubnetIds ?? new List<string>());
            }
            var scripts = Bootstrap.BootstrapActions.AllScripts(config).Select(s => s.Path + "=" + s.Script.Script).ToList();
            if (subnets.Count == 0 && scripts.Count == 0) return;
            _options.Store?.Clusters.Update(ClusterRecord.KeyFor(cluster.Region, cluster.Name), current =>
            {
                if (current == null) return null;
                current.SubnetIds = subnets.Distinct(StringComparer.Ordinal).ToList();
                current.BootstrapScripts = scripts;
                return current;
            });
        }

        public async Task<ClusterCreateResult> CreateAsync(ClusterCreateRequest request, IActivitySink sink, CancellationToken cancellationToken)
        {
            var region = request.Region ?? request.Config?.Region;
            var (yaml, config) = PrepareConfig(request.Name, request.Config, request.ConfigYaml, sink, request.SkipLocalValidation, !request.ConfigPrepared);
            region = region ?? config.Region;
            var c = await ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            var apiRequest = new CreateClusterRequest
            {
                ClusterName = request.Name, Region = c.Region, ClusterConfiguration = yaml, DryRun = request.DryRun,
                SuppressValidators = request.SuppressValidators ?? new List<string>(), ValidationFailureLevel = request.ValidationFailureLevel,
                RollbackOnFailure = request.RollbackOnFailure,
            };
            sink.Verbose($"{(request.DryRun ? "Validating" : "Creating")} cluster '{request.Name}' in {c.Region} through {c.ApiUri}.");
            CreateClusterResult answer = null;
            var started = _options.Now();
            PcHpcException lost = null;
            for (var send = 1; answer == null; send++)
            {
                try
                {
                    answer = await c.Api.CreateClusterAsync(apiRequest, cancellationToken).ConfigureAwait(false);
                }
                catch (ParallelClusterApiException ex) when (ex.IsDryRunSuccess && request.DryRun)
                {
                    return new ClusterCreateResult { DryRunSucceeded = true, Region = c.Region, Messages = Messages(ex.ValidationMessages, request.Name, c.Region) };
                }
                catch (PcHpcException ex) when (!request.DryRun && (ex.Transient || (lost != null && ex is ParallelClusterApiException conflict && conflict.StatusCode == 409)))
                {
                    // The create may have acted although its answer never came: look before sending it again.
                    if (ex.Transient) lost = ex;
                    answer = await CreatedAsync(c, request.Name, started, lost, sink, cancellationToken).ConfigureAwait(false);
                    if (answer != null) break;
                    if (send >= MaxSends) throw NotDone("Create", request.Name, c.Region, send, lost);
                    sink.Verbose($"Creating cluster '{request.Name}' failed ({ex.Message}) and it does not exist: sending the request again.");
                    await Task.Delay(Backoff(send), cancellationToken).ConfigureAwait(false);
                }
                catch (ParallelClusterApiException ex)
                {
                    throw ClusterErrors.Translate(ex, request.DryRun ? "validate" : "create", request.Name, c.Region, c.Endpoint.Version);
                }
            }
            var messages = Messages(answer.ValidationMessages, request.Name, c.Region);
            foreach (var m in messages.Where(m => m.Level == "WARNING")) sink.Warning($"{m.Type}: {m.Message}");
            if (request.DryRun || answer.DryRunSucceeded || answer.Cluster == null)
            {
                return new ClusterCreateResult { DryRunSucceeded = true, Region = c.Region, Messages = messages };
            }
            var cluster = ClusterMapper.FromSummary(answer.Cluster, c.Region, c.ApiUri);
            cluster.Os = config.Os;
            cluster.CreatedTime = cluster.CreatedTime ?? _options.Now();
            Save(cluster);
            RecordSubnets(cluster, config);
            return new ClusterCreateResult { Cluster = cluster, Messages = messages };
        }

        private static IList<ClusterValidationMessage> Messages(IEnumerable<ConfigValidationMessage> messages, string name, string region) =>
            (messages ?? Enumerable.Empty<ConfigValidationMessage>()).Select(m => new ClusterValidationMessage
            {
                ClusterName = name, Region = region, Level = m.Level, Type = m.Type, Id = m.Id, Message = m.Message,
            }).ToList();

        // ---------------------------------------------------------------- update

        /// <summary>
        /// Updates a cluster. First a dry run gets the change set (returned as is with <paramref name="dryRunOnly"/>). When
        /// the update needs the compute fleet stopped: with <paramref name="cycleFleet"/> the fleet is stopped, the cluster
        /// updated (and waited for) and the fleet started again; otherwise the error explains.
        /// </summary>
        public async Task<ClusterUpdateResult> UpdateAsync(string name, string region, ClusterConfig config, string yaml, bool dryRunOnly, bool cycleFleet,
            IList<string> suppressValidators, string validationFailureLevel, IActivitySink sink, CancellationToken cancellationToken, bool skipLocalValidation = false, bool configPrepared = false)
        {
            (yaml, config) = PrepareConfig(name, config, yaml, sink, skipLocalValidation, !configPrepared);
            var c = await ConnectAsync(region ?? config.Region, sink, cancellationToken).ConfigureAwait(false);
            var clusterVersion = StoredVersion(c.Region, name);
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
                result.Messages = Messages(dry.ValidationMessages, name, c.Region);
            }
            catch (ParallelClusterApiException ex) when (ex.IsDryRunSuccess)
            {
                result.Changes = Changes(ex.ChangeSet, null, name, c.Region);
                result.Messages = Messages(ex.ValidationMessages, name, c.Region);
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
                await SetFleetAsync(c, name, start: false, wait: true, sink, cancellationToken).ConfigureAwait(false);
                result.FleetCycled = true;
            }
            try
            {
                var answer = await SendUpdateAsync(c, name, Request(false, null), sink, cancellationToken).ConfigureAwait(false);
                if (answer.ChangeSet != null && answer.ChangeSet.Count > 0) result.Changes = Changes(answer.ChangeSet, null, name, c.Region);
                var cluster = answer.Cluster != null ? ClusterMapper.FromSummary(answer.Cluster, c.Region, c.ApiUri) : null;
                if (cluster != null) Save(cluster);
                if (needsStop)
                {
                    cluster = await WaitOnAsync(c, name, null, sink, cancellationToken).ConfigureAwait(false);
                    sink.Verbose($"Starting the compute fleet of '{name}' again.");
                    await SetFleetAsync(c, name, start: true, wait: false, sink, cancellationToken).ConfigureAwait(false);
                }
                result.Cluster = cluster;
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, "update", name, c.Region, c.Endpoint.Version, clusterVersion);
            }
            return result;
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

        // ---------------------------------------------------------------- delete

        /// <summary>Starts deleting a cluster (also one in DELETE_FAILED); with wait, returns once it is gone and drops its record.</summary>
        public async Task<Cluster> DeleteAsync(string name, string region, bool wait, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            var version = StoredVersion(c.Region, name);
            ClusterInfoSummary summary = null;
            var started = _options.Now();
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
                    var (acted, found) = await DeletedAsync(c, name, started, lost, cancellationToken).ConfigureAwait(false);
                    if (acted)
                    {
                        summary = found;
                        break;
                    }
                    if (send >= MaxSends) throw NotDone("Delete", name, c.Region, send, lost);
                    sink.Verbose($"Deleting cluster '{name}' failed ({ex.Message}) and it is not being deleted: sending the request again.");
                    await Task.Delay(Backoff(send), cancellationToken).ConfigureAwait(false);
                }
                catch (ParallelClusterApiException ex)
                {
                    if (ex.StatusCode == 404 && ClusterErrors.VersionNote("delete", c.Endpoint.Version, version) == null)
                    {
                        MarkGone(c.Region, name);
                    }
                    throw ClusterErrors.Translate(ex, "delete", name, c.Region, c.Endpoint.Version, version);
                }
            }
            var cluster = summary == null ? new Cluster { Name = name, Region = c.Region, ClusterStatus = "DELETE_IN_PROGRESS", Status = ClusterState.Deleting, ApiUri = c.ApiUri }
                : ClusterMapper.FromSummary(summary, c.Region, c.ApiUri);
            Save(cluster);
            if (!wait) return cluster;
            return await WaitOnAsync(c, name, null, sink, cancellationToken, "DELETE_IN_PROGRESS").ConfigureAwait(false);
        }

        // ---------------------------------------------------------------- compute fleet

        public async Task<ComputeFleet> SetComputeFleetAsync(string name, string region, bool start, bool wait, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            return await SetFleetAsync(c, name, start, wait, sink, cancellationToken).ConfigureAwait(false);
        }

        private async Task<ComputeFleet> SetFleetAsync(Connection c, string name, bool start, bool wait, IActivitySink sink, CancellationToken cancellationToken)
        {
            var scheduler = _options.Store?.Clusters.TryGet(ClusterRecord.KeyFor(c.Region, name))?.Scheduler;
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
                            failingSince = failingSince ?? _options.Now();
                            if (_options.Now() - failingSince.Value >= _options.RetryBudget) throw;
                            await Task.Delay(Backoff(1), cancellationToken).ConfigureAwait(false);
                            continue;
                        }
                        sink.Progress(new ProgressUpdate { Activity = $"{(start ? "Starting" : "Stopping")} the compute fleet of {name}", Status = status?.Status ?? "unknown" });
                        if (status?.Status == target) break;
                        await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
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

        // ---------------------------------------------------------------- instances, events, logs

        public async Task<IReadOnlyList<PcHpc.ClusterNode>> GetInstancesAsync(string name, string region, string nodeType, string queue, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            try
            {
                var list = await c.Api.DescribeClusterInstancesAsync(name, c.Region, nodeType, queue, cancellationToken).ConfigureAwait(false);
                return list.Select(i => new PcHpc.ClusterNode
                {
                    ClusterName = name, Region = c.Region, InstanceId = i.InstanceId, NodeType = i.NodeType, QueueName = i.QueueName, PoolName = i.PoolName,
                    InstanceType = i.InstanceType, State = i.State, PrivateIpAddress = i.PrivateIpAddress, PublicIpAddress = i.PublicIpAddress,
                    LaunchTime = ClusterMapper.Utc(i.LaunchTime),
                }).ToList();
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, "list the instances of", name, c.Region, c.Endpoint.Version, StoredVersion(c.Region, name));
            }
        }

        public async Task RemoveInstancesAsync(string name, string region, bool force, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            try
            {
                await c.Api.DeleteClusterInstancesAsync(name, c.Region, force, cancellationToken).ConfigureAwait(false);
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, "terminate the compute nodes of", name, c.Region, c.Endpoint.Version, StoredVersion(c.Region, name));
            }
        }

        public async Task<IReadOnlyList<ClusterEvent>> GetEventsAsync(string name, string region, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            try
            {
                var events = await c.Api.GetClusterStackEventsAsync(name, c.Region, cancellationToken).ConfigureAwait(false);
                return events.Select(e => ToEvent(e, name, c.Region)).ToList();
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, "read the stack events of", name, c.Region, c.Endpoint.Version, StoredVersion(c.Region, name));
            }
        }

        internal static ClusterEvent ToEvent(StackEvent e, string name, string region) => new ClusterEvent
        {
            ClusterName = name, Region = region, Timestamp = ClusterMapper.Utc(e.Timestamp).Value, LogicalResourceId = e.LogicalResourceId,
            ResourceType = e.ResourceType, ResourceStatus = e.ResourceStatus, ResourceStatusReason = e.ResourceStatusReason,
            PhysicalResourceId = e.PhysicalResourceId, EventId = e.EventId,
        };

        public async Task<IReadOnlyList<ClusterLogStream>> GetLogStreamsAsync(string name, string region, IEnumerable<string> filters, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            try
            {
                var streams = await c.Api.ListClusterLogStreamsAsync(name, c.Region, filters, cancellationToken).ConfigureAwait(false);
                return streams.Select(s => new ClusterLogStream
                {
                    ClusterName = name, Region = c.Region, LogStream = s.LogStreamName, CreationTime = ClusterMapper.Utc(s.CreationTime),
                    LastEventTime = ClusterMapper.Utc(s.LastEventTimestamp),
                }).ToList();
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, "list the log streams of", name, c.Region, c.Endpoint.Version, StoredVersion(c.Region, name));
            }
        }

        /// <summary>
        /// Events of one log stream, oldest first. With <paramref name="tail"/> only the last N (one call from the end);
        /// otherwise every page from <paramref name="since"/> (or the start).
        /// </summary>
        public async Task<IReadOnlyList<ClusterLogEvent>> GetLogEventsAsync(string name, string region, string stream, int? tail, DateTime? since,
            IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            var result = new List<ClusterLogEvent>();
            try
            {
                if (tail != null)
                {
                    var page = await c.Api.GetClusterLogEventsAsync(new GetClusterLogEventsRequest
                    {
                        ClusterName = name, Region = c.Region, LogStreamName = stream, StartFromHead = false, Limit = Math.Max(1, Math.Min(tail.Value, 10000)),
                        StartTime = since?.ToUniversalTime(),
                    }, cancellationToken).ConfigureAwait(false);
                    result.AddRange(page.Events.Select(e => ToLog(e, name, c.Region, stream)));
                    return result.OrderBy(e => e.Timestamp).Skip(Math.Max(0, result.Count - tail.Value)).ToList();
                }
                string token = null;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (true)
                {
                    var page = await c.Api.GetClusterLogEventsAsync(new GetClusterLogEventsRequest
                    {
                        ClusterName = name, Region = c.Region, LogStreamName = stream, StartFromHead = true, StartTime = since?.ToUniversalTime(), NextToken = token,
                    }, cancellationToken).ConfigureAwait(false);
                    result.AddRange(page.Events.Select(e => ToLog(e, name, c.Region, stream)));
                    // CloudWatch hands back the same forward token at the end of a stream.
                    if (page.Events.Count == 0 || string.IsNullOrEmpty(page.NextToken) || !seen.Add(page.NextToken)) break;
                    token = page.NextToken;
                }
            }
            catch (ParallelClusterApiException ex)
            {
                throw ClusterErrors.Translate(ex, $"read log stream '{stream}' of", name, c.Region, c.Endpoint.Version, StoredVersion(c.Region, name));
            }
            return result;
        }

        private static ClusterLogEvent ToLog(LogEvent e, string name, string region, string stream) => new ClusterLogEvent
        {
            ClusterName = name, Region = region, LogStream = stream, Timestamp = ClusterMapper.Utc(e.Timestamp).Value, Message = e.Message,
        };
    }
}
