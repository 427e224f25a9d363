using System.Collections;
using System.Collections.Generic;
using System.Linq;
using PcHpc.Core.Authoring;
using PcHpc.Core.Config;
using PcHpc.Core.Errors;
using PcHpc.Tests.Core.Config;

namespace PcHpc.Tests.Core.Authoring
{
    public class ConfigBuilderTests
    {
        private static ClusterOptions Options() => new ClusterOptions
        {
            Region = "us-east-1",
            HeadNodeSubnetId = "subnet-0123456789abcdef0",
            Queues = new List<QueueConfig> { ConfigBuilder.NewQueue(new QueueOptions { Name = "cpu", InstanceTypes = new[] { "c5.xlarge" } }) },
        };

        [Fact]
        public void CreatedConfig_ShowsEveryDefaultInTheYaml()
        {
            var yaml = ConfigYaml.Serialize(ConfigBuilder.NewCluster(Options()));
            Assert.Equal("alinux2023", YamlTree.Scalar(yaml, "Image.Os"));
            Assert.Equal("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", YamlTree.Scalar(yaml, "HeadNode.Iam.AdditionalIamPolicies[0].Policy"));
            Assert.Equal("true", YamlTree.Scalar(yaml, "HeadNode.Imds.Secured"));
            Assert.Equal("v2.0", YamlTree.Scalar(yaml, "Imds.ImdsSupport"));
            Assert.Equal("slurm", YamlTree.Scalar(yaml, "Scheduling.Scheduler"));
            Assert.Equal("t3.medium", YamlTree.Scalar(yaml, "HeadNode.InstanceType"));
            // The queue without its own subnet gets the head node's.
            Assert.Equal("subnet-0123456789abcdef0", YamlTree.Scalar(yaml, "Scheduling.SlurmQueues[0].Networking.SubnetIds[0]"));
            Assert.Empty(ConfigValidator.Validate(ConfigYaml.Parse(yaml)));
        }

        [Fact]
        public void Defaults_CanBeOverridden()
        {
            var options = Options();
            options.Os = "ubuntu2204";
            options.HeadNodeIamPolicies = new[] { "arn:aws:iam::aws:policy/ReadOnlyAccess" };
            options.HeadNodeImdsSecured = false;
            options.ImdsSupport = "v1.0";
            options.HeadNodeInstanceType = "c5.large";
            var yaml = ConfigYaml.Serialize(ConfigBuilder.NewCluster(options));
            Assert.Equal("ubuntu2204", YamlTree.Scalar(yaml, "Image.Os"));
            Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", YamlTree.Scalar(yaml, "HeadNode.Iam.AdditionalIamPolicies[0].Policy"));
            Assert.Null(YamlTree.At(yaml, "HeadNode.Iam.AdditionalIamPolicies[1]"));
            Assert.Equal("false", YamlTree.Scalar(yaml, "HeadNode.Imds.Secured"));
            Assert.Equal("v1.0", YamlTree.Scalar(yaml, "Imds.ImdsSupport"));
            Assert.Equal("c5.large", YamlTree.Scalar(yaml, "HeadNode.InstanceType"));
        }

        [Fact]
        public void NoPolicies_LeavesIamOut()
        {
            var options = Options();
            options.HeadNodeIamPolicies = new string[0];
            var yaml = ConfigYaml.Serialize(ConfigBuilder.NewCluster(options));
            Assert.Null(YamlTree.At(yaml, "HeadNode.Iam"));
        }

        [Fact]
        public void Import_DoesNotAddDefaults()
        {
            var config = ConfigYaml.Parse("Image:\n  Os: alinux2\nHeadNode:\n  InstanceType: t3.micro\n");
            var yaml = ConfigYaml.Serialize(config);
            Assert.Null(YamlTree.At(yaml, "HeadNode.Iam"));
            Assert.Null(YamlTree.At(yaml, "HeadNode.Imds"));
            Assert.Null(YamlTree.At(yaml, "Imds"));
            Assert.Equal("alinux2", YamlTree.Scalar(yaml, "Image.Os"));
        }

        [Fact]
        public void Tags_ComeFromAHashtable()
        {
            var options = Options();
            options.Tags = new Hashtable { ["Project"] = "genomics" };
            var config = ConfigBuilder.NewCluster(options);
            var tag = Assert.Single(config.Tags);
            Assert.Equal("Project", tag.Key);
            Assert.Equal("genomics", tag.Value);
        }

        [Fact]
        public void NewCluster_BadIdOrTag_Throws()
        {
            var options = Options();
            options.HeadNodeSubnetId = "subnet-nothex";
            options.Tags = new Hashtable { ["parallelcluster:x"] = "y" }; // validate_no_reserved_tag (common_schema.py:52)
            var ex = Assert.Throws<ConfigValidationException>(() => ConfigBuilder.NewCluster(options));
            Assert.Equal(ErrorKind.Validation, ex.Kind);
            Assert.Contains(ex.Problems, p => p.Path == "HeadNode.Networking.SubnetId");
            Assert.Contains(ex.Problems, p => p.Path == "Tags[0].Key");
            Assert.Contains("HeadNode.Networking.SubnetId", ex.Message);
        }

        [Fact]
        public void NewCluster_WithoutSubnetOrQueues_IsAllowedUntilExport()
        {
            var config = ConfigBuilder.NewCluster(new ClusterOptions());
            Assert.Contains(ConfigValidator.Validate(config), p => p.Path.StartsWith("HeadNode.Networking") && p.Rule == "Required");
        }

