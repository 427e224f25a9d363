using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using PcHpc.FakeAws;

namespace PcHpc.Tests.Support.FakeAws
{
    public class ParallelClusterFakeTests : IAsyncLifetime
    {
        private FakeAwsServer _server;
        private FakeAwsClient _client;

        internal const string Config = "Region: us-east-1\nImage:\n  Os: alinux2023\nHeadNode:\n  InstanceType: c5.xlarge\n  Networking:\n    SubnetId: subnet-0123\nScheduling:\n  Scheduler: slurm\n  SlurmQueues:\n    - Name: q1\n      ComputeResources:\n        - Name: cr1\n          InstanceType: c5n.18xlarge\n          MinCount: 0\n          MaxCount: 4\n      Networking:\n        SubnetIds: [subnet-0123]\nTags:\n  - Key: team\n    Value: cfd\n";

        public async Task InitializeAsync()
        {
            _server = await FakeAwsServer.StartAsync();
            _client = new FakeAwsClient(_server);
        }

        public async Task DisposeAsync()
        {
            _client.Dispose();
            await _server.DisposeAsync();
        }

        private Task<FakeAwsClient.Reply> Create(string name, string query = "", string config = Config) =>
            _client.PcAsync(HttpMethod.Post, "/v3/clusters?region=us-east-1" + query, new { clusterName = name, clusterConfiguration = config });

        private Task<FakeAwsClient.Reply> Describe(string name) => _client.PcAsync(HttpMethod.Get, $"/v3/clusters/{name}?region=us-east-1");

        private async Task CreateComplete(string name)
        {
            Assert.Equal(202, (await Create(name)).Status);
            for (int i = 0; i < 5 && (await Describe(name)).Json["clusterStatus"].ToString() != "CREATE_COMPLETE"; i++) { }
        }

        [Fact]
        public async Task Create_AcceptsThenCompletes_WithHeadNodeFleetAndTags()
        {
            var created = await Create("c1");
            Assert.Equal(202, created.Status);
            var cluster = created.Json["cluster"];
            Assert.Equal("CREATE_IN_PROGRESS", cluster["clusterStatus"].ToString());
            Assert.Equal("CREATE_IN_PROGRESS", cluster["cloudformationStackStatus"].ToString());
            Assert.Equal("3.12.0", cluster["version"].ToString());
            Assert.Equal("slurm", cluster["scheduler"]["type"].ToString());

            var d1 = (await Describe("c1")).Json;
            Assert.Equal("CREATE_IN_PROGRESS", d1["clusterStatus"].ToString());
            Assert.Null(d1["headNode"]);
            var d2 = (await Describe("c1")).Json;
            Assert.Equal("CREATE_COMPLETE", d2["clusterStatus"].ToString());
            Assert.Equal("CREATE_COMPLETE", d2["cloudFormationStackStatus"].ToString());
            Assert.Equal("RUNNING", d2["computeFleetStatus"].ToString());
            Assert.Equal("c5.xlarge", d2["headNode"]["instanceType"].ToString());
            Assert.StartsWith("i-", d2["headNode"]["instanceId"].ToString());
            Assert.StartsWith("10.0.", d2["headNode"]["privateIpAddress"].ToString());
            Assert.NotNull(d2["headNode"]["publicIpAddress"]);
            Assert.Contains(d2["tags"].AsArray(), t => t["key"].ToString() == "team" && t["value"].ToString() == "cfd");
            Assert.StartsWith("https://", d2["clusterConfiguration"]["url"].ToString());
            // the head node is an SSM managed instance, so jobs can run on it
            var send = await _client.SsmAsync("SendCommand", new
            {
                InstanceIds = new[] { d2["headNode"]["instanceId"].ToString() },
                DocumentName = "AWS-RunShellScript",
                Parameters = new { commands = new[] { "true" } },
            });
            Assert.Equal(200, send.Status);
        }

        [Theory]
        [InlineData("1bad", "Bad Request: '1bad' does not match '^[a-zA-Z][a-zA-Z0-9-]+$'")]
        [InlineData("has_underscore", "Bad Request: 'has_underscore' does not match '^[a-zA-Z][a-zA-Z0-9-]+$'")]
        public async Task Create_ValidatesTheName(string name, string message)
        {
            var r = await Create(name);
            Assert.Equal(400, r.Status);
            Assert.Equal("BadRequestException", r.Message.Headers.GetValues("x-amzn-ErrorType").Single());
            Assert.Equal(message, r.Json["message"].ToString());
        }

