using System.Linq;
using Xunit;

namespace PcHpc.Cmdlets.Tests.Config
{
    /// <summary>
    /// Issue 10, "The cmdlets": the builders only produce valid configs. Enum values are written in the service's
    /// spelling (from the rule table), parameters with a table rule are checked at binding, forbidden storage is refused.
    /// </summary>
    [Collection(ConfigCollection.Name)]
    public class ConfigBuilderSchemaTests
    {
        private readonly ConfigSession _ps;

        public ConfigBuilderSchemaTests(ConfigSession session)
        {
            _ps = session;
            _ps.Reset();
        }

        private object[] Values(string script) => _ps.Invoke(script, ConfigSession.Subnet).Succeeded().Objects.ToArray();

        [Theory]
        [InlineData("Ebs", "delete", "Delete")]
        [InlineData("Ebs", "SNAPSHOT", "Snapshot")]
        [InlineData("Efs", "retain", "Retain")]
        [InlineData("FsxLustre", "DELETE", "Delete")]
        public void StorageDeletionPolicy_IsWrittenInTheServiceSpelling(string type, string given, string written)
        {
            var settings = type + "Settings";
            var size = type == "FsxLustre" ? " -Size 1200" : string.Empty;
            var v = Values($"$s = New-HpcStorageConfig {type} data /data{size} -DeletionPolicy {given}; $s.{settings}.DeletionPolicy");
            Assert.Equal(new object[] { written }, v);
        }

        [Fact]
        public void StorageVolumeAndDeploymentType_AreCanonical()
        {
            var v = Values("(New-HpcStorageConfig Ebs data /data -VolumeType GP3 -Size 100).EbsSettings.VolumeType; (New-HpcStorageConfig FsxLustre scratch /scratch -DeploymentType scratch_2 -Size 1200).FsxLustreSettings.DeploymentType");
            Assert.Equal(new object[] { "gp3", "SCRATCH_2" }, v);
        }

        [Theory]
        [InlineData("spot", "SPOT")]
        [InlineData("OnDemand", "ONDEMAND")]
        [InlineData("capacity_block", "CAPACITY_BLOCK")]
        public void QueueCapacityType_IsCanonical(string given, string written)
        {
            Assert.Equal(new object[] { written }, Values($"(New-HpcQueueConfig q c5.large -MinCount 2 -MaxCount 2 -CapacityType {given}).CapacityType"));
        }

        [Fact]
        public void ClusterEnums_AreCanonical()
        {
            var v = Values("$c = New-HpcClusterConfig -SubnetId $args[0] -QueueUpdateStrategy drain -ImdsSupport V2.0 -Os ALINUX2023 -Queue (New-HpcQueueConfig q c5.large); " +
                           "$c.Scheduling.SlurmSettings.QueueUpdateStrategy; $c.Imds.ImdsSupport; $c.Image.Os");
            Assert.Equal(new object[] { "DRAIN", "v2.0", "alinux2023" }, v);
        }

        [Fact]
        public void HeadNodeIamPolicy_TakesAnArnOrAManagedPolicyName()
        {
            var v = Values("$c = New-HpcClusterConfig -SubnetId $args[0] -HeadNodeIamPolicy AmazonSSMManagedInstanceCore, 'service-role/AmazonEC2RoleforSSM', 'arn:aws:iam::123456789012:policy/mine' -Queue (New-HpcQueueConfig q c5.large); " +
                           "$c.HeadNode.Iam.AdditionalIamPolicies.Policy");
            Assert.Equal(new object[] { "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", "arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM", "arn:aws:iam::123456789012:policy/mine" }, v);
        }

        [Theory]
        [InlineData("New-HpcClusterConfig -SubnetId subnet-0123456789abcdef0 -AllowedIps 10.0.0.300/8", "AllowedIps", "CIDR")]
        [InlineData("New-HpcClusterConfig -SubnetId subnet-0123456789abcdef0 -AllowedIps 'my office'", "AllowedIps", "CIDR")]
        [InlineData("New-HpcClusterConfig -SubnetId subnet-0123456789abcdef0 -HeadNodeIamPolicy 'not a policy!'", "HeadNodeIamPolicy", "managed-policy name")]
        [InlineData("New-HpcClusterConfig -SubnetId subnet-0123456789abcdef0 -QueueUpdateStrategy sometimes", "QueueUpdateStrategy", "DRAIN")]
        [InlineData("New-HpcClusterConfig -SubnetId subnet-123", "HeadNodeSubnetId", "SubnetId")]
        [InlineData("New-HpcQueueConfig q c5.large -CapacityType cheap", "CapacityType", "SPOT")]
        [InlineData("New-HpcStorageConfig Ebs data /data -VolumeType gp9", "VolumeType", "gp3")]
        [InlineData("New-HpcStorageConfig Ebs data /data -DeletionPolicy keep", "DeletionPolicy", "Retain")]
        public void InvalidValues_FailAtBinding(string script, string parameter, string hint)
        {
            var r = _ps.Invoke(script);
            Assert.Empty(r.Output);
            var error = r.SingleError();
            Assert.StartsWith("ParameterArgumentTransformationError", error.FullyQualifiedErrorId);
            Assert.Contains(parameter, error.Exception.Message);
            Assert.Contains(hint, error.Exception.Message);
        }

        [Theory]
        // EFS and FSx for Lustre have no Snapshot deletion policy (EfsSettingsSchema / FsxLustreSettingsSchema).
        [InlineData("New-HpcStorageConfig Efs shared /shared -DeletionPolicy Snapshot", "ParameterValueInvalid", "Delete, Retain")]
        [InlineData("New-HpcStorageConfig FsxLustre scratch /scratch -Size 1200 -DeletionPolicy snapshot", "ParameterValueInvalid", "Delete, Retain")]
        // FsxStorageCapacityValidator: 1200 or a multiple of 2400 for SCRATCH_2.
        [InlineData("New-HpcStorageConfig FsxLustre scratch /scratch -Size 1000 -DeploymentType SCRATCH_2", "ConfigInvalid", "StorageCapacity")]
        // Existing storage keeps its own settings.
        [InlineData("New-HpcStorageConfig Ebs data /data -ExistingId vol-0123456789abcdef0 -VolumeType gp3", "StorageExistingWithSettings", "vol-0123456789abcdef0")]
        public void ForbiddenStorage_IsRefusedBeforeOutput(string script, string errorId, string hint)
        {
            var r = _ps.Invoke(script);
            Assert.Empty(r.Output);
            var error = r.SingleError();
            Assert.StartsWith(errorId, error.FullyQualifiedErrorId);
            Assert.Contains(hint, error.Exception.Message);
        }
    }
}
