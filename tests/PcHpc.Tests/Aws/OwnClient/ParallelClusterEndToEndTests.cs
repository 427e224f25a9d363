using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Http;
using PcHpc.Aws.Session;
using PcHpc.Aws.Signing;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using PcHpc.FakeAws;
using PcHpc.Tests.Support.FakeAws;
using PcHpc.Tests.Aws.OwnClient.Http;

using PcHpc.Tests.Support;
using PcHpc.Tests.Aws.Services;

using RecordingSink = PcHpc.Tests.Support.RecordingSink;

namespace PcHpc.Tests.Aws.OwnClient
{
    /// <summary>Every operation of the ParallelCluster API port through our REST-JSON adapter, signer and client against the loopback fake.</summary>
    public class ParallelClusterEndToEndTests : IAsyncLifetime
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private static readonly string Config = ParallelClusterFakeTests.Config;
        private FakeAwsServer _server;
        private RecordingSink _sink;
        private IAwsSession _session;
        private IParallelClusterApi _api;

        public async Task InitializeAsync()
        {
            _server = await FakeAwsServer.StartAsync();
            _sink = new RecordingSink();
            _session = WireKit.Session(_server, activity: _sink);
            _api = _session.ParallelClusterApi(_server.ParallelClusterInvokeUrl);
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _server.DisposeAsync();
        }

        private Task<DescribeClusterResult> WaitFor(string name, string status) =>
            WireKit.PollAsync(() => _api.DescribeClusterAsync(name, null, None), d => d.ClusterStatus == status);

        [Fact]
        public async Task Create_DryRun412IsSuccess_ThenCreateDescribeListAndBothStackStatusSpellings()
        {
            _server.ParallelCluster.ValidationMessages = new() { new FakeValidationMessage("KeyPairValidator", "KeyPairValidator", "WARNING", "No key pair is configured.") };
            var dry = await _api.CreateClusterAsync(new CreateClusterRequest { ClusterName = "wire1", ClusterConfiguration = Config, DryRun = true }, None);
            Assert.True(dry.DryRunSucceeded);
            Assert.Null(dry.Cluster);
            Assert.Equal("No key pair is configured.", dry.ValidationMessages.Single().Message);
            Assert.Empty(_server.ParallelCluster.Clusters);
            Assert.Contains(_sink.VerboseLines, l => l.Contains("dry run") && l.Contains("would have succeeded"));

            var created = await _api.CreateClusterAsync(new CreateClusterRequest
            {
                ClusterName = "wire1",
                ClusterConfiguration = Config,
                SuppressValidators = { "type:KeyPairValidator" },
                ValidationFailureLevel = "WARNING",
                RollbackOnFailure = false,
            }, None);
            Assert.False(created.DryRunSucceeded);
            Assert.Equal("wire1", created.Cluster.ClusterName);
            Assert.Equal("CREATE_IN_PROGRESS", created.Cluster.ClusterStatus);
            Assert.Equal("CREATE_IN_PROGRESS", created.Cluster.CloudFormationStackStatus); // spelled cloudformationStackStatus in ClusterInfoSummary
            Assert.StartsWith("arn:aws:cloudformation:us-east-1:123456789012:stack/wire1/", created.Cluster.CloudFormationStackArn);
            Assert.Equal("slurm", created.Cluster.Scheduler.Type);
            Assert.Equal("KeyPairValidator", created.ValidationMessages.Single().Id);
            Assert.False(_server.ParallelCluster.Find("wire1").RollbackOnFailure);

            var described = await WaitFor("wire1", "CREATE_COMPLETE");
            Assert.Equal("CREATE_COMPLETE", described.CloudFormationStackStatus); // spelled cloudFormationStackStatus in DescribeCluster
            Assert.Equal(created.Cluster.CloudFormationStackArn, described.CloudFormationStackArn);
            Assert.Equal("3.12.0", described.Version);
            Assert.Equal("us-east-1", described.Region);
            Assert.Equal("RUNNING", described.ComputeFleetStatus);
            Assert.Equal("c5.xlarge", described.HeadNode.InstanceType);
            Assert.StartsWith("i-", described.HeadNode.InstanceId);
            Assert.Equal("running", described.HeadNode.State);
            Assert.Contains(described.Tags, t => t.Key == "team" && t.Value == "cfd");
            Assert.NotNull(described.CreationTime);
            Assert.False(string.IsNullOrEmpty(described.ClusterConfigurationUrl));

            var listed = await _api.ListClustersAsync(null, null, None);
            var summary = listed.Single();
            Assert.Equal("CREATE_COMPLETE", summary.CloudFormationStackStatus);
            Assert.Equal("CREATE_COMPLETE", summary.ClusterStatus);

            var conflict = await Assert.ThrowsAsync<ParallelClusterApiException>(() => _api.CreateClusterAsync(new CreateClusterRequest { ClusterName = "wire1", ClusterConfiguration = Config }, None));
            Assert.Equal(409, conflict.StatusCode);
            Assert.Equal(ErrorKind.AlreadyExists, conflict.Kind);
            Assert.Equal("ConflictException", conflict.ErrorType);
            Assert.Contains("Cluster 'wire1' already exists", conflict.Message);
            Assert.False(string.IsNullOrEmpty(conflict.RequestId));

            var all = _server.Calls.All.Where(c => c.Service == "execute-api").ToList();
            Assert.All(all, c => Assert.Equal(WireKit.AccessKey, c.AccessKey));
            Assert.Null(_server.LastSignatureFailure);
        }

