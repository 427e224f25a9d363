using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;

namespace PcHpc.Tests.Core.Clusters
{
    /// <summary>In-memory port doubles for engine unit tests: scripted answers, recorded calls.</summary>
    public sealed class MemoryAws : IAwsSessionFactory
    {
        public ConcurrentQueue<string> Calls { get; } = new ConcurrentQueue<string>();
        public string CallerArn { get; set; } = "arn:aws:iam::123456789012:user/alice";
        public Dictionary<string, List<StackDescription>> Stacks { get; } = new Dictionary<string, List<StackDescription>>();
        public List<CreateStackRequest> CreatedStacks { get; } = new List<CreateStackRequest>();
        public Queue<string> StackStatuses { get; } = new Queue<string>();
        public List<StackEvent> StackEvents { get; } = new List<StackEvent>();
        public MemoryPcApi Api { get; } = new MemoryPcApi();
        public List<string> AssumedRoles { get; } = new List<string>();

        public IAwsSession Create(AwsConnectionOptions options, IActivitySink activity) => new MemorySession(this, options.Region ?? "us-east-1", "parameters");

        public int Count(string prefix) => Calls.Count(c => c.StartsWith(prefix, StringComparison.Ordinal));
    }

    public sealed class MemorySession : IAwsSession, ICloudFormation, ISts
    {
        private readonly MemoryAws _aws;
        public MemorySession(MemoryAws aws, string region, string source) { _aws = aws; Region = region; CredentialSource = source; }
        public string Region { get; }
        public string RegionSource => "parameter";
        public string CredentialSource { get; }
        public string AsRole { get; set; }
        public ICloudFormation CloudFormation => this;
        public IEc2 Ec2 => throw new NotSupportedException();
        public ISsm Ssm => throw new NotSupportedException();
        public ISts Sts => this;
        public IObjectStore ObjectStore => throw new NotSupportedException();
        public IBucketStore Buckets => throw new NotSupportedException();
        public IParallelClusterApi ParallelClusterApi(Uri invokeUrl)
        {
            _aws.Calls.Enqueue("Api:" + invokeUrl + (AsRole == null ? string.Empty : " as " + AsRole));
            return _aws.Api;
        }
        public IAwsSession AssumeRole(string roleArn, string sessionName)
        {
            _aws.AssumedRoles.Add(roleArn);
            return new MemorySession(_aws, Region, "assumed role " + roleArn) { AsRole = roleArn };
        }
        public void Dispose() { }