        [Fact]
        public void NewQueue_DefaultComputeResource_IsNamedAfterTheInstanceType()
        {
            var queue = ConfigBuilder.NewQueue(new QueueOptions { Name = "big", InstanceTypes = new[] { "c5n.18xlarge" }, MaxCount = 8, CapacityType = "Spot", Efa = true, PlacementGroup = true });
            var cr = Assert.Single(queue.ComputeResources);
            Assert.Equal("c5n-18xlarge", cr.Name);
            Assert.Equal("c5n.18xlarge", cr.InstanceType);
            Assert.Equal(0, cr.MinCount);
            Assert.Equal(8, cr.MaxCount);
            Assert.True(cr.Efa.Enabled);
            Assert.Equal("SPOT", queue.CapacityType);
            Assert.True(queue.Networking.PlacementGroup.Enabled);
        }

        [Theory]
        [InlineData("OnDemand", "ONDEMAND")]
        [InlineData("CapacityBlock", "CAPACITY_BLOCK")]
        [InlineData("spot", "SPOT")]
        public void NewQueue_CapacityTypes(string given, string expected)
        {
            // Capacity Blocks need MinCount == MaxCount > 0 (ComputeResourceSizeValidator, cluster_validators.py:214).
            Assert.Equal(expected, ConfigBuilder.NewQueue(new QueueOptions { Name = "q", InstanceTypes = new[] { "c5.large" }, CapacityType = given, MinCount = 2, MaxCount = 2 }).CapacityType);
        }

        [Fact]
        public void NewQueue_FromHashtables()
        {
            var queue = ConfigBuilder.NewQueue(new QueueOptions
            {
                Name = "mixed",
                ComputeResources = new List<object>
                {
                    new Hashtable { ["Name"] = "small", ["InstanceType"] = "c5.large", ["MaxCount"] = 4 },
                    new Hashtable { ["Instances"] = new object[] { "m5.large", "m5a.large" }, ["MinCount"] = "1" },
                },
            });
            Assert.Equal(new[] { "small", "m5-large" }, queue.ComputeResources.Select(c => c.Name).ToArray());
            Assert.Equal(4, queue.ComputeResources[0].MaxCount);
            Assert.Equal(1, queue.ComputeResources[1].MinCount);
            Assert.Equal(new[] { "m5.large", "m5a.large" }, queue.ComputeResources[1].Instances.Select(i => i.InstanceType).ToArray());
        }

        [Fact]
        public void NewQueue_UnknownHashtableKey_Throws()
        {
            var ex = Assert.Throws<PcHpcException>(() => ConfigBuilder.NewQueue(new QueueOptions
            {
                Name = "q",
                ComputeResources = new List<object> { new Hashtable { ["InstanceTyp"] = "c5.large" } },
            }));
            Assert.Equal("ComputeResourceUnknownKey", ex.ErrorId);
            Assert.Contains("InstanceTyp", ex.Message);
        }

        [Fact]
        public void NewQueue_BadInput_ThrowsNamingTheField()
        {
            var ex = Assert.Throws<ConfigValidationException>(() => ConfigBuilder.NewQueue(new QueueOptions
            {
                Name = "Bad_Name", InstanceTypes = new[] { "c5.large" }, MinCount = 5, MaxCount = 2, SubnetIds = new[] { "subnet-zz" },
            }));
            Assert.Equal(new[] { "Queue.Name", "Queue.Networking.SubnetIds[0]", "Queue.ComputeResources[0].MaxCount" }, ex.Problems.Select(p => p.Path).ToArray());
            Assert.Equal("ConfigInvalid", ex.ErrorId);
        }

        [Fact]
        public void NewStorage_NewAndExisting()
        {
            var ebs = ConfigBuilder.NewStorage(new StorageOptions { Type = "ebs", Name = "data", MountDir = "/data", Size = 100, VolumeType = "gp3" });
            Assert.Equal("Ebs", ebs.StorageType);
            Assert.Equal(100, ebs.EbsSettings.Size);
            Assert.False(ebs.Existing);
            var efs = ConfigBuilder.NewStorage(new StorageOptions { Type = "Efs", Name = "home", MountDir = "/home", ExistingId = "fs-0123456789abcdef0" });
            Assert.Equal("fs-0123456789abcdef0", efs.EfsSettings.FileSystemId);
            Assert.True(efs.Existing);
            var fsx = ConfigBuilder.NewStorage(new StorageOptions { Type = "FsxLustre", Name = "scratch", MountDir = "/fsx", Size = 1200, DeploymentType = "SCRATCH_2" });
            Assert.Equal(1200, fsx.FsxLustreSettings.StorageCapacity);
            Assert.Equal("SCRATCH_2", fsx.FsxLustreSettings.DeploymentType);
        }

        [Fact]
        public void NewStorage_BadInput_Throws()
        {
            Assert.Equal("StorageExistingWithSize", Assert.Throws<PcHpcException>(() => ConfigBuilder.NewStorage(new StorageOptions { Type = "Ebs", Name = "d", MountDir = "/d", Size = 5, ExistingId = "vol-12345678" })).ErrorId);
            var ex = Assert.Throws<ConfigValidationException>(() => ConfigBuilder.NewStorage(new StorageOptions { Type = "Efs", Name = "d", MountDir = "/opt/slurm", ExistingId = "fs-xyz" }));
            Assert.Equal(new[] { "Storage.MountDir", "Storage.EfsSettings.FileSystemId" }, ex.Problems.Select(p => p.Path).ToArray());
            Assert.Equal("StorageOptionNotForEfs", Assert.Throws<PcHpcException>(() => ConfigBuilder.NewStorage(new StorageOptions { Type = "Efs", Name = "d", MountDir = "/d", Size = 5 })).ErrorId);
        }
    }
}
