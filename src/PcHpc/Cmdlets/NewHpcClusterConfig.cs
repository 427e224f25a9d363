using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using PcHpc.Core.Config;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>
    /// Creates a Slurm cluster configuration with PcHpc's defaults (SSM policy on the head node, IMDSv2, alinux2023).
    /// Queues arrive from the pipeline; one config is written at the end.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "HpcClusterConfig", DefaultParameterSetName = SubnetSet)]
    [OutputType(typeof(ClusterConfig))]
    public sealed class NewHpcClusterConfig : PcHpcCmdlet
    {
        // The network comes as subnet ids here; a "Vpc" set (a network object from New-HpcVpc) can sit beside it.
        private const string SubnetSet = "Subnet";

        private readonly List<QueueConfig> _queues = new List<QueueConfig>();

        [Parameter]
        public string Region { get; set; }

        [Parameter]
        public string Os { get; set; } = ClusterOptions.DefaultOs;

        [Parameter]
        public string CustomAmi { get; set; }

        [Parameter]
        public string HeadNodeInstanceType { get; set; } = ClusterOptions.DefaultHeadNodeInstanceType;

        [Parameter(ParameterSetName = SubnetSet)]
        [Alias("SubnetId")]
        public string HeadNodeSubnetId { get; set; }

        [Parameter]
        public string[] HeadNodeSecurityGroupId { get; set; }

        [Parameter]
        public string KeyName { get; set; }

        [Parameter]
        [Alias("SshCidr")]
        public string AllowedIps { get; set; }

        [Parameter]
        public int? HeadNodeRootVolumeSize { get; set; }

        [Parameter]
        [AllowEmptyCollection]
        public string[] HeadNodeIamPolicy { get; set; } = { ClusterOptions.SsmPolicyArn };

        [Parameter]
        public bool HeadNodeImdsSecured { get; set; } = true;

        [Parameter]
        [ValidateSet("v1.0", "v2.0")]
        public string ImdsSupport { get; set; } = "v2.0";

        [Parameter]
        public int? ScaledownIdletime { get; set; }

        [Parameter]
        [ValidateSet("COMPUTE_FLEET_STOP", "DRAIN", "TERMINATE")]
        public string QueueUpdateStrategy { get; set; }

        [Parameter(ValueFromPipeline = true)]
        public QueueConfig[] Queue { get; set; }

        [Parameter]
        public StorageConfig[] Storage { get; set; }

        [Parameter]
        public Hashtable Tag { get; set; }

        protected override void Process()
        {
            if (Queue == null) return;
            foreach (var queue in Queue)
            {
                if (queue != null) _queues.Add(queue);
            }
        }

        protected override void End()
        {
            Emit(ConfigBuilder.NewCluster(new ClusterOptions
            {
                Region = Region,
                Os = Os,
                CustomAmi = CustomAmi,
                HeadNodeInstanceType = HeadNodeInstanceType,
                HeadNodeSubnetId = HeadNodeSubnetId,
                HeadNodeSecurityGroupIds = HeadNodeSecurityGroupId,
                KeyName = KeyName,
                AllowedIps = AllowedIps,
                HeadNodeRootVolumeSize = HeadNodeRootVolumeSize,
                HeadNodeIamPolicies = HeadNodeIamPolicy ?? new string[0],
                HeadNodeImdsSecured = HeadNodeImdsSecured,
                ImdsSupport = ImdsSupport,
                ScaledownIdletime = ScaledownIdletime,
                QueueUpdateStrategy = QueueUpdateStrategy,
                Queues = _queues,
                Storage = Storage ?? new StorageConfig[0],
                Tags = Tag,
            }));
        }
    }
}
