using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Config;

namespace PcHpc.Tests.Core.Config
{
    public class ConfigValidatorTests
    {
        internal const string ValidYaml = @"Region: us-east-1
Image:
  Os: alinux2023
HeadNode:
  InstanceType: t3.medium
  Networking:
    SubnetId: subnet-0123456789abcdef0
  Iam:
    AdditionalIamPolicies:
      - Policy: arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore
Scheduling:
  Scheduler: slurm
  SlurmQueues:
    - Name: cpu
      Networking:
        SubnetIds:
          - subnet-0123456789abcdef0
      ComputeResources:
        - Name: c5-xlarge
          InstanceType: c5.xlarge
          MinCount: 0
          MaxCount: 4
    - Name: gpu
      Networking:
        SubnetIds:
          - subnet-12345678
      ComputeResources:
        - Name: g5
          InstanceType: g5.xlarge
          MaxCount: 2
SharedStorage:
  - Name: shared
    StorageType: Efs
    MountDir: /shared
";

        internal static ClusterConfig Valid() => ConfigYaml.Parse(ValidYaml);

        private static List<ConfigProblem> Problems(ClusterConfig config, string name = null) => ConfigValidator.Validate(config, name).ToList();

        private static ConfigProblem Only(ClusterConfig config, string rule)
        {
            var problems = Problems(config);
            Assert.True(problems.Count == 1, "expected one problem, got:\n" + string.Join("\n", problems));
            Assert.Equal(rule, problems[0].Rule);
            return problems[0];
        }

        private static ComputeResourceConfig Cr(string name, string type = "c5.large") => new ComputeResourceConfig { Name = name, InstanceType = type };

        [Fact]
        public void ValidConfig_HasNoProblems() => Assert.Empty(Problems(Valid(), "my-cluster"));

        [Theory]
        [InlineData("c5large", "c5.large")]
        [InlineData("C5.XLarge", "c5.xlarge")]
        [InlineData("c5 xlarge", "c5.xlarge")]
        [InlineData("zz9", null)]
        public void InstanceType_MustBeFamilyDotSize_WithASuggestion(string bad, string suggestion)
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[1].ComputeResources[0].InstanceType = bad;
            var problem = Only(config, "InstanceTypeFormat");
            Assert.Equal("Scheduling.SlurmQueues[1].ComputeResources[0].InstanceType", problem.Path);
            Assert.Equal(bad, problem.Value);
            if (suggestion == null) Assert.DoesNotContain("did you mean", problem.Message);
            else Assert.Contains("did you mean '" + suggestion + "'", problem.Message);
        }

        [Theory]
        [InlineData("t3.medium")]
        [InlineData("m7i.metal-24xl")]
        [InlineData("u-6tb1.metal")]
        [InlineData("hpc7a.96xlarge")]
        public void InstanceType_RealTypesPass(string type)
        {
            var config = Valid();
            config.HeadNode.InstanceType = type;
            config.Scheduling.SlurmQueues[0].ComputeResources[0].InstanceType = null;
            config.Scheduling.SlurmQueues[0].ComputeResources[0].Instances = new List<InstanceTypeConfig> { new InstanceTypeConfig { InstanceType = type } };
            Assert.Empty(Problems(config));
        }

        [Fact]
        public void InstanceType_OfHeadNodeAndOfInstances_AreChecked()
        {
            var config = Valid();
            config.HeadNode.InstanceType = "t3medium";
            config.Scheduling.SlurmQueues[0].ComputeResources[0].InstanceType = null;
            config.Scheduling.SlurmQueues[0].ComputeResources[0].Instances = new List<InstanceTypeConfig> { new InstanceTypeConfig { InstanceType = "c5.large" }, new InstanceTypeConfig { InstanceType = "c5_large" } };
            Assert.Equal(new[] { "HeadNode.InstanceType", "Scheduling.SlurmQueues[0].ComputeResources[0].Instances[1].InstanceType" },
                Problems(config).Where(p => p.Rule == "InstanceTypeFormat").Select(p => p.Path).ToArray());
        }

        [Theory]
        [InlineData("a")]
        [InlineData("My-Cluster-1")]
        [InlineData("x23456789012345678901234567890123456789012345678901234567890")] // 60
        public void ClusterName_Valid(string name) => Assert.Empty(ConfigValidator.ValidateClusterName(name));

