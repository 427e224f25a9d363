using System.Management.Automation;
using PcHpc.Core.Authoring;
using PcHpc.Core.Config;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Creates one shared storage entry (new or existing EBS, EFS or FSx for Lustre).</summary>
    [Cmdlet(VerbsCommon.New, "HpcStorageConfig")]
    [OutputType(typeof(StorageConfig))]
    public sealed class NewHpcStorageConfig : PcHpcCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateSet("Ebs", "Efs", "FsxLustre", IgnoreCase = true)]
        public string Type { get; set; }

        [Parameter(Mandatory = true, Position = 1)]
        public string Name { get; set; }

        [Parameter(Mandatory = true, Position = 2)]
        public string MountDir { get; set; }

        [Parameter]
        public int? Size { get; set; }

        [Parameter]
        [Alias("VolumeId", "FileSystemId")]
        public string ExistingId { get; set; }

        [Parameter]
        [SchemaValue("EbsSettingsSchema", "VolumeType", Path = "EbsSettings.VolumeType")]
        [ArgumentCompleter(typeof(SchemaValueCompleter))]
        public string VolumeType { get; set; }

        [Parameter]
        public SwitchParameter Encrypted { get; set; }

        [Parameter]
        [SchemaValue("FsxLustreSettingsSchema", "DeploymentType", Path = "FsxLustreSettings.DeploymentType")]
        [ArgumentCompleter(typeof(SchemaValueCompleter))]
        public string DeploymentType { get; set; }

        [Parameter]
        [SchemaValue("EbsSettingsSchema", "DeletionPolicy", Path = "DeletionPolicy")]
        [ArgumentCompleter(typeof(SchemaValueCompleter))]
        public string DeletionPolicy { get; set; }

        protected override void Process()
        {
            Emit(ConfigBuilder.NewStorage(new StorageOptions
            {
                Type = Type,
                Name = Name,
                MountDir = MountDir,
                Size = Size,
                ExistingId = ExistingId,
                VolumeType = VolumeType,
                Encrypted = Encrypted.IsPresent ? (bool?)true : null,
                DeploymentType = DeploymentType,
                DeletionPolicy = DeletionPolicy,
            }));
        }
    }
}
