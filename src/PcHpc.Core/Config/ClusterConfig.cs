using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Config;

// The typed ParallelCluster v3 configuration. Property names are the YAML keys exactly as ParallelCluster spells
// them; a null property is omitted from the YAML.
namespace PcHpc
{
    [UntypedKeys("Iam", "LoginNodes", "AdditionalPackages", "CustomS3Bucket", "AdditionalResources", "DirectoryService",
        "DevSettings", "DeploymentSettings", "Build")]
    public sealed class ClusterConfig : ConfigSection
    {
        public string Region { get; set; }
        public ImageConfig Image { get; set; }
        public HeadNodeConfig HeadNode { get; set; }
        public SchedulingConfig Scheduling { get; set; }
        public List<StorageConfig> SharedStorage { get; set; }
        public List<TagConfig> Tags { get; set; }
        public ClusterImdsConfig Imds { get; set; }
        public MonitoringConfig Monitoring { get; set; }

        /// <summary>Where the config was imported from, if it was (not part of the YAML).</summary>
        public string SourcePath { get; internal set; }

        /// <summary>The comments of the imported file, written back by Export (not part of the data).</summary>
        public ConfigComments Comments { get; internal set; }

        public string Os => Image?.Os;
        public string HeadNodeInstanceType => HeadNode?.InstanceType;
        public string Scheduler => Scheduling?.Scheduler;
        public string[] Queues => Scheduling?.SlurmQueues?.Select(q => q.Name).ToArray() ?? new string[0];
        public int StorageCount => SharedStorage?.Count ?? 0;

        public override string ToString()
        {
            return $"{Region ?? "(no region)"} {Os ?? "(no os)"} head node {HeadNodeInstanceType ?? "(none)"}, " +
                   $"queues [{string.Join(", ", Queues)}], {StorageCount} shared storage";
        }
    }

    [UntypedKeys]
    public sealed class ImageConfig : ConfigSection
    {
        public string Os { get; set; }
        public string CustomAmi { get; set; }
    }

    [UntypedKeys]
    public sealed class ClusterImdsConfig : ConfigSection
    {
        /// <summary>v1.0 or v2.0.</summary>
        public string ImdsSupport { get; set; }
    }

    [UntypedKeys("Logs", "Dashboards", "Alarms")]
    public sealed class MonitoringConfig : ConfigSection
    {
        public bool? DetailedMonitoring { get; set; }
    }

    [UntypedKeys]
    public sealed class TagConfig : ConfigSection
    {
        public string Key { get; set; }
        public string Value { get; set; }
        public override string ToString() => $"{Key}={Value}";
    }

    [UntypedKeys("DisableSimultaneousMultithreading", "SharedStorageType", "Dcv", "Image")]
    public sealed class HeadNodeConfig : ConfigSection
    {
        public string InstanceType { get; set; }
        public HeadNodeNetworkingConfig Networking { get; set; }
        public SshConfig Ssh { get; set; }
        public LocalStorageConfig LocalStorage { get; set; }
        public IamConfig Iam { get; set; }
        public CustomActionsConfig CustomActions { get; set; }
        public HeadNodeImdsConfig Imds { get; set; }
    }

    [UntypedKeys("ElasticIp", "Proxy")]
    public sealed class HeadNodeNetworkingConfig : ConfigSection
    {
        public string SubnetId { get; set; }
        public List<string> SecurityGroups { get; set; }
        public List<string> AdditionalSecurityGroups { get; set; }
    }

    [UntypedKeys]
    public sealed class SshConfig : ConfigSection
    {
        public string KeyName { get; set; }
        public string AllowedIps { get; set; }
    }

    [UntypedKeys("EphemeralVolume")]
    public sealed class LocalStorageConfig : ConfigSection
    {
        public RootVolumeConfig RootVolume { get; set; }
    }

    [UntypedKeys]
    public sealed class RootVolumeConfig : ConfigSection
    {
        public int? Size { get; set; }
        public bool? Encrypted { get; set; }
        public string VolumeType { get; set; }
        public int? Iops { get; set; }
        public int? Throughput { get; set; }
        public bool? DeleteOnTermination { get; set; }
    }

