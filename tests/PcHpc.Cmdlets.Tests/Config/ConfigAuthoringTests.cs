using System.IO;
using System.Linq;
using System.Management.Automation;

namespace PcHpc.Cmdlets.Tests.Config
{
    /// <summary>New-HpcQueueConfig / New-HpcStorageConfig / New-HpcClusterConfig through the real engine.</summary>
    [Collection(ConfigCollection.Name)]
    public class ConfigAuthoringTests
    {
        private readonly ConfigSession _ps;

        public ConfigAuthoringTests(ConfigSession session)
        {
            _ps = session;
            _ps.Reset();
        }

        private static string[] Queues(PSObject config) => ((string[])config.Properties["Queues"].Value);

        // Issue 9 item 1: README's pipeline. A piped queue plus -Queue used to fail binding (InputObjectNotBound)
        // and emit a config with no queues.
        [Fact]
        public void PipedQueues_And_QueueParameter_Combine_PipedFirst()
        {
            var r = _ps.Invoke(@"
                $gpu = New-HpcQueueConfig -Name gpu -InstanceType g5.xlarge -MaxCount 4 -CapacityType Spot
                New-HpcQueueConfig -Name compute -InstanceType c6i.2xlarge -MinCount 0 -MaxCount 20 |
                    New-HpcClusterConfig -Region us-east-1 -HeadNodeSubnetId $args[0] -KeyName ops -Queue $gpu", ConfigSession.Subnet).Succeeded();
            var config = Assert.Single(r.Output);
            Assert.Equal("PcHpc.ClusterConfig", config.BaseObject.GetType().FullName);
            Assert.Equal(new[] { "compute", "gpu" }, Queues(config));
        }

        [Fact]
        public void Queues_FromSeveralPipelineRecords_AndQueueParameter_MakeOneConfig()
        {
            var r = _ps.Invoke(@"
                $x = New-HpcQueueConfig x c5.large
                $y = New-HpcQueueConfig y c5.large
                & { New-HpcQueueConfig a c5.large; New-HpcQueueConfig b c5.large; New-HpcQueueConfig c c5.large } |
                    New-HpcClusterConfig -SubnetId $args[0] -Queue $x, $y", ConfigSession.Subnet).Succeeded();
            Assert.Equal(new[] { "a", "b", "c", "x", "y" }, Queues(Assert.Single(r.Output)));
        }

        private const string Network = @"
            $net = [PcHpc.Vpc]@{ Name = 'hpc-net'; Region = 'us-east-1'; Status = 'Ready'; VpcId = 'vpc-0123456789abcdef0'; CidrBlock = '10.0.0.0/16'
                PublicSubnetIds = 'subnet-0aaaaaaaaaaaaaaa1'; PrivateSubnetIds = 'subnet-0bbbbbbbbbbbbbbb1', 'subnet-0bbbbbbbbbbbbbbb2' }
";

        // README's network line: the network piped, the queue given with -Queue.
        [Fact]
        public void PipedNetwork_WithQueueParameter_PlacesTheQueueInThePrivateSubnets()
        {
            var r = _ps.Invoke(Network + @"
                $c = $net | New-HpcClusterConfig -HeadNodeInstanceType t3.medium -Queue (New-HpcQueueConfig -Name compute -InstanceType c6i.xlarge -MaxCount 10)
                @($c).Count; $c.Region; $c.HeadNode.Networking.SubnetId; ($c.Queues -join ','); ($c.Scheduling.SlurmQueues[0].Networking.SubnetIds -join ',')").Succeeded();
            Assert.Equal(new object[] { 1, "us-east-1", "subnet-0aaaaaaaaaaaaaaa1", "compute", "subnet-0bbbbbbbbbbbbbbb1,subnet-0bbbbbbbbbbbbbbb2" }, r.Objects.ToArray());
        }

        [Fact]
        public void PipedQueues_WithVpcAndQueueParameters_Combine()
        {
            var r = _ps.Invoke(Network + @"
                $gpu = New-HpcQueueConfig gpu g5.xlarge
                $c = & { New-HpcQueueConfig a c5.large; New-HpcQueueConfig b c5.large } | New-HpcClusterConfig -Vpc $net -Queue $gpu
                @($c).Count; ($c.Queues -join ','); $c.HeadNode.Networking.SubnetId").Succeeded();
            Assert.Equal(new object[] { 1, "a,b,gpu", "subnet-0aaaaaaaaaaaaaaa1" }, r.Objects.ToArray());
        }

        [Fact]
        public void SameQueue_PipedAndGiven_CountsOnce()
        {
            var r = _ps.Invoke("$q = New-HpcQueueConfig cpu c5.large; $q | New-HpcClusterConfig -SubnetId $args[0] -Queue $q", ConfigSession.Subnet).Succeeded();
            Assert.Equal(new[] { "cpu" }, Queues(Assert.Single(r.Output)));
        }

        [Fact]
        public void QueueParameter_Alone_Works_AndNoQueues_IsStillOneConfig()
        {
            var r = _ps.Invoke("New-HpcClusterConfig -SubnetId $args[0] -Queue (New-HpcQueueConfig cpu c5.large)", ConfigSession.Subnet).Succeeded();
            Assert.Equal(new[] { "cpu" }, Queues(Assert.Single(r.Output)));
            var none = _ps.Invoke("New-HpcClusterConfig -SubnetId $args[0]", ConfigSession.Subnet).Succeeded();
            Assert.Empty(Queues(Assert.Single(none.Output)));
        }

        [Fact]
        public void NetworkAndSubnet_AreDifferentParameterSets()
        {
            var r = _ps.Invoke("New-HpcClusterConfig -Vpc ([PcHpc.Vpc]::new()) -SubnetId $args[0]", ConfigSession.Subnet);
            Assert.Equal("AmbiguousParameterSet,PcHpc.Cmdlets.NewHpcClusterConfig", r.SingleError().FullyQualifiedErrorId);
            Assert.Empty(r.Output);
        }

        [Fact]
        public void NewCluster_Defaults_AndEveryOverride()
        {
            var defaults = Assert.Single(_ps.Invoke("New-HpcQueueConfig cpu c5.large | New-HpcClusterConfig -Region us-east-1 -SubnetId $args[0] -KeyName my-key", ConfigSession.Subnet).Succeeded().Output);
            var yaml = (string)Assert.Single(_ps.Invoke("$args[0] | Export-HpcClusterConfig", defaults).Succeeded().Output).BaseObject;
            Assert.Contains("Os: alinux2023", yaml);
            Assert.Contains("Policy: arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", yaml);
            Assert.Contains("ImdsSupport: v2.0", yaml);
            Assert.Contains("Secured: true", yaml);
            Assert.Contains("KeyName: my-key", yaml);

            var r = _ps.Invoke(@"
                $efs = New-HpcStorageConfig -Type Efs -Name shared -MountDir /shared
                $c = New-HpcQueueConfig cpu c5.large |
                    New-HpcClusterConfig -SshCidr 10.0.0.0/16 -SubnetId $args[0] -Os rhel9 -HeadNodeIamPolicy @() -HeadNodeImdsSecured $false -ImdsSupport v1.0 -Tag @{ team = 'cfd' } -Storage $efs
                $c.Os; ($null -eq $c.HeadNode.Iam); $c.HeadNode.Imds.Secured; $c.Imds.ImdsSupport; $c.HeadNode.Ssh.AllowedIps; $c.Tags[0].Key; $c.StorageCount; $c.ToString()", ConfigSession.Subnet).Succeeded();
            Assert.Equal(new object[] { "rhel9", true, false, "v1.0", "10.0.0.0/16", "team", 1 }, r.Objects.Take(7).ToArray());
            Assert.Contains("1 shared storage", (string)r.Objects.Last());
        }

        [Fact]
        public void NewCluster_BadSubnet_IsATerminatingError_AndEmitsNothing()
        {
            var c = _ps.InvokeCatching("New-HpcQueueConfig cpu c5.large | New-HpcClusterConfig -HeadNodeSubnetId subnet-123 | ForEach-Object { 'emitted' }");
            Assert.Contains("HeadNode.Networking.SubnetId", c.Terminating().Exception.Message);
            Assert.Empty(c.Result.Output);
        }

        [Fact]
        public void NewQueue_BadInput_IsATerminatingErrorNamingTheField()
        {
            var counts = _ps.InvokeCatching("New-HpcQueueConfig -Name cpu -InstanceType c5.large -MinCount 3 -MaxCount 1");
            var error = counts.Terminating();
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Contains("Queue.ComputeResources[0].MaxCount", error.Exception.Message);
            Assert.Empty(counts.Result.Output);

            var name = _ps.Invoke("New-HpcQueueConfig -Name CPU -InstanceType c5.large");
            Assert.StartsWith("ConfigInvalid,", name.SingleError().FullyQualifiedErrorId);
            Assert.Contains("'CPU'", name.SingleError().Exception.Message);
        }

        // A mistyped instance type used to pass every local check and reach ParallelCluster.
        [Fact]
        public void MistypedInstanceType_IsATerminatingErrorWithASuggestion()
        {
            var queue = _ps.InvokeCatching("New-HpcQueueConfig -Name cpu -InstanceType c5large").Terminating();
            Assert.StartsWith("ConfigInvalid,", queue.FullyQualifiedErrorId);
            Assert.Contains("Queue.ComputeResources[0].InstanceType 'c5large'", queue.Exception.Message);
            Assert.Contains("did you mean 'c5.large'", queue.Exception.Message);

            var head = _ps.InvokeCatching("New-HpcQueueConfig cpu c5.large | New-HpcClusterConfig -SubnetId $args[0] -HeadNodeInstanceType T3.Medium", ConfigSession.Subnet).Terminating();
            Assert.Contains("HeadNode.InstanceType 'T3.Medium'", head.Exception.Message);
            Assert.Contains("did you mean 't3.medium'", head.Exception.Message);
            Assert.Empty(_ps.InvokeCatching("New-HpcQueueConfig cpu c5.large | New-HpcClusterConfig -SubnetId $args[0] -HeadNodeInstanceType T3.Medium | ForEach-Object { 'emitted' }", ConfigSession.Subnet).Result.Output);
        }

        [Fact]
        public void NewQueue_ComputeResourceHashtables_SpotAndStrategy()
        {
            var r = _ps.Invoke(@"
                $q = New-HpcQueueConfig -Name mixed -ComputeResource @{ Name = 'a'; InstanceType = 'c5.large' }, @{ InstanceType = 'm5.large'; MaxCount = 2 } `
                    -CapacityType Spot -AllocationStrategy price-capacity-optimized -SpotPrice 0.5
                ($q.ComputeResources.Name -join ','); ($q.ComputeResources.SpotPrice -join ','); $q.CapacityType; ($q.InstanceTypes -join ',')").Succeeded();
            Assert.Equal(new object[] { "a,m5-large", "0.5,0.5", "SPOT", "c5.large,m5.large" }, r.Objects.ToArray());
        }

        [Fact]
        public void NewQueue_Parameters_BindByPosition_AndSetsExclude()
        {
            var r = _ps.Invoke("(New-HpcQueueConfig cpu c5.xlarge, c5.2xlarge).ComputeResources.Name -join ','").Succeeded();
            Assert.Equal("c5-xlarge,c5-2xlarge", Assert.Single(r.Objects));
            var both = _ps.Invoke("New-HpcQueueConfig cpu -InstanceType c5.large -ComputeResource @{ InstanceType = 'c5.large' }");
            Assert.Equal("AmbiguousParameterSet,PcHpc.Cmdlets.NewHpcQueueConfig", both.SingleError().FullyQualifiedErrorId);
        }

        // The switches are plain SwitchParameters now: present, absent and -X:$false must all mean what they say.
        [Fact]
        public void Switches_Efa_PlacementGroup_Encrypted_FollowTheRealBinder()
        {
            var r = _ps.Invoke(@"
                $on = New-HpcQueueConfig mpi c5n.18xlarge -Efa -PlacementGroup
                $off = New-HpcQueueConfig mpi c5n.18xlarge -Efa:$false -PlacementGroup:$false
                $none = New-HpcQueueConfig mpi c5n.18xlarge
                [bool]$on.ComputeResources[0].Efa.Enabled; [bool]$on.Networking.PlacementGroup.Enabled
                [bool]$off.ComputeResources[0].Efa.Enabled; [bool]$off.Networking.PlacementGroup.Enabled
                [bool]$none.ComputeResources[0].Efa.Enabled
                [bool](New-HpcStorageConfig Ebs data /data -Size 10 -Encrypted).EbsSettings.Encrypted
                [bool](New-HpcStorageConfig Ebs data /data -Size 10 -Encrypted:$false).EbsSettings.Encrypted").Succeeded();
            Assert.Equal(new object[] { true, true, false, false, false, true, false }, r.Objects.ToArray());
        }

        [Fact]
        public void NewStorage_ExistingFileSystem_AndBadVolumeId()
        {
            var r = _ps.Invoke("(New-HpcStorageConfig -Type FsxLustre -Name fsx -MountDir /fsx -FileSystemId fs-0123456789abcdef0).FsxLustreSettings.FileSystemId").Succeeded();
            Assert.Equal("fs-0123456789abcdef0", Assert.Single(r.Objects));
            var bad = _ps.InvokeCatching("New-HpcStorageConfig -Type Ebs -Name data -MountDir /data -ExistingId vol-xyz");
            Assert.Contains("Storage.EbsSettings.VolumeId", bad.Terminating().Exception.Message);
        }

        [Fact]
        public void Module_ExportsTheConfigCmdlets()
        {
            // The six cluster config cmdlets, and New-HpcImageConfig for build-image configurations.
            var r = _ps.Invoke("(Get-Command -Module PcHpc -Noun Hpc*Config).Name | Sort-Object").Succeeded();
            Assert.Equal(new object[] { "Export-HpcClusterConfig", "Import-HpcClusterConfig", "New-HpcClusterConfig", "New-HpcImageConfig", "New-HpcQueueConfig", "New-HpcStorageConfig", "Test-HpcClusterConfig" }, r.Objects.ToArray());
        }
    }
}
