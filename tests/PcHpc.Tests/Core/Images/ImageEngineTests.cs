using System;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Images;
using PcHpc.Tests.Core.Clusters;
using Xunit;

namespace PcHpc.Tests.Core.Images
{
    /// <summary>The image engine built on its own from the engine options (as a factory builds it), and over a cluster engine.</summary>
    public class ImageEngineTests
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private const string ImageConfig = "Build:\n  InstanceType: c6i.xlarge\n  ParentImage: ami-0123456789abcdef0\n";

        [Fact]
        public async Task BuiltFromTheEngineOptions_ItDiscoversTheApi_CallsItAsTheUserRole_AndBuilds()
        {
            await using var world = await ClusterWorld.StartAsync();
            const string region = "eu-north-1";
            await world.DeployApiStackAsync(region);
            var sink = new RecordingSink();
            using (var images = new ImageEngine(world.Options()))
            {
                var built = await images.BuildAsync(new ImageBuildRequest
                {
                    ImageId = "own-engine", Region = region, ConfigYaml = ImageConfig, Wait = true, Timeout = TimeSpan.FromMinutes(1),
                }, sink, None);
                Assert.Equal(ImageState.Available, built.Image.Status);
                Assert.Equal("own-engine", Assert.Single(await images.ListAsync(region, null, "own-*", sink, None)).ImageId);
            }
            Assert.Equal(1, world.Aws.Calls.Count("AssumeRole"));
            Assert.Contains(sink.Verbose, v => v.Contains("Assuming the ParallelCluster API user role " + ClusterWorld.UserRole));

            using (var again = new ImageEngine(world.Options()))
            {
                Assert.Equal("own-engine", Assert.Single(await again.ListAsync(region, ImageState.Available, null, sink, None)).ImageId);
            }
            Assert.Equal(1, world.Aws.Calls.Count("AssumeRole"));
        }

        [Fact]
        public void WithoutASessionOpener_ItRefusesToBeBuilt()
        {
            Assert.Throws<ArgumentException>(() => new ImageEngine(new PcHpc.Core.Clusters.ClusterEngineOptions()));
            Assert.Throws<ArgumentNullException>(() => new ImageEngine((PcHpc.Core.Clusters.ClusterConnections)null));
        }
    }
}