        [Fact]
        public async Task ValidationErrors400_BecomeATypedExceptionListingEachMessage()
        {
            _server.ParallelCluster.ConfigurationValidationErrors = new()
            {
                new FakeValidationMessage("InstanceTypeValidator", "InstanceTypeValidator", "ERROR", "The instance type 'c9.huge' is not supported."),
                new FakeValidationMessage("SubnetsValidator", "SubnetsValidator", "ERROR", "The subnet 'subnet-0123' does not exist."),
            };
            var ex = await Assert.ThrowsAsync<ParallelClusterApiException>(() => _api.CreateClusterAsync(new CreateClusterRequest { ClusterName = "bad", ClusterConfiguration = Config }, None));
            Assert.Equal(400, ex.StatusCode);
            Assert.Equal(ErrorKind.Validation, ex.Kind);
            Assert.Equal("ParallelCluster.ConfigurationValidationFailed", ex.ErrorId);
            Assert.Equal(new[] { "InstanceTypeValidator", "SubnetsValidator" }, ex.ConfigurationValidationErrors.Select(m => m.Id));
            Assert.All(ex.ConfigurationValidationErrors, m => Assert.Equal("ERROR", m.Level));
            Assert.Contains("The instance type 'c9.huge' is not supported", ex.Message);
            Assert.Contains("The subnet 'subnet-0123' does not exist", ex.Message);
            Assert.Contains("Invalid cluster configuration", ex.Message);
            Assert.Contains("Fix the configuration", ex.Message);
            Assert.Equal(1, _server.Calls.Count("CreateCluster")); // a 400 is not retried
        }

        [Fact]
        public async Task Update_DryRunChangeSet_UpdateValidationErrors_Update_AndNotFoundAfterDelete()
        {
            await _api.CreateClusterAsync(new CreateClusterRequest { ClusterName = "upd", ClusterConfiguration = Config }, None);
            await WaitFor("upd", "CREATE_COMPLETE");
            var newConfig = Config.Replace("MaxCount: 4", "MaxCount: 8");

            var dry = await _api.UpdateClusterAsync(new UpdateClusterRequest { ClusterName = "upd", ClusterConfiguration = newConfig, DryRun = true }, None);
            Assert.True(dry.DryRunSucceeded);
            Assert.Null(dry.Cluster);
            var change = dry.ChangeSet.Single();
            Assert.Equal("Scheduling.SlurmQueues[q1].ComputeResources[cr1].MaxCount", change.Parameter);
            Assert.Equal(("4", "8"), (change.CurrentValue, change.RequestedValue));

            _server.ParallelCluster.UpdateRequiresStoppedFleet = true;
            var refused = await Assert.ThrowsAsync<ParallelClusterApiException>(() => _api.UpdateClusterAsync(new UpdateClusterRequest { ClusterName = "upd", ClusterConfiguration = newConfig }, None));
            Assert.Equal(400, refused.StatusCode);
            Assert.Equal("ParallelCluster.UpdateValidationFailed", refused.ErrorId);
            var why = refused.UpdateValidationErrors.Single();
            Assert.Equal(("4", "8"), (why.CurrentValue, why.RequestedValue));
            Assert.Contains("All compute nodes must be stopped", refused.Message);
            Assert.Contains("MaxCount", refused.Message);
            Assert.Single(refused.ChangeSet);

            var updated = await _api.UpdateClusterAsync(new UpdateClusterRequest
            {
                ClusterName = "upd", ClusterConfiguration = newConfig, ForceUpdate = true, SuppressValidators = { "ALL" }, ValidationFailureLevel = "ERROR",
            }, None);
            Assert.Equal("UPDATE_IN_PROGRESS", updated.Cluster.ClusterStatus);
            Assert.Single(updated.ChangeSet);
            await WaitFor("upd", "UPDATE_COMPLETE");

            var deleting = await _api.DeleteClusterAsync("upd", null, None);
            Assert.Equal("DELETE_IN_PROGRESS", deleting.ClusterStatus);
            ParallelClusterApiException gone = null;
            for (int i = 0; i < 10 && gone == null; i++)
            {
                try { await _api.DescribeClusterAsync("upd", null, None); }
                catch (ParallelClusterApiException ex) { gone = ex; }
            }
            Assert.NotNull(gone);
            Assert.Equal(404, gone.StatusCode);
            Assert.Equal(ErrorKind.NotFound, gone.Kind);
            Assert.Equal("upd", gone.Target);
            Assert.Contains("Cluster 'upd' was not found in us-east-1", gone.Message);
            Assert.Contains("Get-HpcCluster", gone.Message);
        }

