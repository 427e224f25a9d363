using System;
using System.Collections.Generic;
using System.Linq;

namespace PcHpc
{
    /// <summary>The life-cycle state of a custom image, folded from ParallelCluster's imageBuildStatus.</summary>
    public enum ImageState
    {
        /// <summary>BUILD_IN_PROGRESS.</summary>
        Building,
        /// <summary>BUILD_COMPLETE: the AMI can be used (Available in ListImages).</summary>
        Available,
        /// <summary>DELETE_IN_PROGRESS (and DELETE_COMPLETE).</summary>
        Deleting,
        /// <summary>BUILD_FAILED or DELETE_FAILED.</summary>
        Failed,
    }

    /// <summary>A custom ParallelCluster image, as Get-HpcImage and the other image cmdlets return it.</summary>
    public sealed class Image
    {
        public string ImageId { get; set; }
        public string Region { get; set; }
        /// <summary>Building, Available, Deleting or Failed.</summary>
        public ImageState Status { get; set; }
        /// <summary>The raw imageBuildStatus, e.g. BUILD_COMPLETE.</summary>
        public string ImageBuildStatus { get; set; }
        /// <summary>The image stack's CloudFormation status.</summary>
        public string StackStatus { get; set; }
        public string StackStatusReason { get; set; }
        public string StackArn { get; set; }
        /// <summary>ParallelCluster version that built the image.</summary>
        public string Version { get; set; }
        /// <summary>The AMI (once built). Binds -CustomAmi of New-HpcClusterConfig.</summary>
        public string AmiId { get; set; }
        public string AmiName { get; set; }
        public string Architecture { get; set; }
        /// <summary>The EC2 AMI state (AVAILABLE, PENDING, ...), when described.</summary>
        public string AmiState { get; set; }
        /// <summary>Image Builder's status of the image (BUILDING, TESTING, AVAILABLE, FAILED, ...), when described.</summary>
        public string ImageBuilderStatus { get; set; }
        public string ImageBuilderStatusReason { get; set; }
        /// <summary>ARN of the log group of the build (CloudWatch Logs).</summary>
        public string BuildLogsArn { get; set; }
        /// <summary>Pre-signed URL of the image configuration, when described.</summary>
        public string ConfigurationUrl { get; set; }
        public DateTimeOffset? CreatedTime { get; set; }
        public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public override string ToString() => $"{ImageId} ({Region}) {ImageBuildStatus}{(AmiId == null ? "" : " " + AmiId)}";
    }

    /// <summary>The result of New-HpcImage -DryRun: the service's verdict on the configuration (nothing is built).</summary>
    public sealed class ImageDryRun
    {
        public string ImageId { get; set; }
        public string Region { get; set; }
        public bool Passed { get; set; }
        public string Message { get; set; }
        /// <summary>What the service's validators said (levels below the failure level).</summary>
        public List<string> ValidationMessages { get; set; } = new List<string>();
        public override string ToString() => Message;
    }

    /// <summary>An official ParallelCluster AMI (Get-HpcOfficialImage). AmiId binds -CustomAmi of New-HpcClusterConfig.</summary>
    public sealed class OfficialImage
    {
        public string Region { get; set; }
        public string Os { get; set; }
        public string Architecture { get; set; }
        public string AmiId { get; set; }
        public string Name { get; set; }
        public string Version { get; set; }
        public override string ToString() => $"{AmiId} {Os} {Architecture} {Version}";
    }

    /// <summary>A log stream of an image build (Get-HpcImageLog).</summary>
    public sealed class ImageLogStream
    {
        public string ImageId { get; set; }
        public string Region { get; set; }
        public string LogStream { get; set; }
        public DateTimeOffset? CreatedTime { get; set; }
        public DateTimeOffset? LastEventTime { get; set; }
        public override string ToString() => LogStream;
    }

    /// <summary>One event of an image build log stream (Get-HpcImageLog -LogStream).</summary>
    public sealed class ImageLogEvent
    {
        public string ImageId { get; set; }
        public string Region { get; set; }
        public string LogStream { get; set; }
        public DateTimeOffset Timestamp { get; set; }
        public string Message { get; set; }
        public override string ToString() => Message;
    }
}
