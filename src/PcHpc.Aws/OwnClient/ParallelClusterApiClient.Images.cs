using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Http;
using PcHpc.Aws.Protocols;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Services
{
    /// <summary>The /v3/images/custom operations (BuildImage, ListImages, DescribeImage, DeleteImage, image logs and stack events).</summary>
    internal sealed partial class ParallelClusterApiClient
    {
        public async Task<BuildImageResult> BuildImageAsync(BuildImageRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var region = RegionOf(request.Region);
            var input = new Dictionary<string, object>
            {
                ["region"] = region,
                ["imageId"] = request.ImageId,
                ["imageConfiguration"] = request.ImageConfiguration ?? string.Empty,
            };
            PutConfigurationOptions(input, request);
            if (request.RollbackOnFailure.HasValue) input["rollbackOnFailure"] = request.RollbackOnFailure.Value;
            try
            {
                // Like CreateCluster: a 504 may come after the build started, so the request is never resent on it.
                var o = await Invoker.CallAsync("BuildImage", input, cancellationToken, e => e.StatusCode == 504).ConfigureAwait(false);
                return new BuildImageResult { Image = ImageSummary(o.Map("image")), ValidationMessages = Messages(o, "validationMessages") };
            }
            catch (AwsServiceException ex) when (request.DryRun && ex.StatusCode == 412)
            {
                var body = ParallelClusterErrorBody.Parse(ex.Error?.RawBody);
                _session.Activity.Verbose("ParallelCluster BuildImage dry run of image '" + request.ImageId + "': " + (body.Message ?? "request would have succeeded") + ".");
                return new BuildImageResult { DryRunSucceeded = true, ValidationMessages = body.ValidationMessages };
            }
            catch (AwsServiceException ex) when (ex.StatusCode >= 400)
            {
                throw ParallelClusterErrors.Map(ex, "BuildImage", request.ImageId, region, "image");
            }
        }

        public async Task<ImageListPage> ListImagesAsync(string region, string imageStatus, string nextToken, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var input = new Dictionary<string, object> { ["region"] = region, ["imageStatus"] = imageStatus ?? "AVAILABLE" };
            input.PutIf("nextToken", nextToken);
            var o = await ImageCall("ListImages", input, null, region, cancellationToken).ConfigureAwait(false);
            return new ImageListPage { Images = o.Items("images").Select(ImageSummary).ToList(), NextToken = o.Str("nextToken") };
        }

        public async Task<DescribeImageResult> DescribeImageAsync(string imageId, string region, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var o = await ImageCall("DescribeImage", new Dictionary<string, object> { ["imageId"] = imageId, ["region"] = region }, imageId, region, cancellationToken).ConfigureAwait(false);
            var ami = o.Map("ec2AmiInfo");
            return new DescribeImageResult
            {
                ImageId = o.Str("imageId"),
                Region = o.Str("region"),
                Version = o.Str("version"),
                ImageBuildStatus = o.Str("imageBuildStatus"),
                ImageBuildLogsArn = o.Str("imageBuildLogsArn"),
                CloudFormationStackStatus = o.FirstStr("cloudFormationStackStatus", "cloudformationStackStatus"),
                CloudFormationStackStatusReason = o.FirstStr("cloudFormationStackStatusReason", "cloudformationStackStatusReason"),
                CloudFormationStackArn = o.FirstStr("cloudformationStackArn", "cloudFormationStackArn"),
                CreationTime = o.Date("creationTime"),
                CloudFormationStackCreationTime = o.Date("cloudformationStackCreationTime"),
                CloudFormationStackTags = o.Tags("cloudformationStackTags", "key", "value"),
                ImageConfigurationUrl = o.Str("imageConfiguration.url"),
                ImageBuilderImageStatus = o.Str("imagebuilderImageStatus"),
                ImageBuilderImageStatusReason = o.Str("imagebuilderImageStatusReason"),
                Ec2AmiInfo = ami == null ? null : new Ec2AmiInfo
                {
                    AmiId = ami.Str("amiId"),
                    AmiName = ami.Str("amiName"),
                    Architecture = ami.Str("architecture"),
                    State = ami.Str("state"),
                    Description = ami.Str("description"),
                    Tags = ami.Tags("tags", "key", "value"),
                },
            };
        }

        public async Task<ImageInfoSummary> DeleteImageAsync(string imageId, string region, bool force, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var input = new Dictionary<string, object> { ["imageId"] = imageId, ["region"] = region };
            if (force) input["force"] = true;
            var o = await ImageCall("DeleteImage", input, imageId, region, cancellationToken).ConfigureAwait(false);
            return ImageSummary(o.Map("image"));
        }

        public async Task<IReadOnlyList<LogStream>> ListImageLogStreamsAsync(string imageId, string region, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var o = await ImagePages("ListImageLogStreams", new Dictionary<string, object> { ["imageId"] = imageId, ["region"] = region }, imageId, region, cancellationToken).ConfigureAwait(false);
            return o.Items("logStreams").Select(ReadLogStream).ToList();
        }

        public async Task<LogEventsPage> GetImageLogEventsAsync(GetImageLogEventsRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var region = RegionOf(request.Region);
            var input = new Dictionary<string, object> { ["imageId"] = request.ImageId, ["logStreamName"] = request.LogStreamName, ["region"] = region };
            PutLogEventOptions(input, request);
            var o = await ImageCall("GetImageLogEvents", input, request.ImageId, region, cancellationToken).ConfigureAwait(false);
            return ReadLogEventsPage(o);
        }

        public async Task<IReadOnlyList<StackEvent>> GetImageStackEventsAsync(string imageId, string region, CancellationToken cancellationToken)
        {
            region = RegionOf(region);
            var o = await ImagePages("GetImageStackEvents", new Dictionary<string, object> { ["imageId"] = imageId, ["region"] = region }, imageId, region, cancellationToken).ConfigureAwait(false);
            return o.Items("events").Select(StackEventReader.Read).ToList();
        }

        private async Task<Dictionary<string, object>> ImageCall(string operation, Dictionary<string, object> input, string imageId, string region, CancellationToken ct)
        {
            try
            {
                return await Invoker.CallAsync(operation, input, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.StatusCode >= 400)
            {
                throw ParallelClusterErrors.Map(ex, operation, imageId, region, "image");
            }
        }

        private async Task<Dictionary<string, object>> ImagePages(string operation, Dictionary<string, object> input, string imageId, string region, CancellationToken ct)
        {
            try
            {
                return await Invoker.CallAllPagesAsync(operation, input, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.StatusCode >= 400)
            {
                throw ParallelClusterErrors.Map(ex, operation, imageId, region, "image");
            }
        }

        private static ImageInfoSummary ImageSummary(IDictionary<string, object> i) => i == null ? null : new ImageInfoSummary
        {
            ImageId = i.Str("imageId"),
            AmiId = i.Str("ec2AmiInfo.amiId"),
            Region = i.Str("region"),
            Version = i.Str("version"),
            CloudFormationStackArn = i.FirstStr("cloudformationStackArn", "cloudFormationStackArn"),
            ImageBuildStatus = i.Str("imageBuildStatus"),
            CloudFormationStackStatus = i.FirstStr("cloudFormationStackStatus", "cloudformationStackStatus"),
        };
    }
}
