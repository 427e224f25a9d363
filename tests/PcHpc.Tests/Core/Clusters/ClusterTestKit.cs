using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Session;
using PcHpc.Core.Activity;
using PcHpc.Core.Clusters;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;
using PcHpc.Core.State;
using PcHpc.FakeAws;

namespace PcHpc.Tests.Core.Clusters
{
    /// <summary>
    /// The loopback fake AWS, the real adapters (PcHpc.Aws) and a temp state store, wired into cluster cmdlets and engines.
    /// </summary>
    public sealed class ClusterWorld : IAsyncDisposable
    {
        public const string AccessKey = "AKIAPCHPCTESTKEY0001";
        public const string SecretKey = "pchpc-test-secret";
        public const string UserRole = "arn:aws:iam::123456789012:role/ParallelClusterApiUserRole-ABC";

        public const string ValidYaml =
            "Region: us-east-1\n" +
            "Image:\n  Os: alinux2023\n" +
            "HeadNode:\n  InstanceType: c5.xlarge\n  Networking:\n    SubnetId: subnet-0123456789abcdef0\n  Ssh:\n    KeyName: mykey\n" +
            "Scheduling:\n  Scheduler: slurm\n  SlurmQueues:\n    - Name: q1\n      ComputeResources:\n        - Name: cr1\n          InstanceType: c5n.18xlarge\n          MinCount: 0\n          MaxCount: 4\n      Networking:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n";

        public FakeAwsServer Aws { get; private set; }
        public StateStore Store { get; private set; }
        public string StoreRoot { get; private set; }
        public ApiRoleSessions Roles { get; } = new ApiRoleSessions();
        public IAwsSessionFactory Factory { get; } = new AwsSessionFactory();

        public static async Task<ClusterWorld> StartAsync()
        {
            var world = new ClusterWorld();
            world.Aws = await FakeAwsServer.StartAsync();
            world.Aws.Knobs.TransitionPolls = 1;
            world.Aws.Knobs.SigningSecrets[AccessKey] = SecretKey;
            world.StoreRoot = Path.Combine(Path.GetTempPath(), "pchpc-clusters-" + Guid.NewGuid().ToString("N"));
            world.Store = StateStore.Open(world.StoreRoot);
            return world;
        }

        public static string ConfigFor(string region) => ValidYaml.Replace("Region: us-east-1", "Region: " + region);

        /// <summary>An engine on the fake for one call (real adapters).</summary>
        public ClusterEngine Engine(Uri apiUri = null, int maxParallel = 8) => new ClusterEngine(Options(apiUri, maxParallel));

        /// <summary>Engine options on the fake (real adapters): what the cluster and the image engine are built from.</summary>
        public ClusterEngineOptions Options(Uri apiUri = null, int maxParallel = 8)
        {
            return new ClusterEngineOptions
            {
                OpenSession = region => Factory.Create(new AwsConnectionOptions
                {
                    Region = region ?? "us-east-1", AccessKey = AccessKey, SecretKey = SecretKey, EndpointUrl = Aws.Url.ToString(),
                }, NullActivitySink.Instance),
                Store = Store,
                ApiUri = apiUri,
                Roles = Roles,
                PollInterval = TimeSpan.FromMilliseconds(5),
                MaxParallel = maxParallel,
            };
        }

        /// <summary>Deploys a stand-in for the ParallelCluster API stack in the fake CloudFormation (same outputs as the real template).</summary>
        public async Task DeployApiStackAsync(string region, string stackName = "pcluster-api", string version = "3.12.0")
        {
            var template = "{\"Resources\":{\"Placeholder\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}},\"Outputs\":{" +
                           "\"ParallelClusterApiInvokeUrl\":{\"Value\":\"" + Aws.ParallelClusterInvokeUrl + "\"}," +
                           "\"ParallelClusterApiUserRole\":{\"Value\":\"" + UserRole + "\"}}}";
            using (var engine = Engine())
            {
                var session = engine.OpenSession(region);
                await session.CloudFormation.CreateStackAsync(new CreateStackRequest
                {
                    StackName = stackName, TemplateBody = template,
                    Tags = new List<ResourceTag> { new ResourceTag(ApiLocator.VersionTag, version) },
                }, CancellationToken.None);
                for (var i = 0; i < 10; i++)
                {
                    var s = (await session.CloudFormation.DescribeStacksAsync(stackName, CancellationToken.None)).First();
                    if (s.StackStatus == "CREATE_COMPLETE") return;
                }
                throw new InvalidOperationException("the API stand-in stack did not complete");
            }
        }

        public async Task<Cluster> CreateReadyAsync(string name, string region = "us-east-1")
        {
            using (var engine = Engine(Aws.ParallelClusterInvokeUrl))
            {
                var created = await engine.CreateAsync(new ClusterCreateRequest { Name = name, Region = region, ConfigYaml = ConfigFor(region) }, NullActivitySink.Instance, CancellationToken.None);
                return await engine.WaitAsync(name, region, TimeSpan.FromMinutes(1), NullActivitySink.Instance, CancellationToken.None);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Aws.DisposeAsync();
            try { Directory.Delete(StoreRoot, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Collects engine activity for assertions.</summary>
    public sealed class RecordingSink : IActivitySink
    {
        private readonly object _lock = new object();
        public List<string> Verbose { get; } = new List<string>();
        public List<string> Warnings { get; } = new List<string>();
        public List<ProgressUpdate> Progress { get; } = new List<ProgressUpdate>();
        void IActivitySink.Verbose(string message) { lock (_lock) Verbose.Add(message); }
        public void Debug(string message) { }
        public void Warning(string message) { lock (_lock) Warnings.Add(message); }
        void IActivitySink.Progress(ProgressUpdate update) { lock (_lock) Progress.Add(update); }
    }
}
