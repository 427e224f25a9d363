using System.IO;
using System.Linq;
using Xunit;

namespace PcHpc.Cmdlets.Tests.Config
{
    /// <summary>
    /// Issue 10, "The cmdlets": New-HpcCluster / Update-HpcCluster stop on local errors by default;
    /// -SkipLocalValidation sends the config as is (here to an API that does not answer, so the call fails remotely,
    /// not locally).
    /// </summary>
    [Collection(ConfigCollection.Name)]
    public class ConfigGateTests
    {
        private readonly ConfigSession _ps;

        public ConfigGateTests(ConfigSession session)
        {
            _ps = session;
            _ps.Reset();
        }

        // A key from a newer ParallelCluster: this module's schema does not know it, the service might.
        private const string NewerYaml = ConfigSession.ValidYaml + "FutureFeature:\n  Enabled: true\n";

        private const string Offline = " -Region us-east-1 -AccessKey AKIAEXAMPLE -SecretKey secret -ApiUri http://127.0.0.1:9/ ";

        [Theory]
        [InlineData("New-HpcCluster -Name demo -DryRun")]
        [InlineData("Update-HpcCluster -Name demo -Force")]
        public void LocalErrors_StopTheCall_ByDefault(string command)
        {
            File.WriteAllText(_ps.PathOf("newer.yaml"), NewerYaml);
            var r = _ps.Invoke(command + " -ConfigPath ./newer.yaml" + Offline + "-Verbose");
            var error = r.SingleError();
            Assert.StartsWith("ClusterConfigInvalid", error.FullyQualifiedErrorId);
            Assert.Contains("FutureFeature", error.Exception.Message);
            Assert.DoesNotContain(r.Verbose, v => v.Contains("127.0.0.1"));
        }

        [Theory]
        [InlineData("New-HpcCluster -Name demo -DryRun")]
        [InlineData("Update-HpcCluster -Name demo -Force")]
        public void SkipLocalValidation_SendsTheConfig_AndSaysSo(string command)
        {
            File.WriteAllText(_ps.PathOf("newer.yaml"), NewerYaml);
            var r = _ps.Invoke(command + " -ConfigPath ./newer.yaml -SkipLocalValidation" + Offline + "-Verbose");
            Assert.Single(r.Verbose, v => v.Contains("Local validation") && v.Contains("skipped"));
            // It got past the local check: whatever failed, it was not local validation.
            Assert.DoesNotContain(r.Errors, e => e.FullyQualifiedErrorId.StartsWith("ClusterConfigInvalid"));
            Assert.NotEmpty(r.Errors);
        }

        [Fact]
        public void LocalWarnings_NeverStopTheCall()
        {
            // Static nodes with a higher priority than dynamic ones: a warning (SlurmNodePrioritiesWarningValidator); the call goes on.
            var yaml = ConfigSession.ValidYaml.Replace("MinCount: 0\n          MaxCount: 4\n", "MinCount: 1\n          MaxCount: 4\n          StaticNodePriority: 2000\n");
            File.WriteAllText(_ps.PathOf("dup.yaml"), yaml);
            var r = _ps.Invoke("New-HpcCluster -Name demo -DryRun -ConfigPath ./dup.yaml" + Offline + "-Verbose");
            Assert.DoesNotContain(r.Errors, e => e.FullyQualifiedErrorId.StartsWith("ClusterConfigInvalid"));
            Assert.NotEmpty(r.Errors);
            Assert.Single(r.Warnings, w => w.Contains("StaticNodePriority") || w.Contains("priority"));
        }
    }
}
