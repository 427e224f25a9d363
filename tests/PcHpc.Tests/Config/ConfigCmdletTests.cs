using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PcHpc.Cmdlets;
using PcHpc.Core.Config;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Config
{
    public sealed class ConfigCmdletTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "pchpc-config-" + Guid.NewGuid().ToString("N"));

        public ConfigCmdletTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private RecordingHost Host() => new RecordingHost { CurrentDirectory = _dir };

        private static QueueConfig Queue(string name, string type, string subnet = null)
        {
            var host = CmdletRunner.Run(new NewHpcQueueConfig { Name = name, InstanceType = new[] { type }, MaxCount = 4, SubnetId = subnet == null ? null : new[] { subnet } });
            return Assert.IsType<QueueConfig>(Assert.Single(host.Output));
        }

        /// <summary>Runs New-HpcClusterConfig with the queues arriving one per pipeline record.</summary>
        private static ClusterConfig Cluster(NewHpcClusterConfig cmdlet, params QueueConfig[] queues)
        {
            var host = CmdletRunner.RunPipeline(cmdlet, queues.Select(q => (Action)(() => cmdlet.Queue = new[] { q })).ToList());
            return Assert.IsType<ClusterConfig>(Assert.Single(host.Output));
        }

        private static NewHpcClusterConfig NewCluster() => new NewHpcClusterConfig { Region = "us-east-1", HeadNodeSubnetId = "subnet-0123456789abcdef0", KeyName = "my-key" };

        private static ClusterConfig ValidConfig() => Cluster(NewCluster(), Queue("cpu", "c5.xlarge"));

        [Fact]
        public void Pipeline_QueueToClusterToExport_WritesAValidFile()
        {
            var config = Cluster(NewCluster(), Queue("cpu", "c5.xlarge"), Queue("gpu", "g5.xlarge", "subnet-12345678"));
            Assert.Equal(new[] { "cpu", "gpu" }, config.Queues);

            var host = CmdletRunner.RunPipeline(new ExportHpcClusterConfig { Path = "c.yaml", InputObject = config }, new Action[] { () => { } }, Host());
            var file = Path.Combine(_dir, "c.yaml");
            Assert.Equal(file, Assert.IsType<FileInfo>(Assert.Single(host.Output)).FullName);
            Assert.Equal((file, "Write cluster configuration"), Assert.Single(host.ShouldProcessCalls));

            var text = File.ReadAllText(file);
            Assert.Equal("gpu", YamlTree.Scalar(text, "Scheduling.SlurmQueues[1].Name"));
            Assert.Equal("subnet-12345678", YamlTree.Scalar(text, "Scheduling.SlurmQueues[1].Networking.SubnetIds[0]"));
            Assert.Equal("subnet-0123456789abcdef0", YamlTree.Scalar(text, "Scheduling.SlurmQueues[0].Networking.SubnetIds[0]"));
            Assert.Equal("my-key", YamlTree.Scalar(text, "HeadNode.Ssh.KeyName"));
            Assert.Empty(ConfigValidator.Validate(ConfigYaml.Parse(text)));
            Assert.Single(Directory.GetFiles(_dir)); // no temp file left behind
        }

        [Fact]
        public void Export_WithoutPath_EmitsYamlText()
        {
            var config = ValidConfig();
            var host = CmdletRunner.Run(new ExportHpcClusterConfig { InputObject = config });
            var text = Assert.IsType<string>(Assert.Single(host.Output));
            Assert.Equal(ConfigYaml.Serialize(config), text);
            Assert.Empty(host.ShouldProcessCalls);
        }

        [Fact]
        public void Export_InvalidConfig_FailsAndLeavesTheExistingFileUntouched()
        {
            var file = Path.Combine(_dir, "c.yaml");
            File.WriteAllText(file, "original");
            var config = ValidConfig();
            config.Scheduling.SlurmQueues[0].ComputeResources[0].MinCount = 9;
            config.SharedStorage = new System.Collections.Generic.List<StorageConfig> { new StorageConfig { Name = "x", StorageType = "Efs", MountDir = "/etc" } };
            var ex = Assert.Throws<TerminatingErrorException>(() =>
                CmdletRunner.Run(new ExportHpcClusterConfig { Path = "c.yaml", InputObject = config }, Host()));
            Assert.Equal("ConfigInvalid", ex.Error.ErrorId);
            Assert.Equal(ErrorCategory.InvalidData, ex.Error.Category);
            Assert.Contains("Scheduling.SlurmQueues[0].ComputeResources[0].MaxCount", ex.Error.Exception.Message);
            Assert.Contains("SharedStorage[0].MountDir", ex.Error.Exception.Message);
            Assert.Equal("original", File.ReadAllText(file));
            Assert.Single(Directory.GetFiles(_dir));
        }

        [Fact]
        public void Export_SkipValidation_WritesAnInvalidConfig()
        {
            var config = ValidConfig();
            config.HeadNode.Networking.SubnetId = null;
            CmdletRunner.Run(new ExportHpcClusterConfig { Path = "c.yaml", InputObject = config, SkipValidationFlag = true }, Host());
            Assert.Null(YamlTree.At(File.ReadAllText(Path.Combine(_dir, "c.yaml")), "HeadNode.Networking.SubnetId"));
            Assert.Equal("cpu", YamlTree.Scalar(File.ReadAllText(Path.Combine(_dir, "c.yaml")), "Scheduling.SlurmQueues[0].Name"));
        }

        [Fact]
        public void Export_Overwrites_UnlessNoClobber()
        {
            var file = Path.Combine(_dir, "c.yaml");
            File.WriteAllText(file, "original");
            var ex = Assert.Throws<TerminatingErrorException>(() =>
                CmdletRunner.Run(new ExportHpcClusterConfig { Path = "c.yaml", InputObject = ValidConfig(), NoClobberFlag = true }, Host()));
            Assert.Equal("ConfigFileExists", ex.Error.ErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, ex.Error.Category);
            Assert.Equal("original", File.ReadAllText(file));

            CmdletRunner.Run(new ExportHpcClusterConfig { Path = "c.yaml", InputObject = ValidConfig() }, Host());
            Assert.Equal("cpu", YamlTree.Scalar(File.ReadAllText(file), "Scheduling.SlurmQueues[0].Name"));
            Assert.Single(Directory.GetFiles(_dir));
        }

        [Fact]
        public void Export_WhatIf_WritesNothing()
        {
            var host = Host();
            host.WhatIfRequested = true;
            CmdletRunner.Run(new ExportHpcClusterConfig { Path = "c.yaml", InputObject = ValidConfig() }, host);
            Assert.Empty(Directory.GetFiles(_dir));
            Assert.Empty(host.Output);
            Assert.Single(host.ShouldProcessCalls);
        }

        [Fact]
        public void Import_FromPath_ThenExport_RoundTrips()
        {
            File.WriteAllText(Path.Combine(_dir, "in.yaml"), ConfigValidatorTests.ValidYaml + "LoginNodes:\n  Pools: []\n");
            var host = CmdletRunner.Run(new ImportHpcClusterConfig { Path = "in.yaml" }, Host());
            var config = Assert.IsType<ClusterConfig>(Assert.Single(host.Output));
            Assert.Equal(Path.Combine(_dir, "in.yaml"), config.SourcePath);
            Assert.Empty(host.Warnings);
            var text = Assert.IsType<string>(Assert.Single(CmdletRunner.Run(new ExportHpcClusterConfig { InputObject = config }).Output));
            Assert.Empty(YamlTree.Differences(ConfigValidatorTests.ValidYaml + "LoginNodes:\n  Pools: []\n", text));
        }

        [Fact]
        public void Import_YamlFromThePipeline_WarnsAboutUnknownKeys()
        {
            var cmdlet = new ImportHpcClusterConfig();
            var yaml = ConfigValidatorTests.ValidYaml.Replace("  InstanceType: t3.medium\n", "  InstanceType: t3.medium\n  InstanceTyp: t3.large\n");
            var host = CmdletRunner.RunPipeline(cmdlet, new Action[] { () => cmdlet.Yaml = yaml });
            var config = Assert.IsType<ClusterConfig>(Assert.Single(host.Output));
            Assert.Equal("t3.medium", config.HeadNodeInstanceType);
            var warning = Assert.Single(host.Warnings);
            Assert.Contains("HeadNode.InstanceTyp", warning);
            Assert.Contains("InstanceTyp", config.HeadNode.UntypedKeys);
        }

        [Fact]
        public void Import_YamlLinesFromThePipeline_AreReadAsOneDocument()
        {
            var cmdlet = new ImportHpcClusterConfig();
            var lines = ConfigValidatorTests.ValidYaml.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
            var host = CmdletRunner.RunPipeline(cmdlet, lines.Select(l => (Action)(() => cmdlet.Yaml = l)).ToList());
            var config = Assert.IsType<ClusterConfig>(Assert.Single(host.Output));
            Assert.Equal(new[] { "cpu", "gpu" }, config.Queues);
        }

        [Fact]
        public void Import_MissingFile_IsObjectNotFound()
        {
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(new ImportHpcClusterConfig { Path = "nope.yaml" }, Host()));
            Assert.Equal("ConfigFileNotFound", ex.Error.ErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, ex.Error.Category);
        }

        [Fact]
        public void Test_ReturnsEveryProblem()
        {
            var config = ValidConfig();
            config.Scheduling.SlurmQueues[0].Name = "CPU";
            config.HeadNode.Networking.SubnetId = "subnet-x";
            var host = CmdletRunner.Run(new TestHpcClusterConfig { InputObject = config, ClusterName = "1bad" });
            var problems = host.Output.Cast<ConfigProblem>().ToList();
            Assert.Equal(new[] { "ClusterName", "HeadNode.Networking.SubnetId", "Scheduling.SlurmQueues[0].Name" }, problems.Select(p => p.Path).ToArray());
        }

        [Fact]
        public void Test_ValidConfig_ReturnsNothing_AndQuietTrue()
        {
            Assert.Empty(CmdletRunner.Run(new TestHpcClusterConfig { InputObject = ValidConfig(), ClusterName = "good-name" }).Output);
            Assert.Equal(true, Assert.Single(CmdletRunner.Run(new TestHpcClusterConfig { InputObject = ValidConfig(), QuietFlag = true }).Output));
        }

        [Fact]
        public void Test_Quiet_IsOneBooleanForAllInput()
        {
            var bad = ValidConfig();
            bad.Scheduling.SlurmQueues[0].ComputeResources[0].MinCount = -1;
            var cmdlet = new TestHpcClusterConfig { QuietFlag = true };
            var host = CmdletRunner.RunPipeline(cmdlet, new Action[] { () => cmdlet.InputObject = ValidConfig(), () => cmdlet.InputObject = bad });
            Assert.Equal(false, Assert.Single(host.Output));
        }

        [Fact]
        public void Test_Quiet_WarningsOnlyStillPass()
        {
            var config = ValidConfig();
            // An unknown key is an error for ParallelCluster (marshmallow unknown=RAISE); a tag key starting with aws: is
            // a best-practice warning (ParallelCluster accepts it).
            config.Tags = new System.Collections.Generic.List<TagConfig> { new TagConfig { Key = "aws:team", Value = "hpc" } };
            Assert.Equal(true, Assert.Single(CmdletRunner.Run(new TestHpcClusterConfig { InputObject = config, QuietFlag = true }).Output));
            var problem = Assert.IsType<ConfigProblem>(Assert.Single(CmdletRunner.Run(new TestHpcClusterConfig { InputObject = config }).Output));
            Assert.Equal(ConfigProblemSeverity.Warning, problem.Severity);
            Assert.Equal("Tags[0].Key", problem.Path);
        }

        [Fact]
        public void Test_FromPath()
        {
            File.WriteAllText(Path.Combine(_dir, "c.yaml"), ConfigValidatorTests.ValidYaml.Replace("Name: gpu", "Name: default"));
            var host = CmdletRunner.Run(new TestHpcClusterConfig { Path = "c.yaml" }, Host());
            var problem = Assert.IsType<ConfigProblem>(Assert.Single(host.Output));
            Assert.Equal("Scheduling.SlurmQueues[1].Name", problem.Path);
            Assert.Equal("default", problem.Value);
        }

        [Fact]
        public void NewQueue_BadInput_IsATerminatingErrorNamingTheField()
        {
            var ex = Assert.Throws<TerminatingErrorException>(() =>
                CmdletRunner.Run(new NewHpcQueueConfig { Name = "cpu", InstanceType = new[] { "c5.large" }, MinCount = 3, MaxCount = 1 }));
            Assert.Equal(ErrorCategory.InvalidData, ex.Error.Category);
            Assert.Contains("Queue.ComputeResources[0].MaxCount", ex.Error.Exception.Message);
            var ex2 = Assert.Throws<TerminatingErrorException>(() =>
                CmdletRunner.Run(new NewHpcQueueConfig { Name = "CPU", InstanceType = new[] { "c5.large" } }));
            Assert.Contains("'CPU'", ex2.Error.Exception.Message);
        }

        [Fact]
        public void NewQueue_ComputeResourceHashtables()
        {
            var host = CmdletRunner.Run(new NewHpcQueueConfig
            {
                Name = "mixed",
                ComputeResource = new object[] { new Hashtable { ["Name"] = "a", ["InstanceType"] = "c5.large" }, new Hashtable { ["InstanceType"] = "m5.large", ["MaxCount"] = 2 } },
                CapacityType = "Spot",
                AllocationStrategy = "price-capacity-optimized",
                SpotPrice = 0.5,
            });
            var queue = Assert.IsType<QueueConfig>(Assert.Single(host.Output));
            Assert.Equal(new[] { "a", "m5-large" }, queue.ComputeResources.Select(c => c.Name).ToArray());
            Assert.All(queue.ComputeResources, c => Assert.Equal(0.5, c.SpotPrice));
            Assert.Equal("SPOT", queue.CapacityType);
            Assert.Equal(new[] { "c5.large", "m5.large" }, queue.InstanceTypes);
        }

        [Fact]
        public void NewCluster_BadSubnet_IsATerminatingErrorAndEmitsNothing()
        {
            var host = new RecordingHost();
            var cmdlet = new NewHpcClusterConfig { HeadNodeSubnetId = "subnet-123" };
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(cmdlet, host));
            Assert.Contains("HeadNode.Networking.SubnetId", ex.Error.Exception.Message);
            Assert.Empty(host.Output);
        }

        [Fact]
        public void NewCluster_DefaultsAndOverrides()
        {
            var defaults = Cluster(NewCluster(), Queue("cpu", "c5.large"));
            Assert.Equal("alinux2023", defaults.Os);
            Assert.Equal("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", defaults.HeadNode.Iam.AdditionalIamPolicies.Single().Policy);
            Assert.True(defaults.HeadNode.Imds.Secured);
            Assert.Equal("v2.0", defaults.Imds.ImdsSupport);

            var cmdlet = NewCluster();
            cmdlet.Os = "rhel9";
            cmdlet.HeadNodeIamPolicy = new string[0];
            cmdlet.HeadNodeImdsSecured = false;
            cmdlet.ImdsSupport = "v1.0";
            cmdlet.AllowedIps = "10.0.0.0/16";
            cmdlet.Tag = new Hashtable { ["team"] = "cfd" };
            cmdlet.Storage = new[] { (StorageConfig)CmdletRunner.Run(new NewHpcStorageConfig { Type = "Efs", Name = "shared", MountDir = "/shared" }).Output.Single() };
            var config = Cluster(cmdlet, Queue("cpu", "c5.large"));
            Assert.Equal("rhel9", config.Os);
            Assert.Null(config.HeadNode.Iam);
            Assert.False(config.HeadNode.Imds.Secured);
            Assert.Equal("v1.0", config.Imds.ImdsSupport);
            Assert.Equal("10.0.0.0/16", config.HeadNode.Ssh.AllowedIps);
            Assert.Equal("team", config.Tags.Single().Key);
            Assert.Equal(1, config.StorageCount);
            Assert.Contains("1 shared storage", config.ToString());
        }

        [Fact]
        public void NewStorage_EmitsStorage_AndRejectsBadIds()
        {
            var storage = (StorageConfig)CmdletRunner.Run(new NewHpcStorageConfig { Type = "FsxLustre", Name = "fsx", MountDir = "/fsx", ExistingId = "fs-0123456789abcdef0" }).Output.Single();
            Assert.Equal("fs-0123456789abcdef0", storage.FsxLustreSettings.FileSystemId);
            var ex = Assert.Throws<TerminatingErrorException>(() =>
                CmdletRunner.Run(new NewHpcStorageConfig { Type = "Ebs", Name = "data", MountDir = "/data", ExistingId = "vol-xyz" }));
            Assert.Contains("Storage.EbsSettings.VolumeId", ex.Error.Exception.Message);
        }
    }
}
