using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Clusters;
using PcHpc.Core.Config;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Images
{
    public sealed class ImageBuildRequest
    {
        public string ImageId { get; set; }
        public string Region { get; set; }
        /// <summary>The build-image YAML (from a config object or a file).</summary>
        public string ConfigYaml { get; set; }
        public bool DryRun { get; set; }
        public IList<string> SuppressValidators { get; set; } = new List<string>();
        public string ValidationFailureLevel { get; set; }
        public bool? RollbackOnFailure { get; set; }
        public bool Wait { get; set; }
        public TimeSpan? Timeout { get; set; }
    }

    public sealed class ImageBuildResult
    {
        /// <summary>The image (null after a successful dry run).</summary>
        public Image Image { get; set; }
        public bool DryRunSucceeded { get; set; }
        public IList<ConfigValidationMessage> Messages { get; set; } = new List<ConfigValidationMessage>();
    }

    /// <summary>
    /// Custom images over the ParallelCluster API: build (local validation first), list by status with paging,
    /// describe, delete, wait with progress from the image stack's events (a failure names Image Builder's reason,
    /// the first failing resource and the build log to read), official AMIs and the build logs. Works over
    /// <see cref="ClusterConnections"/> (API discovery, role sessions, options): its own, or a cluster engine's.
    /// </summary>
    public sealed class ImageEngine : IDisposable
    {
        private readonly ClusterConnections _connections;
        private readonly bool _ownsConnections;

        /// <summary>An image engine with its own connections, built from the same options as a cluster engine; disposing it closes them.</summary>
        public ImageEngine(ClusterEngineOptions options) : this(new ClusterConnections(options), ownsConnections: true)
        {
        }

        /// <summary>An image engine over connections someone else owns (and disposes).</summary>
        public ImageEngine(ClusterConnections connections) : this(connections ?? throw new ArgumentNullException(nameof(connections)), ownsConnections: false)
        {
        }

        private ImageEngine(ClusterConnections connections, bool ownsConnections)
        {
            _connections = connections;
            _ownsConnections = ownsConnections;
        }

        private ClusterEngineOptions Options => _connections.Options;

        public void Dispose()
        {
            if (_ownsConnections) _connections.Dispose();
        }

        /// <summary>Validates a build-image YAML locally and throws one Validation error listing every problem.</summary>
        public static void CheckConfig(string yaml, object target) =>
            ConfigValidationException.ThrowIfErrors(ImageConfigValidator.ValidateYaml(yaml), "image configuration", target);

        public async Task<ImageBuildResult> BuildAsync(ImageBuildRequest request, IActivitySink sink, CancellationToken cancellationToken)
        {
            ImageConfigValidator.CheckImageId(request.ImageId);
            CheckConfig(request.ConfigYaml, request.ImageId);
            var c = await _connections.ConnectAsync(request.Region, sink, cancellationToken).ConfigureAwait(false);
            sink.Verbose($"{(request.DryRun ? "Validating" : "Building")} image '{request.ImageId}' in {c.Region} through {c.ApiUri}.");
            var answer = await c.Api.BuildImageAsync(new BuildImageRequest
            {
                ImageId = request.ImageId,
                Region = c.Region,
                ImageConfiguration = request.ConfigYaml,
                DryRun = request.DryRun,
                SuppressValidators = request.SuppressValidators ?? new List<string>(),
                ValidationFailureLevel = request.ValidationFailureLevel,
                RollbackOnFailure = request.RollbackOnFailure,
            }, cancellationToken).ConfigureAwait(false);
            foreach (var m in answer.ValidationMessages)
                sink.Warning($"Image '{request.ImageId}': [{m.Level}] {(string.IsNullOrEmpty(m.Type) ? "" : m.Type + ": ")}{m.Message}");
            var result = new ImageBuildResult { DryRunSucceeded = answer.DryRunSucceeded, Messages = answer.ValidationMessages };
            if (answer.DryRunSucceeded) return result;
            result.Image = ImageMapper.FromSummary(answer.Image, c.Region);
            if (request.Wait) result.Image = await WaitOnAsync(c, request.ImageId, request.Timeout, sink, cancellationToken).ConfigureAwait(false);
            return result;
        }

        /// <summary>
        /// Images of a region: every ListImages page of each status filter the state needs (all three for null),
        /// matched against a wildcard id pattern.
        /// </summary>
        public async Task<IReadOnlyList<Image>> ListAsync(string region, ImageState? state, string idPattern, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await _connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            var filters = state == null ? new[] { "AVAILABLE", "PENDING", "FAILED" } : new[] { ImageMapper.FilterOf(state.Value) };
            var matcher = NamePattern.ToRegex(idPattern);
            var found = new List<Image>();
            foreach (var filter in filters)
            {
                string token = null;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                do
                {
                    var page = await c.Api.ListImagesAsync(c.Region, filter, token, cancellationToken).ConfigureAwait(false);
                    found.AddRange(page.Images.Select(i => ImageMapper.FromSummary(i, c.Region)));
                    token = page.NextToken;
                    if (token != null && !seen.Add(token))
                        throw new PcHpcException(ErrorKind.ServiceError, "ImageListLoop", $"ListImages in {c.Region} returned the page token '{token}' twice; try again later.");
                }
                while (!string.IsNullOrEmpty(token));
            }
            return found
                .Where(i => matcher.IsMatch(i.ImageId ?? string.Empty) && (state == null || i.Status == state.Value))
                .GroupBy(i => i.ImageId, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(i => i.ImageId, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        public async Task<Image> DescribeAsync(string imageId, string region, IActivitySink sink, CancellationToken cancellationToken)
        {
            ImageConfigValidator.CheckImageId(imageId);
            var c = await _connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            return ImageMapper.FromDescribe(await c.Api.DescribeImageAsync(imageId, c.Region, cancellationToken).ConfigureAwait(false), c.Region);
        }

        /// <summary>Starts the deletion (also of a DELETE_FAILED image); with wait returns null once the image is gone.</summary>
        public async Task<Image> DeleteAsync(string imageId, string region, bool force, bool wait, IActivitySink sink, CancellationToken cancellationToken)
        {
            ImageConfigValidator.CheckImageId(imageId);
            var c = await _connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            var summary = await c.Api.DeleteImageAsync(imageId, c.Region, force, cancellationToken).ConfigureAwait(false);
            var image = summary == null ? null : ImageMapper.FromSummary(summary, c.Region);
            if (!wait) return image;
            return await WaitOnAsync(c, imageId, null, sink, cancellationToken, deleting: true).ConfigureAwait(false);
        }

        public async Task<Image> WaitAsync(string imageId, string region, TimeSpan? timeout, IActivitySink sink, CancellationToken cancellationToken)
        {
            ImageConfigValidator.CheckImageId(imageId);
            var c = await _connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            return await WaitOnAsync(c, imageId, timeout, sink, cancellationToken).ConfigureAwait(false);
        }

        private async Task<Image> WaitOnAsync(ApiConnection c, string imageId, TimeSpan? timeout, IActivitySink sink, CancellationToken cancellationToken, bool deleting = false)
        {
            var started = Options.Now();
            var activityId = Math.Abs(StringComparer.Ordinal.GetHashCode("image/" + c.Region + "/" + imageId) % 10000) + 10;
            var activity = (deleting ? "Deleting image " : "Building image ") + imageId;
            var shown = false;
            try
            {
                while (true)
                {
                    DescribeImageResult d;
                    try
                    {
                        d = await c.Api.DescribeImageAsync(imageId, c.Region, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ParallelClusterApiException ex) when (ex.StatusCode == 404 && deleting)
                    {
                        sink.Verbose($"Image '{imageId}' in {c.Region} is deleted.");
                        if (shown) sink.Progress(new ProgressUpdate { ActivityId = activityId, Activity = activity, Status = "DELETE_COMPLETE", Completed = true });
                        return null;
                    }
                    var image = ImageMapper.FromDescribe(d, c.Region);
                    if (d.ImageBuildStatus == null || !d.ImageBuildStatus.EndsWith("_IN_PROGRESS", StringComparison.Ordinal))
                    {
                        if (shown) sink.Progress(new ProgressUpdate { ActivityId = activityId, Activity = activity, Status = d.ImageBuildStatus, Completed = true });
                        if (image.Status == ImageState.Failed) throw await DiagnoseAsync(c, image, cancellationToken).ConfigureAwait(false);
                        return image;
                    }
                    IReadOnlyList<StackEvent> events;
                    try { events = await c.Api.GetImageStackEventsAsync(imageId, c.Region, cancellationToken).ConfigureAwait(false); }
                    catch (ParallelClusterApiException) { events = new StackEvent[0]; }
                    var progress = StackProgress.From(events, imageId);
                    shown = true;
                    sink.Progress(new ProgressUpdate
                    {
                        ActivityId = activityId,
                        Activity = activity,
                        Status = (progress.Total == 0 ? d.ImageBuildStatus : $"{d.ImageBuildStatus}: {progress.Done} of {progress.Total} resources done")
                                 + (string.IsNullOrEmpty(d.ImageBuilderImageStatus) || deleting ? string.Empty : $" (Image Builder: {d.ImageBuilderImageStatus})"),
                        CurrentOperation = progress.Latest,
                        PercentComplete = progress.Percent,
                    });
                    var delay = Options.PollInterval;
                    if (timeout != null)
                    {
                        var left = timeout.Value - (Options.Now() - started);
                        if (left <= TimeSpan.Zero)
                        {
                            sink.Progress(new ProgressUpdate { ActivityId = activityId, Activity = activity, Status = d.ImageBuildStatus, Completed = true });
                            throw new PcHpcException(ErrorKind.Timeout, "ImageWaitTimedOut",
                                $"Image '{imageId}' in {c.Region} is still {d.ImageBuildStatus} after {timeout.Value}; wait longer with Wait-HpcImage -ImageId {imageId} -Region {c.Region}.") { Target = imageId };
                        }
                        if (left < delay) delay = left;
                    }
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                if (shown) sink.Progress(new ProgressUpdate { ActivityId = activityId, Activity = activity, Status = "Cancelled", Completed = true });
                throw;
            }
        }

        /// <summary>Why an image failed: Image Builder's reason, the stack's, the first failing resource, and the build log to read next.</summary>
        private async Task<ImageFailedException> DiagnoseAsync(ApiConnection c, Image image, CancellationToken cancellationToken)
        {
            IReadOnlyList<StackEvent> events = new StackEvent[0];
            try { events = await c.Api.GetImageStackEventsAsync(image.ImageId, c.Region, cancellationToken).ConfigureAwait(false); }
            catch (ParallelClusterApiException) { }
            IReadOnlyList<LogStream> streams = new LogStream[0];
            try { streams = await c.Api.ListImageLogStreamsAsync(image.ImageId, c.Region, cancellationToken).ConfigureAwait(false); }
            catch (ParallelClusterApiException) { }
            var first = events.Where(e => e.ResourceStatus != null && e.ResourceStatus.EndsWith("_FAILED", StringComparison.Ordinal) && !string.IsNullOrEmpty(e.ResourceStatusReason)
                                          && e.ResourceType != "AWS::CloudFormation::Stack")
                .OrderBy(e => e.Timestamp).FirstOrDefault();
            var stream = streams.OrderByDescending(s => s.LastEventTimestamp ?? s.CreationTime ?? DateTime.MinValue).Select(s => s.LogStreamName).FirstOrDefault(s => s != null);
            var stackReason = image.StackStatusReason
                ?? events.Where(e => e.ResourceType == "AWS::CloudFormation::Stack" && (e.ResourceStatus ?? "").EndsWith("_FAILED", StringComparison.Ordinal) && !string.IsNullOrEmpty(e.ResourceStatusReason))
                    .OrderByDescending(e => e.Timestamp).Select(e => e.ResourceStatusReason).FirstOrDefault();
            var text = new System.Text.StringBuilder($"Image '{image.ImageId}' in {image.Region} is {image.ImageBuildStatus}");
            if (image.ImageBuildStatus == "BUILD_FAILED" && !string.IsNullOrEmpty(image.ImageBuilderStatusReason)) text.Append($": Image Builder {image.ImageBuilderStatus}: {image.ImageBuilderStatusReason.Trim().TrimEnd('.')}");
            else if (!string.IsNullOrEmpty(stackReason)) text.Append($": {stackReason.Trim().TrimEnd('.')}");
            text.Append('.');
            if (first != null) text.Append($" First failing resource: {first.LogicalResourceId} ({first.ResourceType}) {first.ResourceStatus}: {first.ResourceStatusReason}.");
            var group = ImageMapper.LogGroupOf(image.BuildLogsArn);
            text.Append(stream != null
                ? $" Read the Image Builder log next: Get-HpcImageLog -ImageId {image.ImageId} -Region {image.Region} -LogStream {stream} -Tail 100"
                : $" Read the Image Builder log next: Get-HpcImageLog -ImageId {image.ImageId} -Region {image.Region}");
            text.Append(group == null ? "." : $" (log group {group}).");
            if (image.ImageBuildStatus == "BUILD_FAILED") text.Append($" Fix the cause, then Remove-HpcImage -ImageId {image.ImageId} -Region {image.Region} and build again.");
            if (image.ImageBuildStatus == "DELETE_FAILED") text.Append($" Remove it again with Remove-HpcImage -ImageId {image.ImageId} -Region {image.Region} (-EvenIfInUse when instances use the AMI or it is shared).");
            return new ImageFailedException(image, stream, text.ToString()) { Target = image.ImageId };
        }

        public async Task<IReadOnlyList<OfficialImage>> OfficialAsync(string region, string os, string architecture, IActivitySink sink, CancellationToken cancellationToken)
        {
            var c = await _connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            var images = await c.Api.ListOfficialImagesAsync(c.Region, os, architecture, cancellationToken).ConfigureAwait(false);
            return images.Select(a => ImageMapper.FromAmi(a, c.Region)).OrderBy(i => i.Os, StringComparer.Ordinal).ThenBy(i => i.Architecture, StringComparer.Ordinal).ToList();
        }

        public async Task<IReadOnlyList<ImageLogStream>> LogStreamsAsync(string imageId, string region, IActivitySink sink, CancellationToken cancellationToken)
        {
            ImageConfigValidator.CheckImageId(imageId);
            var c = await _connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            var streams = await c.Api.ListImageLogStreamsAsync(imageId, c.Region, cancellationToken).ConfigureAwait(false);
            return streams.Select(s => new ImageLogStream
            {
                ImageId = imageId, Region = c.Region, LogStream = s.LogStreamName,
                CreatedTime = ClusterMapper.Utc(s.CreationTime), LastEventTime = ClusterMapper.Utc(s.LastEventTimestamp),
            }).ToList();
        }

        /// <summary>Events of one build log stream: the last <paramref name="tail"/>, else every event from the start (all pages).</summary>
        public async Task<IReadOnlyList<ImageLogEvent>> LogEventsAsync(string imageId, string region, string stream, int? tail, DateTime? since, IActivitySink sink, CancellationToken cancellationToken)
        {
            ImageConfigValidator.CheckImageId(imageId);
            var c = await _connections.ConnectAsync(region, sink, cancellationToken).ConfigureAwait(false);
            var result = new List<ImageLogEvent>();
            string token = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var page = await c.Api.GetImageLogEventsAsync(new GetImageLogEventsRequest
                {
                    ImageId = imageId, Region = c.Region, LogStreamName = stream, StartFromHead = tail == null,
                    Limit = tail == null ? (int?)null : Math.Max(1, Math.Min(tail.Value, 10000)), StartTime = since?.ToUniversalTime(), NextToken = token,
                }, cancellationToken).ConfigureAwait(false);
                result.AddRange(page.Events.Select(e => new ImageLogEvent
                {
                    ImageId = imageId, Region = c.Region, LogStream = stream, Timestamp = ClusterMapper.Utc(e.Timestamp).Value, Message = e.Message,
                }));
                // One page is the tail; from the head, CloudWatch repeats the forward token at the end of the stream.
                if (tail != null || page.Events.Count == 0 || string.IsNullOrEmpty(page.NextToken) || !seen.Add(page.NextToken)) break;
                token = page.NextToken;
            }
            var ordered = result.OrderBy(e => e.Timestamp).ToList();
            return tail == null ? ordered : ordered.Skip(Math.Max(0, ordered.Count - tail.Value)).ToList();
        }
    }

    /// <summary>An image build (or deletion) ended failed; carries the image and the log stream to read.</summary>
    public sealed class ImageFailedException : PcHpcException
    {
        public ImageFailedException(Image image, string logStream, string message) : base(ErrorKind.InvalidState, "ImageFailed", message)
        {
            Image = image;
            LogStream = logStream;
        }

        public Image Image { get; }
        public string LogStream { get; }
    }
}
