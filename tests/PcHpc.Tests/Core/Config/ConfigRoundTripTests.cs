using System.IO;
using System.Linq;
using PcHpc.Core.Config;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Core.Config
{
    public class ConfigRoundTripTests
    {
        private static string Shared(string name) => File.ReadAllText(TestEnvironment.Shared("parallelcluster/" + name));

        private static void AssertRoundTrip(string yaml)
        {
            var exported = ConfigYaml.Serialize(ConfigYaml.Parse(yaml));
            var diffs = YamlTree.Differences(yaml, exported);
            Assert.True(diffs.Count == 0, string.Join("\n", diffs) + "\n---\n" + exported);
        }

        [SharedDataFact("parallelcluster/slurm.full.yaml")]
        public void SlurmFull_ImportThenExport_IsSemanticallyEqual() => AssertRoundTrip(Shared("slurm.full.yaml"));

        [SharedDataFact("parallelcluster/slurm.required.yaml")]
        public void SlurmRequired_ImportThenExport_IsSemanticallyEqual() => AssertRoundTrip(Shared("slurm.required.yaml"));

        [SharedDataFact("parallelcluster/awsbatch.simple.yaml")]
        public void AwsBatchSimple_ImportThenExport_IsSemanticallyEqual() => AssertRoundTrip(Shared("awsbatch.simple.yaml"));

        [SharedDataFact("parallelcluster/awsbatch.full.yaml")]
        public void AwsBatchFull_ImportThenExport_IsSemanticallyEqual() => AssertRoundTrip(Shared("awsbatch.full.yaml"));

        [SharedDataFact("parallelcluster/slurm.full.yaml")]
        public void Export_IsStable_AndKeepsQuotedStringsQuoted()
        {
            var once = ConfigYaml.Serialize(ConfigYaml.Parse(Shared("slurm.full.yaml")));
            Assert.Equal(once, ConfigYaml.Serialize(ConfigYaml.Parse(once)));
            Assert.Contains("WeeklyMaintenanceStartTime: \"1:00:00\"", once);
            // Keys keep the file's order (Imds comes first in slurm.full.yaml).
            Assert.StartsWith("Imds:\n  ImdsSupport: v2.0\nRegion: us-east-1\nImage:\n  Os: alinux2\n  CustomAmi: ami-12345678\nLoginNodes:", once.Replace("\r\n", "\n"));
        }

        [SharedDataFact("parallelcluster/slurm.full.yaml")]
        public void SlurmFull_TypedFieldsAreRead()
        {
            var config = ConfigYaml.Parse(Shared("slurm.full.yaml"));
            Assert.Equal("us-east-1", config.Region);
            Assert.Equal("alinux2", config.Image.Os);
            Assert.Equal("ami-12345678", config.Image.CustomAmi);
            Assert.Equal("t3.micro", config.HeadNode.InstanceType);
            Assert.Equal("subnet-12345678", config.HeadNode.Networking.SubnetId);
            Assert.Equal(new[] { "sg-34567890", "sg-45678901" }, config.HeadNode.Networking.AdditionalSecurityGroups);
            Assert.Equal("1.2.3.4/32", config.HeadNode.Ssh.AllowedIps);
            Assert.Equal(40, config.HeadNode.LocalStorage.RootVolume.Size);
            Assert.True(config.HeadNode.Imds.Secured);
            Assert.Equal("arn:aws:iam::aws:role/CustomHeadNodeRole", config.HeadNode.Iam.InstanceRole);
            Assert.Equal(new[] { "arg1", "arg2" }, config.HeadNode.CustomActions.OnNodeStart.Args);
            Assert.Equal(10, config.Scheduling.SlurmSettings.ScaledownIdletime);
            Assert.Equal("TERMINATE", config.Scheduling.SlurmSettings.QueueUpdateStrategy);
            Assert.Equal(new[] { "queue1", "queue2" }, config.Queues);
            var cr = config.Scheduling.SlurmQueues[1].ComputeResources[1];
            Assert.Equal(1, cr.MinCount);
            Assert.Equal(15, cr.MaxCount);
            Assert.Equal(1.1, cr.SpotPrice);
            Assert.True(cr.Efa.Enabled);
            Assert.False(cr.Efa.GdrSupport);
            Assert.True(config.Scheduling.SlurmQueues[1].Networking.PlacementGroup.Enabled);
            Assert.False(config.Scheduling.SlurmQueues[0].Iam.S3Access[0].EnableWriteAccess);
            Assert.Equal(5, config.StorageCount);
            Assert.Equal(150, config.SharedStorage[0].EbsSettings.Size);
            Assert.Equal(1024, config.SharedStorage[1].EfsSettings.ProvisionedThroughput);
            Assert.Equal(3600, config.SharedStorage[2].FsxLustreSettings.StorageCapacity);
            Assert.Equal("two22", config.Tags[1].Value);
            Assert.Equal("v2.0", config.Imds.ImdsSupport);
            Assert.True(config.Monitoring.DetailedMonitoring);
        }

        [SharedDataFact("parallelcluster/slurm.full.yaml")]
        public void SlurmFull_UntypedKeysAreCarriedAtEveryLevel()
        {
            var config = ConfigYaml.Parse(Shared("slurm.full.yaml"));
            Assert.Contains("LoginNodes", config.UntypedKeys);
            Assert.Contains("DevSettings", config.UntypedKeys);
            Assert.Contains("ElasticIp", config.HeadNode.Networking.UntypedKeys);
            Assert.Contains("Database", config.Scheduling.SlurmSettings.UntypedKeys);
            Assert.Contains("CapacityReservationTarget", config.Scheduling.SlurmQueues[0].ComputeResources[0].UntypedKeys);
            Assert.Contains("DataRepositoryAssociations", config.SharedStorage[2].FsxLustreSettings.UntypedKeys);
            var yaml = ConfigYaml.Serialize(config);
            Assert.Equal("cr-54321fcdbd5971234", YamlTree.Scalar(yaml, "Scheduling.SlurmQueues[0].ComputeResources[0].CapacityReservationTarget.CapacityReservationId"));
            Assert.Equal("value_2", YamlTree.Scalar(yaml, "DirectoryService.AdditionalSssdConfigs.parameter_2"));
        }

        [SharedDataFact("parallelcluster/slurm.full.yaml")]
        public void SlurmFull_ValidatesWithoutErrorsOrUnknownKeys()
        {
            // slurm.full.yaml loads through the official ClusterSchema (../shared/parallelcluster/README.md), so no schema
            // finding; the official rule validators do reject it (see OfficialExamplesTests for the exact list).
            var schemaRules = new[] { "UnknownKey", "ValueType", "Pattern", "AllowedValue", "Range", "Length", "Required", "NotNull" };
            var problems = ConfigValidator.Validate(ConfigYaml.Parse(Shared("slurm.full.yaml")))
                .Where(p => schemaRules.Contains(p.Rule)).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [SharedDataFact("parallelcluster/awsbatch.full.yaml")]
        public void AwsBatch_SchedulerIsCarriedUntyped()
        {
            var config = ConfigYaml.Parse(Shared("awsbatch.full.yaml"));
            Assert.Equal("awsbatch", config.Scheduler);
            Assert.Null(config.Scheduling.SlurmQueues);
            Assert.Contains("AwsBatchQueues", config.Scheduling.UntypedKeys);
            Assert.DoesNotContain(ConfigValidator.Validate(config), p => p.Rule == "UnknownKey" && p.Path.StartsWith("Scheduling"));
        }

        [Fact]
        public void StringsThatLookLikeOtherTypes_AreQuotedOnExport()
        {
            var config = new ClusterConfig { Tags = new System.Collections.Generic.List<TagConfig>
            {
                new TagConfig { Key = "yes", Value = "1:00:00" },
                new TagConfig { Key = "n", Value = "0012" },
                new TagConfig { Key = "plain", Value = "hello" },
            } };
            var yaml = ConfigYaml.Serialize(config);
            Assert.Contains("Key: 'yes'", yaml);
            Assert.Contains("Value: '1:00:00'", yaml);
            Assert.Contains("Value: '0012'", yaml);
            Assert.Contains("Value: hello", yaml);
            Assert.Equal("1:00:00", ConfigYaml.Parse(yaml).Tags[0].Value);
        }

        [Fact]
        public void ImportedKeyOrder_IsKept_NewKeysGoLast()
        {
            var config = ConfigYaml.Parse("Scheduling:\n  Scheduler: slurm\nHeadNode:\n  Ssh:\n    KeyName: k\n  InstanceType: t3.micro\n");
            config.Region = "us-east-1";
            Assert.Equal("Scheduling:\n  Scheduler: slurm\nHeadNode:\n  Ssh:\n    KeyName: k\n  InstanceType: t3.micro\nRegion: us-east-1\n",
                ConfigYaml.Serialize(config).Replace("\r\n", "\n"));
        }

        [Fact]
        public void UnsetFields_AreOmitted()
        {
            var yaml = ConfigYaml.Serialize(new ClusterConfig { Region = "eu-west-1", HeadNode = new HeadNodeConfig { InstanceType = "t3.small" } });
            Assert.Equal("Region: eu-west-1\nHeadNode:\n  InstanceType: t3.small\n", yaml.Replace("\r\n", "\n"));
        }

        [Fact]
        public void TypedKeyWithWrongShape_IsKeptAndReported()
        {
            var yaml = "HeadNode:\n  InstanceType: t3.micro\n  Networking: subnet-12345678\nScheduling:\n  Scheduler: slurm\n  SlurmQueues: []\n";
            var config = ConfigYaml.Parse(yaml);
            Assert.Null(config.HeadNode.Networking);
            Assert.Empty(YamlTree.Differences(yaml, ConfigYaml.Serialize(config)));
            var problem = Assert.Single(ConfigValidator.Validate(config), p => p.Rule == "ValueType");
            Assert.Equal("HeadNode.Networking", problem.Path);
            Assert.Equal("subnet-12345678", problem.Value);
        }

        // Issue 10: floats are kept as floats (SpotPrice: 2.0 exports as 2.0, which PyYAML reads back as a float).
        [Theory]
        [InlineData(2.0, "2.0")]
        [InlineData(1.1, "1.1")]
        [InlineData(1e20, "1.0E+20")]
        [InlineData(-3.0, "-3.0")]
        [InlineData(double.PositiveInfinity, ".inf")]
        public void FloatText_IsAYaml11Float(double value, string expected)
        {
            Assert.Equal(expected, ConfigYaml.FloatText(value));
            Assert.Equal(PcHpc.Core.Config.Schema.PyKind.Float, PcHpc.Core.Config.Schema.PyNode.Scalar(expected, true).Kind);
        }

        [Fact]
        public void SpotPrice_2_0_ExportsAs_2_0()
        {
            var yaml = "Region: us-east-1\nScheduling:\n  Scheduler: slurm\n  SlurmQueues:\n    - Name: q\n      ComputeResources:\n        - Name: c\n          InstanceType: c5.large\n          SpotPrice: 2.0\n";
            var exported = ConfigYaml.Serialize(ConfigYaml.Parse(yaml));
            Assert.Contains("SpotPrice: 2.0\n", exported.Replace("\r\n", "\n"));
            Assert.Empty(YamlTree.Differences(yaml, exported));
        }

        [Fact]
        public void InvalidYaml_GivesInvalidArgument()
        {
            var ex = Assert.Throws<PcHpc.Core.Errors.PcHpcException>(() => ConfigYaml.Parse("HeadNode: [unclosed"));
            Assert.Equal("ConfigYamlInvalid", ex.ErrorId);
            var ex2 = Assert.Throws<PcHpc.Core.Errors.PcHpcException>(() => ConfigYaml.Parse("- a\n- b\n"));
            Assert.Equal("ConfigYamlNotMapping", ex2.ErrorId);
        }
    }
}