        [Fact]
        public async Task FleetInstancesLogsStackEventsImagesAndListPaging()
        {
            _server.ParallelCluster.PageSize = 2;
            for (int i = 0; i < 5; i++) await _api.CreateClusterAsync(new CreateClusterRequest { ClusterName = "page" + i, ClusterConfiguration = Config }, None);
            await WaitFor("page0", "CREATE_COMPLETE");
            _server.Calls.Clear();
            var listed = await _api.ListClustersAsync("us-east-1", null, None);
            Assert.Equal(new[] { "page0", "page1", "page2", "page3", "page4" }, listed.Select(c => c.ClusterName).OrderBy(x => x));
            Assert.Equal(3, _server.Calls.Count("ListClusters"));
            var inProgress = await _api.ListClustersAsync(null, new[] { "CREATE_IN_PROGRESS", "CREATE_COMPLETE" }, None);
            Assert.Equal(5, inProgress.Count);
            var failed = await _api.ListClustersAsync(null, new[] { "CREATE_FAILED" }, None);
            Assert.Empty(failed);
            Assert.Empty(await _api.ListClustersAsync("eu-west-1", null, None));

            var fleet = await _api.DescribeComputeFleetAsync("page0", null, None);
            Assert.Equal("RUNNING", fleet.Status);
            Assert.NotNull(fleet.LastStatusUpdatedTime);
            var stopping = await _api.UpdateComputeFleetAsync("page0", null, "STOP_REQUESTED", None);
            Assert.Equal("STOP_REQUESTED", stopping.Status);
            await WireKit.PollAsync(() => _api.DescribeComputeFleetAsync("page0", null, None), f => f.Status == "STOPPED");
            await _api.UpdateComputeFleetAsync("page0", null, "START_REQUESTED", None);
            await WireKit.PollAsync(() => _api.DescribeComputeFleetAsync("page0", null, None), f => f.Status == "RUNNING");

            for (int i = 0; i < 3; i++) _server.ParallelCluster.AddComputeNode("page0", "q1");
            _server.ParallelCluster.AddComputeNode("page0", "q2", "c5n.18xlarge");
            var instances = await _api.DescribeClusterInstancesAsync("page0", null, null, null, None);
            Assert.Equal(5, instances.Count); // head node + 4 compute nodes, over 3 pages of 2
            Assert.Single(instances, i => i.NodeType == "HeadNode");
            var q1 = await _api.DescribeClusterInstancesAsync("page0", null, "ComputeNode", "q1", None);
            Assert.Equal(3, q1.Count);
            Assert.All(q1, i => Assert.Equal(("ComputeNode", "q1", "c5.xlarge"), (i.NodeType, i.QueueName, i.InstanceType)));
            await _api.DeleteClusterInstancesAsync("page0", null, true, None);
            Assert.Single(await _api.DescribeClusterInstancesAsync("page0", null, null, null, None));

            var streams = await _api.ListClusterLogStreamsAsync("page0", null, null, None);
            Assert.Equal(4, streams.Count); // cfn-init, chef-client, clustermgtd, slurmctld over 2 pages
            Assert.All(streams, s => Assert.NotNull(s.LastEventTimestamp));
            var head = await _api.ListClusterLogStreamsAsync("page0", null, new[] { "Name=node-type,Values=HeadNode" }, None);
            Assert.Equal(4, head.Count);
            var slurmctld = streams.Single(s => s.LogStreamName.EndsWith(".slurmctld")).LogStreamName;
            _server.ParallelCluster.AddLogEvents("page0", slurmctld, "job 1 allocated", "job 1 done");
            var page = await _api.GetClusterLogEventsAsync(new GetClusterLogEventsRequest { ClusterName = "page0", LogStreamName = slurmctld, StartFromHead = true, Limit = 3 }, None);
            Assert.Equal(3, page.Events.Count);
            Assert.Equal("slurmctld starting", page.Events[0].Message);
            Assert.False(string.IsNullOrEmpty(page.NextToken));
            var next = await _api.GetClusterLogEventsAsync(new GetClusterLogEventsRequest { ClusterName = "page0", LogStreamName = slurmctld, StartFromHead = true, NextToken = page.NextToken }, None);
            Assert.Equal("job 1 done", next.Events.Last().Message);
            var window = await _api.GetClusterLogEventsAsync(new GetClusterLogEventsRequest
            {
                ClusterName = "page0", LogStreamName = slurmctld, StartTime = page.Events[0].Timestamp.AddMinutes(-5), EndTime = DateTime.UtcNow.AddMinutes(5),
            }, None);
            Assert.Equal(4, window.Events.Count);

            var events = await _api.GetClusterStackEventsAsync("page0", null, None);
            Assert.True(events.Count >= 3);
            Assert.Equal("CREATE_COMPLETE", events.First().ResourceStatus);
            Assert.Contains(events, e => e.ResourceStatusReason == "User Initiated");

            var images = await _api.ListOfficialImagesAsync(null, "alinux2023", "arm64", None);
            Assert.NotEmpty(images);
            Assert.All(images, i => Assert.Equal(("alinux2023", "arm64"), (i.Os, i.Architecture)));
            Assert.All(images, i => Assert.StartsWith("ami-", i.AmiId));
            Assert.True((await _api.ListOfficialImagesAsync(null, null, null, None)).Count > images.Count);
        }

