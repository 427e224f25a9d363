using System;
using System.Linq;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Images
{
    /// <summary>One real-engine session against the loopback fake AWS, shared by the Images collection.</summary>
    public sealed class ImageSession : FakeAwsSession
    {
        public const string Parent = "ami-0123456789abcdef0";

        /// <summary>Builds an image through New-HpcImage -Wait (available, or failed with an Image Builder reason).</summary>
        public void Image(string id, string region = "us-east-1", bool failed = false)
        {
            if (failed) Aws.ParallelCluster.FailBuild(id, "Failed to execute component install-cuda: exit code 1");
            var r = Invoke("New-HpcImageConfig $args[2] c6i.xlarge | New-HpcImage -ImageId $args[0] -Region $args[1] -Wait -ErrorAction SilentlyContinue | Out-Null", id, region, Parent);
            var status = Status(id, region);
            if (r.Terminating != null || status != (failed ? "BUILD_FAILED" : "BUILD_COMPLETE"))
                throw new InvalidOperationException("Could not build image " + id + " (" + status + "): " + r.Describe());
        }

        public string Status(string id, string region = "us-east-1") => Aws.ParallelCluster.FindImage(id, region)?.Status;

        public int Calls(string action) => Aws.Calls.Count(action);

        /// <summary>Every test starts from an account without images and with no recorded calls.</summary>
        public void Reset()
        {
            Aws.ParallelCluster.ClearImageDeleteFailures();
            foreach (var i in Aws.ParallelCluster.Images.ToList())
                Invoke("Remove-HpcImage -ImageId $args[0] -Region $args[1] -Force -Wait -ErrorAction SilentlyContinue | Out-Null", i.ImageId, i.Region);
            Aws.ParallelCluster.PageSize = 50;
            Aws.Calls.Clear();
        }
    }

    [CollectionDefinition(Name)]
    public sealed class ImagesCollection : ICollectionFixture<ImageSession>
    {
        public const string Name = "Images";
    }
}
