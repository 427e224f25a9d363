using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PcHpc.Cmdlets;
using PcHpc.Core.Clusters;
using PcHpc.Core.Remote;
using PcHpc.Core.State;
using PcHpc.Infrastructure;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Clusters
{
    /// <summary>Cmdlets through the seam with an in-memory session factory.</summary>
    public class ClusterCmdletTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "pchpc-cmdlets-" + Guid.NewGuid().ToString("N"));
        private readonly MemoryAws _aws = new MemoryAws();
        private readonly StateStore _store;

        public ClusterCmdletTests() => _store = StateStore.Open(_root);

        public void Dispose()
        {
            try { Directory.Delete(_root, true); } catch (IOException) { }
        }

        private T Wire<T>(T cmdlet) where T : AwsCmdlet
        {
            cmdlet.SessionFactory = _aws;
            var hooks = new ClusterCmdletHooks { Store = _store, Roles = new ApiRoleSessions(), PollInterval = TimeSpan.Zero };
            if (cmdlet is ClusterEngineCmdlet c) c.Hooks = hooks;
            if (cmdlet is GetHpcCluster g) g.Hooks = hooks;
            return cmdlet;
        }

        [Fact]
        public void InstallHpcApi_DeploysWithProgressOnThePipelineThread()
        {
            _aws.StackStatuses.Enqueue("CREATE_IN_PROGRESS");
            _aws.StackStatuses.Enqueue("CREATE_COMPLETE");
            var host = CmdletRunner.Run(Wire(new InstallHpcApi { Region = "us-west-2", Version = "3.11.1", WaitFlag = true }));
            var api = Assert.IsType<HpcApi>(Assert.Single(host.Output));
            Assert.Equal("3.11.1", api.Version);
            Assert.Contains("/parallelcluster/3.11.1/api/parallelcluster-api.yaml", _aws.CreatedStacks.Single().TemplateUrl);
            Assert.Single(host.ShouldProcessCalls);
            Assert.NotEmpty(host.Progress);
            Assert.Empty(host.OffThreadCalls);
        }

        [Fact]
        public void InstallHpcApi_WhatIfDeploysNothing()
        {
            var host = new RecordingHost { WhatIfRequested = true };
            CmdletRunner.Run(Wire(new InstallHpcApi { Region = "us-west-2" }), host);
            Assert.Empty(_aws.CreatedStacks);
            Assert.Empty(host.Output);
        }

        [Fact]
        public void GetHpcCluster_ReportsAFailingRegionAndStillListsTheOthers()
        {
            _aws.Stacks["us-east-1"] = new List<StackDescription>
            {
                new StackDescription
                {
                    StackName = "api", StackStatus = "CREATE_COMPLETE",
                    Outputs = new Dictionary<string, string> { ["ParallelClusterApiInvokeUrl"] = "https://a/prod" },
                },
            };
            _aws.Api.Lists["us-east-1"] = new List<ClusterInfoSummary> { new ClusterInfoSummary { ClusterName = "a", ClusterStatus = "CREATE_FAILED", Version = "3.12.0" } };
            var host = CmdletRunner.Run(Wire(new GetHpcCluster { Region = new[] { "us-east-1", "me-south-1" } }));
            var cluster = Assert.IsType<Cluster>(Assert.Single(host.Output));
            Assert.Equal(ClusterState.Failed, cluster.Status);
            var error = Assert.Single(host.Errors);
            Assert.Equal("me-south-1", error.Target);
            Assert.Equal("ParallelClusterApiNotFound", error.ErrorId);
            Assert.Empty(host.OffThreadCalls);
        }

        [Fact]
        public void GetHpcCluster_RegionsFromThePipelineAccumulate()
        {
            foreach (var r in new[] { "r1", "r2" })
            {
                _aws.Api.Lists[r] = new List<ClusterInfoSummary> { new ClusterInfoSummary { ClusterName = "c-" + r, ClusterStatus = "CREATE_COMPLETE" } };
            }
            var cmdlet = Wire(new GetHpcCluster { ApiUri = new Uri("https://a/prod") });
            var host = CmdletRunner.RunWithInput(cmdlet, new object[] { new { Region = "r1" }, new { Region = "r2" } });
            Assert.Equal(new[] { "c-r1", "c-r2" }, host.Output.Cast<Cluster>().Select(c => c.Name));
        }

        [Fact]
        public void UpdateHpcCluster_FromAMissingFileIsNotFound()
        {
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(Wire(new UpdateHpcCluster { Name = "x", ConfigPath = "nope.yaml" })));
            Assert.Equal("ConfigFileNotFound", ex.Error.ErrorId);
            Assert.Empty(_aws.Calls);
        }
    }
}