        // ClusterNameValidator (cluster_validators.py:88): PCLUSTER_NAME_REGEX % 59 (constants.py:18).
        [Theory]
        [InlineData("1cluster")]
        [InlineData("my_cluster")]
        [InlineData("-x")]
        [InlineData("")]
        [InlineData("x234567890123456789012345678901234567890123456789012345678901")] // 61
        public void ClusterName_Invalid(string name)
        {
            var p = Assert.Single(ConfigValidator.ValidateClusterName(name));
            Assert.Equal("ClusterName", p.Path);
            Assert.Equal("ClusterNameValidator", p.Rule);
            Assert.Equal(name, p.Value);
            Assert.Equal(ConfigProblemSeverity.Error, p.Severity);
            Assert.Contains("alphanumeric characters", p.Message);
        }

        [Fact]
        public void ClusterName_IsCheckedWithConfig()
        {
            var p = Assert.Single(Problems(Valid(), "bad_name"));
            Assert.Equal("ClusterName", p.Path);
        }

        [Fact]
        public void ClusterName_WithSlurmAccounting_IsLimitedTo40()
        {
            var yaml = ValidYaml.Replace("  Scheduler: slurm\n", "  Scheduler: slurm\n  SlurmSettings:\n    Database:\n      Uri: db.example.com:3306\n      UserName: admin\n      PasswordSecretArn: arn:aws:secretsmanager:us-east-1:123456789012:secret:db\n");
            Assert.Empty(ConfigValidator.ValidateYaml(yaml, new string('a', 40)).Where(p => p.Severity == ConfigProblemSeverity.Error));
            Assert.Equal("ClusterNameValidator", Assert.Single(ConfigValidator.ValidateYaml(yaml, new string('a', 41))).Rule);
        }