        [Fact]
        public async Task Create_RequiresConfiguration_DryRun412_Conflict409()
        {
            var missing = await _client.PcAsync(HttpMethod.Post, "/v3/clusters?region=us-east-1", new { clusterName = "c2" });
            Assert.Equal(400, missing.Status);
            Assert.Contains("clusterConfiguration", missing.Json["message"].ToString());

            var dry = await Create("c2", "&dryrun=true");
            Assert.Equal(412, dry.Status);
            Assert.Equal("Request would have succeeded, but DryRun flag is set.", dry.Json["message"].ToString());
            Assert.Equal(404, (await Describe("c2")).Status);

            Assert.Equal(202, (await Create("c2")).Status);
            var again = await Create("c2");
            Assert.Equal(409, again.Status);
            Assert.Equal("ConflictException", again.Message.Headers.GetValues("x-amzn-ErrorType").Single());
        }

        [Fact]
        public async Task ValidationErrorsKnob_Answers400WithConfigurationValidationErrors()
        {
            _server.ParallelCluster.ConfigurationValidationErrors.Add(new FakeValidationMessage("v1", "InstanceTypeValidator", "ERROR", "The instance type 'x' is not supported."));
            var r = await Create("c3");
            Assert.Equal(400, r.Status);
            Assert.Equal("Invalid cluster configuration.", r.Json["message"].ToString());
            var error = r.Json["configurationValidationErrors"].AsArray().Single();
            Assert.Equal(("v1", "InstanceTypeValidator", "ERROR", "The instance type 'x' is not supported."),
                (error["id"].ToString(), error["type"].ToString(), error["level"].ToString(), error["message"].ToString()));
        }

        [Fact]
        public async Task TimeoutKnob_Answers504_ButTheClusterExists()
        {
            _server.ParallelCluster.TimeoutAfterCreate = true;
            var r = await Create("c4");
            Assert.Equal(504, r.Status);
            Assert.Equal("Endpoint request timed out", r.Json["message"].ToString());
            Assert.Equal(200, (await Describe("c4")).Status);
        }

        [Fact]
        public async Task FailedCreate_ReportsFailuresAndStackEvents()
        {
            _server.ParallelCluster.FailCreate("c5", "HeadNodeBootstrapFailure", "Cluster creation timed out. Please check the head node logs.");
            await Create("c5");
            await Describe("c5");
            var d = (await Describe("c5")).Json;
            Assert.Equal("CREATE_FAILED", d["clusterStatus"].ToString());
            Assert.Equal("ROLLBACK_COMPLETE", d["cloudFormationStackStatus"].ToString());
            var f = d["failures"].AsArray().Single();
            Assert.Equal("HeadNodeBootstrapFailure", f["failureCode"].ToString());
            Assert.Equal("Cluster creation timed out. Please check the head node logs.", f["failureReason"].ToString());
            var events = (await _client.PcAsync(HttpMethod.Get, "/v3/clusters/c5/stackevents?region=us-east-1")).Json["events"].AsArray();
            Assert.Contains(events, e => e["logicalResourceId"].ToString() == "HeadNode" && e["resourceStatus"].ToString() == "CREATE_FAILED"
                                         && e["resourceStatusReason"].ToString() == "Cluster creation timed out. Please check the head node logs.");
            Assert.Equal("ROLLBACK_COMPLETE", events[0]["resourceStatus"].ToString());
        }

        [Fact]
        public async Task List_PagesWithNextToken_AndFiltersByStatus()
        {
            _server.ParallelCluster.PageSize = 2;
            foreach (var n in new[] { "a1", "a2", "a3", "a4", "a5" }) await Create(n);
            var names = new List<string>();
            string token = null;
            int pages = 0;
            do
            {
                var r = await _client.PcAsync(HttpMethod.Get, "/v3/clusters?region=us-east-1" + (token == null ? "" : "&nextToken=" + Uri.EscapeDataString(token)));
                names.AddRange(r.Json["clusters"].AsArray().Select(c => c["clusterName"].ToString()));
                token = r.Json["nextToken"]?.ToString();
                pages++;
            } while (token != null);
            Assert.Equal(new[] { "a1", "a2", "a3", "a4", "a5" }, names);
            Assert.Equal(3, pages);
            await Create("a6");
            var complete = await _client.PcAsync(HttpMethod.Get, "/v3/clusters?region=us-east-1&clusterStatus=CREATE_COMPLETE&clusterStatus=DELETE_FAILED");
            Assert.Equal(new[] { "a1", "a2" }, complete.Json["clusters"].AsArray().Select(c => c["clusterName"].ToString()));
            Assert.Equal("2", complete.Json["nextToken"]?.ToString() ?? "");
            Assert.All(complete.Json["clusters"].AsArray(), c => Assert.Equal("CREATE_COMPLETE", c["clusterStatus"].ToString()));
            var otherRegion = await _client.PcAsync(HttpMethod.Get, "/v3/clusters?region=eu-west-1");
            Assert.Empty(otherRegion.Json["clusters"].AsArray());
        }

