using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Config;

namespace PcHpc.Tests.Config
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
            Assert.Equal("ClusterName", p.Rule);
            Assert.Equal(name, p.Value);
            Assert.Equal(ConfigProblemSeverity.Error, p.Severity);
            Assert.Contains("letters, digits and hyphens", p.Message);
        }

        [Fact]
        public void ClusterName_IsCheckedWithConfig()
        {
            var p = Assert.Single(Problems(Valid(), "bad_name"));
            Assert.Equal("ClusterName", p.Path);
        }

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
            var p = Only(config, "QueueName");
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
            var p = Only(config, "ComputeResourceName");
            Assert.Equal("Scheduling.SlurmQueues[0].ComputeResources[0].Name", p.Path);
            Assert.Equal("C5.xlarge", p.Value);
        }

        [Fact]
        public void ComputeResourceName_Default_IsReserved()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[0].ComputeResources[0].Name = "default";
            Assert.Equal("Scheduling.SlurmQueues[0].ComputeResources[0].Name", Only(config, "ComputeResourceName").Path);
        }

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
            var p = Assert.Single(problems, x => x.Rule == "MaxQueues");
            Assert.Equal("Scheduling.SlurmQueues", p.Path);
            Assert.Equal("51", p.Value);
            Assert.Single(problems, x => x.Rule == "MaxComputeResources"); // 51 compute resources in all
        }

        [Fact]
        public void FiftyOneComputeResourcesInOneQueue_IsTooMany()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues.RemoveAt(1);
            config.Scheduling.SlurmQueues[0].ComputeResources = Enumerable.Range(0, 51).Select(i => Cr("cr" + i)).ToList();
            var problems = Problems(config);
            var p = Assert.Single(problems, x => x.Rule == "MaxComputeResourcesPerQueue");
            Assert.Equal("Scheduling.SlurmQueues[0].ComputeResources", p.Path);
            Assert.Equal("51", p.Value);
            config.Scheduling.SlurmQueues[0].ComputeResources.RemoveAt(50);
            Assert.Empty(Problems(config));
        }

        [Fact]
        public void ComputeResourcesAcrossQueues_AreLimitedToFifty()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[0].ComputeResources = Enumerable.Range(0, 26).Select(i => Cr("cr" + i)).ToList();
            config.Scheduling.SlurmQueues[1].ComputeResources = Enumerable.Range(0, 25).Select(i => Cr("cr" + i)).ToList();
            var p = Only(config, "MaxComputeResources");
            Assert.Equal("Scheduling.SlurmQueues", p.Path);
            Assert.Equal("51", p.Value);
        }

        [Fact]
        public void MinCountAboveMaxCount_IsReportedOnMaxCount()
        {
            var config = Valid();
            var cr = config.Scheduling.SlurmQueues[1].ComputeResources[0];
            cr.MinCount = 5;
            cr.MaxCount = 3;
            var p = Only(config, "MinCountNotAboveMaxCount");
            Assert.Equal("Scheduling.SlurmQueues[1].ComputeResources[0].MaxCount", p.Path);
            Assert.Equal("3", p.Value);
            Assert.Contains("MinCount (5)", p.Message);
            cr.MaxCount = 5;
            Assert.Empty(Problems(config));
        }

        [Fact]
        public void MinCountAboveDefaultMaxCount_IsReported()
        {
            var config = Valid();
            var cr = config.Scheduling.SlurmQueues[1].ComputeResources[0];
            cr.MaxCount = null;
            cr.MinCount = 11; // ParallelCluster's MaxCount default is 10
            Assert.Equal("Scheduling.SlurmQueues[1].ComputeResources[0].MaxCount", Only(config, "MinCountNotAboveMaxCount").Path);
        }

        [Theory]
        [InlineData("MinCount")]
        [InlineData("MaxCount")]
        public void NegativeCounts_AreReported(string field)
        {
            var config = Valid();
            var cr = config.Scheduling.SlurmQueues[0].ComputeResources[0];
            if (field == "MinCount") cr.MinCount = -1; else { cr.MaxCount = -2; cr.MinCount = 0; }
            var p = Only(config, "NonNegativeCount");
            Assert.Equal("Scheduling.SlurmQueues[0].ComputeResources[0]." + field, p.Path);
        }

        [Fact]
        public void InstanceTypeAndInstances_Both_IsAnError()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[0].ComputeResources[0].Instances = new List<InstanceTypeConfig> { new InstanceTypeConfig { InstanceType = "c5.large" } };
            var p = Only(config, "InstanceTypeXorInstances");
            Assert.Equal("Scheduling.SlurmQueues[0].ComputeResources[0].Instances", p.Path);
        }

        [Fact]
        public void InstanceTypeAndInstances_Neither_IsAnError()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[0].ComputeResources[0].InstanceType = null;
            var p = Only(config, "InstanceTypeXorInstances");
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
            Assert.All(problems, p => Assert.Equal("IdFormat", p.Rule));
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

        [Theory]
        [InlineData(true, true, false, false, "InstanceRole")]
        [InlineData(true, false, true, false, "InstanceRole")]
        [InlineData(true, false, false, true, "InstanceRole")]
        [InlineData(false, true, true, false, "InstanceProfile")]
        [InlineData(false, true, false, true, "InstanceProfile")]
        public void IamExclusiveFields(bool role, bool profile, bool policies, bool s3, string reportedOn)
        {
            var config = Valid();
            config.HeadNode.Iam = new IamConfig
            {
                InstanceRole = role ? "arn:aws:iam::123456789012:role/r" : null,
                InstanceProfile = profile ? "arn:aws:iam::123456789012:instance-profile/p" : null,
                AdditionalIamPolicies = policies ? new List<IamPolicyConfig> { new IamPolicyConfig { Policy = "arn:aws:iam::aws:policy/ReadOnlyAccess" } } : null,
                S3Access = s3 ? new List<S3AccessConfig> { new S3AccessConfig { BucketName = "b" } } : null,
            };
            var p = Only(config, "IamExclusive");
            Assert.Equal("HeadNode.Iam." + reportedOn, p.Path);
        }

        [Fact]
        public void IamPoliciesWithS3Access_AreFine_AndQueueIamIsChecked()
        {
            var config = Valid();
            config.HeadNode.Iam.S3Access = new List<S3AccessConfig> { new S3AccessConfig { BucketName = "b" } };
            Assert.Empty(Problems(config));
            config.Scheduling.SlurmQueues[1].Iam = new IamConfig { InstanceProfile = "p", InstanceRole = "r" };
            Assert.Equal("Scheduling.SlurmQueues[1].Iam.InstanceRole", Only(config, "IamExclusive").Path);
        }

        [Theory]
        [InlineData("/", "ReservedMountDir")]
        [InlineData("/etc", "ReservedMountDir")]
        [InlineData("/etc/data", "ReservedMountDir")]
        [InlineData("/bin", "ReservedMountDir")]
        [InlineData("/usr/local", "ReservedMountDir")]
        [InlineData("/opt/parallelcluster", "ReservedMountDir")]
        [InlineData("/opt/parallelcluster/shared", "ReservedMountDir")]
        [InlineData("/opt/slurm", "ReservedMountDir")]
        [InlineData("/opt/intel/", "ReservedMountDir")]
        [InlineData("/home/ec2-user", "ReservedMountDir")]
        [InlineData("shared", "MountDirAbsolute")]
        public void ReservedOrRelativeMountDirs_AreRejected(string dir, string rule)
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
        public void OrdinaryMountDirs_AreAccepted(string dir)
        {
            var config = Valid();
            config.SharedStorage[0].MountDir = dir;
            Assert.Empty(Problems(config));
        }

        [Fact]
        public void DuplicateMountDirsAndStorageNames_AreReportedOnTheSecond()
        {
            var config = Valid();
            config.SharedStorage.Add(new StorageConfig { Name = "shared", StorageType = "Ebs", MountDir = "/shared/" });
            var problems = Problems(config);
            Assert.Equal(new[] { "SharedStorage[1].Name", "SharedStorage[1].MountDir" }, problems.Select(p => p.Path).ToArray());
            Assert.All(problems, p => Assert.Equal("Duplicate", p.Rule));
            Assert.Contains("SharedStorage[0].MountDir", problems[1].Message);
        }

        [Fact]
        public void DuplicateQueueAndComputeResourceNames_AreReported()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[1].Name = "cpu";
            config.Scheduling.SlurmQueues[0].ComputeResources.Add(Cr("c5-xlarge"));
            var problems = Problems(config);
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

        [Fact]
        public void Tags_Limits()
        {
            Assert.Empty(Problems(WithTags((new string('k', 128), new string('v', 256)))));
            Assert.Equal("Tags[0].Key", Only(WithTags((new string('k', 129), "v")), "TagKeyLength").Path);
            Assert.Equal("Tags[0].Value", Only(WithTags(("k", new string('v', 257))), "TagValueLength").Path);
            Assert.Equal("Tags[1].Key", Only(WithTags(("ok", "1"), ("aws:owner", "x")), "TagReservedPrefix").Path);
            Assert.Equal("Tags[0].Key", Only(WithTags(("parallelcluster:version", "x")), "TagReservedPrefix").Path);
            Assert.Equal("Tags[1].Key", Only(WithTags(("a", "1"), ("a", "2")), "Duplicate").Path);
            var fifty = Enumerable.Range(0, 50).Select(i => ("k" + i, "v")).ToArray();
            Assert.Empty(Problems(WithTags(fifty)));
            var p = Only(WithTags(fifty.Concat(new[] { ("k50", "v") }).ToArray()), "MaxTags");
            Assert.Equal("Tags", p.Path);
            Assert.Equal("51", p.Value);
        }

        [Fact]
        public void UnknownKeys_AreWarningsWithTheirPaths()
        {
            var yaml = ValidYaml
                .Replace("    SubnetId: subnet-0123456789abcdef0\n", "    SubnetId: subnet-0123456789abcdef0\n    SubnetIdd: subnet-0123456789abcdef0\n")
                .Replace("          MaxCount: 2\n", "          MaxCount: 2\n          MaxCont: 3\n")
                + "Colour: blue\n";
            var problems = Problems(ConfigYaml.Parse(yaml));
            Assert.All(problems, p => Assert.Equal(ConfigProblemSeverity.Warning, p.Severity));
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
            Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
        }

        [Fact]
        public void UnknownOs_IsAWarning()
        {
            var config = Valid();
            config.Image.Os = "alinux3";
            var p = Only(config, "KnownOs");
            Assert.Equal("Image.Os", p.Path);
            Assert.Equal(ConfigProblemSeverity.Warning, p.Severity);
        }

        [Fact]
        public void RequiredFields_AreReported()
        {
            var problems = Problems(ConfigYaml.Parse("Region: us-east-1\n"));
            Assert.Equal(new[] { "Image.Os", "HeadNode", "Scheduling" }, problems.Select(p => p.Path).ToArray());
            Assert.All(problems, p => Assert.Equal("Required", p.Rule));
        }

        [Fact]
        public void QueueWithoutSubnetsOrComputeResources_IsReported()
        {
            var config = Valid();
            config.Scheduling.SlurmQueues[0].Networking = null;
            config.Scheduling.SlurmQueues[0].ComputeResources = new List<ComputeResourceConfig>();
            Assert.Equal(new[] { "Scheduling.SlurmQueues[0].Networking.SubnetIds", "Scheduling.SlurmQueues[0].ComputeResources" },
                Problems(config).Select(p => p.Path).ToArray());
        }
    }
}
