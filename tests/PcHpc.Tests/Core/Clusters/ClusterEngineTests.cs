using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Clusters;
using PcHpc.Core.Errors;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Tests.Core.Clusters
{
    /// <summary>Engine unit tests with in-memory port doubles.</summary>
    public class ClusterEngineTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "pchpc-engine-" + Guid.NewGuid().ToString("N"));
        private readonly StateStore _store;
        private readonly MemoryAws _aws = new MemoryAws();
        private readonly ApiRoleSessions _roles = new ApiRoleSessions();

        public ClusterEngineTests()
        {
            _store = StateStore.Open(_root);
        }

        public void Dispose()
        {
            try { Directory.Delete(_root, true); } catch (IOException) { }
        }

        private ClusterEngine Engine(Uri apiUri = null) => new ClusterEngine(new ClusterEngineOptions
        {
            OpenSession = r => _aws.Create(new AwsConnectionOptions { Region = r }, NullActivitySink.Instance),
            Store = _store, ApiUri = apiUri, Roles = _roles, PollInterval = TimeSpan.Zero,
        });

        private static readonly Uri Api = new Uri("https://api.example/prod");

        private void AddApiStack(string region, string version = "3.12.0", string status = "CREATE_COMPLETE", string name = "api")
        {
            if (!_aws.Stacks.TryGetValue(region, out var list)) _aws.Stacks[region] = list = new List<StackDescription>();
            list.Add(new StackDescription
            {
                StackName = name, StackId = "id-" + name, StackStatus = status, CreationTime = DateTime.UtcNow,
                Outputs = new Dictionary<string, string> { ["ParallelClusterApiInvokeUrl"] = $"https://{name}.{region}/prod", ["ParallelClusterApiUserRole"] = "arn:aws:iam::123456789012:role/PcApiUser" },
                Tags = new List<ResourceTag> { new ResourceTag(ApiLocator.VersionTag, version) },
            });
        }

        [Fact]
        public async Task Discovery_PicksTheNewestCompleteApi_CachesIt_AndUsesItsRole()
        {
            AddApiStack("us-east-1", "3.11.0", name: "old");
            AddApiStack("us-east-1", "3.12.0", name: "new");
            AddApiStack("us-east-1", "3.13.0", "ROLLBACK_COMPLETE", name: "broken");
            using (var engine = Engine())
            {
                var c = await engine.ConnectAsync("us-east-1", NullActivitySink.Instance, CancellationToken.None);
                Assert.Equal("3.12.0", c.Endpoint.Version);
                Assert.Equal("https://new.us-east-1/prod", c.ApiUri);
                Assert.Equal("CloudFormation", c.Endpoint.Source);
            }
            Assert.Contains(_aws.Calls, x => x.StartsWith("Api:https://new.us-east-1/prod as arn:aws:iam::123456789012:role/PcApiUser", StringComparison.Ordinal));
            Assert.Equal(3, _store.Apis.List().Count);

            var describes = _aws.Count("DescribeStacks");
            using (var engine = Engine())
            {
                var c = await engine.ConnectAsync("us-east-1", NullActivitySink.Instance, CancellationToken.None);
                Assert.Equal("state store", c.Endpoint.Source);
            }
            Assert.Equal(describes, _aws.Count("DescribeStacks"));
        }

        [Fact]
        public async Task StaleCachedApi_IsLookedUpAgain()
        {
            _store.Apis.Put(new ApiRecord { Region = "us-east-1", StackName = "gone-api", InvokeUrl = "https://gone/prod", Status = "CREATE_COMPLETE", LastSeen = DateTimeOffset.UtcNow.AddDays(-3) });
            AddApiStack("us-east-1", name: "live");
            using (var engine = Engine())
            {
                var c = await engine.ConnectAsync("us-east-1", NullActivitySink.Instance, CancellationToken.None);
                Assert.Equal("https://live.us-east-1/prod", c.ApiUri);
            }
            Assert.Null(_store.Apis.TryGet(ApiRecord.KeyFor("us-east-1", "gone-api")));
        }

        [Fact]
        public async Task ApiUri_OverridesDiscovery()
        {
            using (var engine = Engine(Api))
            {
                var c = await engine.ConnectAsync("us-east-1", NullActivitySink.Instance, CancellationToken.None);
                Assert.Equal("parameter", c.Endpoint.Source);
                Assert.Equal(Api, c.Endpoint.InvokeUrl);
            }
            Assert.Equal(0, _aws.Count("DescribeStacks"));
        }

        [Fact]
        public async Task List_FailsOneRegionWithoutLosingTheOthers()
        {
            AddApiStack("us-east-1");
            _aws.Api.Lists["us-east-1"] = new List<ClusterInfoSummary> { new ClusterInfoSummary { ClusterName = "a", ClusterStatus = "CREATE_COMPLETE", Version = "3.12.0" } };
            using (var engine = Engine())
            {
                var result = await engine.ListAsync(new[] { "us-east-1", "sa-east-1" }, null, null, false, NullActivitySink.Instance, CancellationToken.None);
                Assert.Equal("a", Assert.Single(result.Clusters).Name);
                var failure = Assert.Single(result.Failures);
                Assert.Equal("sa-east-1", failure.Region);
                Assert.Equal("ParallelClusterApiNotFound", ((PcHpcException)failure.Error).ErrorId);
            }
        }

        [Fact]
        public async Task List_RunsRegionsInParallel()
        {
            var regions = new[] { "r1", "r2", "r3", "r4" };
            foreach (var r in regions) _aws.Api.Lists[r] = new List<ClusterInfoSummary> { new ClusterInfoSummary { ClusterName = "c-" + r, ClusterStatus = "CREATE_COMPLETE" } };
            var gate = new Barrier(regions.Length);
            var api = new BarrierApi(_aws.Api, gate);
            var engine = new ClusterEngine(new ClusterEngineOptions
            {
                OpenSession = r => new ApiOnlySession(r, api), Store = _store, ApiUri = Api, Roles = _roles,
            });
            // Each region's list waits at a barrier for all four: it completes only when the four calls run at once.
            var result = await engine.ListAsync(regions, null, null, false, NullActivitySink.Instance, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(4, result.Clusters.Count);
        }

        [Fact]
        public async Task Reconcile_MarksGone_AndLiveClustersComeBack()
        {
            _store.Clusters.Put(new ClusterRecord { Name = "old", Region = "us-east-1", ClusterStatus = "CREATE_COMPLETE", HeadNodePublicIp = "1.2.3.4" });
            _store.Clusters.Put(new ClusterRecord { Name = "other", Region = "eu-west-1", ClusterStatus = "CREATE_COMPLETE" });
            _aws.Api.Lists["us-east-1"] = new List<ClusterInfoSummary> { new ClusterInfoSummary { ClusterName = "new", ClusterStatus = "CREATE_IN_PROGRESS" } };
            using (var engine = Engine(Api))
            {
                await engine.ListAsync(new[] { "us-east-1" }, null, null, false, NullActivitySink.Instance, CancellationToken.None);
            }
            Assert.True(_store.Clusters.TryGet(ClusterRecord.KeyFor("us-east-1", "old")).Gone);
            Assert.False(_store.Clusters.TryGet(ClusterRecord.KeyFor("eu-west-1", "other")).Gone); // another region is not touched
            Assert.Equal("CREATE_IN_PROGRESS", _store.Clusters.TryGet(ClusterRecord.KeyFor("us-east-1", "new")).ClusterStatus);

            _aws.Api.Lists["us-east-1"].Add(new ClusterInfoSummary { ClusterName = "old", ClusterStatus = "UPDATE_COMPLETE" });
            using (var engine = Engine(Api))
            {
                var result = await engine.ListAsync(new[] { "us-east-1" }, "old", null, false, NullActivitySink.Instance, CancellationToken.None);
                Assert.Equal("1.2.3.4", Assert.Single(result.Clusters).HeadNodeIp); // kept from the store
            }
            Assert.False(_store.Clusters.TryGet(ClusterRecord.KeyFor("us-east-1", "old")).Gone);
        }

        [Fact]
        public async Task Reconcile_DoesNotRewriteUnchangedRecentRecords()
        {
            _aws.Api.Lists["us-east-1"] = new List<ClusterInfoSummary> { new ClusterInfoSummary { ClusterName = "same", ClusterStatus = "CREATE_COMPLETE", Version = "3.12.0" } };
            using (var engine = Engine(Api)) await engine.ListAsync(new[] { "us-east-1" }, null, null, false, NullActivitySink.Instance, CancellationToken.None);
            var saved = _store.Clusters.TryGet(ClusterRecord.KeyFor("us-east-1", "same")).SavedTime;
            using (var engine = Engine(Api)) await engine.ListAsync(new[] { "us-east-1" }, null, null, false, NullActivitySink.Instance, CancellationToken.None);
            Assert.Equal(saved, _store.Clusters.TryGet(ClusterRecord.KeyFor("us-east-1", "same")).SavedTime);

            _aws.Api.Lists["us-east-1"][0].ClusterStatus = "UPDATE_IN_PROGRESS";
            using (var engine = Engine(Api)) await engine.ListAsync(new[] { "us-east-1" }, null, null, false, NullActivitySink.Instance, CancellationToken.None);
            Assert.Equal("UPDATE_IN_PROGRESS", _store.Clusters.TryGet(ClusterRecord.KeyFor("us-east-1", "same")).ClusterStatus);
        }

        [Fact]
        public async Task Wait_ReportsProgressFromStackEvents()
        {
            var t0 = DateTime.UtcNow;
            _aws.Api.Events.AddRange(new[]
            {
                new StackEvent { LogicalResourceId = "HeadNode", ResourceType = "AWS::EC2::Instance", ResourceStatus = "CREATE_IN_PROGRESS", Timestamp = t0.AddSeconds(3) },
                new StackEvent { LogicalResourceId = "Vpc", ResourceType = "AWS::EC2::VPC", ResourceStatus = "CREATE_COMPLETE", Timestamp = t0.AddSeconds(2) },
                new StackEvent { LogicalResourceId = "Role", ResourceType = "AWS::IAM::Role", ResourceStatus = "CREATE_COMPLETE", Timestamp = t0.AddSeconds(1) },
                new StackEvent { LogicalResourceId = "c1", ResourceType = "AWS::CloudFormation::Stack", ResourceStatus = "CREATE_IN_PROGRESS", Timestamp = t0 },
            });
            _aws.Api.Describes.Enqueue(() => new DescribeClusterResult { ClusterName = "c1", ClusterStatus = "CREATE_IN_PROGRESS" });
            _aws.Api.Describes.Enqueue(() => new DescribeClusterResult { ClusterName = "c1", ClusterStatus = "CREATE_COMPLETE", HeadNode = new Ec2InstanceInfo { InstanceId = "i-1", PrivateIpAddress = "10.0.0.5" } });
            var sink = new RecordingSink();
            using (var engine = Engine(Api))
            {
                var cluster = await engine.WaitAsync("c1", "us-east-1", null, sink, CancellationToken.None);
                Assert.Equal(ClusterState.Ready, cluster.Status);
                Assert.Equal("10.0.0.5", cluster.HeadNodeIp);
            }
            var running = sink.Progress.First(p => !p.Completed);
            Assert.Equal("Creating cluster c1", running.Activity);
            Assert.Equal("CREATE_IN_PROGRESS: 2 of 3 resources done", running.Status);
            Assert.Equal(66, running.PercentComplete);
            Assert.Equal("HeadNode CREATE_IN_PROGRESS", running.CurrentOperation);
            Assert.True(sink.Progress.Last().Completed);
        }

        [Fact]
        public async Task Wait_TimesOutWithAClearMessage()
        {
            _aws.Api.Describes.Enqueue(() => new DescribeClusterResult { ClusterName = "slow", ClusterStatus = "UPDATE_IN_PROGRESS" });
            var now = DateTimeOffset.UtcNow;
            var engine = new ClusterEngine(new ClusterEngineOptions
            {
                OpenSession = r => _aws.Create(new AwsConnectionOptions { Region = r }, NullActivitySink.Instance),
                Store = _store, ApiUri = Api, Roles = _roles, PollInterval = TimeSpan.Zero, Now = () => now += TimeSpan.FromMinutes(1),
            });
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => engine.WaitAsync("slow", "us-east-1", TimeSpan.FromMinutes(5), NullActivitySink.Instance, CancellationToken.None));
            Assert.Equal("ClusterWaitTimedOut", ex.ErrorId);
            Assert.Contains("still UPDATE_IN_PROGRESS", ex.Message);
        }

        [Fact]
        public async Task Create_TimeoutIsASuccessWhenTheClusterExists()
        {
            _aws.Api.OnCreate = r => throw new ParallelClusterApiException(504, "Endpoint request timed out");
            _aws.Api.Describes.Enqueue(() => new DescribeClusterResult { ClusterName = "t1", ClusterStatus = "CREATE_IN_PROGRESS", Version = "3.12.0" });
            var sink = new RecordingSink();
            using (var engine = Engine(Api))
            {
                var result = await engine.CreateAsync(new ClusterCreateRequest { Name = "t1", Region = "us-east-1", ConfigYaml = ClusterWorld.ValidYaml }, sink, CancellationToken.None);
                Assert.Equal(ClusterState.Creating, result.Cluster.Status);
            }
            Assert.Contains(sink.Warnings, w => w.Contains("timed out") && w.Contains("t1"));
            var record = _store.Clusters.TryGet(ClusterRecord.KeyFor("us-east-1", "t1"));
            Assert.NotNull(record);
            // Remove-HpcVpc reads these to refuse deleting a network a cluster still uses.
            Assert.Equal(new[] { "subnet-0123456789abcdef0" }, record.SubnetIds);
        }

        [Fact]
        public async Task Create_TimeoutWithoutACluster_IsATimeout()
        {
            _aws.Api.OnCreate = r => throw new ParallelClusterApiException(504, "Endpoint request timed out");
            _aws.Api.Describes.Enqueue(() => throw new ParallelClusterApiException(404, "not found"));
            using (var engine = Engine(Api))
            {
                var ex = await Assert.ThrowsAsync<PcHpcException>(() => engine.CreateAsync(new ClusterCreateRequest { Name = "t2", Region = "us-east-1", ConfigYaml = ClusterWorld.ValidYaml }, NullActivitySink.Instance, CancellationToken.None));
                Assert.Equal("ClusterCreateTimedOut", ex.ErrorId);
            }
        }

        [Fact]
        public async Task Create_SendsOptionsAndSuppressedValidators()
        {
            _aws.Api.OnCreate = r => new CreateClusterResult { Cluster = new ClusterInfoSummary { ClusterName = r.ClusterName, Region = r.Region, ClusterStatus = "CREATE_IN_PROGRESS" } };
            using (var engine = Engine(Api))
            {
                await engine.CreateAsync(new ClusterCreateRequest
                {
                    Name = "opts", ConfigYaml = ClusterWorld.ValidYaml, SuppressValidators = new[] { "type:KeyPairValidator" },
                    ValidationFailureLevel = "WARNING", RollbackOnFailure = false,
                }, NullActivitySink.Instance, CancellationToken.None);
            }
            var sent = Assert.Single(_aws.Api.Creates);
            Assert.Equal("us-east-1", sent.Region); // from the config
            Assert.Equal(new[] { "type:KeyPairValidator" }, sent.SuppressValidators);
            Assert.Equal("WARNING", sent.ValidationFailureLevel);
            Assert.False(sent.RollbackOnFailure);
            Assert.Contains("SubnetId: subnet-0123456789abcdef0", sent.ClusterConfiguration);
        }

        [Fact]
        public async Task InstallApi_UsesTheOfficialTemplateAndCapabilities_AndCachesTheResult()
        {
            _aws.StackStatuses.Enqueue("CREATE_IN_PROGRESS");
            _aws.StackStatuses.Enqueue("CREATE_COMPLETE");
            _aws.StackEvents.Add(new StackEvent { LogicalResourceId = "ApiGateway", ResourceStatus = "CREATE_COMPLETE", ResourceType = "AWS::ApiGateway::RestApi", Timestamp = DateTime.UtcNow });
            var sink = new RecordingSink();
            HpcApi api;
            using (var engine = Engine())
            {
                api = await engine.InstallApiAsync("eu-central-1", "3.12.0", null, true, sink, CancellationToken.None);
            }
            var req = Assert.Single(_aws.CreatedStacks);
            Assert.Equal("https://eu-central-1-aws-parallelcluster.s3.eu-central-1.amazonaws.com/parallelcluster/3.12.0/api/parallelcluster-api.yaml", req.TemplateUrl);
            Assert.Equal(new[] { "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND" }, req.Capabilities);
            Assert.Equal("ParallelClusterApi", req.StackName);
            Assert.Equal("3.12.0", api.Version);
            Assert.Equal("arn:aws:iam::123456789012:role/PcApiUser", api.UserRoleArn);
            Assert.NotNull(_store.Apis.TryGet(ApiRecord.KeyFor("eu-central-1", "ParallelClusterApi")));
            Assert.Contains(sink.Progress, p => !p.Completed && p.Status.Contains("1 of 1 resources done"));
            Assert.True(sink.Progress.Last().Completed);
        }

        [Fact]
        public async Task InstallApi_FailedStackNamesTheFirstFailure()
        {
            _aws.StackStatuses.Enqueue("ROLLBACK_COMPLETE");
            _aws.StackEvents.Add(new StackEvent { LogicalResourceId = "Lambda", ResourceStatus = "CREATE_FAILED", ResourceStatusReason = "not authorized to perform iam:CreateRole", Timestamp = DateTime.UtcNow });
            using (var engine = Engine())
            {
                var ex = await Assert.ThrowsAsync<PcHpcException>(() => engine.InstallApiAsync("us-east-1", "3.12.0", "api", true, NullActivitySink.Instance, CancellationToken.None));
                Assert.Equal("ApiStackFailed", ex.ErrorId);
                Assert.Contains("iam:CreateRole", ex.Message);
            }
        }
    }
}
