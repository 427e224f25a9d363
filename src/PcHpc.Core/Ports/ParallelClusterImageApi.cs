using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PcHpc.Core.Ports
{
    /// <summary>The image operations of the ParallelCluster v3 REST API (/v3/images/custom), with the same error mapping as the cluster ones.</summary>
    public partial interface IParallelClusterApi
    {
        /// <summary>POST /v3/images/custom. With DryRun the adapter returns normally (DryRunSucceeded) when the API answers 412.</summary>
        Task<BuildImageResult> BuildImageAsync(BuildImageRequest request, CancellationToken cancellationToken);

        /// <summary>GET /v3/images/custom?imageStatus=AVAILABLE|PENDING|FAILED: ONE page (callers follow NextToken).</summary>
        Task<ImageListPage> ListImagesAsync(string region, string imageStatus, string nextToken, CancellationToken cancellationToken);

        /// <summary>GET /v3/images/custom/{imageId}. NotFound → ParallelClusterApiException 404.</summary>
        Task<DescribeImageResult> DescribeImageAsync(string imageId, string region, CancellationToken cancellationToken);

        /// <summary>DELETE /v3/images/custom/{imageId}; force also deletes an AMI that instances use or that is shared.</summary>
        Task<ImageInfoSummary> DeleteImageAsync(string imageId, string region, bool force, CancellationToken cancellationToken);

        /// <summary>GET /v3/images/custom/{imageId}/logstreams, all pages.</summary>
        Task<IReadOnlyList<LogStream>> ListImageLogStreamsAsync(string imageId, string region, CancellationToken cancellationToken);

        /// <summary>GET /v3/images/custom/{imageId}/logstreams/{stream}: ONE page.</summary>
        Task<LogEventsPage> GetImageLogEventsAsync(GetImageLogEventsRequest request, CancellationToken cancellationToken);

        /// <summary>GET /v3/images/custom/{imageId}/stackevents, all pages, newest first.</summary>
        Task<IReadOnlyList<StackEvent>> GetImageStackEventsAsync(string imageId, string region, CancellationToken cancellationToken);
    }

    public sealed class BuildImageRequest
    {
        /// <summary>^[a-zA-Z][a-zA-Z0-9-]+$.</summary>
        public string ImageId { get; set; }
        public string Region { get; set; }
        /// <summary>The image configuration YAML text.</summary>
        public string ImageConfiguration { get; set; }
        public bool DryRun { get; set; }
        /// <summary>"ALL" or "type:ValidatorName".</summary>
        public IList<string> SuppressValidators { get; set; } = new List<string>();
        /// <summary>INFO | WARNING | ERROR; null for the API default (ERROR).</summary>
        public string ValidationFailureLevel { get; set; }
        /// <summary>Null for the API default (false for images).</summary>
        public bool? RollbackOnFailure { get; set; }
    }

    public sealed class BuildImageResult
    {
        /// <summary>The image; null for a successful dry run.</summary>
        public ImageInfoSummary Image { get; set; }
        public IList<ConfigValidationMessage> ValidationMessages { get; set; } = new List<ConfigValidationMessage>();
        public bool DryRunSucceeded { get; set; }
    }

    /// <summary>ImageInfoSummary (the stack status is spelled cloudformationStackStatus here; both spellings are read).</summary>
    public sealed class ImageInfoSummary
    {
        public string ImageId { get; set; }
        public string AmiId { get; set; }
        public string Region { get; set; }
        public string Version { get; set; }
        public string CloudFormationStackArn { get; set; }
        /// <summary>BUILD_IN_PROGRESS | BUILD_FAILED | BUILD_COMPLETE | DELETE_IN_PROGRESS | DELETE_FAILED | DELETE_COMPLETE.</summary>
        public string ImageBuildStatus { get; set; }
        public string CloudFormationStackStatus { get; set; }
    }

    public sealed class ImageListPage
    {
        public IList<ImageInfoSummary> Images { get; set; } = new List<ImageInfoSummary>();
        public string NextToken { get; set; }
    }

    public sealed class DescribeImageResult
    {
        public string ImageId { get; set; }
        public string Region { get; set; }
        public string Version { get; set; }
        public string ImageBuildStatus { get; set; }
        public string ImageBuildLogsArn { get; set; }
        public string CloudFormationStackStatus { get; set; }
        public string CloudFormationStackStatusReason { get; set; }
        public string CloudFormationStackArn { get; set; }
        public DateTime? CreationTime { get; set; }
        public DateTime? CloudFormationStackCreationTime { get; set; }
        public IList<ResourceTag> CloudFormationStackTags { get; set; } = new List<ResourceTag>();
        /// <summary>imageConfiguration.url: pre-signed S3 URL of the configuration.</summary>
        public string ImageConfigurationUrl { get; set; }
        /// <summary>PENDING | CREATING | BUILDING | TESTING | DISTRIBUTING | INTEGRATING | AVAILABLE | CANCELLED | FAILED | DEPRECATED | DELETED.</summary>
        public string ImageBuilderImageStatus { get; set; }
        public string ImageBuilderImageStatusReason { get; set; }
        public Ec2AmiInfo Ec2AmiInfo { get; set; }
    }

    public sealed class Ec2AmiInfo
    {
        public string AmiId { get; set; }
        public string AmiName { get; set; }
        public string Architecture { get; set; }
        /// <summary>PENDING | AVAILABLE | INVALID | DEREGISTERED | TRANSIENT | FAILED | ERROR.</summary>
        public string State { get; set; }
        public string Description { get; set; }
        public IList<ResourceTag> Tags { get; set; } = new List<ResourceTag>();
    }

    public sealed class GetImageLogEventsRequest
    {
        public string ImageId { get; set; }
        public string Region { get; set; }
        public string LogStreamName { get; set; }
        public bool? StartFromHead { get; set; }
        public int? Limit { get; set; }
        public DateTime? StartTime { get; set; }
        public DateTime? EndTime { get; set; }
        public string NextToken { get; set; }
    }
}