    [UntypedKeys]
    public sealed class IamConfig : ConfigSection
    {
        public string InstanceRole { get; set; }
        public string InstanceProfile { get; set; }
        public List<S3AccessConfig> S3Access { get; set; }
        public List<IamPolicyConfig> AdditionalIamPolicies { get; set; }
    }

    [UntypedKeys]
    public sealed class S3AccessConfig : ConfigSection
    {
        public string BucketName { get; set; }
        public bool? EnableWriteAccess { get; set; }
        public string KeyName { get; set; }
    }

    [UntypedKeys]
    public sealed class IamPolicyConfig : ConfigSection
    {
        public string Policy { get; set; }
        public override string ToString() => Policy;
    }

    [UntypedKeys]
    public sealed class CustomActionsConfig : ConfigSection
    {
        public CustomActionConfig OnNodeStart { get; set; }
        public CustomActionConfig OnNodeConfigured { get; set; }
        public CustomActionConfig OnNodeUpdated { get; set; }
    }

    /// <summary>One script (Script, Args) or several run in order (Sequence of Script, Args).</summary>
    [UntypedKeys]
    public sealed class CustomActionConfig : ConfigSection
    {
        public string Script { get; set; }
        public List<string> Args { get; set; }
        public List<CustomActionConfig> Sequence { get; set; }

        /// <summary>The scripts this action runs, in order.</summary>
        public IEnumerable<CustomActionConfig> Scripts => Sequence != null && Sequence.Count > 0 ? Sequence : new[] { this };

        public override string ToString() => string.Join(", ", Scripts.Select(s => s.Script));
    }

    [UntypedKeys]
    public sealed class HeadNodeImdsConfig : ConfigSection
    {
        public bool? Secured { get; set; }
    }

    [UntypedKeys("ScalingStrategy", "AwsBatchQueues", "SchedulerSettings", "SchedulerQueues")]
    public sealed class SchedulingConfig : ConfigSection
    {
        /// <summary>slurm or awsbatch.</summary>
        public string Scheduler { get; set; }
        public SlurmSettingsConfig SlurmSettings { get; set; }
        public List<QueueConfig> SlurmQueues { get; set; }
    }

    [UntypedKeys("Dns", "EnableMemoryBasedScheduling", "Database", "ExternalSlurmdbd", "CustomSlurmSettings",
        "CustomSlurmSettingsIncludeFile", "MungeKeySecretArn")]
    public sealed class SlurmSettingsConfig : ConfigSection
    {
        public int? ScaledownIdletime { get; set; }
        /// <summary>COMPUTE_FLEET_STOP, DRAIN or TERMINATE.</summary>
        public string QueueUpdateStrategy { get; set; }
    }

    [UntypedKeys("ComputeSettings", "CapacityReservationTarget", "Image", "JobExclusiveAllocation", "CustomSlurmSettings",
        "Tags", "HealthChecks")]
    public sealed class QueueConfig : ConfigSection
    {
        public string Name { get; set; }
        /// <summary>ONDEMAND, SPOT or CAPACITY_BLOCK.</summary>
        public string CapacityType { get; set; }
        /// <summary>lowest-price, capacity-optimized or price-capacity-optimized.</summary>
        public string AllocationStrategy { get; set; }
        public QueueNetworkingConfig Networking { get; set; }
        public List<ComputeResourceConfig> ComputeResources { get; set; }
        public CustomActionsConfig CustomActions { get; set; }
        public IamConfig Iam { get; set; }

        public string[] InstanceTypes => ComputeResources?
            .SelectMany(c => c.InstanceType != null ? new[] { c.InstanceType } : (c.Instances ?? new List<InstanceTypeConfig>()).Select(i => i.InstanceType))
            .ToArray() ?? new string[0];

        public override string ToString() => Name;
    }

    [UntypedKeys("AssignPublicIp", "Proxy")]
    public sealed class QueueNetworkingConfig : ConfigSection
    {
        public List<string> SubnetIds { get; set; }
        public List<string> SecurityGroups { get; set; }
        public List<string> AdditionalSecurityGroups { get; set; }
        public PlacementGroupConfig PlacementGroup { get; set; }
    }

