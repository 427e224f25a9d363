using System;
using System.Collections.Generic;

namespace PcHpc.Core.Ports
{
    public sealed class BuildImageRequest : ConfigurationRequest
    {
        /// <summary>^[a-zA-Z][a-zA-Z0-9-]+$.</summary>
        public string ImageId { get; set; }
        /// <summary>The image configuration YAML text.</summary>
        public string ImageConfiguration { get; set; }
        /// <summary>Null for the API default (false for images).</summary>
        public bool? RollbackOnFailure { get; set; }
    }

    public sealed class BuildImageResult : ConfigurationResult
    {
        /// <summary>The image; null for a successful dry run.</summary>
        public ImageInfoSummary Image { get; set; }
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

    /// <summary>An official ParallelCluster AMI (ListOfficialImages).</summary>
    public sealed class AmiInfo
    {
        public string Architecture { get; set; }
        public string AmiId { get; set; }
        public string Name { get; set; }
        public string Os { get; set; }
        public string Version { get; set; }
    }
}