        public Task<string> CreateStackAsync(CreateStackRequest request, CancellationToken cancellationToken)
        {
            _aws.Calls.Enqueue("CreateStack:" + request.StackName);
            _aws.CreatedStacks.Add(request);
            return Task.FromResult("arn:aws:cloudformation:" + Region + ":123456789012:stack/" + request.StackName + "/1");
        }
        public Task<string> UpdateStackAsync(UpdateStackRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task DeleteStackAsync(string stackNameOrId, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<StackDescription>> DescribeStacksAsync(string stackNameOrId, CancellationToken cancellationToken)
        {
            _aws.Calls.Enqueue("DescribeStacks:" + Region + ":" + stackNameOrId);
            if (stackNameOrId != null && _aws.CreatedStacks.Count > 0)
            {
                var status = _aws.StackStatuses.Count > 0 ? _aws.StackStatuses.Dequeue() : "CREATE_COMPLETE";
                var req = _aws.CreatedStacks.Last();
                return Task.FromResult<IReadOnlyList<StackDescription>>(new[]
                {
                    new StackDescription
                    {
                        StackName = req.StackName, StackId = stackNameOrId, StackStatus = status, Tags = req.Tags, CreationTime = DateTime.UtcNow,
                        Outputs = status == "CREATE_COMPLETE"
                            ? new Dictionary<string, string> { ["ParallelClusterApiInvokeUrl"] = "https://x.execute-api." + Region + ".amazonaws.com/prod", ["ParallelClusterApiUserRole"] = "arn:aws:iam::123456789012:role/PcApiUser" }
                            : new Dictionary<string, string>(),
                    },
                });
            }
            _aws.Stacks.TryGetValue(Region, out var list);
            return Task.FromResult<IReadOnlyList<StackDescription>>(list ?? new List<StackDescription>());
        }
        public Task<IReadOnlyList<StackEvent>> DescribeStackEventsAsync(string stackNameOrId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StackEvent>>(_aws.StackEvents.ToList());
        public Task<IReadOnlyList<StackEvent>> DescribeStackResourcesAsync(string stackNameOrId, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<StackSummary>> ListStacksAsync(IEnumerable<string> statusFilter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken)
        {
            _aws.Calls.Enqueue("GetCallerIdentity");
            return Task.FromResult(new CallerIdentity { Arn = AsRole != null ? "arn:aws:sts::123456789012:assumed-role/PcApiUser/x" : _aws.CallerArn, Account = "123456789012" });
        }
        public Task<AssumedRoleCredentials> AssumeRoleAsync(string roleArn, string sessionName, int? durationSeconds, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>A scripted ParallelCluster API: per-region cluster lists, describe answers in order, thrown errors.</summary>
    public sealed class MemoryPcApi : IParallelClusterApi
    {
        public ConcurrentDictionary<string, List<ClusterInfoSummary>> Lists { get; } = new ConcurrentDictionary<string, List<ClusterInfoSummary>>();
        public ConcurrentQueue<string> Calls { get; } = new ConcurrentQueue<string>();
        public Queue<Func<DescribeClusterResult>> Describes { get; } = new Queue<Func<DescribeClusterResult>>();
        public List<StackEvent> Events { get; } = new List<StackEvent>();
        public Func<CreateClusterRequest, CreateClusterResult> OnCreate { get; set; }
        public Func<UpdateClusterRequest, UpdateClusterResult> OnUpdate { get; set; }
        public TimeSpan Latency { get; set; }
        public List<CreateClusterRequest> Creates { get; } = new List<CreateClusterRequest>();

        private async Task Hop(string call)
        {
            Calls.Enqueue(call);
            if (Latency > TimeSpan.Zero) await Task.Delay(Latency).ConfigureAwait(false);
        }

        public async Task<CreateClusterResult> CreateClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken)
        {
            await Hop("CreateCluster");
            Creates.Add(request);
            return OnCreate(request);
        }
        public async Task<IReadOnlyList<ClusterInfoSummary>> ListClustersAsync(string region, IEnumerable<string> clusterStatus, CancellationToken cancellationToken)
        {
            await Hop("ListClusters:" + region);
            return Lists.TryGetValue(region, out var l) ? l : new List<ClusterInfoSummary>();
        }
        public async Task<DescribeClusterResult> DescribeClusterAsync(string clusterName, string region, CancellationToken cancellationToken)
        {
            await Hop("DescribeCluster:" + clusterName);
            Func<DescribeClusterResult> next;
            lock (Describes) next = Describes.Count > 1 ? Describes.Dequeue() : Describes.Peek();
            return next();
        }
        public async Task<UpdateClusterResult> UpdateClusterAsync(UpdateClusterRequest request, CancellationToken cancellationToken)
        {
            await Hop("UpdateCluster" + (request.DryRun ? ":dry" : string.Empty));
            return OnUpdate(request);
        }
        public async Task<ClusterInfoSummary> DeleteClusterAsync(string clusterName, string region, CancellationToken cancellationToken)
        {
            await Hop("DeleteCluster:" + clusterName);
            return new ClusterInfoSummary { ClusterName = clusterName, Region = region, ClusterStatus = "DELETE_IN_PROGRESS" };
        }
        public Task<ComputeFleetStatusInfo> DescribeComputeFleetAsync(string clusterName, string region, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ComputeFleetStatusInfo> UpdateComputeFleetAsync(string clusterName, string region, string status, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<ClusterInstance>> DescribeClusterInstancesAsync(string clusterName, string region, string nodeType, string queueName, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task DeleteClusterInstancesAsync(string clusterName, string region, bool force, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<LogStream>> ListClusterLogStreamsAsync(string clusterName, string region, IEnumerable<string> filters, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<LogStream>>(new LogStream[0]);
        public Task<LogEventsPage> GetClusterLogEventsAsync(GetClusterLogEventsRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public async Task<IReadOnlyList<StackEvent>> GetClusterStackEventsAsync(string clusterName, string region, CancellationToken cancellationToken)
        {
            await Hop("GetClusterStackEvents:" + clusterName);
            return Events.ToList();
        }
        public Task<IReadOnlyList<AmiInfo>> ListOfficialImagesAsync(string region, string os, string architecture, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<BuildImageResult> BuildImageAsync(BuildImageRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ImageListPage> ListImagesAsync(string region, string imageStatus, string nextToken, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<DescribeImageResult> DescribeImageAsync(string imageId, string region, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ImageInfoSummary> DeleteImageAsync(string imageId, string region, bool force, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<LogStream>> ListImageLogStreamsAsync(string imageId, string region, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<LogEventsPage> GetImageLogEventsAsync(GetImageLogEventsRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<StackEvent>> GetImageStackEventsAsync(string imageId, string region, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>Holds ListClusters until every region has called it (proves the regions run in parallel).</summary>
    internal sealed class BarrierApi : IParallelClusterApi
    {
        private readonly IParallelClusterApi _inner;
        private readonly Barrier _barrier;
        public BarrierApi(IParallelClusterApi inner, Barrier barrier) { _inner = inner; _barrier = barrier; }
        public async Task<IReadOnlyList<ClusterInfoSummary>> ListClustersAsync(string region, IEnumerable<string> clusterStatus, CancellationToken cancellationToken)
        {
            await Task.Run(() => Assert.True(_barrier.SignalAndWait(TimeSpan.FromSeconds(20)), "the regions were listed one after the other"));
            return await _inner.ListClustersAsync(region, clusterStatus, cancellationToken);
        }
        public Task<CreateClusterResult> CreateClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken) => _inner.CreateClusterAsync(request, cancellationToken);
        public Task<DescribeClusterResult> DescribeClusterAsync(string clusterName, string region, CancellationToken cancellationToken) => _inner.DescribeClusterAsync(clusterName, region, cancellationToken);
        public Task<UpdateClusterResult> UpdateClusterAsync(UpdateClusterRequest request, CancellationToken cancellationToken) => _inner.UpdateClusterAsync(request, cancellationToken);
        public Task<ClusterInfoSummary> DeleteClusterAsync(string clusterName, string region, CancellationToken cancellationToken) => _inner.DeleteClusterAsync(clusterName, region, cancellationToken);
        public Task<ComputeFleetStatusInfo> DescribeComputeFleetAsync(string clusterName, string region, CancellationToken cancellationToken) => _inner.DescribeComputeFleetAsync(clusterName, region, cancellationToken);
        public Task<ComputeFleetStatusInfo> UpdateComputeFleetAsync(string clusterName, string region, string status, CancellationToken cancellationToken) => _inner.UpdateComputeFleetAsync(clusterName, region, status, cancellationToken);
        public Task<IReadOnlyList<ClusterInstance>> DescribeClusterInstancesAsync(string clusterName, string region, string nodeType, string queueName, CancellationToken cancellationToken) => _inner.DescribeClusterInstancesAsync(clusterName, region, nodeType, queueName, cancellationToken);
        public Task DeleteClusterInstancesAsync(string clusterName, string region, bool force, CancellationToken cancellationToken) => _inner.DeleteClusterInstancesAsync(clusterName, region, force, cancellationToken);
        public Task<IReadOnlyList<LogStream>> ListClusterLogStreamsAsync(string clusterName, string region, IEnumerable<string> filters, CancellationToken cancellationToken) => _inner.ListClusterLogStreamsAsync(clusterName, region, filters, cancellationToken);
        public Task<LogEventsPage> GetClusterLogEventsAsync(GetClusterLogEventsRequest request, CancellationToken cancellationToken) => _inner.GetClusterLogEventsAsync(request, cancellationToken);
        public Task<IReadOnlyList<StackEvent>> GetClusterStackEventsAsync(string clusterName, string region, CancellationToken cancellationToken) => _inner.GetClusterStackEventsAsync(clusterName, region, cancellationToken);
        public Task<IReadOnlyList<AmiInfo>> ListOfficialImagesAsync(string region, string os, string architecture, CancellationToken cancellationToken) => _inner.ListOfficialImagesAsync(region, os, architecture, cancellationToken);
        public Task<BuildImageResult> BuildImageAsync(BuildImageRequest request, CancellationToken cancellationToken) => _inner.BuildImageAsync(request, cancellationToken);
        public Task<ImageListPage> ListImagesAsync(string region, string imageStatus, string nextToken, CancellationToken cancellationToken) => _inner.ListImagesAsync(region, imageStatus, nextToken, cancellationToken);
        public Task<DescribeImageResult> DescribeImageAsync(string imageId, string region, CancellationToken cancellationToken) => _inner.DescribeImageAsync(imageId, region, cancellationToken);
        public Task<ImageInfoSummary> DeleteImageAsync(string imageId, string region, bool force, CancellationToken cancellationToken) => _inner.DeleteImageAsync(imageId, region, force, cancellationToken);
        public Task<IReadOnlyList<LogStream>> ListImageLogStreamsAsync(string imageId, string region, CancellationToken cancellationToken) => _inner.ListImageLogStreamsAsync(imageId, region, cancellationToken);
        public Task<LogEventsPage> GetImageLogEventsAsync(GetImageLogEventsRequest request, CancellationToken cancellationToken) => _inner.GetImageLogEventsAsync(request, cancellationToken);
        public Task<IReadOnlyList<StackEvent>> GetImageStackEventsAsync(string imageId, string region, CancellationToken cancellationToken) => _inner.GetImageStackEventsAsync(imageId, region, cancellationToken);
    }

    /// <summary>A session that only has a ParallelCluster API.</summary>
    internal sealed class ApiOnlySession : IAwsSession
    {
        private readonly IParallelClusterApi _api;
        public ApiOnlySession(string region, IParallelClusterApi api) { Region = region; _api = api; }
        public string Region { get; }
        public string RegionSource => "parameter";
        public string CredentialSource => "test";
        public ICloudFormation CloudFormation => throw new NotSupportedException();
        public IEc2 Ec2 => throw new NotSupportedException();
        public ISsm Ssm => throw new NotSupportedException();
        public ISts Sts => throw new NotSupportedException();
        public IObjectStore ObjectStore => throw new NotSupportedException();
        public IBucketStore Buckets => throw new NotSupportedException();
        public IParallelClusterApi ParallelClusterApi(Uri invokeUrl) => _api;
        public IAwsSession AssumeRole(string roleArn, string sessionName) => throw new NotSupportedException();
        public void Dispose() { }
    }
}
