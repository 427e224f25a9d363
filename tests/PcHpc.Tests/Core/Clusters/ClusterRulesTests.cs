using System;
using System.Collections.Generic;
using PcHpc.Core.Clusters;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using Xunit;

namespace PcHpc.Tests.Core.Clusters
{
    /// <summary>The cluster rules that need no engine: status mapping, version rules, wildcards, change sets, diagnosis.</summary>
    public class ClusterRulesTests
    {
        [Theory]
        [InlineData("CREATE_IN_PROGRESS", ClusterState.Creating)]
        [InlineData("CREATE_COMPLETE", ClusterState.Ready)]
        [InlineData("UPDATE_IN_PROGRESS", ClusterState.Updating)]
        [InlineData("UPDATE_COMPLETE", ClusterState.Ready)]
        [InlineData("DELETE_IN_PROGRESS", ClusterState.Deleting)]
        [InlineData("CREATE_FAILED", ClusterState.Failed)]
        [InlineData("UPDATE_FAILED", ClusterState.Failed)]
        [InlineData("DELETE_FAILED", ClusterState.Failed)]
        public void StatusMapping(string clusterStatus, ClusterState expected) => Assert.Equal(expected, ClusterStatusMap.ToState(clusterStatus));

        [Fact]
        public void StatusMapping_FallsBackOnTheStackStatus()
        {
            Assert.Equal(ClusterState.Failed, ClusterStatusMap.ToState(null, "ROLLBACK_COMPLETE"));
            Assert.Equal(ClusterState.Updating, ClusterStatusMap.ToState("SOMETHING_NEW", "UPDATE_IN_PROGRESS"));
        }

        [Theory]
        [InlineData("describe", "3.12.0", "3.11.1", false)]
        [InlineData("describe", "3.11.0", "3.12.0", true)]
        [InlineData("describe", "4.0.0", "3.12.0", true)]
        [InlineData("update", "3.12.0", "3.12.0", false)]
        [InlineData("update", "3.12.0", "3.11.1", true)]
        [InlineData("update", null, "3.11.1", false)]
        public void VersionRules(string operation, string api, string cluster, bool mismatch)
        {
            var note = ClusterErrors.VersionNote(operation, api, cluster);
            Assert.Equal(mismatch, note != null);
            if (mismatch) Assert.Contains("Install-HpcApi -Version " + cluster, note);
        }

        [Fact]
        public void NotFoundCausedByAnOlderApi_SaysSo()
        {
            var ex = ClusterErrors.Translate(new ParallelClusterApiException(404, "not found"), "describe", "c1", "us-east-1", "3.11.0", "3.12.0");
            Assert.Equal("ParallelClusterVersionMismatch", ex.ErrorId);
            Assert.Contains("at least the cluster's version", ex.Message);
            var plain = ClusterErrors.Translate(new ParallelClusterApiException(404, "not found"), "describe", "c1", "us-east-1", "3.12.0", "3.12.0");
            Assert.Equal("ClusterNotFound", plain.ErrorId);
            Assert.Equal(ErrorKind.NotFound, plain.Kind);
        }

        [Theory]
        [InlineData("cfd-*", "CFD-a", true)]
        [InlineData("cfd-?", "cfd-ab", false)]
        [InlineData("[ab]x", "bx", true)]
        [InlineData("a.b", "axb", false)]
        [InlineData(null, "anything", true)]
        public void Wildcards(string pattern, string name, bool match) => Assert.Equal(match, ClusterEngine.Wildcard(pattern).IsMatch(name));

        [Fact]
        public void ChangeSetRendering()
        {
            var changes = new[]
            {
                new ClusterChange { Parameter = "Scheduling.SlurmQueues[q1].ComputeResources[cr1].MaxCount", CurrentValue = "4", RequestedValue = "8", Problem = "Stop the compute fleet" },
                new ClusterChange { Parameter = "Tags", CurrentValue = null, RequestedValue = "team=cfd" },
            };
            var text = ChangeSetRenderer.Render(changes);
            Assert.Contains("MaxCount  4 -> 8  (Stop the compute fleet)", text);
            Assert.Contains("Tags", text);
            Assert.Contains("- -> team=cfd", text);
            Assert.Equal("no changes", ChangeSetRenderer.Render(new ClusterChange[0]));
            Assert.StartsWith("2 settings (", ChangeSetRenderer.Summary(changes));
        }

        [Fact]
        public void ApiVersion_FromTagParameterOrDescription()
        {
            Assert.Equal("3.9.1", ApiLocator.VersionOf(new StackDescription { Tags = new List<ResourceTag> { new ResourceTag(ApiLocator.VersionTag, "3.9.1") } }));
            Assert.Equal("3.10.0", ApiLocator.VersionOf(new StackDescription { Parameters = new Dictionary<string, string> { ["Version"] = "3.10.0" } }));
            Assert.Equal("3.8.0", ApiLocator.VersionOf(new StackDescription { Description = "AWS ParallelCluster API 3.8.0" }));
            Assert.Null(ApiLocator.VersionOf(new StackDescription()));
        }

        [Fact]
        public void Diagnosis_SkipsCancellationsAndPicksTheOldestRealFailure()
        {
            var t = DateTime.UtcNow;
            var events = new[]
            {
                new StackEvent { LogicalResourceId = "Queue", ResourceStatus = "CREATE_FAILED", ResourceStatusReason = "Resource creation cancelled", Timestamp = t.AddSeconds(-1) },
                new StackEvent { LogicalResourceId = "Fsx", ResourceStatus = "CREATE_FAILED", ResourceStatusReason = "Subnet too small", Timestamp = t.AddSeconds(-2) },
                new StackEvent { LogicalResourceId = "HeadNode", ResourceStatus = "CREATE_FAILED", ResourceStatusReason = "later failure", Timestamp = t },
            };
            var cluster = new Cluster { Name = "x", Region = "us-east-1", ClusterStatus = "CREATE_FAILED", Status = ClusterState.Failed };
            var d = ClusterDiagnosis.Build(cluster, events, new[] { new LogStream { LogStreamName = "ip-1.i-1.clustermgtd" }, new LogStream { LogStreamName = "ip-1.i-1.cfn-init" } });
            Assert.Equal("Fsx", d.FirstFailure.LogicalResourceId);
            Assert.Equal("ip-1.i-1.cfn-init", d.LogStream);
            Assert.Contains("Subnet too small", d.Message);
        }
    }
}