    [UntypedKeys]
    public sealed class PlacementGroupConfig : ConfigSection
    {
        public bool? Enabled { get; set; }
        public string Id { get; set; }
        public string Name { get; set; }
    }

    [UntypedKeys("DisableSimultaneousMultithreading", "SchedulableMemory", "HealthChecks", "CapacityReservationTarget",
        "Networking", "CustomSlurmSettings", "Tags", "StaticNodePriority", "DynamicNodePriority", "LaunchTemplateOverrides")]
    public sealed class ComputeResourceConfig : ConfigSection
    {
        public string Name { get; set; }
        public string InstanceType { get; set; }
        public List<InstanceTypeConfig> Instances { get; set; }
        public int? MinCount { get; set; }
        public int? MaxCount { get; set; }
        public EfaConfig Efa { get; set; }
        public double? SpotPrice { get; set; }

        public override string ToString() => Name;
    }

    [UntypedKeys]
    public sealed class InstanceTypeConfig : ConfigSection
    {
        public string InstanceType { get; set; }
        public override string ToString() => InstanceType;
    }

    [UntypedKeys]
    public sealed class EfaConfig : ConfigSection
    {
        public bool? Enabled { get; set; }
        public bool? GdrSupport { get; set; }
    }

    [UntypedKeys("FsxOpenZfsSettings", "FsxOntapSettings", "FileCacheSettings")]
    public sealed class StorageConfig : ConfigSection
    {
        public string MountDir { get; set; }
        public string Name { get; set; }
        /// <summary>Ebs, Efs, FsxLustre (typed), FsxOpenZfs, FsxOntap, FileCache (carried through).</summary>
        public string StorageType { get; set; }
        public EbsSettingsConfig EbsSettings { get; set; }
        public EfsSettingsConfig EfsSettings { get; set; }
        public FsxLustreSettingsConfig FsxLustreSettings { get; set; }

        /// <summary>True when the storage refers to an existing volume or file system instead of a new one.</summary>
        public bool Existing => EbsSettings?.VolumeId != null || EfsSettings?.FileSystemId != null || FsxLustreSettings?.FileSystemId != null;

        public override string ToString() => $"{StorageType} {Name} at {MountDir}";
    }

    [UntypedKeys("Raid")]
    public sealed class EbsSettingsConfig : ConfigSection
    {
        public string VolumeType { get; set; }
        public int? Iops { get; set; }
        public int? Size { get; set; }
        public bool? Encrypted { get; set; }
        public string KmsKeyId { get; set; }
        public string SnapshotId { get; set; }
        public int? Throughput { get; set; }
        public string VolumeId { get; set; }
        public string DeletionPolicy { get; set; }
    }

    [UntypedKeys("AccessPointId")]
    public sealed class EfsSettingsConfig : ConfigSection
    {
        public bool? Encrypted { get; set; }
        public string KmsKeyId { get; set; }
        public bool? EncryptionInTransit { get; set; }
        public bool? IamAuthorization { get; set; }
        public string PerformanceMode { get; set; }
        public string ThroughputMode { get; set; }
        public int? ProvisionedThroughput { get; set; }
        public string FileSystemId { get; set; }
        public string DeletionPolicy { get; set; }
    }

    [UntypedKeys("ImportedFileChunkSize", "DataCompressionType", "ExportPath", "ImportPath", "WeeklyMaintenanceStartTime",
        "AutomaticBackupRetentionDays", "CopyTagsToBackups", "DailyAutomaticBackupStartTime", "BackupId", "KmsKeyId",
        "AutoImportPolicy", "DriveCacheType", "StorageType", "DataRepositoryAssociations", "FileSystemTypeVersion")]
    public sealed class FsxLustreSettingsConfig : ConfigSection
    {
        public int? StorageCapacity { get; set; }
        public string DeploymentType { get; set; }
        public int? PerUnitStorageThroughput { get; set; }
        public string FileSystemId { get; set; }
        public string DeletionPolicy { get; set; }
    }
}
