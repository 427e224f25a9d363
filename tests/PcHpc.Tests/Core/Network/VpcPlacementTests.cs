using System.Linq;
using PcHpc.Core.Authoring;
using PcHpc.Core.Config;
using PcHpc.Core.Errors;

namespace PcHpc.Tests.Core.Network
{
    /// <summary>New-HpcVpc | New-HpcClusterConfig: head node and queue subnets come from the network.</summary>
    public class VpcPlacementTests
    {
        internal static PcHpc.Vpc Network(bool privateEndpoints = false, string ssh = null) => new PcHpc.Vpc
        {
            Name = "hpc-net",
            Region = "eu-west-1",
            Status = VpcStatus.Ready,
            VpcId = "vpc-1",
            PublicSubnetIds = new[] { CloudFormationDouble.Pub(1), CloudFormationDouble.Pub(2) },
            PrivateSubnetIds = new[] { CloudFormationDouble.Prv(1), CloudFormationDouble.Prv(2) },
            PrivateEndpoints = privateEndpoints,
            SshSecurityGroupId = ssh,
        };

        private static QueueConfig Queue(string name, bool efa = false, bool placement = false, string[] subnets = null) =>
            ConfigBuilder.NewQueue(new QueueOptions { Name = name, InstanceTypes = new[] { "c5n.18xlarge" }, Efa = efa, PlacementGroup = placement, SubnetIds = subnets });

        [Fact]
        public void Head_node_goes_public_and_queues_private()
        {
            var config = ConfigBuilder.NewCluster(new ClusterOptions { Network = Network(), Queues = { Queue("q1") } });
            Assert.Equal(CloudFormationDouble.Pub(1), config.HeadNode.Networking.SubnetId);
            Assert.Equal(new[] { CloudFormationDouble.Prv(1), CloudFormationDouble.Prv(2) }, config.Scheduling.SlurmQueues[0].Networking.SubnetIds);
            Assert.Equal("eu-west-1", config.Region);
        }

        [Fact]
        public void With_private_endpoints_the_head_node_stays_private()
        {
            var config = ConfigBuilder.NewCluster(new ClusterOptions { Network = Network(privateEndpoints: true), Queues = { Queue("q1") } });
            Assert.Equal(CloudFormationDouble.Prv(1), config.HeadNode.Networking.SubnetId);
        }

        [Fact]
        public void Efa_and_placement_group_queues_get_one_subnet_and_own_subnets_are_kept()
        {
            var config = ConfigBuilder.NewCluster(new ClusterOptions
            {
                Network = Network(),
                Queues = { Queue("efa", efa: true), Queue("pg", placement: true), Queue("mine", subnets: new[] { "subnet-0c0000000000000ff" }) },
            });
            var q = config.Scheduling.SlurmQueues;
            Assert.Equal(new[] { CloudFormationDouble.Prv(1) }, q[0].Networking.SubnetIds);
            Assert.Equal(new[] { CloudFormationDouble.Prv(1) }, q[1].Networking.SubnetIds);
            Assert.Equal(new[] { "subnet-0c0000000000000ff" }, q[2].Networking.SubnetIds);
        }

        [Fact]
        public void The_ssh_security_group_joins_the_head_node()
        {
            var config = ConfigBuilder.NewCluster(new ClusterOptions { Network = Network(ssh: CloudFormationDouble.SshGroup), HeadNodeSecurityGroupIds = new[] { "sg-0d0000000000000ff" } });
            Assert.Equal(new[] { "sg-0d0000000000000ff", CloudFormationDouble.SshGroup }, config.HeadNode.Networking.AdditionalSecurityGroups);
        }

        [Fact]
        public void A_network_still_creating_is_refused_with_what_to_do()
        {
            var creating = new PcHpc.Vpc { Name = "hpc-net", Status = VpcStatus.Creating };
            var ex = Assert.Throws<PcHpcException>(() => ConfigBuilder.NewCluster(new ClusterOptions { Network = creating }));
            Assert.Equal("NetworkNotReady", ex.ErrorId);
            Assert.Contains("-Wait", ex.Message);
        }

        [Fact]
        public void Network_and_subnet_together_are_refused()
        {
            var ex = Assert.Throws<PcHpcException>(() => ConfigBuilder.NewCluster(new ClusterOptions { Network = Network(), HeadNodeSubnetId = "subnet-0e0000000000000ff" }));
            Assert.Equal("VpcAndSubnetGiven", ex.ErrorId);
        }
    }
}
