using System.Linq;
using System.Management.Automation;
using PcHpc.Core.Authoring;
using PcHpc.Core.Config;
using PcHpc.Infrastructure;

namespace PcHpc.Cmdlets
{
    /// <summary>Creates one Slurm queue for New-HpcClusterConfig.</summary>
    [Cmdlet(VerbsCommon.New, "HpcQueueConfig", DefaultParameterSetName = InstanceTypeSet)]
    [OutputType(typeof(QueueConfig))]
    public sealed class NewHpcQueueConfig : PcHpcCmdlet
    {
        private const string InstanceTypeSet = "InstanceType";
        private const string ComputeResourceSet = "ComputeResource";

        [Parameter(Mandatory = true, Position = 0)]
        public string Name { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = InstanceTypeSet)]
        [ArgumentCompleter(typeof(InstanceTypeCompleter))]
        public string[] InstanceType { get; set; }

        [Parameter(ParameterSetName = InstanceTypeSet)]
        public int MinCount { get; set; }

        [Parameter(ParameterSetName = InstanceTypeSet)]
        public int MaxCount { get; set; } = 10;

        [Parameter(Mandatory = true, ParameterSetName = ComputeResourceSet)]
        public object[] ComputeResource { get; set; }

        [Parameter]
        [Alias("SubnetIds")]
        [SchemaValue("SlurmQueueNetworkingSchema", "SubnetIds", Path = "Networking.SubnetIds")]
        public string[] SubnetId { get; set; }

        [Parameter]
        [SchemaValue("SlurmQueueSchema", "CapacityType", Path = "CapacityType")]
        [ArgumentCompleter(typeof(SchemaValueCompleter))]
        public string CapacityType { get; set; }

        [Parameter]
        [SchemaValue("SlurmQueueSchema", "AllocationStrategy", Path = "AllocationStrategy")]
        [ArgumentCompleter(typeof(SchemaValueCompleter))]
        public string AllocationStrategy { get; set; }

        [Parameter]
        public double? SpotPrice { get; set; }

        [Parameter]
        public SwitchParameter Efa { get; set; }

        [Parameter]
        public SwitchParameter PlacementGroup { get; set; }

        [Parameter]
        public string PlacementGroupName { get; set; }

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
            Emit(ConfigBuilder.NewQueue(new QueueOptions
            {
                Name = Name,
                InstanceTypes = ParameterSetName == InstanceTypeSet ? InstanceType : null,
                MinCount = MinCount,
                MaxCount = MaxCount,
                ComputeResources = ParameterSetName != ComputeResourceSet ? null : ComputeResource?.Select(c => c is PSObject ps && ps.BaseObject != null ? ps.BaseObject : c).ToList(),
                SubnetIds = SubnetId,
                CapacityType = CapacityType,
                AllocationStrategy = AllocationStrategy,
                SpotPrice = SpotPrice,
                Efa = Efa.IsPresent,
                PlacementGroup = PlacementGroup.IsPresent,
                PlacementGroupName = PlacementGroupName,
                Actions = BootstrapParameters.Actions(OnNodeStart, OnNodeConfigured, OnNodeUpdated),
                S3Access = S3Access,
                ResolvePath = ResolveFilePath,
                StackFolder = BootstrapParameters.StackFolder(),
            }));
        }
    }
}
