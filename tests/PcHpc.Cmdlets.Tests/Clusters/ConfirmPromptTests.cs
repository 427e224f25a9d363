using System;
using System.Collections.Generic;
using System.Linq;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Clusters
{
    /// <summary>
    /// Every prompt answer (Y, N, A = yes to all, L = no to all, S = suspend) on every ConfirmImpact-High cmdlet of the
    /// cluster area, piped from Get-HpcCluster and by name, answered by a host as a user at a console would: what
    /// happened at the fake AWS, what the user saw, and that nothing was written from another thread.
    /// </summary>
    [Collection(ClustersCollection.Name)]
    public class ConfirmPromptTests
    {
        private readonly ClusterSession _s;
        private static int _next;

        public ConfirmPromptTests(ClusterSession session) => _s = session;

        // Each case works on its own clusters (a unique name prefix), so the piped Get-HpcCluster sees only those.
        private const string Region = "us-east-1";

        public static IEnumerable<object[]> Cases()
        {
            foreach (var cmdlet in new[] { "Remove-HpcCluster", "Remove-HpcClusterInstance", "Stop-HpcComputeFleet" })
            {
                // piped: two clusters; by name: one
                yield return new object[] { cmdlet, true, new[] { "Y", "Y" }, new[] { true, true } };
                yield return new object[] { cmdlet, true, new[] { "N", "N" }, new[] { false, false } };
                yield return new object[] { cmdlet, true, new[] { "A" }, new[] { true, true } };
                yield return new object[] { cmdlet, true, new[] { "L" }, new[] { false, false } };
                yield return new object[] { cmdlet, true, new[] { "S", "Y", "N" }, new[] { true, false } };
                yield return new object[] { cmdlet, false, new[] { "Y" }, new[] { true } };
                yield return new object[] { cmdlet, false, new[] { "N" }, new[] { false } };
                yield return new object[] { cmdlet, false, new[] { "A" }, new[] { true } };
                yield return new object[] { cmdlet, false, new[] { "L" }, new[] { false } };
                yield return new object[] { cmdlet, false, new[] { "S", "Y" }, new[] { true } };
            }
        }

        private bool Acted(string cmdlet, string name, string region)
        {
            var c = _s.Aws.ParallelCluster.Find(name, region);
            switch (cmdlet)
            {
                case "Remove-HpcCluster": return c == null || c.Status.StartsWith("DELETE", StringComparison.Ordinal);
                case "Remove-HpcClusterInstance": return c.ComputeNodes.Count == 0;
                default: return c.ComputeFleetStatus == "STOP_REQUESTED" || c.ComputeFleetStatus == "STOPPED";
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void HighImpactCmdlet_DoesWhatTheAnswerSays_OnThePipelineThread(string cmdlet, bool piped, string[] answers, bool[] expected)
        {
            var region = Region;
            var prefix = "cp" + System.Threading.Interlocked.Increment(ref _next) + "x";
            var names = expected.Select((_, i) => $"{prefix}-{i}").ToList();
            foreach (var name in names)
            {
                _s.Cluster(name, region, failed: cmdlet == "Remove-HpcCluster");
                if (cmdlet == "Remove-HpcClusterInstance") _s.Aws.ParallelCluster.AddComputeNode(name, "q1", region: region);
            }
            var nestedBefore = _s.Host.NestedPrompts;

            var script = piped
                ? (cmdlet == "Remove-HpcCluster" ? "Get-HpcCluster -Region $args[1] -Name $args[2] | Where-Object Status -eq Failed | " + cmdlet : "Get-HpcCluster -Region $args[1] -Name $args[2] | " + cmdlet)
                : cmdlet + " -Name $args[0] -Region $args[1]";
            var result = _s.InvokeAnswering(script, answers, names[0], region, prefix + "-*");

            Assert.True(result.Terminating == null && result.Errors.Count == 0 && result.OffThreadCalls.Count == 0, result.Describe());
            Assert.Empty(result.UnansweredPrompts);
            Assert.Equal(0, result.AnswersLeft);
            Assert.Equal(expected, names.Select(n => Acted(cmdlet, n, region)).ToArray());
            // The user saw one prompt per question asked, each naming its cluster.
            Assert.Equal(answers.Length, result.Prompts.Count);
            Assert.All(result.Prompts, p => Assert.Contains(region, p));
            Assert.Contains(names[0], result.Prompts[0]);
            Assert.Equal(answers.Contains("S") ? nestedBefore + 1 : nestedBefore, _s.Host.NestedPrompts);
            // Output: one object per cluster acted on, none for the others.
            Assert.Equal(names.Where((n, i) => expected[i]).ToArray(), result.Property(cmdlet == "Remove-HpcCluster" ? "Name" : "ClusterName").Select(v => v?.ToString()).ToArray());
        }
    
        [Theory]
        [InlineData("Get-HpcCluster -Name $args[0] -Verbose | Where-Object Status -eq Failed | Remove-HpcCluster -Verbose")]
        [InlineData("$VerbosePreference = 'Continue'; Get-HpcCluster -Name $args[0] | Where-Object Status -eq Failed | Remove-HpcCluster")]
        [InlineData("$DebugPreference = 'Continue'; Get-HpcCluster -Name $args[0] | Where-Object Status -eq Failed | Remove-HpcCluster")]
        public void CardPipeline_AnsweredYes_WithEveryMessageStreamOn_DeletesAndSaysSo(string script)
        {
            var region = Region;
            var prefix = "card" + System.Threading.Interlocked.Increment(ref _next) + "x";
            var names = new[] { prefix + "-a", prefix + "-b" };
            foreach (var name in names) _s.Cluster(name, region, failed: true);
            var result = _s.InvokeAnswering(script, new[] { "Y", "Y" }, prefix + "-*");
            Assert.True(result.Terminating == null && result.Errors.Count == 0 && result.OffThreadCalls.Count == 0, result.Describe());
            Assert.All(names, n => Assert.StartsWith("DELETE", _s.Status(n, region)));
            Assert.Equal(names, result.Property("Name").Select(v => v.ToString()).ToArray());
            Assert.Equal(2, result.Prompts.Count);
        }
    
        /// <summary>The card's pipeline as users run it: no -ApiUri, the API found from its stack and called as its user role.</summary>
        [Theory]
        [InlineData("Remove-HpcCluster", "Y", "af-south-1")]
        [InlineData("Remove-HpcClusterInstance", "Y", "me-south-1")]
        [InlineData("Remove-HpcCluster", "A", "ap-east-1")]
        public void CardPipeline_ThroughApiDiscovery_AnsweredYes_DeletesWithoutACrash(string cmdlet, string answer, string region)
        {
            System.Threading.Interlocked.Increment(ref _next);
            _s.Invoke("Install-HpcApi -Region $args[0] -Wait -Confirm:$false | Out-Null", region).Succeeded();
            var names = new[] { $"disc{_next}-a", $"disc{_next}-b" };
            foreach (var name in names)
            {
                _s.Cluster(name, region, failed: cmdlet == "Remove-HpcCluster");
                if (cmdlet == "Remove-HpcClusterInstance") _s.Aws.ParallelCluster.AddComputeNode(name, "q1", region: region);
            }
            var script = @"
                $saved = $PSDefaultParameterValues['*-Hpc*:ApiUri']
                $PSDefaultParameterValues.Remove('*-Hpc*:ApiUri')
                try { Get-HpcCluster -Region $args[0] | " + (cmdlet == "Remove-HpcCluster" ? "Where-Object Status -eq Failed | " : "") + cmdlet + @" }
                finally { $PSDefaultParameterValues['*-Hpc*:ApiUri'] = $saved }";
            var result = _s.InvokeAnswering(script, answer == "A" ? new[] { "A" } : new[] { answer, answer }, region);
            Assert.True(result.Terminating == null && result.Errors.Count == 0 && result.OffThreadCalls.Count == 0, result.Describe());
            Assert.All(names, n => Assert.True(cmdlet == "Remove-HpcCluster"
                ? _s.Status(n, region).StartsWith("DELETE", StringComparison.Ordinal)
                : _s.Aws.ParallelCluster.Find(n, region).ComputeNodes.Count == 0));
            Assert.Equal(2, result.Output.Count);
        }
    }
}
