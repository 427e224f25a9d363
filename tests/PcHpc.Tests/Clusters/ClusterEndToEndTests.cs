using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Cmdlets;
using PcHpc.Core.Activity;
using PcHpc.Core.Clusters;
using PcHpc.Core.Config;
using PcHpc.Core.State.Records;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Clusters
{
    /// <summary>Cluster cmdlets end to end: real adapters against the loopback fake AWS, through the cmdlet seam.</summary>
    public class ClusterEndToEndTests : IAsyncLifetime
    {
        private ClusterWorld _w;

        public async Task InitializeAsync() => _w = await ClusterWorld.StartAsync();
        public async Task DisposeAsync() => await _w.DisposeAsync();

        private NewHpcCluster NewCluster(string name, string region = "us-east-1", bool wait = false) =>
            _w.Wire(new NewHpcCluster { Name = name, Config = ConfigYaml.Parse(ClusterWorld.ConfigFor(region)), WaitFlag = wait }, region);

        [Fact]
        public void Create_ThenWait_ReachesReadyWithHeadNodeProgressAndStoreRecord()
        {
            var host = CmdletRunner.Run(NewCluster("alpha"));
            Assert.Empty(host.Errors);
            var created = Assert.IsType<Cluster>(Assert.Single(host.Output));
            Assert.Equal(ClusterState.Creating, created.Status);
            Assert.Equal("alpha", created.ClusterName);

            var waited = CmdletRunner.Run(_w.Wire(new WaitHpcCluster { Name = "alpha" }));
            Assert.Empty(waited.Errors);
            var ready = Assert.IsType<Cluster>(Assert.Single(waited.Output));
            Assert.Equal(ClusterState.Ready, ready.Status);
            Assert.Equal("CREATE_COMPLETE", ready.ClusterStatus);
            Assert.StartsWith("54.", ready.HeadNodeIp);
            Assert.StartsWith("i-", ready.HeadNode.InstanceId);
            Assert.Equal("RUNNING", ready.ComputeFleetStatus);
            Assert.Contains(waited.Progress, p => p.Completed && p.Activity.Contains("alpha"));
            Assert.Empty(waited.OffThreadCalls);

            var record = _w.Store.Clusters.TryGet(ClusterRecord.KeyFor("us-east-1", "alpha"));
            Assert.Equal("CREATE_COMPLETE", record.ClusterStatus);
            Assert.Equal(ready.HeadNode.PublicIpAddress, record.HeadNodePublicIp);
            Assert.Equal("alinux2023", record.Os);
        }

        [Fact]
        public void Wait_OnForcedFailure_ReportsFailureCodeFirstFailingEventAndWhereToLookNext()
        {
            _w.Aws.ParallelCluster.FailCreate("broken", "HeadNodeBootstrapFailure", "Cluster creation timed out; cfn-signal not received");
            var host = CmdletRunner.Run(NewCluster("broken", wait: true));
            Assert.Empty(host.Output);
            var error = Assert.Single(host.Errors);
            Assert.Equal("ClusterFailed", error.ErrorId);
            var message = error.Exception.Message;
            Assert.Contains("CREATE_FAILED", message);
            Assert.Contains("HeadNodeBootstrapFailure", message);
            Assert.Contains("First failing resource: HeadNode (AWS::EC2::Instance) CREATE_FAILED: Cluster creation timed out", message);
            Assert.Contains("Read next: Get-HpcClusterEvent -Name broken", message);
            var diagnosis = Assert.IsType<ClusterFailedException>(error.Exception).Diagnosis;
            Assert.Equal("HeadNodeBootstrapFailure", Assert.Single(diagnosis.Failures).FailureCode);
            Assert.Equal(ClusterState.Failed, diagnosis.Cluster.Status);
        }

        [Fact]
        public void Diagnosis_PointsAtTheHeadNodeLogStreamWhenThereIsOne()
        {
            var ready = _w.CreateReadyAsync("logs").GetAwaiter().GetResult();
            var events = new[]
            {
                new PcHpc.Core.Remote.ClusterStackEvent { LogicalResourceId = "logs", ResourceType = "AWS::CloudFormation::Stack", ResourceStatus = "UPDATE_ROLLBACK_IN_PROGRESS", ResourceStatusReason = "The following resource(s) failed to update: [HeadNode]", Timestamp = DateTime.UtcNow },
                new PcHpc.Core.Remote.ClusterStackEvent { LogicalResourceId = "HeadNode", ResourceType = "AWS::EC2::Instance", ResourceStatus = "UPDATE_FAILED", ResourceStatusReason = "WaitCondition timed out", Timestamp = DateTime.UtcNow.AddSeconds(-5) },
            };
            var streams = CmdletRunner.Run(_w.Wire(new GetHpcClusterLog { Name = "logs" })).Output.Cast<ClusterLogStream>()
                .Select(s => new PcHpc.Core.Remote.LogStream { LogStreamName = s.LogStream }).ToList();
            ready.ClusterStatus = "UPDATE_FAILED";
            ready.Failures = new[] { new ClusterFailureInfo { FailureCode = "HeadNodeBootstrapFailure", FailureReason = "bootstrap failed" } };
            var d = ClusterDiagnosis.Build(ready, events, streams);
            Assert.EndsWith(".cfn-init", d.LogStream);
            Assert.Equal("HeadNode", d.FirstFailure.LogicalResourceId);
            Assert.Contains($"-LogStream {d.LogStream} -Tail 100", d.Message);
        }

        [Fact]
        public void Get_ListsTwoRegionsInParallel_MergesIntoStore_AndMarksVanishedClustersGone()
        {
            _w.CreateReadyAsync("east1").GetAwaiter().GetResult();
            _w.CreateReadyAsync("west1", "eu-west-1").GetAwaiter().GetResult();
            _w.Store.Clusters.Put(new ClusterRecord { Name = "ghost", Region = "us-east-1", ClusterStatus = "CREATE_COMPLETE" });

            var describesBefore = _w.Aws.Calls.Count("DescribeCluster");
            var cmdlet = _w.Wire(new GetHpcCluster(), null);
            cmdlet.Region = new[] { "us-east-1", "eu-west-1" };
            var host = CmdletRunner.Run(cmdlet);
            Assert.Empty(host.Errors);
            var clusters = host.Output.Cast<Cluster>().ToList();
            Assert.Equal(new[] { "eu-west-1/west1", "us-east-1/east1" }, clusters.Select(c => c.Region + "/" + c.Name));
            Assert.All(clusters, c => Assert.Equal(ClusterState.Ready, c.Status));
            // The default output needs no describe call, but still shows the head node from the store.
            Assert.All(clusters, c => Assert.NotNull(c.HeadNodeIp));
            var lists = _w.Aws.Calls.All.Where(c => c.Action == "ListClusters").ToList();
            Assert.Equal(new[] { "eu-west-1", "us-east-1" }, lists.Select(c => c.Region).OrderBy(r => r));
            Assert.Equal(describesBefore, _w.Aws.Calls.Count("DescribeCluster"));

            Assert.True(_w.Store.Clusters.TryGet(ClusterRecord.KeyFor("us-east-1", "ghost")).Gone);
            Assert.False(_w.Store.Clusters.TryGet(ClusterRecord.KeyFor("eu-west-1", "west1")).Gone);

            var cached = _w.Wire(new GetHpcCluster { CachedFlag = true }, null);
            var offline = CmdletRunner.Run(cached).Output.Cast<Cluster>().ToList();
            Assert.Equal(new[] { "eu-west-1/west1", "us-east-1/east1" }, offline.Select(c => c.Region + "/" + c.Name));
            Assert.All(offline, c => Assert.True(c.FromCache));
        }

        [Fact]
        public void Get_FiltersByWildcardAndStatus_AndDetailedDescribesEach()
        {
            _w.CreateReadyAsync("cfd-a").GetAwaiter().GetResult();
            _w.CreateReadyAsync("cfd-b").GetAwaiter().GetResult();
            _w.CreateReadyAsync("ml-a").GetAwaiter().GetResult();
            var before = _w.Aws.Calls.Count("DescribeCluster");
            var host = CmdletRunner.Run(_w.Wire(new GetHpcCluster { Name = new[] { "CFD-*" }, Status = ClusterState.Ready }));
            Assert.Equal(new[] { "cfd-a", "cfd-b" }, host.Output.Cast<Cluster>().Select(c => c.Name));
            Assert.Equal(before, _w.Aws.Calls.Count("DescribeCluster"));

            var none = CmdletRunner.Run(_w.Wire(new GetHpcCluster { Name = new[] { "cfd-*" }, Status = ClusterState.Failed }));
            Assert.Empty(none.Output);

            var detailed = CmdletRunner.Run(_w.Wire(new GetHpcCluster { Name = new[] { "ml-*" }, DetailedFlag = true }));
            var ml = Assert.IsType<Cluster>(Assert.Single(detailed.Output));
            Assert.Equal("RUNNING", ml.ComputeFleetStatus);
            Assert.Equal(before + 1, _w.Aws.Calls.Count("DescribeCluster"));
        }

        [Fact]
        public void CardPipeline_RemovesExactlyTheFailedClusters_AskingForEach()
        {
            _w.CreateReadyAsync("good").GetAwaiter().GetResult();
            foreach (var name in new[] { "bad1", "bad2" })
            {
                _w.Aws.ParallelCluster.FailCreate(name, "HeadNodeBootstrapFailure", "boom");
                try { _w.CreateReadyAsync(name).GetAwaiter().GetResult(); } catch (ClusterFailedException) { }
            }

            // Get-HpcCluster | Where Status -eq Failed | Remove-HpcCluster
            var listed = CmdletRunner.Run(_w.Wire(new GetHpcCluster())).Output;
            var failed = (ClusterState)Enum.Parse(typeof(ClusterState), "Failed", true);
            var survivors = listed.Where(o => Equals(o.GetType().GetProperty("Status").GetValue(o), failed)).ToList();
            Assert.Equal(2, survivors.Count);
            var remove = _w.Wire(new RemoveHpcCluster(), "eu-west-1");
            var host = CmdletRunner.RunWithInput(remove, survivors);

            Assert.Empty(host.Errors);
            Assert.Equal(new[] { "cluster 'bad1' in us-east-1", "cluster 'bad2' in us-east-1" }, host.ShouldProcessCalls.Select(c => c.Target));
            Assert.All(host.ShouldProcessCalls, c => Assert.Equal("Remove", c.Action));
            Assert.Equal("DELETE_IN_PROGRESS", _w.Aws.ParallelCluster.Find("bad1").Status);
            Assert.Equal("DELETE_IN_PROGRESS", _w.Aws.ParallelCluster.Find("bad2").Status);
            Assert.Equal("CREATE_COMPLETE", _w.Aws.ParallelCluster.Find("good").Status);
            Assert.Equal(2, _w.Aws.Calls.Count("DeleteCluster"));
        }

        [Fact]
        public void CardPipeline_DecliningConfirmationDeletesNothing()
        {
            _w.Aws.ParallelCluster.FailCreate("bad", "HeadNodeBootstrapFailure", "boom");
            try { _w.CreateReadyAsync("bad").GetAwaiter().GetResult(); } catch (ClusterFailedException) { }
            var failed = CmdletRunner.Run(_w.Wire(new GetHpcCluster())).Output.Cast<Cluster>().Where(c => c.Status == ClusterState.Failed).ToList();
            var host = new RecordingHost { ShouldProcessAnswer = false };
            CmdletRunner.RunWithInput(_w.Wire(new RemoveHpcCluster()), failed, host);
            Assert.Single(host.ShouldProcessCalls);
            Assert.Equal(0, _w.Aws.Calls.Count("DeleteCluster"));
        }

        [Fact]
        public void Remove_WithWait_DeletesAndDropsTheRecord_AndDeleteFailedCanBeRemovedAgain()
        {
            _w.CreateReadyAsync("gone").GetAwaiter().GetResult();
            _w.Aws.ParallelCluster.FailDelete("gone");
            var first = CmdletRunner.Run(_w.Wire(new RemoveHpcCluster { Name = "gone", ForceFlag = true, WaitFlag = true }));
            var error = Assert.Single(first.Errors);
            Assert.Contains("DELETE_FAILED", error.Exception.Message);
            Assert.Empty(first.ShouldProcessCalls); // -Force skips the prompt
            Assert.Equal("DELETE_FAILED", _w.Store.Clusters.TryGet(ClusterRecord.KeyFor("us-east-1", "gone")).ClusterStatus);

            _w.Aws.ParallelCluster.ClearDeleteFailure("gone");
            var second = CmdletRunner.Run(_w.Wire(new RemoveHpcCluster { Name = "gone", ForceFlag = true, WaitFlag = true }));
            Assert.True(second.Errors.Count == 0, string.Join("; ", second.Errors.Select(e => e.Exception.Message)));
            Assert.Empty(second.Output);
            Assert.Null(_w.Aws.ParallelCluster.Find("gone"));
            Assert.Null(_w.Store.Clusters.TryGet(ClusterRecord.KeyFor("us-east-1", "gone")));
        }

        [Fact]
        public void Remove_WhatIfBeatsForce()
        {
            _w.CreateReadyAsync("kept").GetAwaiter().GetResult();
            var host = new RecordingHost { WhatIfRequested = true };
            CmdletRunner.Run(_w.Wire(new RemoveHpcCluster { Name = "kept", ForceFlag = true }), host);
            Assert.Single(host.ShouldProcessCalls);
            Assert.Equal(0, _w.Aws.Calls.Count("DeleteCluster"));
        }

        private static ClusterConfig BiggerConfig()
        {
            var config = ConfigYaml.Parse(ClusterWorld.ValidYaml);
            config.Scheduling.SlurmQueues[0].ComputeResources[0].MaxCount = 8;
            return config;
        }

        [Fact]
        public void Update_NeedingStoppedFleet_ExplainsWithoutForce_AndCyclesTheFleetWithForce()
        {
            _w.CreateReadyAsync("upd").GetAwaiter().GetResult();
            _w.Aws.ParallelCluster.UpdateRequiresStoppedFleet = true;

            var refused = CmdletRunner.Run(_w.Wire(new UpdateHpcCluster { Name = "upd", Config = BiggerConfig() }));
            var error = Assert.Single(refused.Errors);
            Assert.Equal("ClusterUpdateNeedsStoppedFleet", error.ErrorId);
            Assert.Contains("-Force", error.Exception.Message);
            Assert.Contains("MaxCount", error.Exception.Message);
            Assert.Equal("CREATE_COMPLETE", _w.Aws.ParallelCluster.Find("upd").Status);

            var forced = CmdletRunner.Run(_w.Wire(new UpdateHpcCluster { Name = "upd", Config = BiggerConfig(), ForceFlag = true }));
            Assert.Empty(forced.Errors);
            var updated = Assert.IsType<Cluster>(Assert.Single(forced.Output));
            Assert.Equal("UPDATE_COMPLETE", updated.ClusterStatus);
            Assert.Contains(forced.Verbose, v => v.Contains("MaxCount") && v.Contains("4 -> 8"));
            var fake = _w.Aws.ParallelCluster.Find("upd");
            Assert.Contains("MaxCount: 8", fake.Configuration);
            Assert.True(fake.ComputeFleetStatus == "START_REQUESTED" || fake.ComputeFleetStatus == "RUNNING", fake.ComputeFleetStatus);
            Assert.Equal(2, _w.Aws.Calls.Count("UpdateComputeFleet"));
        }

        [Fact]
        public void Update_WhatIf_ShowsTheChangeSetWithoutApplying()
        {
            _w.CreateReadyAsync("wi").GetAwaiter().GetResult();
            var host = new RecordingHost { WhatIfRequested = true };
            CmdletRunner.Run(_w.Wire(new UpdateHpcCluster { Name = "wi", Config = BiggerConfig() }), host);
            Assert.Empty(host.Errors);
            var call = Assert.Single(host.ShouldProcessCalls);
            Assert.Contains("MaxCount", call.Action);
            Assert.Contains("4 -> 8", call.Action);
            Assert.Equal("CREATE_COMPLETE", _w.Aws.ParallelCluster.Find("wi").Status);
            Assert.DoesNotContain("MaxCount: 8", _w.Aws.ParallelCluster.Find("wi").Configuration);
        }

        [Fact]
        public void Update_WithAnApiOfAnotherVersion_SaysAnExactVersionIsNeeded()
        {
            _w.DeployApiStackAsync("us-east-1").GetAwaiter().GetResult();
            _w.CreateReadyAsync("old").GetAwaiter().GetResult();
            _w.Aws.ParallelCluster.SetClusterVersion("old", "3.11.1");
            CmdletRunner.Run(_w.Wire(new GetHpcCluster(), useApiUri: false)); // refreshes the stored version
            var host = CmdletRunner.Run(_w.Wire(new UpdateHpcCluster { Name = "old", Config = BiggerConfig() }, useApiUri: false));
            var error = Assert.Single(host.Errors);
            Assert.Equal("ParallelClusterVersionMismatch", error.ErrorId);
            Assert.Contains("3.11.1", error.Exception.Message);
            Assert.Contains("exactly", error.Exception.Message);
            Assert.Contains("Install-HpcApi -Version 3.11.1", error.Exception.Message);
        }

        [Fact]
        public void ApiDiscovery_FindsTheStack_CachesIt_AndAssumesTheUserRoleOnce()
        {
            _w.DeployApiStackAsync("us-east-1").GetAwaiter().GetResult();
            var apis = CmdletRunner.Run(_w.Wire(new GetHpcApi()));
            var api = Assert.IsType<HpcApi>(Assert.Single(apis.Output));
            Assert.Equal("3.12.0", api.Version);
            Assert.Equal(ClusterWorld.UserRole, api.UserRoleArn);
            Assert.Equal(_w.Aws.ParallelClusterInvokeUrl.ToString(), api.InvokeUrl);
            Assert.NotNull(_w.Store.Apis.TryGet(ApiRecord.KeyFor("us-east-1", "pcluster-api")));

            _w.CreateReadyAsync("viaapi").GetAwaiter().GetResult();
            var first = CmdletRunner.Run(_w.Wire(new GetHpcCluster(), useApiUri: false));
            Assert.Empty(first.Errors);
            Assert.Equal("viaapi", Assert.IsType<Cluster>(Assert.Single(first.Output)).Name);
            CmdletRunner.Run(_w.Wire(new GetHpcCluster(), useApiUri: false));
            Assert.Equal(1, _w.Roles.AssumeRoleCalls);
            Assert.Equal(1, _w.Aws.Calls.Count("AssumeRole"));

            var cached = CmdletRunner.Run(_w.Wire(new GetHpcApi { CachedFlag = true }));
            Assert.True(Assert.IsType<HpcApi>(Assert.Single(cached.Output)).FromCache);
        }

        [Fact]
        public void NoApiInTheRegion_SaysHowToDeployOne()
        {
            var host = CmdletRunner.Run(_w.Wire(new GetHpcCluster(), "ap-south-1", useApiUri: false));
            var error = Assert.Single(host.Errors);
            Assert.Equal("ParallelClusterApiNotFound", error.ErrorId);
            Assert.Contains("Install-HpcApi -Region ap-south-1", error.Exception.Message);
        }

        [Fact]
        public void New_ExistingCluster_IsAClearErrorNamingIt()
        {
            _w.CreateReadyAsync("twice").GetAwaiter().GetResult();
            var host = CmdletRunner.Run(NewCluster("twice"));
            var error = Assert.Single(host.Errors);
            Assert.Equal("ClusterAlreadyExists", error.ErrorId);
            Assert.Contains("'twice'", error.Exception.Message);
        }

        [Fact]
        public void New_ApiValidationErrors_BecomeOneReadableError()
        {
            _w.Aws.ParallelCluster.ConfigurationValidationErrors = new List<PcHpc.FakeAws.FakeValidationMessage>
            {
                new PcHpc.FakeAws.FakeValidationMessage("KeyPairValidator", "KeyPairValidator", "ERROR", "The key pair 'mykey' does not exist."),
                new PcHpc.FakeAws.FakeValidationMessage("InstanceTypeValidator", "InstanceTypeValidator", "ERROR", "c5n.18xlarge is not offered."),
            };
            var host = CmdletRunner.Run(NewCluster("invalid"));
            var error = Assert.Single(host.Errors);
            Assert.Equal("ClusterConfigurationInvalid", error.ErrorId);
            Assert.Contains("ERROR KeyPairValidator: The key pair 'mykey' does not exist.", error.Exception.Message);
            Assert.Contains("ERROR InstanceTypeValidator: c5n.18xlarge is not offered.", error.Exception.Message);
        }

        [Fact]
        public void New_DryRun_IsASuccessAndCreatesNothing()
        {
            var cmdlet = NewCluster("dry");
            cmdlet.DryRunFlag = true;
            var host = CmdletRunner.Run(cmdlet);
            Assert.Empty(host.Errors);
            Assert.Empty(host.ShouldProcessCalls);
            Assert.Null(_w.Aws.ParallelCluster.Find("dry"));
            Assert.DoesNotContain(host.Output, o => o is Cluster);
        }

        [Fact]
        public void New_InvalidConfig_FailsLocallyBeforeAnyCall()
        {
            var config = ConfigYaml.Parse(ClusterWorld.ValidYaml);
            config.Scheduling.SlurmQueues[0].ComputeResources[0].MinCount = 9;
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(_w.Wire(new NewHpcCluster { Name = "local", Config = config })));
            Assert.Equal("ClusterConfigInvalid", ex.Error.ErrorId);
            Assert.Empty(_w.Aws.Calls.All);
        }

        [Fact]
        public void New_ApiTimeoutAfterCreationStarted_IsNotAFailure()
        {
            _w.Aws.ParallelCluster.TimeoutAfterCreate = true;
            var host = CmdletRunner.Run(NewCluster("slow"));
            Assert.Empty(host.Errors);
            Assert.Equal("slow", Assert.IsType<Cluster>(Assert.Single(host.Output)).Name);
            Assert.Contains(host.Verbose, v => v.Contains("504"));
        }

        [Fact]
        public void New_FromConfigPath_Works()
        {
            var path = Path.Combine(_w.StoreRoot, "cluster.yaml");
            File.WriteAllText(path, ClusterWorld.ValidYaml);
            var host = CmdletRunner.Run(_w.Wire(new NewHpcCluster { Name = "frompath", ConfigPath = path }));
            Assert.Empty(host.Errors);
            Assert.NotNull(_w.Aws.ParallelCluster.Find("frompath"));
        }

        [Fact]
        public void Fleet_InstancesEventsAndLogs()
        {
            _w.CreateReadyAsync("ops").GetAwaiter().GetResult();
            _w.Aws.ParallelCluster.AddComputeNode("ops", "q1");
            _w.Aws.ParallelCluster.AddComputeNode("ops", "q1");

            var heads = CmdletRunner.Run(_w.Wire(new GetHpcClusterInstance { Name = "ops", NodeType = "HeadNode" })).Output.Cast<ClusterNode>().ToList();
            Assert.Equal("HeadNode", Assert.Single(heads).NodeType);
            var all = CmdletRunner.Run(_w.Wire(new GetHpcClusterInstance { Name = "ops", Queue = "q1" })).Output.Cast<ClusterNode>().ToList();
            Assert.Equal(2, all.Count);

            var removed = CmdletRunner.Run(_w.Wire(new RemoveHpcClusterInstance { Name = "ops" }));
            Assert.Single(removed.ShouldProcessCalls);
            Assert.Equal(2, removed.Output.Count);
            Assert.Equal(1, _w.Aws.Calls.Count("DeleteClusterInstances"));

            var events = CmdletRunner.Run(_w.Wire(new GetHpcClusterEvent { Name = "ops" })).Output.Cast<ClusterEvent>().ToList();
            Assert.Contains(events, e => e.ResourceStatus == "CREATE_COMPLETE" && e.LogicalResourceId == "HeadNode");

            var streams = CmdletRunner.Run(_w.Wire(new GetHpcClusterLog { Name = "ops" })).Output.Cast<ClusterLogStream>().ToList();
            var cfnInit = streams.Single(s => s.LogStream.EndsWith(".cfn-init"));
            var tail = CmdletRunner.Run(_w.Wire(new GetHpcClusterLog { Name = "ops", LogStream = cfnInit.LogStream, Tail = 1 })).Output.Cast<ClusterLogEvent>().ToList();
            Assert.Equal("cfn-init running on", Assert.Single(tail).Message.Substring(0, "cfn-init running on".Length));
            var full = CmdletRunner.Run(_w.Wire(new GetHpcClusterLog { Name = "ops", LogStream = cfnInit.LogStream })).Output.Cast<ClusterLogEvent>().ToList();
            Assert.Equal(2, full.Count);

            var stop = CmdletRunner.Run(_w.Wire(new StopHpcComputeFleet { Name = "ops", WaitFlag = true }));
            Assert.Equal("STOPPED", Assert.IsType<ComputeFleet>(Assert.Single(stop.Output)).Status);
            Assert.Single(stop.ShouldProcessCalls);
            var start = CmdletRunner.Run(_w.Wire(new StartHpcComputeFleet { Name = "ops", WaitFlag = true }));
            Assert.Equal("RUNNING", Assert.IsType<ComputeFleet>(Assert.Single(start.Output)).Status);
        }

        [Fact]
        public void FullLifecycle_CreateWaitListUpdateWithFleetStopRemove_ThroughThePipeline()
        {
            // New-HpcCluster | Wait-HpcCluster in two regions
            foreach (var region in new[] { "us-east-1", "eu-west-1" })
            {
                var created = CmdletRunner.Run(NewCluster("life-" + region, region)).Output;
                var waited = CmdletRunner.RunWithInput(_w.Wire(new WaitHpcCluster(), "ap-south-1"), created);
                Assert.Empty(waited.Errors);
                Assert.Equal(ClusterState.Ready, Assert.IsType<Cluster>(Assert.Single(waited.Output)).Status);
            }
            // Get-HpcCluster -Region us-east-1, eu-west-1
            var list = _w.Wire(new GetHpcCluster(), null);
            list.Region = new[] { "us-east-1", "eu-west-1" };
            var clusters = CmdletRunner.Run(list).Output.Cast<Cluster>().ToList();
            Assert.Equal(new[] { "life-eu-west-1", "life-us-east-1" }, clusters.Select(c => c.Name));

            // Update with a fleet stop, then Get-HpcCluster | Remove-HpcCluster -Force -Wait
            _w.Aws.ParallelCluster.UpdateRequiresStoppedFleet = true;
            var update = CmdletRunner.Run(_w.Wire(new UpdateHpcCluster { Name = "life-us-east-1", Config = BiggerConfig(), ForceFlag = true }));
            Assert.Empty(update.Errors);
            Assert.Equal(ClusterState.Ready, Assert.IsType<Cluster>(Assert.Single(update.Output)).Status);
            Assert.Contains(update.Progress, p => p.Activity.Contains("Stopping the compute fleet"));

            var removed = CmdletRunner.RunWithInput(_w.Wire(new RemoveHpcCluster { ForceFlag = true, WaitFlag = true }), clusters);
            Assert.Empty(removed.Errors);
            Assert.Empty(_w.Aws.ParallelCluster.Clusters);
            Assert.Empty(_w.Store.Clusters.List());
            Assert.Empty(removed.OffThreadCalls);
        }

        [Fact]
        public void MissingCluster_IsNotFoundNamingIt()
        {
            var host = CmdletRunner.Run(_w.Wire(new WaitHpcCluster { Name = "nosuch" }));
            var error = Assert.Single(host.Errors);
            Assert.Equal("ClusterNotFound", error.ErrorId);
            Assert.Contains("'nosuch'", error.Exception.Message);
        }
    }
}
