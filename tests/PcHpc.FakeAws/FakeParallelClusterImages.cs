using System;
using System.Collections.Generic;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace PcHpc.FakeAws
{
    /// <summary>A custom image as stored by the fake (read under <see cref="FakeParallelCluster.Lock"/>).</summary>
    public sealed class FakeImage
    {
        public string ImageId { get; init; }
        public string Region { get; init; }
        public string Version { get; init; }
        /// <summary>imageBuildStatus.</summary>
        public string Status { get; set; }
        public string StackStatus { get; set; }
        public string StackStatusReason { get; set; }
        public string StackArn { get; init; }
        public string Configuration { get; init; }
        public string ParentImage { get; init; }
        public DateTime CreationTime { get; init; } = DateTime.UtcNow;
        public string AmiId { get; set; }
        public string ImageBuilderStatus { get; set; } = "BUILDING";
        public string ImageBuilderStatusReason { get; set; }
        public bool RollbackOnFailure { get; init; }
        public List<FakeStackEvent> StackEvents { get; } = new();
        public Dictionary<string, List<FakeLogEvent>> LogStreams { get; } = new();
        internal Transition Pending { get; set; }
    }

    /// <summary>
    /// The /v3/images/custom endpoints: BuildImage (BUILD_IN_PROGRESS → BUILD_COMPLETE with an AMI, or BUILD_FAILED after
    /// <see cref="FailBuild"/>), ListImages (imageStatus AVAILABLE | PENDING | FAILED, nextToken paging with
    /// <see cref="PageSize"/>), DescribeImage, DeleteImage (→ gone, or DELETE_FAILED after <see cref="FailImageDelete"/>),
    /// the build's log streams/events and its stack events. Images move on like clusters (Knobs.TransitionPolls).
    /// </summary>
    public sealed partial class FakeParallelCluster
    {
        private readonly List<FakeImage> _images = new();
        private readonly Dictionary<string, string> _failBuild = new();
        private readonly HashSet<string> _failImageDelete = new();

        public IReadOnlyList<FakeImage> Images { get { lock (Lock) return _images.ToList(); } }

        public FakeImage FindImage(string imageId, string region = null) { lock (Lock) return _images.FirstOrDefault(i => i.ImageId == imageId && (region == null || i.Region == region)); }

        /// <summary>The next build of the image ends BUILD_FAILED with this Image Builder reason.</summary>
        public void FailBuild(string imageId, string reason) { lock (Lock) _failBuild[imageId] = reason; }

        /// <summary>Deletion of the image ends DELETE_FAILED.</summary>
        public void FailImageDelete(string imageId) { lock (Lock) _failImageDelete.Add(imageId); }

        public void ClearImageDeleteFailures() { lock (Lock) _failImageDelete.Clear(); }

        internal static string ImageOperationOf(string method, string[] p) => (p.Length, method, p.Length > 4 ? p[4] : null) switch
        {
            (3, "GET", _) => "ListImages",
            (3, "POST", _) => "BuildImage",
            (4, "GET", _) => "DescribeImage",
            (4, "DELETE", _) => "DeleteImage",
            (5, "GET", "logstreams") => "ListImageLogStreams",
            (6, "GET", "logstreams") => "GetImageLogEvents",
            (5, "GET", "stackevents") => "GetImageStackEvents",
            _ => "Unknown",
        };

        private static FakeAwsError ImageNotFound(string id) => new FakeAwsError(404, "NotFoundException", $"No image or stack associated with ParallelCluster image id: {id}.");

        private FakeResponse HandleImage(FakeRequest r, string op, string[] parts, string region)
        {
            switch (op)
            {
                case "BuildImage": return BuildImage(r, region);
                case "ListImages": return ListImages(r, region);
            }
            var id = parts[3];
            var image = _images.FirstOrDefault(i => i.ImageId == id && i.Region == region);
            if (image == null) throw ImageNotFound(id);
            Tick(image);
            if (!_images.Contains(image)) throw ImageNotFound(id);
            switch (op)
            {
                case "DescribeImage": return Ok(DescribeImage(image));
                case "DeleteImage":
                    if (image.Status != "DELETE_IN_PROGRESS")
                    {
                        image.Status = "DELETE_IN_PROGRESS";
                        image.StackStatus = "DELETE_IN_PROGRESS";
                        image.Pending = new Transition();
                        AddImageEvent(image, image.ImageId, image.StackArn, "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "User Initiated");
                    }
                    return Ok(new Dictionary<string, object> { ["image"] = ImageSummary(image) }, 202);
                case "ListImageLogStreams":
                {
                    var all = image.LogStreams.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
                    var (start, size) = Page(r, all.Count);
                    var body = new Dictionary<string, object>
                    {
                        ["logStreams"] = all.Skip(start).Take(size).Select(kv => new Dictionary<string, object>
                        {
                            ["logStreamName"] = kv.Key,
                            ["creationTime"] = Json.Iso(kv.Value.Count > 0 ? kv.Value[0].Timestamp : image.CreationTime),
                            ["firstEventTimestamp"] = Json.Iso(kv.Value.Count > 0 ? kv.Value[0].Timestamp : image.CreationTime),
                            ["lastEventTimestamp"] = Json.Iso(kv.Value.Count > 0 ? kv.Value[^1].Timestamp : image.CreationTime),
                            ["lastIngestionTime"] = Json.Iso(kv.Value.Count > 0 ? kv.Value[^1].Timestamp : image.CreationTime),
                            ["uploadSequenceToken"] = "49612345678901234567890123456789012345678901234567890",
                            ["logStreamArn"] = $"{LogGroupArn(image)}:log-stream:{kv.Key}",
                        }).ToList(),
                    };
                    AddToken(body, start, size, all.Count);
                    return Ok(body);
                }
                case "GetImageLogEvents":
                    if (!image.LogStreams.TryGetValue(parts[5], out var events))
                        throw new FakeAwsError(404, "NotFoundException", $"Log stream '{parts[5]}' does not exist for image '{image.ImageId}'.");
                    return LogEventsPage(r, events);
                case "GetImageStackEvents": return StackEventsPage(r, image.StackEvents);
            }
            throw new FakeAwsError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        private string LogGroupArn(FakeImage i) => $"arn:aws:logs:{i.Region}:{i.StackArn.Split(':')[4]}:log-group:/aws/imagebuilder/ParallelClusterImage-{i.ImageId}";

        private FakeResponse BuildImage(FakeRequest r, string region)
        {
            var body = ParseBody(r);
            var id = body["imageId"]?.ToString();
            var config = body["imageConfiguration"]?.ToString();
            if (string.IsNullOrEmpty(id)) throw BadRequest("Bad Request: 'imageId' is a required property");
            if (string.IsNullOrEmpty(config)) throw BadRequest("Bad Request: 'imageConfiguration' is a required property");
            if (!NamePattern.IsMatch(id) || id.Length > 128) throw BadRequest($"Bad Request: '{id}' does not match '^[a-zA-Z][a-zA-Z0-9-]+$'");
            var root = ParseConfig(config);
            var errors = new List<FakeValidationMessage>(ConfigurationValidationErrors);
            var parent = Scalar(root, "Build", "ParentImage");
            if (parent == null) errors.Add(new FakeValidationMessage(null, "ConfigSchemaValidator", "ERROR", "[('Build', {'ParentImage': ['Missing data for required field.']})]"));
            if (Scalar(root, "Build", "InstanceType") == null) errors.Add(new FakeValidationMessage(null, "ConfigSchemaValidator", "ERROR", "[('Build', {'InstanceType': ['Missing data for required field.']})]"));
            if (errors.Count > 0)
                throw BadRequest("Invalid image configuration.", new Dictionary<string, object> { ["message"] = "Invalid image configuration.", ["configurationValidationErrors"] = Messages(errors) });
            if (_images.Any(i => i.ImageId == id && i.Region == region))
                throw new FakeAwsError(409, "ConflictException", $"ParallelCluster image {id} already exists.");
            if (r.Param("dryrun") == "true")
                throw new FakeAwsError(412, "DryrunOperationException", "Request would have succeeded, but DryRun flag is set.", new Dictionary<string, object>
                {
                    ["message"] = "Request would have succeeded, but DryRun flag is set.",
                    ["validationMessages"] = Messages(ValidationMessages),
                });
            var account = _server.Sts.IdentityFor(r.AccessKey).Account;
            var image = new FakeImage
            {
                ImageId = id, Region = region, Version = Version, Status = "BUILD_IN_PROGRESS", StackStatus = "CREATE_IN_PROGRESS",
                StackArn = $"arn:aws:cloudformation:{region}:{account}:stack/{id}/{Guid.NewGuid()}", Configuration = config, ParentImage = parent,
                RollbackOnFailure = r.Param("rollbackOnFailure") == "true", Pending = new Transition(),
            };
            _images.Add(image);
            AddImageEvent(image, id, image.StackArn, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated");
            AddImageEvent(image, "InstanceRole", "ParallelClusterImage-" + id, "AWS::IAM::Role", "CREATE_COMPLETE", null);
            AddImageEvent(image, "ImageRecipe", $"arn:aws:imagebuilder:{region}:{account}:image-recipe/{id.ToLowerInvariant()}/1.0.0", "AWS::ImageBuilder::ImageRecipe", "CREATE_COMPLETE", null);
            AddImageEvent(image, "ParallelClusterImage", null, "AWS::ImageBuilder::Image", "CREATE_IN_PROGRESS", null);
            image.LogStreams[$"{Version}/1"] = new List<FakeLogEvent> { new(DateTime.UtcNow, $"Image Builder build of {id} from {parent} started") };
            return Ok(new Dictionary<string, object> { ["image"] = ImageSummary(image), ["validationMessages"] = Messages(ValidationMessages) }, 202);
        }

        private FakeResponse ListImages(FakeRequest r, string region)
        {
            var filter = r.Param("imageStatus");
            var statuses = filter switch
            {
                "AVAILABLE" => new[] { "BUILD_COMPLETE" },
                "PENDING" => new[] { "BUILD_IN_PROGRESS", "DELETE_IN_PROGRESS" },
                "FAILED" => new[] { "BUILD_FAILED", "DELETE_FAILED" },
                null => throw BadRequest("Bad Request: imageStatus is a required parameter"),
                _ => throw BadRequest($"Bad Request: '{filter}' is not one of ['AVAILABLE', 'PENDING', 'FAILED']"),
            };
            foreach (var i in _images.Where(x => x.Region == region).ToList()) Tick(i);
            var all = _images.Where(i => i.Region == region && statuses.Contains(i.Status)).OrderBy(i => i.ImageId, StringComparer.Ordinal).ToList();
            var (start, size) = Page(r, all.Count);
            var body = new Dictionary<string, object> { ["images"] = all.Skip(start).Take(size).Select(ImageSummary).ToList() };
            AddToken(body, start, size, all.Count);
            return Ok(body);
        }

        private void Tick(FakeImage i)
        {
            if (i.Pending == null || !_server.Due(i.Pending)) return;
            i.Pending = null;
            switch (i.Status)
            {
                case "BUILD_IN_PROGRESS":
                    var log = i.LogStreams[$"{i.Version}/1"];
                    if (_failBuild.Remove(i.ImageId, out var reason))
                    {
                        i.Status = "BUILD_FAILED";
                        i.ImageBuilderStatus = "FAILED";
                        i.ImageBuilderStatusReason = reason;
                        AddImageEvent(i, "ParallelClusterImage", null, "AWS::ImageBuilder::Image", "CREATE_FAILED", "Resource handler returned message: \"Image status: FAILED. Reason: " + reason + "\"");
                        i.StackStatus = i.RollbackOnFailure ? "ROLLBACK_COMPLETE" : "CREATE_FAILED";
                        i.StackStatusReason = "The following resource(s) failed to create: [ParallelClusterImage].";
                        AddImageEvent(i, i.ImageId, i.StackArn, "AWS::CloudFormation::Stack", i.StackStatus, i.StackStatusReason);
                        log.Add(new FakeLogEvent(DateTime.UtcNow, "Step failed: " + reason));
                        log.Add(new FakeLogEvent(DateTime.UtcNow.AddMilliseconds(1), "TOE has completed execution with failure"));
                        break;
                    }
                    i.Status = "BUILD_COMPLETE";
                    i.ImageBuilderStatus = "AVAILABLE";
                    i.AmiId = "ami-0" + Hex(16);
                    i.StackStatus = "CREATE_COMPLETE";
                    AddImageEvent(i, "ParallelClusterImage", $"arn:aws:imagebuilder:{i.Region}:image/{i.ImageId.ToLowerInvariant()}/1.0.0/1", "AWS::ImageBuilder::Image", "CREATE_COMPLETE", null);
                    AddImageEvent(i, i.ImageId, i.StackArn, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null);
                    log.Add(new FakeLogEvent(DateTime.UtcNow, "TOE has completed execution successfully"));
                    break;
                case "DELETE_IN_PROGRESS":
                    if (_failImageDelete.Contains(i.ImageId))
                    {
                        i.Status = "DELETE_FAILED";
                        i.StackStatus = "DELETE_FAILED";
                        AddImageEvent(i, i.ImageId, i.StackArn, "AWS::CloudFormation::Stack", "DELETE_FAILED", "The following resource(s) failed to delete: [ParallelClusterImage].");
                    }
                    else _images.Remove(i);
                    break;
            }
        }

        private void AddImageEvent(FakeImage i, string logical, string physical, string type, string status, string reason)
        {
            var t = DateTime.UtcNow;
            if (i.StackEvents.Count > 0 && i.StackEvents[^1].Timestamp >= t) t = i.StackEvents[^1].Timestamp.AddMilliseconds(1);
            i.StackEvents.Add(new FakeStackEvent(Guid.NewGuid().ToString(), i.StackArn, i.ImageId, logical, physical, type, status, reason, t));
        }

        private static Dictionary<string, object> ImageSummary(FakeImage i)
        {
            var d = new Dictionary<string, object>
            {
                ["imageId"] = i.ImageId, ["region"] = i.Region, ["version"] = i.Version, ["cloudformationStackArn"] = i.StackArn,
                ["imageBuildStatus"] = i.Status, ["cloudformationStackStatus"] = i.StackStatus,
            };
            if (i.AmiId != null) d["ec2AmiInfo"] = new Dictionary<string, object> { ["amiId"] = i.AmiId };
            return d;
        }

        private Dictionary<string, object> DescribeImage(FakeImage i)
        {
            var d = new Dictionary<string, object>
            {
                ["imageId"] = i.ImageId, ["region"] = i.Region, ["version"] = i.Version, ["imageBuildStatus"] = i.Status,
                ["imageBuildLogsArn"] = LogGroupArn(i), ["cloudformationStackStatus"] = i.StackStatus, ["cloudformationStackArn"] = i.StackArn,
                ["creationTime"] = Json.Iso(i.CreationTime), ["cloudformationStackCreationTime"] = Json.Iso(i.CreationTime),
                ["cloudformationStackTags"] = new List<object>
                {
                    new Dictionary<string, object> { ["key"] = "parallelcluster:image_id", ["value"] = i.ImageId },
                    new Dictionary<string, object> { ["key"] = "parallelcluster:version", ["value"] = i.Version },
                },
                ["imageConfiguration"] = new Dictionary<string, object> { ["url"] = $"https://parallelcluster-{Hex(16)}-v1-do-not-delete.s3.{i.Region}.amazonaws.com/parallelcluster/{i.Version}/images/{i.ImageId}/configs/image-config.yaml?X-Amz-Expires=3600" },
                ["imagebuilderImageStatus"] = i.ImageBuilderStatus,
            };
            if (i.StackStatusReason != null) d["cloudformationStackStatusReason"] = i.StackStatusReason;
            if (i.ImageBuilderStatusReason != null) d["imagebuilderImageStatusReason"] = i.ImageBuilderStatusReason;
            if (i.AmiId != null)
                d["ec2AmiInfo"] = new Dictionary<string, object>
                {
                    ["amiId"] = i.AmiId, ["amiName"] = $"{i.ImageId} {i.CreationTime:yyyy-MM-dd'T'HH-mm-ss.fff'Z'}", ["architecture"] = "x86_64", ["state"] = "AVAILABLE",
                    ["description"] = $"AWS ParallelCluster AMI {i.Version}",
                    ["tags"] = new List<object> { new Dictionary<string, object> { ["key"] = "parallelcluster:image_id", ["value"] = i.ImageId } },
                };
            return d;
        }
    }
}