        [Fact]
        public async Task Update_ReturnsChangeSet_AndNeedsStoppedFleetUnlessForced()
        {
            await CreateComplete("u1");
            var newConfig = Config.Replace("MaxCount: 4", "MaxCount: 8");
            var dry = await _client.PcAsync(HttpMethod.Put, "/v3/clusters/u1?region=us-east-1&dryrun=true", new { clusterConfiguration = newConfig });
            Assert.Equal(412, dry.Status);
            var change = dry.Json["changeSet"].AsArray().Single();
            Assert.Equal("Scheduling.SlurmQueues[q1].ComputeResources[cr1].MaxCount", change["parameter"].ToString());
            Assert.Equal(("4", "8"), (change["currentValue"].ToString(), change["requestedValue"].ToString()));

            _server.ParallelCluster.UpdateRequiresStoppedFleet = true;
            var refused = await _client.PcAsync(HttpMethod.Put, "/v3/clusters/u1?region=us-east-1", new { clusterConfiguration = newConfig });
            Assert.Equal(400, refused.Status);
            Assert.Contains("compute fleet", refused.Json["updateValidationErrors"][0]["message"].ToString());

            var forced = await _client.PcAsync(HttpMethod.Put, "/v3/clusters/u1?region=us-east-1&forceUpdate=true", new { clusterConfiguration = newConfig });
            Assert.Equal(202, forced.Status);
            Assert.Equal("UPDATE_IN_PROGRESS", forced.Json["cluster"]["clusterStatus"].ToString());
            Assert.Single(forced.Json["changeSet"].AsArray());
            await Describe("u1");
            Assert.Equal("UPDATE_COMPLETE", (await Describe("u1")).Json["clusterStatus"].ToString());
            Assert.Contains("MaxCount: 8", _server.ParallelCluster.Find("u1").Configuration);

            var none = await _client.PcAsync(HttpMethod.Put, "/v3/clusters/u1?region=us-east-1", new { clusterConfiguration = newConfig });
            Assert.Equal(400, none.Status);
        }

        [Fact]
        public async Task ComputeFleet_StopAndStart()
        {
            await CreateComplete("f1");
            _server.ParallelCluster.AddComputeNode("f1", "q1");
            var stop = await _client.PcAsync(HttpMethod.Patch, "/v3/clusters/f1/computefleet?region=us-east-1", new { status = "STOP_REQUESTED" });
            Assert.Equal(204, stop.Status);
            var fleet = $"/v3/clusters/f1/computefleet?region=us-east-1";
            Assert.Equal("STOP_REQUESTED", (await _client.PcAsync(HttpMethod.Get, fleet)).Json["status"].ToString());
            Assert.Equal("STOPPED", (await _client.PcAsync(HttpMethod.Get, fleet)).Json["status"].ToString());
            var instances = await _client.PcAsync(HttpMethod.Get, "/v3/clusters/f1/instances?region=us-east-1");
            Assert.Equal("HeadNode", instances.Json["instances"].AsArray().Single()["nodeType"].ToString());
            await _client.PcAsync(HttpMethod.Patch, fleet, new { status = "START_REQUESTED" });
            await _client.PcAsync(HttpMethod.Get, fleet);
            Assert.Equal("RUNNING", (await _client.PcAsync(HttpMethod.Get, fleet)).Json["status"].ToString());
            var bad = await _client.PcAsync(HttpMethod.Patch, fleet, new { status = "ENABLED" });
            Assert.Equal(400, bad.Status);
        }

        [Fact]
        public async Task Instances_FilterByNodeTypeAndQueue_AndDelete()
        {
            await CreateComplete("i1");
            _server.ParallelCluster.AddComputeNode("i1", "q1");
            _server.ParallelCluster.AddComputeNode("i1", "q2");
            var q2 = await _client.PcAsync(HttpMethod.Get, "/v3/clusters/i1/instances?region=us-east-1&nodeType=ComputeNode&queueName=q2");
            Assert.Equal("q2", q2.Json["instances"].AsArray().Single()["queueName"].ToString());
            var del = await _client.PcAsync(HttpMethod.Delete, "/v3/clusters/i1/instances?region=us-east-1&force=true");
            Assert.Equal(202, del.Status);
            var left = await _client.PcAsync(HttpMethod.Get, "/v3/clusters/i1/instances?region=us-east-1&nodeType=ComputeNode");
            Assert.Empty(left.Json["instances"].AsArray());
        }

