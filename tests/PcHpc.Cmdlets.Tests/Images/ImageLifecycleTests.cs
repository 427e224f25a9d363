using System;
using System.Linq;
using System.Management.Automation;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Images
{
    /// <summary>The custom-image life cycle as users type it, in the real engine against the loopback fake AWS.</summary>
    [Collection(ImagesCollection.Name)]
    public class ImageLifecycleTests
    {
        private readonly ImageSession _s;

        public ImageLifecycleTests(ImageSession session)
        {
            _s = session;
            _s.Reset();
        }

        private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N").Substring(0, 6);

        private static void AllProgressCompleted(PsResult result)
        {
            foreach (var activity in result.Progress.GroupBy(p => p.ActivityId))
                Assert.True(activity.Last().RecordType == ProgressRecordType.Completed, $"progress '{activity.Last().Activity}' ended {activity.Last().RecordType}");
        }

        [Fact]
        public void Build_ThenWait_GivesTheAmi_WithStackProgress()
        {
            var id = Unique("cuda");
            var built = _s.Invoke("New-HpcImageConfig -ParentImage $args[1] -InstanceType g5.xlarge -Component 's3://b/cuda.sh' | New-HpcImage -ImageId $args[0] -Region us-east-1", id, ImageSession.Parent).Succeeded();
            Assert.Equal("Building", built.Property("Status").Single().ToString());
            Assert.Null(built.Property("AmiId").Single());
            // What reached the API is the configuration the cmdlet built.
            var sent = _s.Aws.ParallelCluster.FindImage(id).Configuration;
            Assert.Contains("- Type: script\n    Value: s3://b/cuda.sh", sent);
            Assert.Contains("InstanceType: g5.xlarge", sent);

            // Three describes before the build ends: the wait shows progress on the way.
            _s.Aws.Knobs.TransitionPolls = 3;
            PsResult waited;
            try { waited = _s.Invoke("Wait-HpcImage -ImageId $args[0] -Region us-east-1", id).Succeeded(); }
            finally { _s.Aws.Knobs.TransitionPolls = 1; }
            var image = waited.Output.Single();
            Assert.Equal("Available", image.Properties["Status"].Value.ToString());
            Assert.Equal(_s.Aws.ParallelCluster.FindImage(id).AmiId, image.Properties["AmiId"].Value);
            Assert.StartsWith("ami-0", (string)image.Properties["AmiId"].Value);
            Assert.Equal("AVAILABLE", image.Properties["ImageBuilderStatus"].Value);
            Assert.Contains(waited.Progress, p => p.Activity == "Building image " + id && p.StatusDescription == "BUILD_IN_PROGRESS: 2 of 3 resources done (Image Builder: BUILDING)"
                                                  && p.CurrentOperation.StartsWith("ParallelClusterImage CREATE_IN_PROGRESS", StringComparison.Ordinal));
            AllProgressCompleted(waited);
        }

        [Fact]
        public void FailedBuild_NamesImageBuildersReason_AndTheLogToRead()
        {
            var id = Unique("broken");
            _s.Aws.ParallelCluster.FailBuild(id, "Failed to execute component install-cuda: exit code 1");
            var result = _s.Invoke("New-HpcImageConfig $args[1] c6i.xlarge | New-HpcImage -ImageId $args[0] -Region us-east-1 -Wait", id, ImageSession.Parent);
            Assert.Empty(result.Output);
            var error = result.SingleError();
            Assert.Equal("ImageFailed,PcHpc.Cmdlets.NewHpcImage", error.FullyQualifiedErrorId);
            var message = error.Exception.Message;
            Assert.Contains("BUILD_FAILED", message);
            Assert.Contains("Image Builder FAILED: Failed to execute component install-cuda: exit code 1", message);
            Assert.Contains("First failing resource: ParallelClusterImage (AWS::ImageBuilder::Image) CREATE_FAILED", message);
            Assert.Contains($"Get-HpcImageLog -ImageId {id} -Region us-east-1 -LogStream 3.12.0/1 -Tail 100", message);
            Assert.Contains($"/aws/imagebuilder/ParallelClusterImage-{id}", message);
            AllProgressCompleted(result);

            // The log the error points at says what failed.
            var log = _s.Invoke($"Get-HpcImageLog -ImageId {id} -Region us-east-1 -LogStream 3.12.0/1 -Tail 2").Succeeded();
            Assert.Equal(new object[] { "Step failed: Failed to execute component install-cuda: exit code 1", "TOE has completed execution with failure" }, log.Property("Message").ToArray());
        }

        [Fact]
        public void Wait_Timeout_SaysHowToWaitLonger_AndEndsItsProgress()
        {
            var id = Unique("slow");
            _s.Aws.Knobs.TransitionPolls = 1000;
            try
            {
                _s.Invoke("New-HpcImageConfig $args[1] c6i.xlarge | New-HpcImage -ImageId $args[0] -Region us-east-1", id, ImageSession.Parent).Succeeded();
                var result = _s.Invoke("Wait-HpcImage -ImageId $args[0] -Region us-east-1 -Timeout 0.2", id);
                var error = result.SingleError();
                Assert.StartsWith("ImageWaitTimedOut,", error.FullyQualifiedErrorId);
                Assert.Contains($"still BUILD_IN_PROGRESS", error.Exception.Message);
                Assert.Contains($"Wait-HpcImage -ImageId {id} -Region us-east-1", error.Exception.Message);
                AllProgressCompleted(result);
            }
            finally
            {
                _s.Aws.Knobs.TransitionPolls = 1;
            }
        }

        [Fact]
        public void DeleteFailure_IsReported_WithTheStacksReason()
        {
            var id = Unique("stuck");
            _s.Image(id);
            _s.Aws.ParallelCluster.FailImageDelete(id);
            var result = _s.Invoke("Remove-HpcImage -ImageId $args[0] -Region us-east-1 -Force -Wait", id);
            var error = result.SingleError();
            Assert.StartsWith("ImageFailed,", error.FullyQualifiedErrorId);
            Assert.Contains($"Image '{id}' in us-east-1 is DELETE_FAILED: The following resource(s) failed to delete: [ParallelClusterImage].", error.Exception.Message);
            Assert.Contains("-EvenIfInUse", error.Exception.Message);
            Assert.Equal("DELETE_FAILED", _s.Status(id));
            // A DELETE_FAILED image is listed as failed and can be removed again.
            Assert.Contains(id, _s.Invoke("Get-HpcImage -Status Failed").Succeeded().Property("ImageId"));
        }

        [Fact]
        public void DryRun_BuildsNothing_AndSaysSo()
        {
            var id = Unique("dry");
            var result = _s.Invoke("New-HpcImageConfig $args[1] c6i.xlarge | New-HpcImage -ImageId $args[0] -Region us-east-1 -DryRun -SuppressValidator type:AMIVolumeSizeValidator -ValidationFailureLevel WARNING", id, ImageSession.Parent).Succeeded();
            var dry = result.Output.Single();
            Assert.Equal("PcHpc.ImageDryRun", dry.BaseObject.GetType().FullName);
            Assert.Equal(true, dry.Properties["Passed"].Value);
            Assert.Null(_s.Aws.ParallelCluster.FindImage(id));
            Assert.Equal(1, _s.Calls("BuildImage"));
        }

        [Fact]
        public void RollbackAndValidatorOptions_ReachTheApi()
        {
            var id = Unique("rb");
            _s.Aws.ParallelCluster.FailBuild(id, "boom");
            _s.Invoke("New-HpcImageConfig $args[1] c6i.xlarge | New-HpcImage -ImageId $args[0] -Region us-east-1 -RollbackOnFailure -Wait -ErrorAction SilentlyContinue", id, ImageSession.Parent);
            Assert.Equal("ROLLBACK_COMPLETE", _s.Aws.ParallelCluster.FindImage(id).StackStatus);
            var id2 = Unique("keep");
            _s.Aws.ParallelCluster.FailBuild(id2, "boom");
            _s.Invoke("New-HpcImageConfig $args[1] c6i.xlarge | New-HpcImage -ImageId $args[0] -Region us-east-1 -Wait -ErrorAction SilentlyContinue", id2, ImageSession.Parent);
            Assert.Equal("CREATE_FAILED", _s.Aws.ParallelCluster.FindImage(id2).StackStatus);
        }

        [Fact]
        public void ConfigPath_IsValidatedLocally_BeforeAnyCall()
        {
            var path = System.IO.Path.Combine(_s.StateHome, Unique("img") + ".yaml");
            System.IO.File.WriteAllText(path, "Build:\n  InstanceType: c6i.xlarge\n  ParentImage: img-123\n  Components:\n    - Type: script\n      Value: ftp://x/y.sh\n");
            var result = _s.Invoke("New-HpcImage -ImageId fromfile -ConfigPath $args[0] -Region us-east-1", path);
            var message = result.SingleError().Exception.Message;
            Assert.Contains("Build.ParentImage 'img-123' does not match the pattern ^ami|arn", message);
            Assert.Contains("The Type in Component is script, the value 'ftp://x/y.sh' is invalid", message);
            Assert.Equal(0, _s.Calls("BuildImage"));
        }

        [Theory]
        [InlineData("New-HpcImage -ImageId 9lives -Config (New-HpcImageConfig ami-1 c6i.xlarge)", "ImageIdInvalid")]
        [InlineData("Get-HpcImage -ImageId my_image", "ImageIdInvalid")]
        [InlineData("Remove-HpcImage -ImageId x -Force", "ImageIdInvalid")]
        [InlineData("Get-HpcOfficialImage -Os windows2022", "OsUnknown")]
        [InlineData("Get-HpcImage -Region us-est-1", "Aws.BadRegion")]
        [InlineData("New-HpcImage -ImageId good-id -Config (New-HpcImageConfig ami-1 c6i.xlarge -Region eu-west-1) -Region us-east-1", "ImageConfigRegionMismatch")]
        public void BadInput_IsRefusedBeforeAnyCall(string script, string errorId)
        {
            var result = _s.Invoke(script);
            Assert.StartsWith(errorId + ",", result.SingleError().FullyQualifiedErrorId);
            Assert.Empty(_s.Aws.Calls.All);
        }

        [Fact]
        public void NewHpcImageConfig_RefusesWhatTheOfficialSchemaRefuses_WithEveryProblem()
        {
            var result = _s.Invoke("New-HpcImageConfig -ParentImage ami-1 -InstanceType c6i.xlarge -Component 'arn:aws:imagebuilder:us-east-1:aws:component/x/1.0.0/1','http://insecure/x.sh' -Tag @{ 'parallelcluster:owner' = 'me' } -SubnetId subnet-0123456789abcdef0");
            var message = result.SingleError().Exception.Message;
            Assert.Contains("3 problems", message);
            Assert.Contains("Build.Components[1].Value", message);
            Assert.Contains("Image.Tags[0].Key", message);
            Assert.Contains("Subnet id subnet-0123456789abcdef0 is specified, security groups is required", message);
        }

        [Fact]
        public void OfficialImage_PipesIntoANewImageConfig_AsParentAndRegion()
        {
            var config = _s.Invoke("Get-HpcOfficialImage -Os alinux2023 -Architecture arm64 -Region eu-west-1 | New-HpcImageConfig -InstanceType c7g.xlarge").Succeeded().Output.Single();
            var official = _s.Invoke("Get-HpcOfficialImage alinux2023 -Architecture arm64 -Region eu-west-1").Succeeded().Output.Single();
            Assert.Equal(official.Properties["AmiId"].Value, config.Properties["ParentImage"].Value);
            Assert.Equal("eu-west-1", config.Properties["Region"].Value);
            Assert.Equal("alinux2023", official.Properties["Os"].Value);
            Assert.Contains("Region: eu-west-1", (string)config.Properties["Yaml"].Value);
            var all = _s.Invoke("Get-HpcOfficialImage -Region us-east-1").Succeeded();
            Assert.Equal(16, all.Output.Count);
        }
    }
}
