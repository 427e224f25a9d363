using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Http;
using PcHpc.Aws.Protocols;
using PcHpc.Aws.Session;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Services
{
    /// <summary>
    /// <see cref="IParallelClusterApi"/> over the ParallelCluster v3 REST API (API Gateway, SigV4 service execute-api).
    /// The endpoint is the invoke URL including its stage path (…/prod); every call names its region with ?region=.
    /// Error answers become <see cref="ParallelClusterApiException"/>s with the API's typed messages.
    /// </summary>
    internal sealed partial class ParallelClusterApiClient : IParallelClusterApi
    {
        private static readonly Regex ExecuteApiHost = new Regex(@"^[a-z0-9]+\.execute-api(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private readonly AwsSession _session;

        public ParallelClusterApiClient(AwsSession session, Uri invokeUrl)
        {
            _session = session ?? throw new ArgumentNullException(nameof(session));
            if (invokeUrl == null) throw new ArgumentNullException(nameof(invokeUrl));
            if (!invokeUrl.IsAbsoluteUri || (invokeUrl.Scheme != Uri.UriSchemeHttps && invokeUrl.Scheme != Uri.UriSchemeHttp))
                throw new PcHpcException(ErrorKind.InvalidArgument, "ParallelCluster.InvalidInvokeUrl",
                    "The ParallelCluster API URL '" + invokeUrl + "' is not an http(s) URL; give the API's invoke URL, e.g. https://abc123.execute-api.us-east-1.amazonaws.com/prod.");
            Invoker = new ModelInvoker(session, ServiceModels.ParallelCluster, "ParallelCluster", invokeUrl, SigningRegionOf(invokeUrl, session.Region));
        }

        internal ModelInvoker Invoker { get; }

        /// <summary>The region in an execute-api host name (the API is signed for the region it lives in), else the fallback.</summary>
        internal static string SigningRegionOf(Uri invokeUrl, string fallback)
        {
            var m = ExecuteApiHost.Match(invokeUrl.Host);
            return m.Success ? m.Groups[1].Value.ToLowerInvariant() : fallback;
        }

        private string RegionOf(string region) => string.IsNullOrEmpty(region) ? _session.Region : region;

        public async Task<CreateClusterResult> CreateClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var region = RegionOf(request.Region);
            var input = new Dictionary<string, object>
            {
                ["region"] = region,
                ["clusterName"] = request.ClusterName,
                ["clusterConfiguration"] = request.ClusterConfiguration ?? string.Empty,
            };
            PutConfigurationOptions(input, request);
            if (request.RollbackOnFailure.HasValue) input["rollbackOnFailure"] = request.RollbackOnFailure.Value;
            try
            {
                // A 504 from API Gateway means the API's Lambda ran out of time, not that nothing happened: never resend the create.
                // Nor after a reset or 5xx: only throttling is resent here; the engine looks for the cluster before sending again.
                var o = await Invoker.CallAsync("CreateCluster", input, cancellationToken, e => e.StatusCode == 504, notIdempotent: !request.DryRun).ConfigureAwait(false);
                return new CreateClusterResult { Cluster = Summary(o.Map("cluster")), ValidationMessages = Messages(o, "validationMessages") };
            }
            catch (AwsServiceException ex) when (request.DryRun && ex.StatusCode == 412)
            {
                var body = ParallelClusterErrorBody.Parse(ex.Error?.RawBody);
                _session.Activity.Verbose("ParallelCluster CreateCluster dry run of cluster '" + request.ClusterName + "': " + (body.Message ?? "request would have succeeded") + ".");
                return new CreateClusterResult { DryRunSucceeded = true, ValidationMessages = body.ValidationMessages };
            }
            catch (AwsServiceException ex) when (ex.StatusCode == 504 && !request.DryRun)
            {
                return await CreateTimedOutAsync(request, region, ex, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.StatusCode >= 400)
            {
                throw ParallelClusterErrors.Map(ex, "CreateCluster", request.ClusterName, region);
            }
        }

        private async Task<CreateClusterResult> CreateTimedOutAsync(CreateClusterRequest request, string region, AwsServiceException timeout, CancellationToken cancellationToken)
        {
            DescribeClusterResult cluster = null;
            try
            {
                cluster = await DescribeClusterAsync(request.ClusterName, region, cancellationToken).ConfigureAwait(false);
            }
            catch (ParallelClusterApiException ex) when (ex.StatusCode == 404)
            {
                cluster = null;
            }
            catch (PcHpcException)
            {
                cluster = null;
            }
            if (cluster != null && (cluster.ClusterStatus ?? string.Empty).StartsWith("CREATE_", StringComparison.Ordinal))
            {
                _session.Activity.Verbose("ParallelCluster CreateCluster of '" + request.ClusterName + "' answered 504 (" + (timeout.ServiceMessage ?? "Endpoint request timed out")
                    + ", request id " + timeout.RequestId + "), but the cluster exists with status " + cluster.ClusterStatus + ": the create started, continuing.");
                return new CreateClusterResult
                {
                    Cluster = new ClusterInfoSummary
                    {
                        ClusterName = cluster.ClusterName,
                        Region = cluster.Region,
                        Version = cluster.Version,
                        CloudFormationStackArn = cluster.CloudFormationStackArn,
                        CloudFormationStackStatus = cluster.CloudFormationStackStatus,
                        ClusterStatus = cluster.ClusterStatus,
                        Scheduler = cluster.Scheduler,
                    },
                };
            }
            throw new ParallelClusterApiException(ErrorKind.Timeout, "ParallelCluster.CreateTimedOut", 504,
                "ParallelCluster CreateCluster of '" + request.ClusterName + "' in " + region + " timed out (HTTP 504 " + (timeout.ServiceMessage ?? "Endpoint request timed out")
                + ", request id " + timeout.RequestId + ") and the cluster was not created. Try again; if it keeps timing out, check the ParallelCluster API stack's Lambda logs.", timeout)
            {
                ErrorType = timeout.Code,
                RequestId = timeout.RequestId,
            };
        }

        public async Task<IReadOnlyList<ClusterInfoSummary>> ListClustersAsync(string region, IEnumerable<string> clusterStatus, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var input = new Dictionary<string, object> { ["region"] = region };
            if (ValueTree.HasAny(clusterStatus)) input["clusterStatus"] = ValueTree.ListOf(clusterStatus.Where(s => !string.IsNullOrEmpty(s)));
            var o = await Pages("ListClusters", input, null, region, cancellationToken).ConfigureAwait(false);
            return o.Items("clusters").Select(Summary).ToList();
        }

        public async Task<DescribeClusterResult> DescribeClusterAsync(string clusterName, string region, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var o = await Call("DescribeCluster", new Dictionary<string, object> { ["clusterName"] = clusterName, ["region"] = region }, clusterName, region, cancellationToken).ConfigureAwait(false);
            var head = o.Map("headNode");
            return new DescribeClusterResult
            {
                ClusterName = o.Str("clusterName"),
                Region = o.Str("region"),
                Version = o.Str("version"),
                CloudFormationStackStatus = o.FirstStr("cloudFormationStackStatus", "cloudformationStackStatus"),
                ClusterStatus = o.Str("clusterStatus"),
                Scheduler = Scheduler(o.Map("scheduler")),
                CloudFormationStackArn = o.FirstStr("cloudformationStackArn", "cloudFormationStackArn"),
                CreationTime = o.Date("creationTime"),
                LastUpdatedTime = o.Date("lastUpdatedTime"),
                ClusterConfigurationUrl = o.Str("clusterConfiguration.url"),
                ComputeFleetStatus = o.Str("computeFleetStatus"),
                Tags = o.Tags("tags", "key", "value"),
                HeadNode = head == null ? null : ReadInstance(head, new Ec2InstanceInfo()),
                LoginNodes = o.Items("loginNodes").Select(p => new LoginNodesPool
                {
                    Status = p.Str("status"),
                    PoolName = p.Str("poolName"),
                    Address = p.Str("address"),
                    Scheme = p.Str("scheme"),
                    HealthyNodes = p.Int("healthyNodes"),
                    UnhealthyNodes = p.Int("unhealthyNodes"),
                }).ToList(),
                Failures = o.Items("failures").Select(f => new ClusterFailure { FailureCode = f.Str("failureCode"), FailureReason = f.Str("failureReason") }).ToList(),
            };
        }

        public async Task<UpdateClusterResult> UpdateClusterAsync(UpdateClusterRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var region = RegionOf(request.Region);
            var input = new Dictionary<string, object>
            {
                ["clusterName"] = request.ClusterName,
                ["region"] = region,
                ["clusterConfiguration"] = request.ClusterConfiguration ?? string.Empty,
            };
            PutConfigurationOptions(input, request);
            if (request.ForceUpdate.HasValue) input["forceUpdate"] = request.ForceUpdate.Value;
            try
            {
                var o = await Invoker.CallAsync("UpdateCluster", input, cancellationToken, notIdempotent: !request.DryRun).ConfigureAwait(false);
                return new UpdateClusterResult
                {
                    Cluster = Summary(o.Map("cluster")),
                    ValidationMessages = Messages(o, "validationMessages"),
                    ChangeSet = Changes(o.Items("changeSet")),
                };
            }
            catch (AwsServiceException ex) when (request.DryRun && ex.StatusCode == 412)
            {
                var body = ParallelClusterErrorBody.Parse(ex.Error?.RawBody);
                _session.Activity.Verbose("ParallelCluster UpdateCluster dry run of cluster '" + request.ClusterName + "': " + (body.Message ?? "request would have succeeded") + ".");
                return new UpdateClusterResult { DryRunSucceeded = true, ValidationMessages = body.ValidationMessages, ChangeSet = body.ChangeSet };
            }
            catch (AwsServiceException ex) when (ex.StatusCode >= 400)
            {
                throw ParallelClusterErrors.Map(ex, "UpdateCluster", request.ClusterName, region);
            }
        }

        public async Task<ClusterInfoSummary> DeleteClusterAsync(string clusterName, string region, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var o = await Call("DeleteCluster", new Dictionary<string, object> { ["clusterName"] = clusterName, ["region"] = region }, clusterName, region, cancellationToken, notIdempotent: true).ConfigureAwait(false);
            return Summary(o.Map("cluster"));
        }

        public async Task<ComputeFleetStatusInfo> DescribeComputeFleetAsync(string clusterName, string region, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var o = await Call("DescribeComputeFleet", new Dictionary<string, object> { ["clusterName"] = clusterName, ["region"] = region }, clusterName, region, cancellationToken).ConfigureAwait(false);
            return new ComputeFleetStatusInfo { Status = o.Str("status"), LastStatusUpdatedTime = o.Date("lastStatusUpdatedTime") };
        }

        public async Task<ComputeFleetStatusInfo> UpdateComputeFleetAsync(string clusterName, string region, string status, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var input = new Dictionary<string, object> { ["clusterName"] = clusterName, ["region"] = region, ["status"] = status };
            var o = await Call("UpdateComputeFleet", input, clusterName, region, cancellationToken).ConfigureAwait(false);
            return new ComputeFleetStatusInfo { Status = o.Str("status") ?? status, LastStatusUpdatedTime = o.Date("lastStatusUpdatedTime") };
        }

        public async Task<IReadOnlyList<ClusterInstance>> DescribeClusterInstancesAsync(string clusterName, string region, string nodeType, string queueName, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var input = new Dictionary<string, object> { ["clusterName"] = clusterName, ["region"] = region };
            input.PutIf("nodeType", nodeType);
            input.PutIf("queueName", queueName);
            var o = await Pages("DescribeClusterInstances", input, clusterName, region, cancellationToken).ConfigureAwait(false);
            return o.Items("instances").Select(i =>
            {
                var instance = ReadInstance(i, new ClusterInstance());
                instance.NodeType = i.Str("nodeType");
                instance.QueueName = i.Str("queueName");
                instance.PoolName = i.Str("poolName");
                return instance;
            }).ToList();
        }

        public Task DeleteClusterInstancesAsync(string clusterName, string region, bool force, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var input = new Dictionary<string, object> { ["clusterName"] = clusterName, ["region"] = region };
            if (force) input["force"] = true;
            return Call("DeleteClusterInstances", input, clusterName, region, cancellationToken);
        }

        public async Task<IReadOnlyList<LogStream>> ListClusterLogStreamsAsync(string clusterName, string region, IEnumerable<string> filters, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var input = new Dictionary<string, object> { ["clusterName"] = clusterName, ["region"] = region };
            if (ValueTree.HasAny(filters)) input["filters"] = ValueTree.ListOf(filters.Where(f => !string.IsNullOrEmpty(f)));
            var o = await Pages("ListClusterLogStreams", input, clusterName, region, cancellationToken).ConfigureAwait(false);
            return o.Items("logStreams").Select(ReadLogStream).ToList();
        }

        public async Task<LogEventsPage> GetClusterLogEventsAsync(GetClusterLogEventsRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var region = RegionOf(request.Region);
            var input = new Dictionary<string, object>
            {
                ["clusterName"] = request.ClusterName,
                ["logStreamName"] = request.LogStreamName,
                ["region"] = region,
            };
            PutLogEventOptions(input, request);
            var o = await Call("GetClusterLogEvents", input, request.ClusterName, region, cancellationToken).ConfigureAwait(false);
            return ReadLogEventsPage(o);
        }

        public async Task<IReadOnlyList<StackEvent>> GetClusterStackEventsAsync(string clusterName, string region, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var o = await Pages("GetClusterStackEvents", new Dictionary<string, object> { ["clusterName"] = clusterName, ["region"] = region }, clusterName, region, cancellationToken).ConfigureAwait(false);
            return o.Items("events").Select(StackEventReader.Read).ToList();
        }

        public async Task<IReadOnlyList<AmiInfo>> ListOfficialImagesAsync(string region, string os, string architecture, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var input = new Dictionary<string, object> { ["region"] = region };
            input.PutIf("os", os);
            input.PutIf("architecture", architecture);
            var o = await Call("ListOfficialImages", input, null, region, cancellationToken).ConfigureAwait(false);
            return o.Items("images").Select(i => new AmiInfo
            {
                Architecture = i.Str("architecture"),
                AmiId = i.Str("amiId"),
                Name = i.Str("name"),
                Os = i.Str("os"),
                Version = i.Str("version"),
            }).ToList();
        }

        // ---- plumbing ----

        private async Task<Dictionary<string, object>> Call(string operation, Dictionary<string, object> input, string clusterName, string region, CancellationToken ct, bool notIdempotent = false)
        {
            try
            {
                return await Invoker.CallAsync(operation, input, ct, notIdempotent: notIdempotent).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.StatusCode >= 400)
            {
                throw ParallelClusterErrors.Map(ex, operation, clusterName, region);
            }
        }

        private async Task<Dictionary<string, object>> Pages(string operation, Dictionary<string, object> input, string clusterName, string region, CancellationToken ct)
        {
            try
            {
                return await Invoker.CallAllPagesAsync(operation, input, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.StatusCode >= 400)
            {
                throw ParallelClusterErrors.Map(ex, operation, clusterName, region);
            }
        }

        private static ClusterInfoSummary Summary(IDictionary<string, object> c) => c == null ? null : new ClusterInfoSummary
        {
            ClusterName = c.Str("clusterName"),
            Region = c.Str("region"),
            Version = c.Str("version"),
            CloudFormationStackArn = c.FirstStr("cloudformationStackArn", "cloudFormationStackArn"),
            CloudFormationStackStatus = c.FirstStr("cloudFormationStackStatus", "cloudformationStackStatus"),
            ClusterStatus = c.Str("clusterStatus"),
            Scheduler = Scheduler(c.Map("scheduler")),
        };

        private static ClusterScheduler Scheduler(IDictionary<string, object> s) => s == null ? null : new ClusterScheduler
        {
            Type = s.Str("type"),
            MetadataName = s.Str("metadata.name"),
            MetadataVersion = s.Str("metadata.version"),
        };

        private static IList<ConfigValidationMessage> Messages(IDictionary<string, object> o, string key) =>
            o.Items(key).Select(m => new ConfigValidationMessage { Id = m.Str("id"), Type = m.Str("type"), Level = m.Str("level"), Message = m.Str("message") }).ToList();

        private static IList<ConfigChange> Changes(IEnumerable<IDictionary<string, object>> items) =>
            items.Select(c => new ConfigChange { Parameter = c.Str("parameter"), CurrentValue = c.Str("currentValue"), RequestedValue = c.Str("requestedValue") }).ToList();
    }
}