        // NameValidator (cluster_validators.py:313): ^[a-z][a-z0-9\-]*$, at most 25, not 'default'.
        [Theory]
        [InlineData("Cpu")]
        [InlineData("1cpu")]
        [InlineData("cpu_queue")]
        [InlineData("default")]
        [InlineData("abcdefghijklmnopqrstuvwxyz")] // 26
        public void QueueName_Invalid(string name)
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[1].Name = name;
            var p = Only(config, "NameValidator");
            Assert.Equal("Scheduling.SlurmQueues[1].Name", p.Path);
            Assert.Equal(name, p.Value);
        }

        [Theory]
        [InlineData("q")]
        [InlineData("abcdefghijklmnopqrstuvwxy")] // 25
        [InlineData("gpu-2")]
        public void QueueName_Valid(string name)
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[1].Name = name;
            Assert.Empty(Problems(config));
        }

        [Fact]
        public void ComputeResourceName_Invalid()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[0].ComputeResources[0].Name = "C5.xlarge";
            var p = Only(config, "NameValidator");
            Assert.Equal("Scheduling.SlurmQueues[0].ComputeResources[0].Name", p.Path);
            Assert.Equal("C5.xlarge", p.Value);
        }

        [Fact]
        public void ComputeResourceName_Default_IsReserved()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[0].ComputeResources[0].Name = "default";
            Assert.Equal("Scheduling.SlurmQueues[0].ComputeResources[0].Name", Only(config, "NameValidator").Path);
        }

        // MaxCountValidator (cluster_validators.py:336) with MAX_NUMBER_OF_QUEUES and MAX_NUMBER_OF_COMPUTE_RESOURCES_PER_CLUSTER (constants.py:118-120).
        [Fact]
        public void FiftyQueues_AreAllowed_FiftyOne_AreNot()
        {
            var config = Valid();
            var queues = Enumerable.Range(0, 50).Select(i => new QueueConfig
            {
                Name = "q" + i,
                Networking = new QueueNetworkingConfig { SubnetIds = new List<string> { "subnet-12345678" } },
                ComputeResources = new List<ComputeResourceConfig> { Cr("cr") },
            }).ToList();
            config.Scheduling.SlurmQueues = queues;
            Assert.Empty(Problems(config));
            queues.Add(new QueueConfig { Name = "q50", Networking = queues[0].Networking, ComputeResources = new List<ComputeResourceConfig> { Cr("cr") } });
            var problems = Problems(config);
            Assert.Equal(2, problems.Count(x => x.Rule == "MaxCountValidator"));
            Assert.All(problems, p => Assert.Equal("Scheduling.SlurmQueues", p.Path));
            Assert.Contains(problems, p => p.Value == "51" && p.Message.Contains("SlurmQueues"));
            Assert.Contains(problems, p => p.Value == "51" && p.Message.Contains("ComputeResources per Cluster"));
        }

        [Fact]
        public void FiftyOneComputeResourcesInOneQueue_IsTooMany()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues.RemoveAt(1);
            config.Scheduling.SlurmQueues[0].ComputeResources = Enumerable.Range(0, 51).Select(i => Cr("cr" + i)).ToList();
            var problems = Problems(config);
            var p = Assert.Single(problems, x => x.Path == "Scheduling.SlurmQueues[0].ComputeResources");
            Assert.Equal("MaxCountValidator", p.Rule);
            Assert.Equal("51", p.Value);
            Assert.Single(problems, x => x.Path == "Scheduling.SlurmQueues"); // and 51 in the cluster
            config.Scheduling.SlurmQueues[0].ComputeResources.RemoveAt(50);
            Assert.Empty(Problems(config));
        }

        [Fact]
        public void ComputeResourcesAcrossQueues_AreLimitedToFifty()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[0].ComputeResources = Enumerable.Range(0, 26).Select(i => Cr("cr" + i)).ToList();
            config.Scheduling.SlurmQueues[1].ComputeResources = Enumerable.Range(0, 25).Select(i => Cr("cr" + i)).ToList();
            var p = Only(config, "MaxCountValidator");
            Assert.Equal("Scheduling.SlurmQueues", p.Path);
            Assert.Equal("51", p.Value);
        }

        // ComputeResourceSizeValidator (cluster_validators.py:214), MaxCount default DEFAULT_MAX_COUNT = 10 (constants.py:116).
        [Fact]
        public void MinCountAboveMaxCount_IsReportedOnMaxCount()
        {
            var config = Valid();
            var cr = config.Scheduling.SlurmQueues[1].ComputeResources[0];
            cr.MinCount = 5;
            cr.MaxCount = 3;
            var p = Only(config, "ComputeResourceSizeValidator");
            Assert.Equal("Scheduling.SlurmQueues[1].ComputeResources[0].MaxCount", p.Path);
            Assert.Equal("3", p.Value);
            Assert.Contains("MinCount is 5", p.Message);
            cr.MaxCount = 5;
            Assert.Empty(Problems(config));
        }

        [Fact]
        public void MinCountAboveDefaultMaxCount_IsReported()
        {
            var config = Valid();
            var cr = config.Scheduling.SlurmQueues[1].ComputeResources[0];
            cr.MaxCount = null;
            cr.MinCount = 11;
            Assert.Equal("Scheduling.SlurmQueues[1].ComputeResources[0].MaxCount", Only(config, "ComputeResourceSizeValidator").Path);
        }

        // SlurmComputeResourceSchema: MinCount Range(min=0), MaxCount Range(min=1) (cluster_schema.py:1530-1535).
        [Theory]
        [InlineData("MinCount", -1)]
        [InlineData("MaxCount", -2)]
        [InlineData("MaxCount", 0)]
        public void CountsOutOfRange_AreReported(string field, int value)
        {
            var config = Valid();
            var cr = config.Scheduling.SlurmQueues[0].ComputeResources[0];
            if (field == "MinCount") cr.MinCount = value; else { cr.MaxCount = value; cr.MinCount = 0; }
            var p = Only(config, "Range");
            Assert.Equal("Scheduling.SlurmQueues[0].ComputeResources[0]." + field, p.Path);
        }

        // no_coexist_instance_type_flexibility and instance_type_declaration (cluster_schema.py SlurmComputeResourceSchema).
        [Fact]
        public void InstanceTypeAndInstances_Both_IsAnError()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[0].ComputeResources[0].Instances = new List<InstanceTypeConfig> { new InstanceTypeConfig { InstanceType = "c5.large" } };
            var p = Only(config, "no_coexist_instance_type_flexibility");
            Assert.Equal("Scheduling.SlurmQueues[0].ComputeResources[0].Instances", p.Path);
        }

        [Fact]
        public void InstanceTypeAndInstances_Neither_IsAnError()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[0].ComputeResources[0].InstanceType = null;
            var p = Only(config, "instance_type_declaration");
            Assert.Equal("Scheduling.SlurmQueues[0].ComputeResources[0].InstanceType", p.Path);
        }

        [Fact]
        public void Instances_Alone_IsValid()
        {
            var config = Valid();
            var cr = config.Scheduling.SlurmQueues[0].ComputeResources[0];
            cr.InstanceType = null;
            cr.Instances = new List<InstanceTypeConfig> { new InstanceTypeConfig { InstanceType = "c5.large" }, new InstanceTypeConfig { InstanceType = "c5a.large" } };
            Assert.Empty(Problems(config));
        }

        // Regexp validators: PCLUSTER_AMI_ID_REGEX, ALLOWED_VALUES subnet_id / security_group_id (common_schema.py:29), EFS FileSystemId.
        [Fact]
        public void BadIds_AreReportedWithTheirPaths()
        {
            var config = Valid();
            config.HeadNode.Networking.SubnetId = "subnet-XYZ";
            config.HeadNode.Networking.AdditionalSecurityGroups = new List<string> { "sg-12345678", "sg-1234" };
            config.Image.CustomAmi = "ami_12345678";
            config.Scheduling.SlurmQueues[1].Networking.SubnetIds.Add("sub-12345678");
            config.SharedStorage[0].EfsSettings = new EfsSettingsConfig { FileSystemId = "fs-abc" };
            var problems = Problems(config);
            Assert.All(problems, p => Assert.Equal("Pattern", p.Rule));
            Assert.Equal(new[]
            {
                "Image.CustomAmi",
                "HeadNode.Networking.SubnetId",
                "HeadNode.Networking.AdditionalSecurityGroups[1]",
                "Scheduling.SlurmQueues[1].Networking.SubnetIds[1]",
                "SharedStorage[0].EfsSettings.FileSystemId",
            }, problems.Select(p => p.Path).ToArray());
            Assert.Equal("sg-1234", problems[2].Value);
        }

        [Theory]
        [InlineData("subnet-12345678", "subnet", true)]
        [InlineData("subnet-0123456789abcdef0", "subnet", true)]
        [InlineData("fs-12345678123456789", "fs", true)]
        [InlineData("subnet-0123456789ABCDEF0", "subnet", false)]
        [InlineData("subnet-123456789", "subnet", false)]
        [InlineData("ami-1234567", "ami", false)]
        [InlineData("sg-12345678", "subnet", false)]
        public void IdFormat(string id, string prefix, bool valid) => Assert.Equal(valid, ConfigValidator.IsId(id, prefix));

        // BaseIamSchema.no_coexist_role_policies and IamSchema.no_coexist_s3_access (cluster_schema.py:968, :984).
        [Theory]
        [InlineData(true, true, false, false, "no_coexist_role_policies", "InstanceProfile")]
        [InlineData(true, false, true, false, "no_coexist_role_policies", "AdditionalIamPolicies")]
        [InlineData(true, false, false, true, "no_coexist_s3_access", "S3Access")]
        [InlineData(false, true, true, false, "no_coexist_role_policies", "AdditionalIamPolicies")]
        [InlineData(false, true, false, true, "no_coexist_s3_access", "S3Access")]
        public void IamExclusiveFields(bool role, bool profile, bool policies, bool s3, string rule, string reportedOn)
        {
            var config = Valid();
            config.HeadNode.Iam = new IamConfig
            {
                InstanceRole = role ? "arn:aws:iam::123456789012:role/r" : null,
                InstanceProfile = profile ? "arn:aws:iam::123456789012:instance-profile/p" : null,
                AdditionalIamPolicies = policies ? new List<IamPolicyConfig> { new IamPolicyConfig { Policy = "arn:aws:iam::aws:policy/ReadOnlyAccess" } } : null,
                S3Access = s3 ? new List<S3AccessConfig> { new S3AccessConfig { BucketName = "b" } } : null,
            };
            var p = Only(config, rule);
            Assert.Equal("HeadNode.Iam." + reportedOn, p.Path);
        }

        [Fact]
        public void IamPoliciesWithS3Access_AreFine_AndQueueIamIsChecked()
        {
            var config = Valid();
            config.HeadNode.Iam.S3Access = new List<S3AccessConfig> { new S3AccessConfig { BucketName = "b" } };
            Assert.Empty(Problems(config));
            config.Scheduling.SlurmQueues[1].Iam = new IamConfig { InstanceProfile = "arn:aws:iam::123456789012:instance-profile/p", InstanceRole = "arn:aws:iam::123456789012:role/r" };
            Assert.Equal("Scheduling.SlurmQueues[1].Iam.InstanceProfile", Only(config, "no_coexist_role_policies").Path);
            // IAM_ROLE_REGEX / IAM_INSTANCE_PROFILE_REGEX (constants.py:301-302)
            config.Scheduling.SlurmQueues[1].Iam = new IamConfig { InstanceRole = "r" };
            Assert.Equal("Scheduling.SlurmQueues[1].Iam.InstanceRole", Only(config, "Pattern").Path);
        }

        // SharedStorageMountDirValidator (cluster_validators.py:944): exact reserved names (a missing '/' is added first);
        // the file_path pattern (common_schema.py:31) rejects '/' and trailing slashes and allows relative dirs.
        [Theory]
        [InlineData("/", "Pattern")]
        [InlineData("/etc", "SharedStorageMountDirValidator")]
        [InlineData("etc", "SharedStorageMountDirValidator")]
        [InlineData("/bin", "SharedStorageMountDirValidator")]
        [InlineData("/opt", "SharedStorageMountDirValidator")]
        [InlineData("/mnt", "SharedStorageMountDirValidator")]
        [InlineData("/opt/parallelcluster", "SharedStorageMountDirValidator")]
        [InlineData("/opt/parallelcluster/shared", "SharedStorageMountDirValidator")]
        [InlineData("/opt/slurm", "SharedStorageMountDirValidator")]
        [InlineData("/opt/intel/", "Pattern")]
        [InlineData("/shared/", "Pattern")]
        [InlineData("NONE", "shared_dir_validator")]
        public void ReservedOrMalformedMountDirs_AreRejected(string dir, string rule)
        {
            var config = Valid();
            config.SharedStorage[0].MountDir = dir;
            var p = Only(config, rule);
            Assert.Equal("SharedStorage[0].MountDir", p.Path);
            Assert.Equal(dir, p.Value);
        }

        [Theory]
        [InlineData("/home")]
        [InlineData("/shared")]
        [InlineData("/opt/data")]
        [InlineData("/etcetera")]
        [InlineData("/fsx/scratch")]
        [InlineData("/etc/data")]
        [InlineData("/usr/local")]
        [InlineData("/home/ec2-user")]
        [InlineData("shared")]
        public void OrdinaryMountDirs_AreAccepted(string dir)
        {
            var config = Valid();
            config.SharedStorage[0].MountDir = dir;
            Assert.Empty(Problems(config));
        }

        // DuplicateNameValidator (cluster_validators.py:1091) and DuplicateMountDirValidator (:758).
        [Fact]
        public void DuplicateMountDirsAndStorageNames_AreReportedOnTheSecond()
        {
            var config = Valid();
            config.SharedStorage.Add(new StorageConfig { Name = "shared", StorageType = "Ebs", MountDir = "/shared" });
            var problems = Problems(config);
            Assert.Equal(new[] { "SharedStorage[1].MountDir", "SharedStorage[1].Name" }, problems.Select(p => p.Path).OrderBy(p => p).ToArray());
            Assert.Equal("DuplicateNameValidator", problems.Single(p => p.Path.EndsWith("Name")).Rule);
            Assert.Equal("DuplicateMountDirValidator", problems.Single(p => p.Path.EndsWith("MountDir")).Rule);
            Assert.Contains("SharedStorage[0].MountDir", problems.Single(p => p.Path.EndsWith("MountDir")).Message);
        }

        // DuplicateNameValidator on existing_storage_id_list (cluster_config.py:1888): the message names the first use.
        [Fact]
        public void TheSameExistingVolumeTwice_IsReportedOnTheSecondWithTheFirstNamed()
        {
            var config = Valid();
            config.SharedStorage.Add(new StorageConfig { Name = "data", StorageType = "Ebs", MountDir = "/data", EbsSettings = new EbsSettingsConfig { VolumeId = "vol-0123456789abcdef0" } });
            config.SharedStorage.Add(new StorageConfig { Name = "again", StorageType = "Ebs", MountDir = "/again", EbsSettings = new EbsSettingsConfig { VolumeId = "vol-0123456789abcdef0" } });
            var p = Assert.Single(Problems(config), x => x.Rule == "DuplicateNameValidator");
            Assert.Equal("SharedStorage[2].EbsSettings.VolumeId", p.Path);
            Assert.Equal("SharedStorage[2].EbsSettings.VolumeId: Shared Storage IDs name vol-0123456789abcdef0 must be unique (also used at SharedStorage[1].EbsSettings.VolumeId). (ParallelCluster cluster_validators.py:1091)", p.Message);
        }

        [Fact]
        public void DuplicateQueueAndComputeResourceNames_AreReported()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[1].Name = "cpu";
            config.Scheduling.SlurmQueues[0].ComputeResources.Add(Cr("c5-xlarge"));
            var problems = Problems(config);
            Assert.All(problems, p => Assert.Equal("DuplicateNameValidator", p.Rule));
            Assert.Equal(new[] { "Scheduling.SlurmQueues[0].ComputeResources[1].Name", "Scheduling.SlurmQueues[1].Name" },
                problems.Select(p => p.Path).OrderBy(p => p).ToArray());
        }

        [Fact]
        public void SameComputeResourceNameInTwoQueues_IsFine()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[1].ComputeResources[0].Name = "c5-xlarge";
            Assert.Empty(Problems(config));
        }

        private static ClusterConfig WithTags(params (string Key, string Value)[] tags)
        {
            var config = Valid();
            config.Tags = tags.Select(t => new TagConfig { Key = t.Key, Value = t.Value }).ToList();
            return config;
        }

        // TagSchema Length(max=128/256) (common_schema.py:165), validate_no_reserved_tag / validate_no_duplicate_tag
        // (common_schema.py:52-80), ComputeResourceTagsValidator with MAX_TAGS_COUNT = 40 (tags_validators.py:15, constants.py:299).
        [Fact]
        public void Tags_Limits()
        {
            Assert.Empty(Problems(WithTags((new string('k', 128), new string('v', 256)))));
            Assert.Equal("Tags[0].Key", Only(WithTags((new string('k', 129), "v")), "Length").Path);
            Assert.Equal("Tags[0].Value", Only(WithTags(("k", new string('v', 257))), "Length").Path);
            Assert.Equal("Tags[0].Key", Only(WithTags(("parallelcluster:version", "x")), "validate_no_reserved_tag").Path);
            Assert.Empty(Problems(WithTags(("parallelcluster:custom_resource", "x"))));
            Assert.Equal("Tags[1].Key", Only(WithTags(("a", "1"), ("a", "2")), "validate_no_duplicate_tag").Path);
            var aws = Only(WithTags(("ok", "1"), ("aws:owner", "x")), "TagReservedPrefix"); // stricter than ParallelCluster: a warning
            Assert.Equal(ConfigProblemSeverity.Warning, aws.Severity);
            var forty = Enumerable.Range(0, 40).Select(i => ("k" + i, "v")).ToArray();
            Assert.Empty(Problems(WithTags(forty)));
            var problems = Problems(WithTags(forty.Concat(new[] { ("k40", "v") }).ToArray()));
            Assert.Equal(2, problems.Count); // one per compute resource
            Assert.All(problems, p => Assert.Equal("ComputeResourceTagsValidator", p.Rule));
            Assert.All(problems, p => Assert.Equal("41", p.Value));
        }

        // marshmallow unknown=RAISE: unknown keys are errors at every depth.
        [Fact]
        public void UnknownKeys_AreErrorsWithTheirPaths()
        {
            var yaml = ValidYaml
                .Replace("    SubnetId: subnet-0123456789abcdef0\n", "    SubnetId: subnet-0123456789abcdef0\n    SubnetIdd: subnet-0123456789abcdef0\n")
                .Replace("          MaxCount: 2\n", "          MaxCount: 2\n          MaxCont: 3\n")
                + "Colour: blue\n";
            var problems = Problems(ConfigYaml.Parse(yaml));
            Assert.All(problems, p => Assert.Equal(ConfigProblemSeverity.Error, p.Severity));
            Assert.All(problems, p => Assert.Equal("UnknownKey", p.Rule));
            Assert.Equal(new[] { "Colour", "HeadNode.Networking.SubnetIdd", "Scheduling.SlurmQueues[1].ComputeResources[0].MaxCont" },
                problems.Select(p => p.Path).OrderBy(p => p).ToArray());
            Assert.Contains("Did you mean SubnetId?", problems.Single(p => p.Path == "HeadNode.Networking.SubnetIdd").Message);
            Assert.Contains("Did you mean MaxCount?", problems.Single(p => p.Path.EndsWith("MaxCont")).Message);
        }

        [Fact]
        public void AllProblems_AreReportedAtOnce()
        {
            var config = Valid();
            config.HeadNode.Networking.SubnetId = null;
            config.Scheduling.SlurmQueues[0].Name = "CPU";
            config.Scheduling.SlurmQueues[1].ComputeResources[0].MinCount = 7;
            config.SharedStorage[0].MountDir = "/opt/slurm";
            config.Tags = new List<TagConfig> { new TagConfig { Key = "aws:x", Value = "y" } };
            var problems = Problems(config, "9lives");
            Assert.Equal(new[]
            {
                "ClusterName",
                "HeadNode.Networking.SubnetId",
                "Scheduling.SlurmQueues[0].Name",
                "Scheduling.SlurmQueues[1].ComputeResources[0].MaxCount",
                "SharedStorage[0].MountDir",
                "Tags[0].Key",
            }, problems.Select(p => p.Path).ToArray());
            Assert.All(problems, p => Assert.StartsWith(p.Path, p.Message));
        }

        // ImageSchema.os OneOf(SUPPORTED_OSES) (cluster_schema.py:1195, constants.py:26): an unknown OS is an error.
        [Fact]
        public void UnknownOs_IsAnError()
        {
            var config = Valid();
            config.Image.Os = "alinux3";
            var p = Only(config, "AllowedValue");
            Assert.Equal("Image.Os", p.Path);
            Assert.Equal(ConfigProblemSeverity.Error, p.Severity);
            config.Image.Os = "Alinux2023";
            Assert.Contains("Did you mean alinux2023?", Only(config, "AllowedValue").Message);
        }

        [Fact]
        public void RequiredFields_AreReported()
        {
            var problems = Problems(ConfigYaml.Parse("Region: us-east-1\n"));
            Assert.Equal(new[] { "Image", "HeadNode", "Scheduling" }, problems.Select(p => p.Path).OrderBy(p => p == "Image" ? 0 : p == "HeadNode" ? 1 : 2).ToArray());
            Assert.All(problems, p => Assert.Equal("Required", p.Rule));
        }

        // SlurmQueueSchema.networking required=True (cluster_schema.py); ComputeResources is iterated by SlurmQueue.__init__ (cluster_config.py:2591).
        [Fact]
        public void QueueWithoutNetworkingOrComputeResources_IsReported()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[0].Networking = null;
            config.Scheduling.SlurmQueues[0].ComputeResources = null;
            Assert.Equal(new[] { "Scheduling.SlurmQueues[0].Networking", "Scheduling.SlurmQueues[0].ComputeResources" },
                Problems(config).Select(p => p.Path).ToArray());
            Assert.All(Problems(config), p => Assert.Equal("Required", p.Rule));
        }

        // PyYAML's safe_load (how ParallelCluster reads the file) keeps the last of repeated keys; YamlStream would reject them.
        [Fact]
        public void RepeatedKey_TakesTheLastValue_WithAWarning()
        {
            var yaml = ValidYaml.Replace("  Os: alinux2023\n", "  Os: centos9\n  Os: alinux2023\n");
            var p = Assert.Single(ConfigValidator.ValidateYaml(yaml));
            Assert.Equal(("Image.Os", "DuplicateKey", ConfigProblemSeverity.Warning), (p.Path, p.Rule, p.Severity));
            Assert.Equal("alinux2023", ConfigYaml.Parse(yaml).Image.Os);
            Assert.Empty(ConfigValidator.Validate(ConfigYaml.Parse(yaml)));
        }

        // YAML 1.1 readings (PyYAML): yes/on are booleans, 0x10 an integer, a quoted number a string, 1e3 a string.
        [Theory]
        [InlineData("yes", "Bool")]
        [InlineData("Off", "Bool")]
        [InlineData("y", "Str")]
        [InlineData("0x10", "Int")]
        [InlineData("010", "Int")]
        [InlineData("1:30", "Int")]
        [InlineData("1e3", "Str")]
        [InlineData("1.5e+3", "Float")]
        [InlineData(".inf", "Float")]
        [InlineData("~", "Null")]
        [InlineData("2024-01-31", "Other")]
        [InlineData("9223372036854775808", "Int")]
        public void PlainScalars_AreReadAsPyYaml(string text, string kind)
        {
            Assert.Equal(kind, PcHpc.Core.Config.Schema.PyNode.Scalar(text, true).Kind.ToString());
        }
    }
}