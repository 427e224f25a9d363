using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Http;
using PcHpc.Aws.Session;
using PcHpc.Aws.Signing;
using PcHpc.Core.Activity;
using PcHpc.Core.Ports;
using PcHpc.Tests.Support.Prism;
using Xunit.Abstractions;

using PcHpc.Tests.Support;
using PcHpc.Tests.Aws.Services;

namespace PcHpc.Tests.Aws.OwnClient
{
    /// <summary>
    /// Every request our ParallelCluster client can produce (every operation, optional parameters set and unset),
    /// sent through the real signer and HTTP client to Prism serving the official spec with request validation.
    /// Two known differences between Prism's mock and the real API are handled on purpose:
    /// (1) dryrun: the real API answers 412 "Request would have succeeded" (which the adapter turns into a successful
    ///     dry-run result, see ParallelClusterEndToEndTests); Prism validates the request and answers the spec's 202
    ///     example, so here a dry run shows up as a plain 202 success;
    /// (2) ListClusterLogStreams without filters: the spec marks filters as a plain optional query array, but Prism's
    ///     validator rejects the request when it is absent; the real API accepts it. We assert that exact rejection
    ///     (422/400 naming "filters") and nothing else, so any other violation still fails.
    /// </summary>
    public class ParallelClusterContractTests : IClassFixture<PrismFixture>
    {
        private const string Config = "Region: us-east-1\nImage:\n  Os: alinux2023\nHeadNode:\n  InstanceType: t3.medium\n  Networking:\n    SubnetId: subnet-0123456789abcdef0\nScheduling:\n  Scheduler: slurm\n  SlurmQueues: []\n";
        private const string ImageConfig = "Build:\n  InstanceType: c6i.xlarge\n  ParentImage: ami-0123456789abcdef0\n";
        private readonly PrismFixture _prism;
        private readonly ITestOutputHelper _output;

        public ParallelClusterContractTests(PrismFixture prism, ITestOutputHelper output)
        {
            _prism = prism;
            _output = output;
        }

        // Prism's validator reads an absent array query parameter as [undefined] ("filters.0 must be string").
        /// <summary>Sees every answer the client gets (status and Prism's sl-violations header).</summary>
        private sealed class Recorder : DelegatingHandler
        {
            public List<(string Method, string PathAndQuery, int Status, string Violations)> Seen { get; } = new();

            public Recorder() : base(new HttpClientHandler()) { }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                lock (Seen) Seen.Add((request.Method.Method, request.RequestUri.PathAndQuery, (int)response.StatusCode, PrismFixture.Violations(response)));
                return response;
            }
        }

