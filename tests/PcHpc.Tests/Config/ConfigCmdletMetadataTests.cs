using System;
using System.Linq;
using PcHpc.Cmdlets;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Config
{
    public class ConfigCmdletMetadataTests
    {
        private static ParameterInfo P(Type cmdlet, string name) => ParameterMetadata.Parameters(cmdlet).Single(p => p.Name == name);

        [Theory]
        [InlineData(typeof(NewHpcClusterConfig), "New-HpcClusterConfig", "PcHpc.ClusterConfig")]
        [InlineData(typeof(NewHpcQueueConfig), "New-HpcQueueConfig", "PcHpc.QueueConfig")]
        [InlineData(typeof(NewHpcStorageConfig), "New-HpcStorageConfig", "PcHpc.StorageConfig")]
        [InlineData(typeof(ImportHpcClusterConfig), "Import-HpcClusterConfig", "PcHpc.ClusterConfig")]
        [InlineData(typeof(ExportHpcClusterConfig), "Export-HpcClusterConfig", "System.String")]
        [InlineData(typeof(TestHpcClusterConfig), "Test-HpcClusterConfig", "PcHpc.ConfigProblem")]
        public void NamesAndOutputTypes(Type type, string name, string outputType)
        {
            var info = ParameterMetadata.Cmdlet(type);
            Assert.Equal(name, info.Name);
            Assert.Contains(outputType, info.OutputTypes);
        }

        [Fact]
        public void Export_SupportsShouldProcess_SinceItWritesFiles()
        {
            Assert.True(ParameterMetadata.Cmdlet(typeof(ExportHpcClusterConfig)).SupportsShouldProcess);
            Assert.Contains("System.IO.FileInfo", ParameterMetadata.Cmdlet(typeof(ExportHpcClusterConfig)).OutputTypes);
            var input = P(typeof(ExportHpcClusterConfig), "InputObject");
            Assert.True(input.Mandatory);
            Assert.True(input.ValueFromPipeline);
            Assert.False(P(typeof(ExportHpcClusterConfig), "Path").Mandatory);
            Assert.True(P(typeof(ExportHpcClusterConfig), "NoClobber").IsSwitch);
            Assert.True(P(typeof(ExportHpcClusterConfig), "SkipValidation").IsSwitch);
        }

        [Fact]
        public void NewClusterConfig_TakesQueuesFromThePipeline_AndHasASubnetSet()
        {
            var info = ParameterMetadata.Cmdlet(typeof(NewHpcClusterConfig));
            Assert.Equal("Subnet", info.DefaultParameterSetName);
            Assert.False(info.SupportsShouldProcess);
            var queue = P(typeof(NewHpcClusterConfig), "Queue");
            Assert.True(queue.ValueFromPipeline);
            Assert.Equal(typeof(QueueConfig[]), queue.Property.PropertyType);
            Assert.Contains("Subnet", P(typeof(NewHpcClusterConfig), "HeadNodeSubnetId").ParameterSets);
            Assert.Contains("SshCidr", P(typeof(NewHpcClusterConfig), "AllowedIps").Aliases);
            Assert.All(ParameterMetadata.Parameters(typeof(NewHpcClusterConfig)), p => Assert.False(p.Mandatory));
            foreach (var name in new[] { "Region", "Os", "HeadNodeInstanceType", "KeyName", "Storage", "Tag", "HeadNodeIamPolicy", "HeadNodeImdsSecured", "ImdsSupport" })
            {
                P(typeof(NewHpcClusterConfig), name);
            }
        }

        [Fact]
        public void NewQueueConfig_Parameters()
        {
            var info = ParameterMetadata.Cmdlet(typeof(NewHpcQueueConfig));
            Assert.Equal("InstanceType", info.DefaultParameterSetName);
            Assert.True(P(typeof(NewHpcQueueConfig), "Name").Mandatory);
            Assert.Equal(0, P(typeof(NewHpcQueueConfig), "Name").Position);
            var type = P(typeof(NewHpcQueueConfig), "InstanceType");
            Assert.True(type.Mandatory);
            Assert.Equal(new[] { "InstanceType" }, type.ParameterSets);
            var cr = P(typeof(NewHpcQueueConfig), "ComputeResource");
            Assert.True(cr.Mandatory);
            Assert.Equal(new[] { "ComputeResource" }, cr.ParameterSets);
            Assert.True(P(typeof(NewHpcQueueConfig), "Efa").IsSwitch);
            foreach (var name in new[] { "MinCount", "MaxCount", "SubnetId", "CapacityType", "PlacementGroup", "AllocationStrategy", "SpotPrice" })
            {
                P(typeof(NewHpcQueueConfig), name);
            }
        }

        [Fact]
        public void NewStorageConfig_Parameters()
        {
            foreach (var name in new[] { "Type", "Name", "MountDir" })
            {
                Assert.True(P(typeof(NewHpcStorageConfig), name).Mandatory, name);
            }
            Assert.False(P(typeof(NewHpcStorageConfig), "Size").Mandatory);
            Assert.Contains("FileSystemId", P(typeof(NewHpcStorageConfig), "ExistingId").Aliases);
        }

        [Fact]
        public void ImportClusterConfig_PathOrYamlFromPipeline()
        {
            var info = ParameterMetadata.Cmdlet(typeof(ImportHpcClusterConfig));
            Assert.Equal("Path", info.DefaultParameterSetName);
            var path = P(typeof(ImportHpcClusterConfig), "Path");
            Assert.True(path.Mandatory);
            Assert.True(path.ValueFromPipelineByPropertyName);
            Assert.Contains("FullName", path.Aliases);
            Assert.Equal(new[] { "Path" }, path.ParameterSets);
            var yaml = P(typeof(ImportHpcClusterConfig), "Yaml");
            Assert.True(yaml.ValueFromPipeline);
            Assert.Equal(new[] { "Yaml" }, yaml.ParameterSets);
        }

        [Fact]
        public void TestClusterConfig_ConfigOrPath()
        {
            var info = ParameterMetadata.Cmdlet(typeof(TestHpcClusterConfig));
            Assert.Equal("Config", info.DefaultParameterSetName);
            Assert.Contains("System.Boolean", info.OutputTypes);
            var input = P(typeof(TestHpcClusterConfig), "InputObject");
            Assert.True(input.ValueFromPipeline);
            Assert.Equal(new[] { "Config" }, input.ParameterSets);
            var path = P(typeof(TestHpcClusterConfig), "Path");
            Assert.True(path.ValueFromPipelineByPropertyName);
            Assert.Equal(new[] { "Path" }, path.ParameterSets);
            Assert.True(P(typeof(TestHpcClusterConfig), "Quiet").IsSwitch);
            Assert.False(P(typeof(TestHpcClusterConfig), "ClusterName").Mandatory);
        }

        [Fact]
        public void ModuleManifest_ExportsTheConfigCmdlets()
        {
            var manifest = System.IO.File.ReadAllText(System.IO.Path.Combine(TestEnvironment.RepoRoot, "PcHpc.psd1"));
            foreach (var name in new[] { "Export-HpcClusterConfig", "Import-HpcClusterConfig", "New-HpcClusterConfig", "New-HpcQueueConfig", "New-HpcStorageConfig", "Test-HpcClusterConfig" })
            {
                Assert.Contains("'" + name + "'", manifest);
            }
        }
    }
}
