using System.Collections;
using System.Management.Automation;
using PcHpc.Core.Images;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>
    /// Creates a build-image configuration (parent image, build instance type, components, tags), checked against the
    /// official image schema. An official image from Get-HpcOfficialImage binds -ParentImage (AmiId) and -Region.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "HpcImageConfig")]
    [OutputType(typeof(ImageBuilderConfig))]
    public sealed class NewHpcImageConfig : PcHpcCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("AmiId")]
        public string ParentImage { get; set; }

        [Parameter(Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(InstanceTypeCompleter))]
        public string InstanceType { get; set; }

        [Parameter]
        public string[] Component { get; set; }

        [Parameter]
        public string Name { get; set; }

        [Parameter]
        public Hashtable Tag { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Region { get; set; }

        [Parameter]
        public int? RootVolumeSize { get; set; }

        [Parameter]
        public string SubnetId { get; set; }

        [Parameter]
        public string[] SecurityGroupId { get; set; }

        [Parameter]
        public SwitchParameter UpdateOsPackages { get; set; }

        protected override void Process()
        {
            Emit(ImageConfigBuilder.New(new ImageConfigOptions
            {
                Region = Region,
                Name = Name,
                ParentImage = ParentImage,
                InstanceType = InstanceType,
                Components = Component ?? new string[0],
                Tags = Tag,
                RootVolumeSize = RootVolumeSize,
                SubnetId = SubnetId,
                SecurityGroupIds = SecurityGroupId ?? new string[0],
                UpdateOsPackages = UpdateOsPackages.IsPresent ? true : (bool?)null,
            }));
        }
    }
}
