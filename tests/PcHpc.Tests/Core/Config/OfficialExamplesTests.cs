using System.IO;
using System.Linq;
using PcHpc.Core.Config;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Core.Config
{
    /// <summary>
    /// The official example configs (../shared/parallelcluster, from aws-parallelcluster cli/tests/pcluster/example_configs).
    /// All four load through the official ClusterSchema; slurm.required.yaml also passes the rule validators, so it must
    /// give no error. The others are rejected by official rule validators: each expected error below names the rule.
    /// </summary>
    public class OfficialExamplesTests
    {
        private static string Shared(string name) => File.ReadAllText(TestEnvironment.Shared("parallelcluster/" + name));

        private static string[] Errors(string yaml) =>
            ConfigValidator.ValidateYaml(yaml).Where(p => p.Severity == ConfigProblemSeverity.Error).Select(p => $"{p.Rule} {p.Path}").ToArray();

        private static string[] ErrorsThroughModel(string yaml) =>
            ConfigValidator.Validate(ConfigYaml.Parse(yaml)).Where(p => p.Severity == ConfigProblemSeverity.Error).Select(p => $"{p.Rule} {p.Path}").ToArray();

        [SharedDataFact("parallelcluster/slurm.required.yaml")]
        public void SlurmRequired_IsAccepted()
        {
            var yaml = Shared("slurm.required.yaml");
            Assert.Empty(ConfigValidator.ValidateYaml(yaml));
            Assert.Empty(ConfigValidator.Validate(ConfigYaml.Parse(yaml)));
            Assert.Empty(ConfigValidator.Validate(ConfigYaml.Parse(ConfigYaml.Serialize(ConfigYaml.Parse(yaml)))));
        }

        [SharedDataFact("parallelcluster/slurm.full.yaml")]
        public void SlurmFull_PassesTheSchema_AndGetsTheOfficialRuleErrors()
        {
            var yaml = Shared("slurm.full.yaml");
            var expected = new[]
            {
                // VolumeType gp2 with Iops: EbsVolumeIopsValidator (ebs_validators.py:99), registered for the head node root
                // volume (cluster_config.py:1667), queue root volumes (cluster_config.py SlurmClusterConfig) and SharedEbs (:329).
                "EbsVolumeIopsValidator HeadNode.LocalStorage.RootVolume.Iops",
                // Database and ExternalSlurmdbd together (slurm_settings_validator.py:186); ExternalSlurmdbd without MungeKeySecretArn (:202).
                "ExternalSlurmdbdVsDatabaseIncompatibility Scheduling.SlurmSettings.ExternalSlurmdbd",
                "ExternalSlurmdbdRequiresCustomMungeKey Scheduling.SlurmSettings.MungeKeySecretArn",
                "EbsVolumeIopsValidator Scheduling.SlurmQueues[1].ComputeSettings.LocalStorage.RootVolume.Iops",
                "EbsVolumeIopsValidator SharedStorage[0].EbsSettings.Iops",
                // AutomaticBackupRetentionDays: 0 with DailyAutomaticBackupStartTime / CopyTagsToBackups (fsx_validators.py:102).
                "FsxBackupOptionsValidator SharedStorage[2].FsxLustreSettings.DailyAutomaticBackupStartTime",
                "FsxBackupOptionsValidator SharedStorage[2].FsxLustreSettings.CopyTagsToBackups",
                // HDD with PerUnitStorageThroughput 200, not in FSX_HDD_THROUGHPUT [12, 40] (fsx_validators.py:142, constants.py:73).
                "FsxStorageTypeOptionsValidator SharedStorage[2].FsxLustreSettings.PerUnitStorageThroughput",
                // The same fsvol id for FsxOpenZfs and FsxOntap: DuplicateNameValidator on existing_storage_id_list (cluster_config.py:1698, :1888).
                "DuplicateNameValidator SharedStorage[4].FsxOntapSettings.VolumeId",
            };
            Assert.Equal(expected.OrderBy(x => x), Errors(yaml).OrderBy(x => x));
            Assert.Equal(expected.OrderBy(x => x), ErrorsThroughModel(yaml).OrderBy(x => x));
        }

        [SharedDataFact("parallelcluster/awsbatch.simple.yaml")]
        public void AwsBatchSimple_GetsTheOfficialRuleErrors()
        {
            var expected = new[]
            {
                // HeadNode.Imds.Secured defaults to true (cluster_config.py:1089) and awsbatch is not in SCHEDULERS_SUPPORTING_IMDS_SECURED (HeadNodeImdsValidator, cluster_validators.py:1294).
                "HeadNodeImdsValidator HeadNode.Imds.Secured",
                // compute_resource1: NameValidator (cluster_validators.py:313), as ../shared/parallelcluster/README.md notes.
                "NameValidator Scheduling.AwsBatchQueues[0].ComputeResources[0].Name",
            };
            Assert.Equal(expected, Errors(Shared("awsbatch.simple.yaml")));
            Assert.Equal(expected, ErrorsThroughModel(Shared("awsbatch.simple.yaml")));
        }

        [SharedDataFact("parallelcluster/awsbatch.full.yaml")]
        public void AwsBatchFull_GetsTheOfficialRuleErrors()
        {
            var expected = new[]
            {
                "HeadNodeImdsValidator HeadNode.Imds.Secured",
                "NameValidator Scheduling.AwsBatchQueues[0].Name",                          // String
                "NameValidator Scheduling.AwsBatchQueues[0].ComputeResources[0].Name",      // compute_resource
                "EbsVolumeIopsValidator SharedStorage[0].EbsSettings.Iops",                  // gp2 with Iops
            };
            Assert.Equal(expected, Errors(Shared("awsbatch.full.yaml")));
            Assert.Equal(expected, ErrorsThroughModel(Shared("awsbatch.full.yaml")));
        }

        /// <summary>slurm.full.yaml with the rule errors above fixed is accepted: the rich base of the mutation suite.</summary>
        [SharedDataFact("parallelcluster/slurm.full.yaml")]
        public void SlurmFull_Fixed_IsAccepted()
        {
            var errors = ConfigValidator.ValidateYaml(MutationSuiteTests.RichBase()).Where(p => p.Severity == ConfigProblemSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }
}