        private static IEnumerable<(string Name, Func<IParallelClusterApi, Task> Call)> Scenarios()
        {
            var ct = CancellationToken.None;
            yield return ("CreateCluster minimal", api => api.CreateClusterAsync(new CreateClusterRequest { ClusterName = "wire-contract", ClusterConfiguration = Config }, ct));
            yield return ("CreateCluster all options", api => api.CreateClusterAsync(new CreateClusterRequest
            {
                ClusterName = "wire-contract", Region = "eu-west-1", ClusterConfiguration = Config, DryRun = true,
                SuppressValidators = { "type:KeyPairValidator", "type:InstanceTypeValidator" }, ValidationFailureLevel = "WARNING", RollbackOnFailure = false,
            }, ct));
            yield return ("CreateCluster rollback on", api => api.CreateClusterAsync(new CreateClusterRequest { ClusterName = "wire-contract", ClusterConfiguration = Config, SuppressValidators = { "ALL" }, RollbackOnFailure = true, ValidationFailureLevel = "INFO" }, ct));
            yield return ("ListClusters", api => api.ListClustersAsync(null, null, ct));
            yield return ("ListClusters status filter", api => api.ListClustersAsync("us-west-2", new[] { "CREATE_COMPLETE", "UPDATE_FAILED" }, ct));
            yield return ("DescribeCluster", api => api.DescribeClusterAsync("wire-contract", null, ct));
            yield return ("DescribeCluster region", api => api.DescribeClusterAsync("wire-contract", "eu-west-1", ct));
            yield return ("UpdateCluster minimal", api => api.UpdateClusterAsync(new UpdateClusterRequest { ClusterName = "wire-contract", ClusterConfiguration = Config }, ct));
            yield return ("UpdateCluster all options", api => api.UpdateClusterAsync(new UpdateClusterRequest
            {
                ClusterName = "wire-contract", Region = "eu-west-1", ClusterConfiguration = Config, DryRun = true, ForceUpdate = true,
                SuppressValidators = { "ALL" }, ValidationFailureLevel = "ERROR",
            }, ct));
            yield return ("UpdateCluster forceUpdate false", api => api.UpdateClusterAsync(new UpdateClusterRequest { ClusterName = "wire-contract", ClusterConfiguration = Config, ForceUpdate = false }, ct));
            yield return ("DeleteCluster", api => api.DeleteClusterAsync("wire-contract", null, ct));
            yield return ("DescribeComputeFleet", api => api.DescribeComputeFleetAsync("wire-contract", null, ct));
            yield return ("UpdateComputeFleet stop", api => api.UpdateComputeFleetAsync("wire-contract", null, "STOP_REQUESTED", ct));
            yield return ("UpdateComputeFleet start", api => api.UpdateComputeFleetAsync("wire-contract", "eu-west-1", "START_REQUESTED", ct));
            yield return ("UpdateComputeFleet disable", api => api.UpdateComputeFleetAsync("wire-contract", null, "DISABLED", ct));
            yield return ("DescribeClusterInstances", api => api.DescribeClusterInstancesAsync("wire-contract", null, null, null, ct));
            yield return ("DescribeClusterInstances filtered", api => api.DescribeClusterInstancesAsync("wire-contract", "eu-west-1", "ComputeNode", "q1", ct));
            yield return ("DeleteClusterInstances", api => api.DeleteClusterInstancesAsync("wire-contract", null, false, ct));
            yield return ("DeleteClusterInstances force", api => api.DeleteClusterInstancesAsync("wire-contract", "eu-west-1", true, ct));
            yield return ("ListClusterLogStreams filters", api => api.ListClusterLogStreamsAsync("wire-contract", null, new[] { "Name=private-dns-name,Values=ip-10-0-0-101" }, ct));
            yield return ("ListClusterLogStreams two filters", api => api.ListClusterLogStreamsAsync("wire-contract", "eu-west-1", new[] { "Name=private-dns-name,Values=ip-10-0-0-101", "Name=node-type,Values=HeadNode" }, ct));
            yield return ("GetClusterLogEvents minimal", api => api.GetClusterLogEventsAsync(new GetClusterLogEventsRequest { ClusterName = "wire-contract", LogStreamName = "ip-10-0-0-10.i-0123456789abcdef0.slurmctld" }, ct));
            yield return ("GetClusterLogEvents all options", api => api.GetClusterLogEventsAsync(new GetClusterLogEventsRequest
            {
                ClusterName = "wire-contract", Region = "eu-west-1", LogStreamName = "ip-10-0-0-10.i-0123456789abcdef0.slurmctld", StartFromHead = true, Limit = 100,
                StartTime = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), EndTime = new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), NextToken = "f/123456",
            }, ct));
            yield return ("GetClusterLogEvents from tail", api => api.GetClusterLogEventsAsync(new GetClusterLogEventsRequest { ClusterName = "wire-contract", LogStreamName = "cfn-init", StartFromHead = false }, ct));
            yield return ("GetClusterStackEvents", api => api.GetClusterStackEventsAsync("wire-contract", null, ct));
            yield return ("ListOfficialImages", api => api.ListOfficialImagesAsync(null, null, null, ct));
            yield return ("ListOfficialImages filtered", api => api.ListOfficialImagesAsync("eu-west-1", "alinux2023", "arm64", ct));
            yield return ("BuildImage minimal", api => api.BuildImageAsync(new BuildImageRequest { ImageId = "wire-image", ImageConfiguration = ImageConfig }, ct));
            yield return ("BuildImage all options", api => api.BuildImageAsync(new BuildImageRequest
            {
                ImageId = "wire-image", Region = "eu-west-1", ImageConfiguration = ImageConfig, DryRun = true,
                SuppressValidators = { "type:AMIVolumeSizeValidator", "type:ComponentsValidator" }, ValidationFailureLevel = "WARNING", RollbackOnFailure = true,
            }, ct));
            yield return ("BuildImage no rollback", api => api.BuildImageAsync(new BuildImageRequest { ImageId = "wire-image", ImageConfiguration = ImageConfig, SuppressValidators = { "ALL" }, RollbackOnFailure = false, ValidationFailureLevel = "INFO" }, ct));
            yield return ("ListImages", api => api.ListImagesAsync(null, "AVAILABLE", null, ct));
            yield return ("ListImages failed next page", api => api.ListImagesAsync("eu-west-1", "FAILED", "token/2==", ct));
            yield return ("ListImages pending", api => api.ListImagesAsync(null, "PENDING", null, ct));
            yield return ("DescribeImage", api => api.DescribeImageAsync("wire-image", null, ct));
            yield return ("DescribeImage region", api => api.DescribeImageAsync("wire-image", "eu-west-1", ct));
            yield return ("DeleteImage", api => api.DeleteImageAsync("wire-image", null, false, ct));
            yield return ("DeleteImage force", api => api.DeleteImageAsync("wire-image", "eu-west-1", true, ct));
            yield return ("ListImageLogStreams", api => api.ListImageLogStreamsAsync("wire-image", null, ct));
            yield return ("GetImageLogEvents minimal", api => api.GetImageLogEventsAsync(new GetImageLogEventsRequest { ImageId = "wire-image", LogStreamName = "3.12.0/1" }, ct));
            yield return ("GetImageLogEvents all options", api => api.GetImageLogEventsAsync(new GetImageLogEventsRequest
            {
                ImageId = "wire-image", Region = "eu-west-1", LogStreamName = "3.12.0/1", StartFromHead = true, Limit = 50,
                StartTime = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), EndTime = new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), NextToken = "f/1",
            }, ct));
            yield return ("GetImageStackEvents", api => api.GetImageStackEventsAsync("wire-image", "eu-west-1", ct));
        }

        private IParallelClusterApi Api(Recorder recorder)
        {
            var http = new AwsHttpClient(recorder, new AwsHttpClientOptions { MaxAttempts = 1 });
            var session = new AwsSession(http, _ => Task.FromResult(new AwsCredentialsSnapshot(WireKit.AccessKey, WireKit.SecretKey, "contract-session-token")),
                "us-east-1", "parameter", "parameters", null, NullActivitySink.Instance);
            return session.ParallelClusterApi(_prism.BaseUri);
        }

        [PrismFact]
        public async Task EveryRequestOurClientProduces_MatchesTheOfficialSpec()
        {
            var recorder = new Recorder();
            var api = Api(recorder);
            var failures = new List<string>();
            var operations = new HashSet<string>();
            foreach (var (name, call) in Scenarios())
            {
                var before = recorder.Seen.Count;
                try
                {
                    await call(api);
                }
                catch (Exception ex)
                {
                    failures.Add(name + ": " + ex.GetType().Name + ": " + ex.Message);
                }
                var seen = recorder.Seen.Skip(before).ToList();
                if (seen.Count == 0) failures.Add(name + ": sent nothing");
                foreach (var s in seen)
                {
                    _output.WriteLine($"{name}: {s.Method} {s.PathAndQuery} -> {s.Status}{(s.Violations == null ? "" : " " + s.Violations)}");
                    if (s.Violations != null) failures.Add($"{name}: {s.Method} {s.PathAndQuery}: {s.Violations}");
                    if (s.Status < 200 || s.Status >= 300) failures.Add($"{name}: {s.Method} {s.PathAndQuery}: HTTP {s.Status}");
                }
                operations.Add(name.Split(' ')[0]);
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            // Every operation of the port was exercised (ListClusterLogStreams without filters: see the next test).
            Assert.Equal(typeof(IParallelClusterApi).GetMethods().Select(m => m.Name.Replace("Async", "")).OrderBy(x => x), operations.OrderBy(x => x));
            Assert.Contains(recorder.Seen, s => s.PathAndQuery.Contains("dryrun=true"));
            Assert.Contains(recorder.Seen, s => s.PathAndQuery.Contains("suppressValidators=type%3AKeyPairValidator&suppressValidators=type%3AInstanceTypeValidator")
                || s.PathAndQuery.Contains("suppressValidators=type:KeyPairValidator&suppressValidators=type:InstanceTypeValidator"));
        }

        [PrismFact]
        public async Task ListClusterLogStreamsWithoutFilters_IsThePrismQuirkWeKnowAbout()
        {
            var recorder = new Recorder();
            var api = Api(recorder);
            var ex = await Assert.ThrowsAsync<ParallelClusterApiException>(() => api.ListClusterLogStreamsAsync("wire-contract", null, null, CancellationToken.None));
            var seen = recorder.Seen.Single();
            _output.WriteLine($"{seen.Method} {seen.PathAndQuery} -> {seen.Status} {seen.Violations}");
            Assert.Contains(seen.Status, new[] { 400, 422 });
            Assert.Contains("filters", seen.Violations ?? ex.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("filters=", seen.PathAndQuery);
        }
    }
}
