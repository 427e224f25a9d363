using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Authoring;
using PcHpc.Core.Config;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>
    /// Creates a Slurm cluster configuration with PcHpc's defaults (SSM policy on the head node, IMDSv2, alinux2023).
    /// Queues arrive from the pipeline (-InputObject) and/or -Queue; one config is written at the end with the piped
    /// queues first, in the order they arrived, then the -Queue ones.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "HpcClusterConfig", DefaultParameterSetName = SubnetSet)]
    [OutputType(typeof(ClusterConfig))]
    public sealed class NewHpcClusterConfig : PcHpcCmdlet
    {
        // The network comes as subnet ids, or as a network object from New-HpcVpc / Get-HpcVpc.
        private const string SubnetSet = "Subnet";
        private const string VpcSet = "Vpc";

        private readonly List<QueueConfig> _piped = new List<QueueConfig>();

        [Parameter]
        public string Region { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(OsCompleter))]
        [SchemaValue("ImageSchema", "Os", Path = "Image.Os")]
        public string Os { get; set; } = ClusterOptions.DefaultOs;

        /// <summary>The AMI of the nodes; binds by property name (AmiId of Get-HpcImage / Get-HpcOfficialImage output).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AmiId")]
        [SchemaValue("ImageSchema", "CustomAmi", Path = "Image.CustomAmi")]
        public string CustomAmi { get; set; }

        /// <summary>A custom image from Get-HpcImage (piped or named): its AMI becomes Image.CustomAmi.</summary>
        [Parameter(ValueFromPipeline = true)]
        public Image Image { get; set; }

        private Image _image;

        [Parameter]
        [ArgumentCompleter(typeof(InstanceTypeCompleter))]
        public string HeadNodeInstanceType { get; set; } = ClusterOptions.DefaultHeadNodeInstanceType;

        [Parameter(ParameterSetName = SubnetSet)]
        [Alias("SubnetId")]
        [SchemaValue("HeadNodeNetworkingSchema", "SubnetId", Path = "HeadNode.Networking.SubnetId")]
        public string HeadNodeSubnetId { get; set; }

        /// <summary>A network from New-HpcVpc -Wait or Get-HpcVpc: head node in a public subnet (private with -PrivateEndpoints), queues in the private subnets.</summary>
        [Parameter(Mandatory = true, ParameterSetName = VpcSet, ValueFromPipeline = true)]
        [Alias("Network")]
        public Vpc Vpc { get; set; }

        private Vpc _network;

        [Parameter]
        [SchemaValue("HeadNodeNetworkingSchema", "AdditionalSecurityGroups", Path = "HeadNode.Networking.AdditionalSecurityGroups")]
        public string[] HeadNodeSecurityGroupId { get; set; }

        [Parameter]
        public string KeyName { get; set; }

        [Parameter]
        [Alias("SshCidr")]
        [SchemaValue("HeadNodeSshSchema", "AllowedIps", Path = "HeadNode.Ssh.AllowedIps")]
        public string AllowedIps { get; set; }

        [Parameter]
        public int? HeadNodeRootVolumeSize { get; set; }

        [Parameter]
        [AllowEmptyCollection]
        [PolicyArn]
        public string[] HeadNodeIamPolicy { get; set; } = { ClusterOptions.SsmPolicyArn };

        [Parameter]
        public bool HeadNodeImdsSecured { get; set; } = true;

        [Parameter]
        [SchemaValue("TopLevelImdsSchema", "ImdsSupport", Path = "Imds.ImdsSupport")]
        [ArgumentCompleter(typeof(SchemaValueCompleter))]
        public string ImdsSupport { get; set; } = "v2.0";

        [Parameter]
        public int? ScaledownIdletime { get; set; }

        [Parameter]
        [SchemaValue("SlurmSettingsSchema", "QueueUpdateStrategy", Path = "Scheduling.SlurmSettings.QueueUpdateStrategy")]
        [ArgumentCompleter(typeof(SchemaValueCompleter))]
        public string QueueUpdateStrategy { get; set; }

        /// <summary>Queues given by name (not from the pipeline), e.g. <c>-Queue $gpu</c>; they follow the piped ones.</summary>
        [Parameter]
        public QueueConfig[] Queue { get; set; }

        /// <summary>Queues piped in from New-HpcQueueConfig, collected across pipeline records.</summary>
        [Parameter(ValueFromPipeline = true)]
        public QueueConfig[] InputObject { get; set; }

        [Parameter]
        public StorageConfig[] Storage { get; set; }

        [Parameter]
        public Hashtable Tag { get; set; }

        /// <summary>Scripts run when a node starts, before it is configured: paths (staged to S3 on export), s3:// or https:// URIs, @{Script=..; Args=..}, or software stacks. Several run in order (a Sequence).</summary>
        [Parameter]
        public object[] OnNodeStart { get; set; }

        /// <summary>Scripts run once a node is configured (where software stacks belong).</summary>
        [Parameter]
        public object[] OnNodeConfigured { get; set; }

        /// <summary>Scripts run on the head node after each cluster update.</summary>
        [Parameter]
        public object[] OnNodeUpdated { get; set; }

        /// <summary>S3 access for the nodes (Iam.S3Access): 'bucket' or 'bucket/prefix' read-only, or @{Bucket='b'; KeyPrefix='data/'; Write=$true}.</summary>
        [Parameter]
        public object[] S3Access { get; set; }

        protected override void Process()
        {
            if (Image != null)
            {
                if (string.IsNullOrEmpty(Image.AmiId) || Image.Status != ImageState.Available)
                    throw new Core.Errors.PcHpcException(Core.Errors.ErrorKind.InvalidState, "ImageNotAvailable",
                        $"Image '{Image.ImageId}' in {Image.Region} is {Image.ImageBuildStatus} and has no usable AMI; wait for it with Wait-HpcImage -ImageId {Image.ImageId} -Region {Image.Region}, or pick an image with Get-HpcImage -Status Available.") { Target = Image.ImageId };
                if (Region != null && Image.Region != null && Region != Image.Region)
                    throw new Core.Errors.PcHpcException(Core.Errors.ErrorKind.InvalidArgument, "ImageRegionMismatch",
                        $"Image '{Image.ImageId}' is in {Image.Region} but the cluster is for {Region}; an AMI is used only in its own region: build the image in {Region}, or use -Region {Image.Region}.") { Target = Image.ImageId };
                _image = Image;
            }
            // Vpc is mandatory in (and only in) the Vpc set, so a bound Vpc is that set.
            if (Vpc != null)
            {
                if (_network != null && !ReferenceEquals(_network, Vpc) && _network.Name != Vpc.Name)
                    throw new Core.Errors.PcHpcException(Core.Errors.ErrorKind.InvalidArgument, "SeveralNetworks",
                        "More than one network was piped ('" + _network.Name + "' and '" + Vpc.Name + "'); pipe only the network the cluster should use.") { Target = Vpc.Name };
                _network = Vpc;
            }
            if (InputObject == null) return;
            foreach (var queue in InputObject)
            {
                if (queue != null) _piped.Add(queue);
            }
        }

        protected override void End()
        {
            // Piped queues first (arrival order), then -Queue; the same object given both ways counts once.
            var queues = new List<QueueConfig>();
            foreach (var queue in _piped.Concat(Queue ?? new QueueConfig[0]))
            {
                if (queue != null && !queues.Any(q => ReferenceEquals(q, queue))) queues.Add(queue);
            }
            if (string.Equals(AllowedIps?.Trim(), "0.0.0.0/0", System.StringComparison.Ordinal))
            {
                WriteWarning("-AllowedIps 0.0.0.0/0 opens SSH on the head node to the whole internet; prefer your own address range.");
            }
            else if (AllowedIps == null && KeyName != null)
            {
                WriteVerbose(string.IsNullOrWhiteSpace(_network?.CidrBlock)
                    ? $"SSH to the head node is not opened to any network (AllowedIps {ConfigBuilder.NoNetworkSsh}); jobs run over SSM. Give -AllowedIps to allow SSH from your address range."
                    : $"SSH to the head node is allowed from the network's VPC CIDR {_network.CidrBlock} only; give -AllowedIps to change it.");
            }
            var customAmi = CustomAmi;
            if (_image != null)
            {
                if (customAmi != null && customAmi != _image.AmiId)
                    throw new Core.Errors.PcHpcException(Core.Errors.ErrorKind.InvalidArgument, "SeveralAmis",
                        $"-CustomAmi {customAmi} and -Image '{_image.ImageId}' ({_image.AmiId}) name different AMIs; give only one.") { Target = customAmi };
                customAmi = _image.AmiId;
            }
            Emit(ConfigBuilder.NewCluster(new ClusterOptions
            {
                Region = Region ?? _image?.Region,
                Os = Os,
                CustomAmi = customAmi,
                HeadNodeInstanceType = HeadNodeInstanceType,
                HeadNodeSubnetId = HeadNodeSubnetId,
                Network = _network,
                HeadNodeSecurityGroupIds = HeadNodeSecurityGroupId,
                KeyName = KeyName,
                AllowedIps = AllowedIps,
                HeadNodeRootVolumeSize = HeadNodeRootVolumeSize,
                HeadNodeIamPolicies = HeadNodeIamPolicy ?? new string[0],
                HeadNodeImdsSecured = HeadNodeImdsSecured,
                ImdsSupport = ImdsSupport,
                ScaledownIdletime = ScaledownIdletime,
                QueueUpdateStrategy = QueueUpdateStrategy,
                Queues = queues,
                Storage = Storage ?? new StorageConfig[0],
                Tags = Tag,
                Actions = BootstrapParameters.Actions(OnNodeStart, OnNodeConfigured, OnNodeUpdated),
                S3Access = S3Access,
                ResolvePath = ResolveFilePath,
                StackFolder = BootstrapParameters.StackFolder(),
            }));
        }
    }
}
