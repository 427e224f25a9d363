using System;
using System.Collections;
using System.Collections.Generic;

namespace PcHpc.Core.Authoring
{
    /// <summary>What New-HpcQueueConfig asks for.</summary>
    public sealed class QueueOptions
    {
        public string Name { get; set; }
        public string[] InstanceTypes { get; set; }
        public int MinCount { get; set; }
        public int MaxCount { get; set; } = 10;
        public string[] SubnetIds { get; set; }
        /// <summary>OnDemand, Spot or CapacityBlock (ParallelCluster spellings ONDEMAND, SPOT, CAPACITY_BLOCK accepted too).</summary>
        public string CapacityType { get; set; }
        public bool Efa { get; set; }
        public bool PlacementGroup { get; set; }
        public string PlacementGroupName { get; set; }
        public string AllocationStrategy { get; set; }
        public double? SpotPrice { get; set; }
        /// <summary>Compute resources given explicitly (ComputeResourceConfig objects or dictionaries); replaces InstanceTypes.</summary>
        public IList<object> ComputeResources { get; set; }
        /// <summary>Bootstrap actions (OnNodeStart, OnNodeConfigured, OnNodeUpdated) to the scripts given for each.</summary>
        public IDictionary<string, object[]> Actions { get; set; }
        /// <summary>-S3Access entries: 'bucket[/prefix]', @{Bucket; KeyPrefix; Write} or S3AccessConfig.</summary>
        public object[] S3Access { get; set; }
        /// <summary>Makes a local script path full (the caller's current location); null: the process's.</summary>
        public Func<string, string> ResolvePath { get; set; }
        /// <summary>Where software stack scripts are written before staging.</summary>
        public string StackFolder { get; set; }
    }

    /// <summary>What New-HpcStorageConfig asks for.</summary>
    public sealed class StorageOptions
    {
        /// <summary>Ebs, Efs or FsxLustre.</summary>
        public string Type { get; set; }
        public string Name { get; set; }
        public string MountDir { get; set; }
        /// <summary>GiB: EBS volume size or FSx for Lustre storage capacity.</summary>
        public int? Size { get; set; }
        /// <summary>An existing vol- (EBS) or fs- (EFS, FSx for Lustre) id to mount instead of creating storage.</summary>
        public string ExistingId { get; set; }
        public string VolumeType { get; set; }
        public bool? Encrypted { get; set; }
        public string DeploymentType { get; set; }
        public string DeletionPolicy { get; set; }
    }

    /// <summary>What New-HpcClusterConfig asks for; the defaults are the ones a created config gets.</summary>
    public sealed class ClusterOptions
    {
        public const string SsmPolicyArn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
        public const string DefaultOs = "alinux2023";
        public const string DefaultHeadNodeInstanceType = "t3.medium";

        public string Region { get; set; }
        public string Os { get; set; } = DefaultOs;
        public string CustomAmi { get; set; }
        public string HeadNodeInstanceType { get; set; } = DefaultHeadNodeInstanceType;
        public string HeadNodeSubnetId { get; set; }
        /// <summary>A network from New-HpcVpc / Get-HpcVpc: the head node goes in its first public subnet (first private one when
        /// it was built with private endpoints), queues without subnets in its private subnets. Excludes <see cref="HeadNodeSubnetId"/>.</summary>
        public Vpc Network { get; set; }
        public string[] HeadNodeSecurityGroupIds { get; set; }
        public string KeyName { get; set; }
        public string AllowedIps { get; set; }
        public int? HeadNodeRootVolumeSize { get; set; }
        /// <summary>Policies for HeadNode.Iam.AdditionalIamPolicies; an empty array means none.</summary>
        public string[] HeadNodeIamPolicies { get; set; } = { SsmPolicyArn };
        public bool HeadNodeImdsSecured { get; set; } = true;
        /// <summary>v2.0 (default) or v1.0; null leaves Imds out.</summary>
        public string ImdsSupport { get; set; } = "v2.0";
        public int? ScaledownIdletime { get; set; }
        public string QueueUpdateStrategy { get; set; }
        public IList<QueueConfig> Queues { get; set; } = new List<QueueConfig>();
        public IList<StorageConfig> Storage { get; set; } = new List<StorageConfig>();
        /// <summary>Tag key to value.</summary>
        public IDictionary Tags { get; set; }
        /// <summary>Bootstrap actions (OnNodeStart, OnNodeConfigured, OnNodeUpdated) to the scripts given for each.</summary>
        public IDictionary<string, object[]> Actions { get; set; }
        /// <summary>-S3Access entries: 'bucket[/prefix]', @{Bucket; KeyPrefix; Write} or S3AccessConfig.</summary>
        public object[] S3Access { get; set; }
        /// <summary>Makes a local script path full (the caller's current location); null: the process's.</summary>
        public Func<string, string> ResolvePath { get; set; }
        /// <summary>Where software stack scripts are written before staging.</summary>
        public string StackFolder { get; set; }
    }
}
