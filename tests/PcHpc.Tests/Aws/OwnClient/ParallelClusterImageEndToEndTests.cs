using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using PcHpc.FakeAws;
using PcHpc.Tests.Support.FakeAws;

using PcHpc.Tests.Support;
using PcHpc.Tests.Aws.Services;

namespace PcHpc.Tests.Aws.OwnClient
{
    /// <summary>The image operations of the ParallelCluster API port through our REST-JSON adapter, signer and client against the loopback fake.</summary>
    public class ParallelClusterImageEndToEndTests : IAsyncLifetime
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private const string ImageConfig = "Build:\n  InstanceType: c6i.xlarge\n  ParentImage: ami-0123456789abcdef0\n";
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

        private Task<DescribeImageResult> WaitFor(string id, string status) =>
            WireKit.PollAsync(() => _api.DescribeImageAsync(id, null, None), d => d.ImageBuildStatus == status);

        [Fact]
        public async Task Build_DryRun412IsSuccess_ThenBuildDescribeAndDelete()
        {
            var dry = await _api.BuildImageAsync(new BuildImageRequest { ImageId = "img1", ImageConfiguration = ImageConfig, DryRun = true }, None);
            Assert.True(dry.DryRunSucceeded);
            Assert.Null(dry.Image);
            Assert.Empty(_server.ParallelCluster.Images);
            Assert.Contains(_sink.VerboseLines, l => l.Contains("BuildImage dry run") && l.Contains("would have succeeded"));

            var built = await _api.BuildImageAsync(new BuildImageRequest { ImageId = "img1", ImageConfiguration = ImageConfig, RollbackOnFailure = true }, None);
            Assert.Equal("BUILD_IN_PROGRESS", built.Image.ImageBuildStatus);
            Assert.Equal("CREATE_IN_PROGRESS", built.Image.CloudFormationStackStatus); // spelled cloudformationStackStatus on the wire
            Assert.Null(built.Image.AmiId);

            var done = await WaitFor("img1", "BUILD_COMPLETE");
            Assert.Equal(_server.ParallelCluster.FindImage("img1").AmiId, done.Ec2AmiInfo.AmiId);
            Assert.Equal("AVAILABLE", done.ImageBuilderImageStatus);
            Assert.Contains(done.CloudFormationStackTags, t => t.Key == "parallelcluster:image_id" && t.Value == "img1");
            Assert.StartsWith("https://", done.ImageConfigurationUrl);

            var conflict = await Assert.ThrowsAsync<ParallelClusterApiException>(() => _api.BuildImageAsync(new BuildImageRequest { ImageId = "img1", ImageConfiguration = ImageConfig }, None));
            Assert.Equal(ErrorKind.AlreadyExists, conflict.Kind);
            Assert.Contains("existing image", conflict.Message);

            var deleting = await _api.DeleteImageAsync("img1", null, true, None);
            Assert.Equal("DELETE_IN_PROGRESS", deleting.ImageBuildStatus);
            var gone = await Assert.ThrowsAsync<ParallelClusterApiException>(() => WireKit.PollAsync(() => _api.DescribeImageAsync("img1", null, None), _ => false));
            Assert.Equal(404, gone.StatusCode);
            Assert.Contains("Image 'img1' was not found", gone.Message);
            Assert.Contains("Get-HpcImage", gone.Message);
        }

        [Fact]
        public async Task ListImages_IsOnePagePerCall_WithTheStatusFilter()
        {
            _server.ParallelCluster.PageSize = 2;
            _server.Knobs.TransitionPolls = 100; // the builds stay pending while the pages are read
            for (var i = 0; i < 3; i++) await _api.BuildImageAsync(new BuildImageRequest { ImageId = "p" + i, ImageConfiguration = ImageConfig }, None);
            var pending = await _api.ListImagesAsync(null, "PENDING", null, None);
            Assert.Equal(new[] { "p0", "p1" }, pending.Images.Select(i => i.ImageId));
            var rest = await _api.ListImagesAsync(null, "PENDING", pending.NextToken, None);
            Assert.Equal(new[] { "p2" }, rest.Images.Select(i => i.ImageId));
            Assert.Null(rest.NextToken);
            Assert.Empty((await _api.ListImagesAsync(null, "FAILED", null, None)).Images);
        }

        [Fact]
        public async Task FailedBuild_HasImageBuildersReason_StackEventsAndLog()
        {
            _server.ParallelCluster.FailBuild("bad1", "component failed");
            await _api.BuildImageAsync(new BuildImageRequest { ImageId = "bad1", ImageConfiguration = ImageConfig }, None);
            var failed = await WaitFor("bad1", "BUILD_FAILED");
            Assert.Equal("component failed", failed.ImageBuilderImageStatusReason);
            var events = await _api.GetImageStackEventsAsync("bad1", null, None);
            Assert.Contains(events, e => e.LogicalResourceId == "ParallelClusterImage" && e.ResourceStatus == "CREATE_FAILED");
            var stream = (await _api.ListImageLogStreamsAsync("bad1", null, None)).Single();
            var page = await _api.GetImageLogEventsAsync(new GetImageLogEventsRequest { ImageId = "bad1", LogStreamName = stream.LogStreamName, StartFromHead = true, Limit = 10 }, None);
            Assert.Contains(page.Events, e => e.Message == "Step failed: component failed");
        }
    }
}
