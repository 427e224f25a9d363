using System;
using System.Linq;
using PcHpc.Core.Clusters;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Images
{
    /// <summary>API answers → <see cref="Image"/>.</summary>
    public static class ImageMapper
    {
        public static ImageState StateOf(string imageBuildStatus)
        {
            switch (imageBuildStatus)
            {
                case "BUILD_COMPLETE": return ImageState.Available;
                case "DELETE_IN_PROGRESS":
                case "DELETE_COMPLETE": return ImageState.Deleting;
                case "BUILD_FAILED":
                case "DELETE_FAILED": return ImageState.Failed;
                default: return ImageState.Building;
            }
        }

        /// <summary>The ListImages imageStatus filter that holds images of a state.</summary>
        public static string FilterOf(ImageState state)
        {
            switch (state)
            {
                case ImageState.Available: return "AVAILABLE";
                case ImageState.Failed: return "FAILED";
                default: return "PENDING";
            }
        }

        public static Image FromSummary(ImageInfoSummary s, string region) => new Image
        {
            ImageId = s.ImageId,
            Region = s.Region ?? region,
            ImageBuildStatus = s.ImageBuildStatus,
            Status = StateOf(s.ImageBuildStatus),
            StackStatus = s.CloudFormationStackStatus,
            StackArn = s.CloudFormationStackArn,
            Version = s.Version,
            AmiId = s.AmiId,
        };

        public static Image FromDescribe(DescribeImageResult d, string region)
        {
            var image = new Image
            {
                ImageId = d.ImageId,
                Region = d.Region ?? region,
                ImageBuildStatus = d.ImageBuildStatus,
                Status = StateOf(d.ImageBuildStatus),
                StackStatus = d.CloudFormationStackStatus,
                StackStatusReason = d.CloudFormationStackStatusReason,
                StackArn = d.CloudFormationStackArn,
                Version = d.Version,
                ImageBuilderStatus = d.ImageBuilderImageStatus,
                ImageBuilderStatusReason = d.ImageBuilderImageStatusReason,
                BuildLogsArn = d.ImageBuildLogsArn,
                ConfigurationUrl = d.ImageConfigurationUrl,
                CreatedTime = ClusterMapper.Utc(d.CreationTime ?? d.CloudFormationStackCreationTime),
                AmiId = d.Ec2AmiInfo?.AmiId,
                AmiName = d.Ec2AmiInfo?.AmiName,
                Architecture = d.Ec2AmiInfo?.Architecture,
                AmiState = d.Ec2AmiInfo?.State,
            };
            foreach (var t in d.CloudFormationStackTags.Concat(d.Ec2AmiInfo?.Tags ?? Enumerable.Empty<ResourceTag>()))
            {
                if (t.Key != null) image.Tags[t.Key] = t.Value;
            }
            return image;
        }

        public static OfficialImage FromAmi(AmiInfo a, string region) => new OfficialImage
        {
            Region = region, Os = a.Os, Architecture = a.Architecture, AmiId = a.AmiId, Name = a.Name, Version = a.Version,
        };

        /// <summary>The log group name in a CloudWatch Logs ARN (…:log-group:NAME[:*]).</summary>
        public static string LogGroupOf(string arn)
        {
            if (string.IsNullOrEmpty(arn)) return null;
            var i = arn.IndexOf(":log-group:", StringComparison.Ordinal);
            if (i < 0) return arn;
            var name = arn.Substring(i + ":log-group:".Length);
            var end = name.IndexOf(':');
            return end < 0 ? name : name.Substring(0, end);
        }
    }
}
