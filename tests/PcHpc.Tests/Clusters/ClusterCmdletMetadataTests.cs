using System;
using System.IO;
using System.Linq;
using PcHpc.Cmdlets;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;
using PcHpc.Infrastructure;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Clusters
{
    public class ClusterCmdletMetadataTests
    {
        public static readonly Type[] ClusterCmdlets =
        {
            typeof(NewHpcCluster), typeof(UpdateHpcCluster), typeof(RemoveHpcCluster), typeof(WaitHpcCluster),
            typeof(StartHpcComputeFleet), typeof(StopHpcComputeFleet), typeof(GetHpcClusterInstance), typeof(RemoveHpcClusterInstance),
            typeof(GetHpcClusterEvent), typeof(GetHpcClusterLog), typeof(GetHpcCluster),
        };

        public static TheoryData<Type> Cmdlets()
        {
            var data = new TheoryData<Type>();
            foreach (var t in ClusterCmdlets) data.Add(t);
            return data;
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void NameAndRegionBindFromClusterObjects_AndNameCompletes(Type type)
        {
            var parameters = ParameterMetadata.Parameters(type);
            var name = parameters.Single(p => p.Name == "Name");
            Assert.True(name.ValueFromPipelineByPropertyName);
            Assert.Contains("ClusterName", name.Aliases);
            Assert.True(name.HasArgumentCompleter);
            Assert.True(parameters.Single(p => p.Name == "Region").ValueFromPipelineByPropertyName);
            Assert.Contains(parameters, p => p.Name == "ApiUri");
            // Every name the cmdlet binds by property name exists on PcHpc.Cluster or is one of the cmdlet's own inputs.
            foreach (var p in parameters.Where(p => p.ValueFromPipelineByPropertyName && p.Name != "LogStream" && p.Name != "Queue"))
            {
                Assert.True(typeof(Cluster).GetProperty(p.Name) != null || p.Aliases.Any(a => typeof(Cluster).GetProperty(a) != null), $"{type.Name}.{p.Name} does not match a Cluster property.");
            }
        }

        [Fact]
        public void DestructiveCmdletsAskFirst()
        {
            foreach (var type in new[] { typeof(RemoveHpcCluster), typeof(RemoveHpcClusterInstance) })
            {
                var c = ParameterMetadata.Cmdlet(type);
                Assert.True(c.SupportsShouldProcess);
                Assert.Equal("High", c.ConfirmImpact);
                Assert.Contains(ParameterMetadata.Parameters(type), p => p.Name == "Force" && p.IsSwitch);
            }
            foreach (var type in new[] { typeof(NewHpcCluster), typeof(UpdateHpcCluster), typeof(StartHpcComputeFleet), typeof(StopHpcComputeFleet), typeof(InstallHpcApi) })
            {
                Assert.True(ParameterMetadata.Cmdlet(type).SupportsShouldProcess, type.Name);
            }
        }

        [Fact]
        public void OutputTypes()
        {
            Assert.Contains("PcHpc.Cluster", ParameterMetadata.Cmdlet(typeof(GetHpcCluster)).OutputTypes);
            Assert.Contains("PcHpc.HpcApi", ParameterMetadata.Cmdlet(typeof(GetHpcApi)).OutputTypes);
            Assert.Contains("PcHpc.ClusterNode", ParameterMetadata.Cmdlet(typeof(GetHpcClusterInstance)).OutputTypes);
            Assert.Contains("PcHpc.ClusterLogEvent", ParameterMetadata.Cmdlet(typeof(GetHpcClusterLog)).OutputTypes);
            Assert.Contains("PcHpc.ClusterLogStream", ParameterMetadata.Cmdlet(typeof(GetHpcClusterLog)).OutputTypes);
        }

        [Fact]
        public void GetHpcCluster_CachedAndLiveAreSeparateSets()
        {
            var parameters = ParameterMetadata.Parameters(typeof(GetHpcCluster));
            Assert.Equal(new[] { "Cached" }, parameters.Single(p => p.Name == "Cached").ParameterSets);
            Assert.Equal(new[] { "Live" }, parameters.Single(p => p.Name == "Detailed").ParameterSets);
            Assert.Equal("Live", ParameterMetadata.Cmdlet(typeof(GetHpcCluster)).DefaultParameterSetName);
        }

        [Fact]
        public void ClusterObjects_BindTheJobCmdletsClusterName()
        {
            var cluster = new Cluster { Name = "hpc" };
            Assert.Equal("hpc", cluster.ClusterName);
            Assert.Null(new Cluster().HeadNodeIp);
            Assert.Equal("1.2.3.4", new Cluster { HeadNode = new ClusterHeadNode { PrivateIpAddress = "10.0.0.1", PublicIpAddress = "1.2.3.4" } }.HeadNodeIp);
            Assert.Equal("10.0.0.1", new Cluster { HeadNode = new ClusterHeadNode { PrivateIpAddress = "10.0.0.1" } }.HeadNodeIp);
        }

        [Fact]
        public void Completer_OffersLiveStoredNames_FilteredByPrefixAndRegion_AndNeverThrows()
        {
            var root = Path.Combine(Path.GetTempPath(), "pchpc-complete-" + Guid.NewGuid().ToString("N"));
            var store = StateStore.Open(root);
            store.Clusters.Put(new ClusterRecord { Name = "cfd-a", Region = "us-east-1" });
            store.Clusters.Put(new ClusterRecord { Name = "cfd-b", Region = "eu-west-1" });
            store.Clusters.Put(new ClusterRecord { Name = "cfd-gone", Region = "us-east-1", Gone = true });
            store.Clusters.Put(new ClusterRecord { Name = "ml", Region = "us-east-1" });
            var saved = ClusterNameCompleter.OpenStore;
            try
            {
                ClusterNameCompleter.OpenStore = () => store;
                Assert.Equal(new[] { "cfd-a", "cfd-b" }, ClusterNameCompleter.CompleteNames("CFD", null));
                Assert.Equal(new[] { "cfd-a" }, ClusterNameCompleter.CompleteNames("cfd", "us-east-1"));
                ClusterNameCompleter.OpenStore = () => throw new IOException("disk gone");
                Assert.Empty(ClusterNameCompleter.CompleteNames("c", null));
                Assert.Empty(new ClusterNameCompleter().CompleteArgument("Remove-HpcCluster", "Name", "c", null, null));
            }
            finally
            {
                ClusterNameCompleter.OpenStore = saved;
                Directory.Delete(root, true);
            }
        }
    }
}
