using System.Linq;
using PcHpc.Core.Authoring;
using PcHpc.Core.Config;
using PcHpc.Core.Config.Schema;
using PcHpc.Core.Errors;

namespace PcHpc.Tests.Core.Config
{
    /// <summary>Builder values checked against the rule table (issue 10, "The cmdlets": builders only produce valid configs).</summary>
    public class SchemaValuesTests
    {
        [Theory]
        [InlineData("EbsSettingsSchema", "DeletionPolicy", "delete", "Delete")]
        [InlineData("EfsSettingsSchema", "DeletionPolicy", "RETAIN", "Retain")]
        [InlineData("SlurmQueueSchema", "CapacityType", "spot", "SPOT")]
        [InlineData("SlurmQueueSchema", "CapacityType", "CapacityBlock", "CAPACITY_BLOCK")]
        [InlineData("SlurmSettingsSchema", "QueueUpdateStrategy", "compute-fleet-stop", "COMPUTE_FLEET_STOP")]
        [InlineData("FsxLustreSettingsSchema", "DeploymentType", "persistent_2", "PERSISTENT_2")]
        [InlineData("HeadNodeSshSchema", "AllowedIps", "203.0.113.0/24", "203.0.113.0/24")]
        [InlineData("HeadNodeSshSchema", "AllowedIps", "pl-0123abcd", "pl-0123abcd")]
        public void Canonical_GivesTheTableSpelling(string schema, string key, string given, string expected)
        {
            Assert.Equal(expected, SchemaValues.Canonical(schema, key, given, key));
        }

        [Theory]
        [InlineData("EfsSettingsSchema", "DeletionPolicy", "Snapshot")]
        [InlineData("HeadNodeSshSchema", "AllowedIps", "10.0.0.0/33")]
        [InlineData("HeadNodeSshSchema", "AllowedIps", "0.0.0.0")]
        [InlineData("HeadNodeNetworkingSchema", "SubnetId", "subnet-1")]
        public void Canonical_RefusesWhatTheTableRefuses(string schema, string key, string given)
        {
            var ex = Assert.Throws<PcHpcException>(() => SchemaValues.Canonical(schema, key, given, key));
            Assert.Equal("ParameterValueInvalid", ex.ErrorId);
        }

        [Fact]
        public void AllowedValues_ComeFromTheTable()
        {
            Assert.Equal(new[] { "Delete", "Retain", "Snapshot" }, SchemaValues.AllowedValues("EbsSettingsSchema", "DeletionPolicy"));
            Assert.Equal(ConfigSchema.Official["SlurmQueueSchema"].ByKey("CapacityType").Enum.Count, SchemaValues.AllowedValues("SlurmQueueSchema", "CapacityType").Count);
        }

        [Theory]
        [InlineData("AmazonSSMManagedInstanceCore", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")]
        [InlineData("service-role/AmazonEC2RoleforSSM", "arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM")]
        [InlineData("arn:aws-cn:iam::123456789012:policy/mine", "arn:aws-cn:iam::123456789012:policy/mine")]
        public void PolicyArn_TakesAnArnOrAManagedPolicyName(string given, string expected)
        {
            Assert.Equal(expected, SchemaValues.PolicyArn(given, "HeadNodeIamPolicy"));
        }

        [Theory]
        [InlineData("not a policy")]
        [InlineData("arn:aws:iam::123456789012:role/oops")]
        public void PolicyArn_RefusesAnythingElse(string given)
        {
            Assert.Throws<PcHpcException>(() => SchemaValues.PolicyArn(given, "HeadNodeIamPolicy"));
        }

        [Fact]
        public void Builders_WriteCanonicalValues()
        {
            var storage = ConfigBuilder.NewStorage(new StorageOptions { Type = "ebs", Name = "data", MountDir = "/data", DeletionPolicy = "snapshot", VolumeType = "GP3" });
            Assert.Equal("Snapshot", storage.EbsSettings.DeletionPolicy);
            Assert.Equal("gp3", storage.EbsSettings.VolumeType);
            var config = ConfigBuilder.NewCluster(new ClusterOptions
            {
                Region = "us-east-1", HeadNodeSubnetId = "subnet-0123456789abcdef0", QueueUpdateStrategy = "drain",
                HeadNodeIamPolicies = new[] { "AmazonS3ReadOnlyAccess" },
            });
            Assert.Equal("DRAIN", config.Scheduling.SlurmSettings.QueueUpdateStrategy);
            Assert.Equal("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", config.HeadNode.Iam.AdditionalIamPolicies.Single().Policy);
        }
    }
}