        [Fact]
        public async Task Delete_GoesAway_AndDeleteFailedCanBeRetried()
        {
            await CreateComplete("d1");
            _server.ParallelCluster.FailDelete("d1");
            var del = await _client.PcAsync(HttpMethod.Delete, "/v3/clusters/d1?region=us-east-1");
            Assert.Equal(202, del.Status);
            Assert.Equal("DELETE_IN_PROGRESS", del.Json["cluster"]["clusterStatus"].ToString());
            await Describe("d1");
            Assert.Equal("DELETE_FAILED", (await Describe("d1")).Json["clusterStatus"].ToString());
            _server.ParallelCluster.ClearDeleteFailure("d1");
            Assert.Equal(202, (await _client.PcAsync(HttpMethod.Delete, "/v3/clusters/d1?region=us-east-1")).Status);
            await Describe("d1");
            var gone = await Describe("d1");
            Assert.Equal(404, gone.Status);
            Assert.Equal("NotFoundException", gone.Message.Headers.GetValues("x-amzn-ErrorType").Single());
            Assert.Equal("Cluster 'd1' does not exist or belongs to an incompatible ParallelCluster major version.", gone.Json["message"].ToString());
        }

        [Fact]
        public async Task VersionMismatch_MakesDescribeAndUpdateFail()
        {
            await CreateComplete("v1");
            _server.ParallelCluster.SetClusterVersion("v1", "3.11.1");
            Assert.Equal(200, (await Describe("v1")).Status);
            var upd = await _client.PcAsync(HttpMethod.Put, "/v3/clusters/v1?region=us-east-1", new { clusterConfiguration = Config.Replace("4", "5") });
            Assert.Equal(400, upd.Status);
            Assert.Contains("incompatible ParallelCluster version", upd.Json["message"].ToString());
            _server.ParallelCluster.SetClusterVersion("v1", "2.11.9");
            Assert.Equal(404, (await Describe("v1")).Status);
        }

        [Fact]
        public async Task LogStreams_FilterAndEventsPaging()
        {
            await CreateComplete("l1");
            var all = await _client.PcAsync(HttpMethod.Get, "/v3/clusters/l1/logstreams?region=us-east-1");
            var streams = all.Json["logStreams"].AsArray().Select(s => s["logStreamName"].ToString()).ToList();
            Assert.Equal(4, streams.Count);
            var host = streams[0].Split('.')[0];
            var filtered = await _client.PcAsync(HttpMethod.Get, $"/v3/clusters/l1/logstreams?region=us-east-1&filters={Uri.EscapeDataString($"Name=private-dns-name,Values={host} Name=node-type,Values=HeadNode")}");
            Assert.Equal(4, filtered.Json["logStreams"].AsArray().Count);
            var none = await _client.PcAsync(HttpMethod.Get, "/v3/clusters/l1/logstreams?region=us-east-1&filters=Name%3Dprivate-dns-name%2CValues%3Dip-1-2-3-4");
            Assert.Empty(none.Json["logStreams"].AsArray());

            var stream = streams.Single(s => s.EndsWith(".slurmctld"));
            _server.ParallelCluster.AddLogEvents("l1", stream, "e1", "e2", "e3");
            var page1 = await _client.PcAsync(HttpMethod.Get, $"/v3/clusters/l1/logstreams/{stream}?region=us-east-1&startFromHead=true&limit=3");
            Assert.Equal(new[] { "slurmctld starting", "slurmctld running on " + host, "e1" }, page1.Json["events"].AsArray().Select(e => e["message"].ToString()));
            var page2 = await _client.PcAsync(HttpMethod.Get, $"/v3/clusters/l1/logstreams/{stream}?region=us-east-1&limit=3&nextToken={Uri.EscapeDataString(page1.Json["nextToken"].ToString())}");
            Assert.Equal(new[] { "e2", "e3" }, page2.Json["events"].AsArray().Select(e => e["message"].ToString()));
            var tail = await _client.PcAsync(HttpMethod.Get, $"/v3/clusters/l1/logstreams/{stream}?region=us-east-1&limit=1");
            Assert.Equal("e3", tail.Json["events"].AsArray().Single()["message"].ToString());
        }

        [Fact]
        public async Task OfficialImages_FilterByOsAndArchitecture_WithOrWithoutStage()
        {
            var r = await _client.PcAsync(HttpMethod.Get, "/v3/images/official?region=us-east-1&os=alinux2023&architecture=arm64", stage: null);
            var img = r.Json["images"].AsArray().Single();
            Assert.Equal(("alinux2023", "arm64", "3.12.0"), (img["os"].ToString(), img["architecture"].ToString(), img["version"].ToString()));
            Assert.StartsWith("ami-", img["amiId"].ToString());
            var all = await _client.PcAsync(HttpMethod.Get, "/v3/images/official?region=us-east-1");
            Assert.Equal(16, all.Json["images"].AsArray().Count);
        }
    }
}