        [Fact]
        public async Task Create504ButStarted_IsSuccess_WithAVerboseLine_AndTheCreateIsNotResent()
        {
            _server.ParallelCluster.TimeoutAfterCreate = true;
            var result = await _api.CreateClusterAsync(new CreateClusterRequest { ClusterName = "slow", ClusterConfiguration = Config }, None);
            Assert.Equal("slow", result.Cluster.ClusterName);
            Assert.StartsWith("CREATE_", result.Cluster.ClusterStatus);
            Assert.Equal(1, _server.Calls.Count("CreateCluster"));
            Assert.Equal(1, _server.Calls.Count("DescribeCluster"));
            Assert.Contains(_sink.VerboseLines, l => l.Contains("answered 504") && l.Contains("the create started"));
        }

        [Fact]
        public async Task Create504AndNotStarted_IsAClearTimeoutError()
        {
            var handler = new ScriptedHandler()
                .ThenRespond(HttpStatusCode.GatewayTimeout, "{\"message\": \"Endpoint request timed out\"}", "application/json", ("x-amzn-RequestId", "req-504"), ("x-amzn-ErrorType", "InternalServiceException"))
                .ThenRespond(HttpStatusCode.NotFound, "{\"message\": \"Cluster 'ghost' does not exist.\"}", "application/json", ("x-amzn-ErrorType", "NotFoundException"));
            using var http = new AwsHttpClient(handler, new AwsHttpClientOptions { Delay = (d, ct) => Task.CompletedTask });
            var session = new AwsSession(http, ct => Task.FromResult(new AwsCredentialsSnapshot(WireKit.AccessKey, WireKit.SecretKey)), "us-east-1", "parameter", "parameters", null, _sink);
            var api = session.ParallelClusterApi(new Uri("https://abc123.execute-api.eu-west-1.amazonaws.com/prod"));
            var ex = await Assert.ThrowsAsync<ParallelClusterApiException>(() => api.CreateClusterAsync(new CreateClusterRequest { ClusterName = "ghost", ClusterConfiguration = Config }, None));
            Assert.Equal(ErrorKind.Timeout, ex.Kind);
            Assert.Equal(504, ex.StatusCode);
            Assert.Contains("timed out", ex.Message);
            Assert.Contains("was not created", ex.Message);
            Assert.Contains("req-504", ex.Message);
            Assert.Equal(new[] { "POST", "GET" }, handler.Requests.Select(r => r.Method));
            Assert.Equal("/prod/v3/clusters/ghost", handler.Requests[1].Url.AbsolutePath);
            // signed for execute-api in the API's own region (from the invoke URL), called for the session region
            Assert.Contains("/eu-west-1/execute-api/aws4_request", handler.Requests[0].Header("Authorization"));
            Assert.Contains("region=us-east-1", handler.Requests[0].Url.Query);
        }

        [Fact]
        public async Task Throttling429_IsRetried_ThenSucceeds()
        {
            _server.Knobs.Seed(11);
            _server.Knobs.ThrottleRate = 0.5;
            _server.Knobs.FaultActions = new HashSet<string> { "ListClusters" };
            using var session = WireKit.Session(_server, WireKit.InstantClient(maxAttempts: 10, retryQuota: false), _sink);
            var api = session.ParallelClusterApi(_server.ParallelClusterInvokeUrl);
            for (int i = 0; i < 10; i++) Assert.Empty(await api.ListClustersAsync(null, null, None));
            Assert.True(_server.Calls.Count("ListClusters") > 10, "some calls were throttled and retried");
            Assert.Contains(_sink.VerboseLines, l => l.Contains("429 TooManyRequestsException") && l.Contains("retrying"));
        }
    }
}
