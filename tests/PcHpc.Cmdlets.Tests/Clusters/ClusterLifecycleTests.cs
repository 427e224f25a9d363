using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Clusters
{
    /// <summary>The cluster life cycle as users type it, in the real engine against the loopback fake AWS.</summary>
    [Collection(ClustersCollection.Name)]
    public class ClusterLifecycleTests
    {
        private readonly ClusterSession _s;

        public ClusterLifecycleTests(ClusterSession session) => _s = session;

        private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N").Substring(0, 6);

        /// <summary>Per activity, the last progress record the host saw is Completed (no bar left behind).</summary>
        private static void AllProgressCompleted(PsResult result)
        {
            foreach (var activity in result.Progress.GroupBy(p => p.ActivityId))
            {
                Assert.True(activity.Last().RecordType == ProgressRecordType.Completed,
                    $"progress activity {activity.Key} ('{activity.Last().Activity}') ended {activity.Last().RecordType}: " + string.Join(" | ", activity.Select(p => p.RecordType + " " + p.StatusDescription)));
            }
        }

        [Fact]
        public void New_ThenWait_ReachesReady_WithCompletedProgress_AndAStoreRecord()
        {
            var name = Unique("alpha");
            var created = _s.Invoke("New-HpcCluster -Name $args[0] -ConfigPath $args[1]", name, _s.ConfigFile()).Succeeded();
            Assert.Equal("Creating", created.Property("Status").Single().ToString());
            Assert.Equal(name, created.Property("ClusterName").Single());

            var waited = _s.Invoke("Wait-HpcCluster -Name $args[0]", name).Succeeded();
            var ready = waited.Output.Single();
            Assert.Equal("Ready", ready.Properties["Status"].Value.ToString());
            Assert.Equal("CREATE_COMPLETE", ready.Properties["ClusterStatus"].Value);
            Assert.StartsWith("54.", (string)ready.Properties["HeadNodeIp"].Value);
            Assert.Equal("RUNNING", ready.Properties["ComputeFleetStatus"].Value);
            Assert.Contains(waited.Progress, p => p.Activity.Contains(name));
            AllProgressCompleted(waited);

            var cached = _s.Invoke("Get-HpcCluster -Cached -Name $args[0]", name).Succeeded().Output.Single();
            Assert.Equal(true, cached.Properties["FromCache"].Value);
            Assert.Equal("CREATE_COMPLETE", cached.Properties["ClusterStatus"].Value);
            Assert.Equal(ready.Properties["HeadNodeIp"].Value, cached.Properties["HeadNodeIp"].Value);
        }

        [Fact]
        public void New_Wait_OnAFailure_ExplainsIt_AndEndsItsProgress()
        {
            var name = Unique("broken");
            _s.Aws.ParallelCluster.FailCreate(name, "HeadNodeBootstrapFailure", "Cluster creation timed out; cfn-signal not received");
            var result = _s.Invoke("New-HpcCluster -Name $args[0] -ConfigPath $args[1] -Wait", name, _s.ConfigFile());
            Assert.Empty(result.Output);
            var error = result.SingleError();
            Assert.Null(result.Terminating);
            Assert.Equal("ClusterFailed,PcHpc.Cmdlets.NewHpcCluster", error.FullyQualifiedErrorId);
            Assert.Contains("CREATE_FAILED", error.Exception.Message);
            Assert.Contains("HeadNodeBootstrapFailure", error.Exception.Message);
            Assert.Contains("First failing resource: HeadNode (AWS::EC2::Instance) CREATE_FAILED: Cluster creation timed out", error.Exception.Message);
            Assert.Contains($"Get-HpcClusterEvent -Name {name}", error.Exception.Message);
            Assert.NotEmpty(result.Progress);
            AllProgressCompleted(result);
        }

        [Fact]
        public void New_PerItemFailure_IsNonTerminating_AndTheNextItemIsCreated()
        {
            var first = Unique("pi");
            var ok = _s.ConfigFile();
            var result = _s.Invoke(@"
                $bad = Import-HpcClusterConfig -Path $args[1]
                $bad.Scheduling.SlurmQueues[0].ComputeResources[0].MinCount = 9
                $good = Import-HpcClusterConfig -Path $args[1]
                $bad, $good | New-HpcCluster -Name $args[0]", first, ok);
            Assert.Null(result.Terminating);
            var error = result.SingleError();
            Assert.Equal("ClusterConfigInvalid,PcHpc.Cmdlets.NewHpcCluster", error.FullyQualifiedErrorId);
            Assert.Equal(first, Assert.Single(result.Property("Name")));
            Assert.Equal("CREATE_IN_PROGRESS", _s.Status(first));
        }

        [Fact]
        public void New_InvalidConfig_FailsBeforeAnyCall()
        {
            _s.Aws.Calls.Clear();
            var result = _s.Invoke(@"
                $c = Import-HpcClusterConfig -Path $args[1]
                $c.Scheduling.SlurmQueues[0].ComputeResources[0].MinCount = 9
                New-HpcCluster -Name $args[0] -Config $c", Unique("local"), _s.ConfigFile());
            Assert.Equal("ClusterConfigInvalid", result.SingleError().FullyQualifiedErrorId.Split(',')[0]);
            Assert.Empty(_s.Aws.Calls.All);
        }

        [Fact]
        public void New_MissingConfigFile_IsObjectNotFound_BeforeAnyCall()
        {
            _s.Aws.Calls.Clear();
            var error = _s.Invoke("New-HpcCluster -Name x1 -ConfigPath ./nope.yaml").SingleError();
            Assert.Equal("ConfigFileNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Empty(_s.Aws.Calls.All);
        }

        [Fact]
        public void New_DryRun_SaysTheConfigPassed_AndCreatesNothing()
        {
            var name = Unique("dry");
            var result = _s.Invoke("New-HpcCluster -Name $args[0] -ConfigPath $args[1] -DryRun", name, _s.ConfigFile()).Succeeded();
            var answer = Assert.Single(result.Output);
            Assert.Equal("PcHpc.ClusterDryRun", answer.BaseObject.GetType().FullName);
            Assert.Equal(true, answer.Properties["Passed"].Value);
            Assert.Equal(name, answer.Properties["ClusterName"].Value);
            Assert.Equal("us-east-1", answer.Properties["Region"].Value);
            Assert.Contains("passed", (string)answer.Properties["Message"].Value);
            Assert.Empty(result.Prompts);
            Assert.Null(_s.Aws.ParallelCluster.Find(name));
        }

        [Fact]
        public void New_ExistingCluster_IsAClearErrorNamingIt()
        {
            var name = Unique("twice");
            _s.Cluster(name);
            var error = _s.Invoke("New-HpcCluster -Name $args[0] -ConfigPath $args[1]", name, _s.ConfigFile()).SingleError();
            Assert.Equal("ClusterAlreadyExists", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains($"'{name}'", error.Exception.Message);
        }

        [Fact]
        public void New_ApiValidationErrors_BecomeOneReadableError()
        {
            _s.Aws.ParallelCluster.ConfigurationValidationErrors = new List<PcHpc.FakeAws.FakeValidationMessage>
            {
                new PcHpc.FakeAws.FakeValidationMessage("KeyPairValidator", "KeyPairValidator", "ERROR", "The key pair 'mykey' does not exist."),
                new PcHpc.FakeAws.FakeValidationMessage("InstanceTypeValidator", "InstanceTypeValidator", "ERROR", "c5n.18xlarge is not offered."),
            };
            try
            {
                var error = _s.Invoke("New-HpcCluster -Name $args[0] -ConfigPath $args[1]", Unique("invalid"), _s.ConfigFile()).SingleError();
                Assert.Equal("ClusterConfigurationInvalid", error.FullyQualifiedErrorId.Split(',')[0]);
                Assert.Contains("ERROR KeyPairValidator: The key pair 'mykey' does not exist.", error.Exception.Message);
                Assert.Contains("ERROR InstanceTypeValidator: c5n.18xlarge is not offered.", error.Exception.Message);
            }
            finally
            {
                _s.Aws.ParallelCluster.ConfigurationValidationErrors = new List<PcHpc.FakeAws.FakeValidationMessage>();
            }
        }

        [Fact]
        public void New_ApiTimeoutAfterCreationStarted_IsNotAFailure()
        {
            var name = Unique("slow");
            _s.Aws.ParallelCluster.TimeoutAfterCreate = true;
            try
            {
                var result = _s.Invoke("New-HpcCluster -Name $args[0] -ConfigPath $args[1] -Verbose", name, _s.ConfigFile()).Succeeded();
                Assert.Equal(name, Assert.Single(result.Property("Name")));
                Assert.Contains(result.Verbose, v => v.Contains("answered 504") && v.Contains(name) && v.Contains("the create started"));
                Assert.Equal(1, _s.Aws.ParallelCluster.Clusters.Count(c => c.Name == name));
            }
            finally
            {
                _s.Aws.ParallelCluster.TimeoutAfterCreate = false;
            }
        }

        [Fact]
        public void Get_ListsTwoRegionsInParallel_WithoutDescribes_AndCachedWorksOffline()
        {
            var east = Unique("east");
            var west = Unique("west");
            _s.Cluster(east, "us-east-1");
            _s.Cluster(west, "ap-northeast-3");
            var describes = _s.Calls("DescribeCluster");
            var live = _s.Invoke("Get-HpcCluster -Region us-east-1, ap-northeast-3").Succeeded();
            var pairs = live.Output.Select(o => o.Properties["Region"].Value + "/" + o.Properties["Name"].Value).ToList();
            Assert.Contains("us-east-1/" + east, pairs);
            Assert.Contains("ap-northeast-3/" + west, pairs);
            Assert.Equal(pairs.OrderBy(p => p.Split('/')[0], StringComparer.Ordinal).ToList(), pairs.ToList().OrderBy(p => p.Split('/')[0], StringComparer.Ordinal).ToList());
            // The default output needs no describe call, but still shows the head node (from the state store).
            Assert.All(live.Output.Where(o => (string)o.Properties["Name"].Value == east || (string)o.Properties["Name"].Value == west),
                o => Assert.NotNull(o.Properties["HeadNodeIp"].Value));
            Assert.Equal(describes, _s.Calls("DescribeCluster"));

            var offline = _s.Invoke("Get-HpcCluster -Cached -Region ap-northeast-3 -Name $args[0]", west).Succeeded();
            Assert.Equal(true, Assert.Single(offline.Output).Properties["FromCache"].Value);
        }

        [Fact]
        public void Get_RegionsFromThePipeline_Accumulate()
        {
            var a = Unique("pa");
            var b = Unique("pb");
            _s.Cluster(a, "ca-central-1");
            _s.Cluster(b, "sa-east-1");
            var result = _s.Invoke("[pscustomobject]@{ Region = 'ca-central-1' }, [pscustomobject]@{ Region = 'sa-east-1' } | Get-HpcCluster").Succeeded();
            var names = result.Property("Name").Select(n => n.ToString()).ToList();
            Assert.Contains(a, names);
            Assert.Contains(b, names);
        }

        [Fact]
        public void Get_FiltersByWildcardAndStatus_AndDetailedDescribesEach()
        {
            var prefix = Unique("cfd");
            _s.Cluster(prefix + "-a");
            _s.Cluster(prefix + "-b");
            var describes = _s.Calls("DescribeCluster");
            var ready = _s.Invoke("Get-HpcCluster -Name ($args[0].ToUpper() + '-*') -Status Ready", prefix).Succeeded();
            Assert.Equal(new[] { prefix + "-a", prefix + "-b" }, ready.Property("Name").Select(n => n.ToString()));
            Assert.Equal(describes, _s.Calls("DescribeCluster"));

            Assert.Empty(_s.Invoke("Get-HpcCluster -Name ($args[0] + '-*') -Status Failed", prefix).Succeeded().Output);

            var detailed = _s.Invoke("Get-HpcCluster -Name ($args[0] + '-a*') -Detailed", prefix).Succeeded();
            Assert.Equal("RUNNING", Assert.Single(detailed.Output).Properties["ComputeFleetStatus"].Value);
            Assert.Equal(describes + 1, _s.Calls("DescribeCluster"));
        }

        [Fact]
        public void Get_AnExactNameNotFound_IsObjectNotFound_AWildcardMatchingNothingIsNot()
        {
            var missing = _s.Invoke("Get-HpcCluster -Name nosuch-cluster");
            Assert.Empty(missing.Output);
            Assert.Null(missing.Terminating);
            var error = missing.SingleError();
            Assert.Equal("ClusterNotFound,PcHpc.Cmdlets.GetHpcCluster", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains("'nosuch-cluster'", error.Exception.Message);
            Assert.Equal("nosuch-cluster", error.TargetObject);

            Assert.Empty(_s.Invoke("Get-HpcCluster -Name nosuch-*").Succeeded().Output);

            var cached = _s.Invoke("Get-HpcCluster -Cached -Name nosuch-cluster");
            Assert.Equal(ErrorCategory.ObjectNotFound, cached.SingleError().CategoryInfo.Category);

            // One of several exact names missing: the others are still listed.
            var name = Unique("found");
            _s.Cluster(name);
            var mixed = _s.Invoke("Get-HpcCluster -Name $args[0], nosuch-cluster", name);
            Assert.Equal(name, Assert.Single(mixed.Property("Name")));
            Assert.Equal("nosuch-cluster", mixed.SingleError().TargetObject);
        }

        [Fact]
        public void NoApiInTheRegion_SaysHowToDeployOne()
        {
            var result = _s.Invoke(@"
                $saved = $PSDefaultParameterValues['*-Hpc*:ApiUri']; $PSDefaultParameterValues.Remove('*-Hpc*:ApiUri')
                try { Get-HpcCluster -Region me-central-1 } finally { $PSDefaultParameterValues['*-Hpc*:ApiUri'] = $saved }");
            var error = result.SingleError();
            Assert.Equal("ParallelClusterApiNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal("me-central-1", error.TargetObject);
            Assert.Contains("Install-HpcApi -Region me-central-1", error.Exception.Message);
        }

        [Fact]
        public void InstallApi_ThenDiscovery_FindsTheStack_CachesIt_AndAssumesTheUserRoleOnce()
        {
            const string region = "eu-south-2";
            var installed = _s.Invoke("Install-HpcApi -Region $args[0] -Wait", region).Succeeded();
            var api = Assert.Single(installed.Output);
            Assert.Equal("3.12.0", api.Properties["Version"].Value);
            Assert.Contains("/parallelcluster/3.12.0/api/parallelcluster-api.yaml", _s.Aws.Calls.All.Last(c => c.Action == "CreateStack").Parameters["TemplateURL"].Single());
            AllProgressCompleted(installed);

            var found = Assert.Single(_s.Invoke("Get-HpcApi -Region $args[0]", region).Succeeded().Output);
            Assert.Equal(_s.Aws.ParallelClusterInvokeUrl.ToString(), found.Properties["InvokeUrl"].Value);
            Assert.Contains(":role/ParallelClusterApiUserRole", (string)found.Properties["UserRoleArn"].Value);
            Assert.Equal(true, Assert.Single(_s.Invoke("Get-HpcApi -Region $args[0] -Cached", region).Succeeded().Output).Properties["FromCache"].Value);

            var name = Unique("viaapi");
            _s.Cluster(name, region);
            var assumes = _s.Calls("AssumeRole");
            var list = @"
                $saved = $PSDefaultParameterValues['*-Hpc*:ApiUri']; $PSDefaultParameterValues.Remove('*-Hpc*:ApiUri')
                try { Get-HpcCluster -Region $args[0] } finally { $PSDefaultParameterValues['*-Hpc*:ApiUri'] = $saved }";
            Assert.Equal(name, Assert.Single(_s.Invoke(list, region).Succeeded().Property("Name")));
            _s.Invoke(list, region).Succeeded();
            Assert.True(_s.Calls("AssumeRole") - assumes <= 1, "the API user role is assumed once and reused");
        }

        [Fact]
        public void InstallApi_Wait_GivesUpAtTimeout_SaysWhatToRun_AndLeavesTheStack()
        {
            const string region = "ca-west-1";
            var polls = _s.Aws.Knobs.TransitionPolls;
            _s.Aws.Knobs.TransitionPolls = 100000;
            try
            {
                var result = _s.Invoke("Install-HpcApi -Region $args[0] -Wait -Timeout 1", region);
                Assert.Empty(result.Output);
                var error = result.SingleError();
                Assert.Equal("ApiStackWaitTimeout", error.FullyQualifiedErrorId.Split(',')[0]);
                Assert.Contains("after 1 second (still CREATE_IN_PROGRESS)", error.Exception.Message);
                Assert.Contains("Get-HpcApi -Region " + region, error.Exception.Message);
                Assert.Equal(0, _s.Calls("DeleteStack"));
                AllProgressCompleted(result);
            }
            finally
            {
                _s.Aws.Knobs.TransitionPolls = polls;
            }
            // The stack went on: once CloudFormation finishes it, discovery finds the API.
            Assert.Single(_s.Invoke("Get-HpcApi -Region $args[0]", region).Succeeded().Output);
        }

        [Fact]
        public void InstallApi_WhenCreateStacksAnswerIsLost_ReturnsTheStackItCreated()
        {
            const string region = "ap-southeast-5";
            _s.Aws.Knobs.FaultActions = new HashSet<string> { "CreateStack" };
            _s.Aws.Knobs.LoseNextResponses = 1;
            try
            {
                var before = _s.Calls("CreateStack");
                var api = Assert.Single(_s.Invoke("Install-HpcApi -Region $args[0] -Wait", region).Succeeded().Output);
                Assert.Equal("CREATE_COMPLETE", api.Properties["Status"].Value);
                Assert.Equal(2, _s.Calls("CreateStack") - before); // resent with the same ClientRequestToken, not refused as "already exists"
            }
            finally
            {
                _s.Aws.Knobs.LoseNextResponses = 0;
                _s.Aws.Knobs.FaultActions = null;
            }
        }

        [Fact]
        public void InstallApi_WhatIf_DeploysNothing()
        {
            var before = _s.Calls("CreateStack");
            var result = _s.Invoke("Install-HpcApi -Region il-central-1 -WhatIf").Succeeded();
            Assert.Empty(result.Output);
            Assert.Equal(before, _s.Calls("CreateStack"));
            Assert.Contains(result.HostText, t => t.Contains("What if") && t.Contains("il-central-1"));
        }

        [Fact]
        public void Remove_WithWait_OnDeleteFailed_Reports_ThenRemovingAgainDropsClusterAndRecord()
        {
            var name = Unique("gone");
            _s.Cluster(name);
            _s.Aws.ParallelCluster.FailDelete(name);
            var first = _s.Invoke("Remove-HpcCluster -Name $args[0] -Force -Wait", name);
            Assert.Contains("DELETE_FAILED", first.SingleError().Exception.Message);
            Assert.Empty(first.Prompts);
            AllProgressCompleted(first);
            Assert.Equal("DELETE_FAILED", _s.Invoke("Get-HpcCluster -Cached -Name $args[0]", name).Succeeded().Property("ClusterStatus").Single());

            _s.Aws.ParallelCluster.ClearDeleteFailure(name);
            var second = _s.Invoke("Remove-HpcCluster -Name $args[0] -Force -Wait", name).Succeeded();
            Assert.Empty(second.Output);
            Assert.Null(_s.Aws.ParallelCluster.Find(name));
            AllProgressCompleted(second);
            Assert.Empty(_s.Invoke("Get-HpcCluster -Cached -Name ($args[0] + '*')", name).Succeeded().Output);
        }

        [Theory]
        [InlineData("Remove-HpcCluster -Name $args[0] -Force -WhatIf")]
        [InlineData("Remove-HpcClusterInstance -Name $args[0] -Force -WhatIf")]
        [InlineData("Stop-HpcComputeFleet -Name $args[0] -Force -WhatIf")]
        public void WhatIf_BeatsForce(string script)
        {
            var name = Unique("kept");
            _s.Cluster(name);
            _s.Aws.ParallelCluster.AddComputeNode(name, "q1");
            var result = _s.Invoke(script, name).Succeeded();
            Assert.Empty(result.Output);
            Assert.Contains(result.HostText, t => t.Contains("What if") && t.Contains(name));
            var c = _s.Aws.ParallelCluster.Find(name);
            Assert.Equal("CREATE_COMPLETE", c.Status);
            Assert.Single(c.ComputeNodes);
            Assert.Equal("RUNNING", c.ComputeFleetStatus);
        }

        [Theory]
        [InlineData("Remove-HpcCluster")]
        [InlineData("Remove-HpcClusterInstance")]
        [InlineData("Stop-HpcComputeFleet")]
        public void HighImpact_InARunbookWithoutForce_FailsWithoutActing_AndForceOrConfirmFalseActs(string cmdlet)
        {
            var name = Unique("rb");
            _s.Cluster(name);
            _s.Aws.ParallelCluster.AddComputeNode(name, "q1");
            var asked = _s.Invoke(cmdlet + " -Name $args[0]", name);
            Assert.Single(asked.UnansweredPrompts);
            Assert.Equal("CREATE_COMPLETE", _s.Status(name));
            Assert.Single(_s.Aws.ParallelCluster.Find(name).ComputeNodes);
            Assert.Equal("RUNNING", _s.Aws.ParallelCluster.Find(name).ComputeFleetStatus);

            _s.Invoke(cmdlet + " -Name $args[0] " + (cmdlet == "Remove-HpcCluster" ? "-Confirm:$false" : "-Force"), name).Succeeded();
            var c = _s.Aws.ParallelCluster.Find(name);
            var acted = cmdlet == "Remove-HpcCluster" ? c == null || c.Status.StartsWith("DELETE")
                : cmdlet == "Remove-HpcClusterInstance" ? c.ComputeNodes.Count == 0
                : c.ComputeFleetStatus.StartsWith("STOP");
            Assert.True(acted, cmdlet + " did not act");
        }

        [Fact]
        public void Update_NeedingAStoppedFleet_ExplainsWithoutForce_AndCyclesTheFleetWithForce()
        {
            var name = Unique("upd");
            _s.Cluster(name);
            _s.Aws.ParallelCluster.UpdateRequiresStoppedFleet = true;
            try
            {
                var bigger = _s.ConfigFile(maxCount: 8);
                var refused = _s.Invoke("Update-HpcCluster -Name $args[0] -ConfigPath $args[1]", name, bigger);
                Assert.Null(refused.Terminating);
                var error = refused.SingleError();
                Assert.Equal("ClusterUpdateNeedsStoppedFleet", error.FullyQualifiedErrorId.Split(',')[0]);
                Assert.Contains("-Force", error.Exception.Message);
                Assert.Contains("MaxCount", error.Exception.Message);
                Assert.Equal("CREATE_COMPLETE", _s.Status(name));

                var fleetCalls = _s.Calls("UpdateComputeFleet");
                var forced = _s.Invoke("Update-HpcCluster -Name $args[0] -ConfigPath $args[1] -Force -Verbose", name, bigger).Succeeded();
                var updated = Assert.Single(forced.Output);
                Assert.Equal("UPDATE_COMPLETE", updated.Properties["ClusterStatus"].Value);
                Assert.Equal("Ready", updated.Properties["Status"].Value.ToString());
                Assert.Contains(forced.Verbose, v => v.Contains("MaxCount") && v.Contains("4 -> 8"));
                Assert.Contains(forced.Progress, p => p.Activity.Contains("Stopping the compute fleet"));
                AllProgressCompleted(forced);
                var fake = _s.Aws.ParallelCluster.Find(name);
                Assert.Contains("MaxCount: 8", fake.Configuration);
                Assert.True(fake.ComputeFleetStatus == "START_REQUESTED" || fake.ComputeFleetStatus == "RUNNING", fake.ComputeFleetStatus);
                Assert.Equal(fleetCalls + 2, _s.Calls("UpdateComputeFleet"));
            }
            finally
            {
                _s.Aws.ParallelCluster.UpdateRequiresStoppedFleet = false;
            }
        }

        [Fact]
        public void Update_WhatIf_ShowsTheChangeSetWithoutApplying()
        {
            var name = Unique("wi");
            _s.Cluster(name);
            var result = _s.Invoke("Update-HpcCluster -Name $args[0] -ConfigPath $args[1] -WhatIf", name, _s.ConfigFile(maxCount: 8)).Succeeded();
            Assert.Contains(result.HostText, t => t.Contains("What if") && t.Contains("MaxCount") && t.Contains("4 -> 8"));
            Assert.Equal("CREATE_COMPLETE", _s.Status(name));
            Assert.DoesNotContain("MaxCount: 8", _s.Aws.ParallelCluster.Find(name).Configuration);
        }

        [Fact]
        public void Update_UnchangedConfig_SaysNoChanges_AndSucceeds()
        {
            var name = Unique("same");
            _s.Cluster(name);
            var updates = _s.Calls("UpdateCluster");
            var whatIf = _s.Invoke("Update-HpcCluster -Name $args[0] -ConfigPath $args[1] -WhatIf", name, _s.ConfigFile()).Succeeded();
            var line = Assert.Single(whatIf.HostText, t => t.Contains("What if"));
            Assert.Contains("no changes", line);
            Assert.Empty(whatIf.Output);

            var real = _s.Invoke("Update-HpcCluster -Name $args[0] -ConfigPath $args[1]", name, _s.ConfigFile()).Succeeded();
            Assert.Contains(real.Warnings, w => w.Contains("no changes"));
            Assert.Equal("CREATE_COMPLETE", _s.Status(name));
            Assert.Equal(updates + 2, _s.Calls("UpdateCluster")); // two dry runs, no update
        }

        [Fact]
        public void Update_FromAMissingFile_IsNotFound_BeforeAnyCall()
        {
            _s.Aws.Calls.Clear();
            var error = _s.Invoke("Update-HpcCluster -Name x -ConfigPath nope.yaml").SingleError();
            Assert.Equal("ConfigFileNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Empty(_s.Aws.Calls.All);
        }

        [Fact]
        public void Fleet_Instances_Events_Logs_StopAndStart()
        {
            var name = Unique("ops");
            _s.Cluster(name);
            _s.Aws.ParallelCluster.AddComputeNode(name, "q1");
            _s.Aws.ParallelCluster.AddComputeNode(name, "q1");

            Assert.Equal("HeadNode", Assert.Single(_s.Invoke("Get-HpcClusterInstance -Name $args[0] -NodeType HeadNode", name).Succeeded().Output).Properties["NodeType"].Value);
            Assert.Equal(2, _s.Invoke("Get-HpcClusterInstance -Name $args[0] -Queue q1", name).Succeeded().Output.Count);
            Assert.Equal(2, _s.Invoke("Get-HpcCluster -Name $args[0] | Remove-HpcClusterInstance -Force", name).Succeeded().Output.Count);
            Assert.Empty(_s.Aws.ParallelCluster.Find(name).ComputeNodes);

            var events = _s.Invoke("Get-HpcClusterEvent -Name $args[0]", name).Succeeded();
            Assert.Contains(events.Output, e => (string)e.Properties["ResourceStatus"].Value == "CREATE_COMPLETE" && (string)e.Properties["LogicalResourceId"].Value == "HeadNode");
            Assert.Empty(_s.Invoke("Get-HpcClusterEvent -Name $args[0] -Failed", name).Succeeded().Output);

            var tail = _s.Invoke("Get-HpcClusterLog -Name $args[0] | Where-Object LogStream -like '*cfn-init' | Get-HpcClusterLog -Tail 1", name).Succeeded();
            Assert.StartsWith("cfn-init running on", (string)Assert.Single(tail.Output).Properties["Message"].Value);
            Assert.Equal(2, _s.Invoke("Get-HpcClusterLog -Name $args[0] | Where-Object LogStream -like '*cfn-init' | Get-HpcClusterLog", name).Succeeded().Output.Count);

            var stop = _s.Invoke("Stop-HpcComputeFleet -Name $args[0] -Wait -Force", name).Succeeded();
            Assert.Equal("STOPPED", Assert.Single(stop.Output).Properties["Status"].Value);
            AllProgressCompleted(stop);
            var start = _s.Invoke("Get-HpcCluster -Name $args[0] | Start-HpcComputeFleet -Wait", name).Succeeded();
            Assert.Equal("RUNNING", Assert.Single(start.Output).Properties["Status"].Value);
            Assert.Empty(start.Prompts);
        }

        [Fact]
        public void FullLifecycle_NewWaitListRemove_ThroughThePipeline_InTwoRegions()
        {
            var tag = Unique("life");
            var regions = new[] { "eu-north-1", "ap-southeast-2" };
            foreach (var region in regions)
            {
                var waited = _s.Invoke("New-HpcCluster -Name $args[0] -Region $args[1] -ConfigPath $args[2] | Wait-HpcCluster", tag, region, _s.ConfigFile(region)).Succeeded();
                Assert.Equal("Ready", Assert.Single(waited.Output).Properties["Status"].Value.ToString());
                Assert.Equal(region, waited.Output[0].Properties["Region"].Value);
            }
            var listed = _s.Invoke("Get-HpcCluster -Region $args[0] -Name $args[1]", regions, tag).Succeeded();
            Assert.Equal(regions.OrderBy(r => r, StringComparer.Ordinal), listed.Property("Region").Select(r => r.ToString()));

            var removed = _s.Invoke("Get-HpcCluster -Region $args[0] -Name $args[1] | Remove-HpcCluster -Force -Wait", regions, tag).Succeeded();
            Assert.Empty(removed.Output);
            Assert.All(regions, r => Assert.Null(_s.Aws.ParallelCluster.Find(tag, r)));
            AllProgressCompleted(removed);
        }

        [Fact]
        public void Wait_OnAMissingCluster_IsNotFoundNamingIt()
        {
            var error = _s.Invoke("Wait-HpcCluster -Name nosuch").SingleError();
            Assert.Equal("ClusterNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("'nosuch'", error.Exception.Message);
        }

        [Theory]
        [InlineData("03:00:00")]
        [InlineData("(New-TimeSpan -Minutes 5)")]
        [InlineData("3600")]
        [InlineData("'90'")]
        public void Wait_Timeout_TakesATimeSpanOrSeconds(string timeout)
        {
            var name = Unique("to");
            _s.Cluster(name);
            var result = _s.Invoke("Wait-HpcCluster -Name $args[0] -Timeout " + timeout, name).Succeeded();
            Assert.Equal("Ready", Assert.Single(result.Output).Properties["Status"].Value.ToString());
        }

        [Fact]
        public void Wait_Timeout_Nonsense_IsAClearBindingError()
        {
            var result = _s.Invoke("Wait-HpcCluster -Name x -Timeout soon");
            var error = result.SingleError();
            Assert.Equal("ParameterArgumentTransformationError", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("'Timeout'", error.Exception.Message);
            Assert.Contains("hh:mm:ss", error.Exception.Message);
        }

        [Fact]
        public void Wait_Timeout_ClampsTheLastPoll_EndsItsProgress_AndSaysSo()
        {
            var name = Unique("stuck");
            _s.Aws.Knobs.TransitionPolls = 100000;
            try
            {
                _s.Invoke("New-HpcCluster -Name $args[0] -ConfigPath $args[1]", name, _s.ConfigFile()).Succeeded();
                // Polls 30 s apart: a 1 s timeout must not sleep through a whole poll interval.
                _s.Invoke("[PcHpc.InternalHooks]::SetTestHook('PollInterval', [timespan]::FromSeconds(30))").Succeeded();
                var clock = Stopwatch.StartNew();
                var result = _s.Invoke("Wait-HpcCluster -Name $args[0] -Timeout 1", name);
                clock.Stop();
                var error = result.SingleError();
                Assert.Equal("ClusterWaitTimedOut", error.FullyQualifiedErrorId.Split(',')[0]);
                Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
                Assert.Contains("after 1 seconds", error.Exception.Message);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "waited " + clock.Elapsed + " for a 1 s timeout");
                AllProgressCompleted(result);
            }
            finally
            {
                _s.Invoke("[PcHpc.InternalHooks]::SetTestHook('PollInterval', [timespan]::FromMilliseconds(10))").Succeeded();
                _s.Aws.Knobs.TransitionPolls = 1;
            }
        }
    }
}
