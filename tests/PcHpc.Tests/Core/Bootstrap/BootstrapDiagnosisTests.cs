using PcHpc.Core.Clusters;

namespace PcHpc.Tests.Core.Bootstrap
{
    public class BootstrapDiagnosisTests
    {
        private static readonly string[] Scripts =
        {
            "HeadNode.CustomActions.OnNodeStart.Script=s3://b/start.sh",
            "HeadNode.CustomActions.OnNodeConfigured.Sequence[0].Script=s3://b/one.sh",
            "HeadNode.CustomActions.OnNodeConfigured.Sequence[1].Script=s3://b/two.sh",
            "Scheduling.SlurmQueues[0].CustomActions.OnNodeConfigured.Script=s3://b/queue.sh",
            "Scheduling.SlurmQueues[0].CustomActions.OnNodeStart.Script=s3://b/qstart.sh",
        };

        private static ClusterDiagnosis Diagnose(string code) => ClusterDiagnosis.Build(
            new Cluster { Name = "x", Region = "us-east-1", ClusterStatus = "CREATE_FAILED", Status = ClusterState.Failed, Failures = new[] { new ClusterFailureInfo { FailureCode = code, FailureReason = "failed" } } },
            null, null, Scripts);

        [Fact]
        public void NamesTheHeadNodeScriptsOfTheFailedAction()
        {
            Assert.Equal(new[] { "s3://b/one.sh", "s3://b/two.sh" }, Diagnose("OnNodeConfiguredExecutionFailure").FailedScripts);
            Assert.Equal(new[] { "s3://b/start.sh" }, Diagnose("OnNodeStartDownloadFailure").FailedScripts);
            Assert.Contains("The OnNodeStart bootstrap script failed: s3://b/start.sh;", Diagnose("OnNodeStartDownloadFailure").Message);
        }

        [Fact]
        public void OtherFailures_NameNoScript()
        {
            var d = Diagnose("HeadNodeBootstrapFailure");
            Assert.Empty(d.FailedScripts);
            Assert.DoesNotContain("bootstrap script failed", d.Message);
        }
    }
}
