using System.Linq;

namespace PcHpc.Cmdlets.Tests.Config
{
    /// <summary>Issue 9 item 10 (config part): completion of instance types and -Os, through the engine's TabExpansion2.</summary>
    [Collection(ConfigCollection.Name)]
    public class ConfigCompletionTests
    {
        private readonly ConfigSession _ps;

        public ConfigCompletionTests(ConfigSession session) => _ps = session;

        private string[] Complete(string line)
        {
            var r = _ps.Invoke("$s = $args[0]; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches | ForEach-Object CompletionText", line).Succeeded();
            return r.Objects.Cast<string>().ToArray();
        }

        [Fact]
        public void QueueInstanceType_CompletesFromThePrefix()
        {
            var matches = Complete("New-HpcQueueConfig -Name cpu -InstanceType c6i.2x");
            Assert.Equal(new[] { "c6i.2xlarge" }, matches);
            Assert.Contains("hpc7a.96xlarge", Complete("New-HpcQueueConfig cpu -InstanceType hpc7"));
        }

        [Fact]
        public void QueueInstanceType_CompletesByPosition_AndInsideAList()
        {
            Assert.Contains("g5.xlarge", Complete("New-HpcQueueConfig gpu g5."));
            Assert.Contains("m6i.large", Complete("New-HpcQueueConfig cpu -InstanceType c5.large, m6i.l"));
        }

        [Fact]
        public void HeadNodeInstanceType_Completes()
        {
            var matches = Complete("New-HpcClusterConfig -HeadNodeInstanceType t3.me");
            Assert.Equal(new[] { "t3.medium" }, matches);
        }

        [Fact]
        public void Os_CompletesTheSupportedSystems()
        {
            // SUPPORTED_OSES of the ParallelCluster release the schema table comes from (constants.py, 3.12.0).
            Assert.Equal(new[] { "ubuntu2004", "ubuntu2204" }, Complete("New-HpcClusterConfig -Os ubu"));
            Assert.Equal(new[] { "alinux2", "alinux2023" }, Complete("New-HpcClusterConfig -Os 'al"));
            Assert.Equal(8, Complete("New-HpcClusterConfig -Os ").Length);
        }

        [Fact]
        public void NoMatch_GivesNoCandidates_AndNeverThrows()
        {
            Assert.Empty(Complete("New-HpcQueueConfig cpu -InstanceType zz9.nothing"));
            Assert.Empty(Complete("New-HpcClusterConfig -Os 'windows"));
        }
    }
}
