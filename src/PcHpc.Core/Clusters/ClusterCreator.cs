using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

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
        /// <summary>The caller already ran <see cref="ClusterConfigCheck.PrepareConfig"/> and reported its findings: don't repeat them.</summary>
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

    /// <summary>New-HpcCluster: local validation first, then CreateCluster without a blind resend (<see cref="ClusterOutcomeCheck"/>).</summary>
    internal sealed class ClusterCreator : ClusterOperation
    {
        private readonly ClusterOutcomeCheck _outcome;

        public ClusterCreator(ClusterConnections connections, ClusterRecords records, ClusterOutcomeCheck outcome)
            : base(connections, records)
        {
            _outcome = outcome;
        }

        public async Task<ClusterCreateResult> CreateAsync(ClusterCreateRequest request, IActivitySink sink, CancellationToken cancellationToken)
        {
            var region = request.Region ?? request.Config?.Region;
            var (yaml, config) = ClusterConfigCheck.PrepareConfig(request.Name, request.Config, request.ConfigYaml, sink, request.SkipLocalValidation, !request.ConfigPrepared);
            region = region ?? config.Region;
            var c = await Connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            var apiRequest = new CreateClusterRequest
            {
                ClusterName = request.Name, Region = c.Region, ClusterConfiguration = yaml, DryRun = request.DryRun,
                SuppressValidators = request.SuppressValidators ?? new List<string>(), ValidationFailureLevel = request.ValidationFailureLevel,
                RollbackOnFailure = request.RollbackOnFailure,
            };
            sink.Verbose($"{(request.DryRun ? "Validating" : "Creating")} cluster '{request.Name}' in {c.Region} through {c.ApiUri}.");
            CreateClusterResult answer = null;
            var started = Options.Now();
            PcHpcException lost = null;
            for (var send = 1; answer == null; send++)
            {
                try
                {
                    answer = await c.Api.CreateClusterAsync(apiRequest, cancellationToken).ConfigureAwait(false);
                }
                catch (ParallelClusterApiException ex) when (ex.IsDryRunSuccess && request.DryRun)
                {
                    return new ClusterCreateResult { DryRunSucceeded = true, Region = c.Region, Messages = ClusterMapper.Messages(ex.ValidationMessages, request.Name, c.Region) };
                }
                catch (PcHpcException ex) when (!request.DryRun && (ex.Transient || (lost != null && ex is ParallelClusterApiException conflict && conflict.StatusCode == 409)))
                {
                    // The create may have acted although its answer never came: look before sending it again.
                    if (ex.Transient) lost = ex;
                    answer = await _outcome.CreatedAsync(c, request.Name, started, lost, sink, cancellationToken).ConfigureAwait(false);
                    if (answer != null) break;
                    if (send >= ClusterOutcomeCheck.MaxSends) throw ClusterOutcomeCheck.NotDone("Create", request.Name, c.Region, send, lost);
                    sink.Verbose($"Creating cluster '{request.Name}' failed ({ex.Message}) and it does not exist: sending the request again.");
                    await Task.Delay(Options.Backoff(send), cancellationToken).ConfigureAwait(false);
                }
                catch (ParallelClusterApiException ex)
                {
                    throw ClusterErrors.Translate(ex, request.DryRun ? "validate" : "create", request.Name, c.Region, c.Endpoint.Version);
                }
            }
            var messages = ClusterMapper.Messages(answer.ValidationMessages, request.Name, c.Region);
            foreach (var m in messages.Where(m => m.Level == "WARNING")) sink.Warning($"{m.Type}: {m.Message}");
            if (request.DryRun || answer.DryRunSucceeded || answer.Cluster == null)
            {
                return new ClusterCreateResult { DryRunSucceeded = true, Region = c.Region, Messages = messages };
            }
            var cluster = ClusterMapper.FromSummary(answer.Cluster, c.Region, c.ApiUri);
            cluster.Os = config.Os;
            cluster.CreatedTime = cluster.CreatedTime ?? Options.Now();
            Records.Save(cluster);
            Records.RecordConfig(cluster, config);
            return new ClusterCreateResult { Cluster = cluster, Messages = messages };
        }
    }
}
