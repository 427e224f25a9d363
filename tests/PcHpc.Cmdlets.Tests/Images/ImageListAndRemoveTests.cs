using System;
using System.Collections.Generic;
using System.Linq;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Images
{
    /// <summary>Get-HpcImage (status filter, paging, describe), Remove-HpcImage prompts and the pipelines into it and into New-HpcClusterConfig.</summary>
    [Collection(ImagesCollection.Name)]
    public class ImageListAndRemoveTests
    {
        private readonly ImageSession _s;

        public ImageListAndRemoveTests(ImageSession session)
        {
            _s = session;
            _s.Reset();
        }

        private static string Prefix() => "t" + Guid.NewGuid().ToString("N").Substring(0, 5);

        [Fact]
        public void List_FollowsEveryPage_OfEachStatus_AndFiltersByStatus()
        {
            var p = Prefix();
            for (var i = 0; i < 5; i++) _s.Image($"{p}-ok{i}");
            _s.Image($"{p}-bad0", failed: true);
            _s.Image($"{p}-bad1", failed: true);
            _s.Aws.ParallelCluster.PageSize = 2;
            _s.Aws.Calls.Clear();

            var all = _s.Invoke("Get-HpcImage -Region us-east-1").Succeeded();
            Assert.Equal(Enumerable.Range(0, 2).Select(i => $"{p}-bad{i}").Concat(Enumerable.Range(0, 5).Select(i => $"{p}-ok{i}")), all.Property("ImageId").Cast<string>());
            // AVAILABLE: 3 pages of 2, PENDING: 1 (empty), FAILED: 1.
            Assert.Equal(5, _s.Calls("ListImages"));

            _s.Aws.Calls.Clear();
            var failed = _s.Invoke("Get-HpcImage -Region us-east-1 -Status Failed").Succeeded();
            Assert.Equal(new[] { $"{p}-bad0", $"{p}-bad1" }, failed.Property("ImageId").Cast<string>());
            Assert.All(failed.Property("Status"), s => Assert.Equal("Failed", s.ToString()));
            Assert.Equal(1, _s.Calls("ListImages"));

            var wildcard = _s.Invoke("Get-HpcImage -ImageId '*-ok[13]' -Region us-east-1").Succeeded();
            Assert.Equal(new[] { $"{p}-ok1", $"{p}-ok3" }, wildcard.Property("ImageId").Cast<string>());
        }

        [Fact]
        public void ExactId_IsDescribed_WithTheBuildLogGroup()
        {
            var id = Prefix() + "-gpu";
            _s.Image(id);
            _s.Aws.Calls.Clear();
            var image = _s.Invoke("Get-HpcImage $args[0]", id).Succeeded().Output.Single();
            Assert.Equal(1, _s.Calls("DescribeImage"));
            Assert.Equal(0, _s.Calls("ListImages"));
            Assert.Equal(_s.Aws.ParallelCluster.FindImage(id).AmiId, image.Properties["AmiId"].Value);
            Assert.Equal("x86_64", image.Properties["Architecture"].Value);
            Assert.EndsWith($":log-group:/aws/imagebuilder/ParallelClusterImage-{id}", (string)image.Properties["BuildLogsArn"].Value);
            Assert.Equal(id, ((Dictionary<string, string>)image.Properties["Tags"].Value)["parallelcluster:image_id"]);

            var missing = _s.Invoke("Get-HpcImage -ImageId nosuch-image -Region us-east-1");
            var error = missing.SingleError();
            Assert.Contains("Image 'nosuch-image' was not found in us-east-1", error.Exception.Message);
            Assert.Contains("Get-HpcImage", error.Exception.Message);
        }

        [Theory]
        [InlineData(new[] { "Y", "Y" }, new[] { true, true })]
        [InlineData(new[] { "N", "Y" }, new[] { false, true })]
        [InlineData(new[] { "A" }, new[] { true, true })]
        [InlineData(new[] { "L" }, new[] { false, false })]
        public void FailedImages_PipedVerbatim_AreRemovedAsAnswered(string[] answers, bool[] removed)
        {
            var p = Prefix();
            _s.Image($"{p}-good");
            _s.Image($"{p}-bad0", failed: true);
            _s.Image($"{p}-bad1", failed: true);
            foreach (var other in _s.Aws.ParallelCluster.Images.Where(i => !i.ImageId.StartsWith(p, StringComparison.Ordinal) && i.Status == "BUILD_FAILED").ToList())
                _s.Invoke("Remove-HpcImage -ImageId $args[0] -Force -Wait", other.ImageId).Succeeded();

            var result = _s.InvokeAnswering("Get-HpcImage | Where Status -eq Failed | Remove-HpcImage", answers);

            Assert.True(result.Terminating == null && result.Errors.Count == 0 && result.OffThreadCalls.Count == 0, result.Describe());
            Assert.Empty(result.UnansweredPrompts);
            Assert.Equal(0, result.AnswersLeft);
            Assert.Equal(answers.Length, result.Prompts.Count);
            Assert.Contains($"{p}-bad0", result.Prompts[0]);
            Assert.Contains("us-east-1", result.Prompts[0]);
            Assert.Equal(removed, new[] { $"{p}-bad0", $"{p}-bad1" }.Select(id => _s.Status(id) is null or "DELETE_IN_PROGRESS").ToArray());
            Assert.Equal("BUILD_COMPLETE", _s.Status($"{p}-good"));
        }

        [Fact]
        public void Remove_Force_Wait_LeavesNothing_AndWhatIfBeatsForce()
        {
            var id = Prefix() + "-old";
            _s.Image(id);
            var whatIf = _s.Invoke("Remove-HpcImage -ImageId $args[0] -Force -WhatIf", id).Succeeded();
            Assert.Equal("BUILD_COMPLETE", _s.Status(id));
            Assert.Equal(0, _s.Calls("DeleteImage"));

            var removed = _s.Invoke("Remove-HpcImage -ImageId $args[0] -Force -Wait -EvenIfInUse", id).Succeeded();
            Assert.Empty(removed.Output);
            Assert.Null(_s.Status(id));
            Assert.Equal(1, _s.Calls("DeleteImage"));
        }

        [Fact]
        public void AvailableImage_BindsTheClusterConfigsAmi_PipedOrNamed()
        {
            var id = Prefix() + "-base";
            _s.Image(id);
            var ami = _s.Aws.ParallelCluster.FindImage(id).AmiId;
            var piped = _s.Invoke("Get-HpcImage $args[0] | New-HpcClusterConfig -HeadNodeSubnetId subnet-0123456789abcdef0", id).Succeeded().Output.Single();
            var named = _s.Invoke("New-HpcClusterConfig -Image (Get-HpcImage $args[0]) -HeadNodeSubnetId subnet-0123456789abcdef0", id).Succeeded().Output.Single();
            foreach (var config in new[] { piped, named })
            {
                dynamic image = config.Properties["Image"].Value;
                Assert.Equal(ami, (string)image.CustomAmi);
                Assert.Equal("us-east-1", config.Properties["Region"].Value);
            }
            var official = _s.Invoke("Get-HpcOfficialImage alinux2023 -Architecture x86_64 -Region us-east-1 | New-HpcClusterConfig -HeadNodeSubnetId subnet-0123456789abcdef0").Succeeded().Output.Single();
            dynamic officialImage = official.Properties["Image"].Value;
            Assert.StartsWith("ami-0", (string)officialImage.CustomAmi);
        }

        [Fact]
        public void FailedImage_OrOneOfAnotherRegion_IsRefusedByNewHpcClusterConfig()
        {
            var p = Prefix();
            _s.Image($"{p}-bad", failed: true);
            _s.Image($"{p}-ok");
            var failed = _s.Invoke("Get-HpcImage $args[0] | New-HpcClusterConfig -HeadNodeSubnetId subnet-0123456789abcdef0", $"{p}-bad");
            Assert.Empty(failed.Output);
            Assert.StartsWith("ImageNotAvailable,", failed.SingleError().FullyQualifiedErrorId);
            Assert.Contains("Wait-HpcImage", failed.SingleError().Exception.Message);

            var region = _s.Invoke("Get-HpcImage $args[0] | New-HpcClusterConfig -Region eu-west-1 -HeadNodeSubnetId subnet-0123456789abcdef0", $"{p}-ok");
            Assert.StartsWith("ImageRegionMismatch,", region.SingleError().FullyQualifiedErrorId);

            var both = _s.Invoke("New-HpcClusterConfig -Image (Get-HpcImage $args[0]) -CustomAmi ami-0fedcba9876543210 -HeadNodeSubnetId subnet-0123456789abcdef0", $"{p}-ok");
            Assert.StartsWith("SeveralAmis,", both.SingleError().FullyQualifiedErrorId);
        }

        [Fact]
        public void ImageLog_ListsStreams_AndPipesIntoARead()
        {
            var id = Prefix() + "-log";
            _s.Image(id);
            var streams = _s.Invoke("Get-HpcImageLog -ImageId $args[0]", id).Succeeded();
            Assert.Equal(new object[] { "3.12.0/1" }, streams.Property("LogStream").ToArray());
            var events = _s.Invoke("Get-HpcImageLog -ImageId $args[0] | Get-HpcImageLog", id).Succeeded();
            Assert.Equal(new object[] { $"Image Builder build of {id} from {ImageSession.Parent} started", "TOE has completed execution successfully" }, events.Property("Message").ToArray());
            var tail = _s.Invoke("Get-HpcImageLog -ImageId $args[0] -LogStream 3.12.0/1 -Tail 1", id).Succeeded();
            Assert.Equal(new object[] { "TOE has completed execution successfully" }, tail.Property("Message").ToArray());
        }
    }
}
