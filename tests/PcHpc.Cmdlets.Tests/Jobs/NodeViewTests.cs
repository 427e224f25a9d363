using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using PcHpc.Cmdlets.Tests.Support;
using PcHpc.Cmdlets.Tests.Examples;

namespace PcHpc.Cmdlets.Tests.Jobs
{
    /// <summary>Get-HpcNode in the real engine against the real local SLURM: -Local, and through SSM with the EC2 join.</summary>
    [Collection("Jobs")]
    public sealed class NodeViewTests
    {
        private readonly JobsSession _s;

        public NodeViewTests(JobsSession session) => _s = session;

        private static string Sh(string command)
        {
            var psi = new ProcessStartInfo("bash", new[] { "-c", command }) { RedirectStandardOutput = true, UseShellExecute = false };
            using var p = Process.Start(psi);
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return text.Trim();
        }

        [SkippableFact]
        public void Local_node_view_agrees_with_sinfo_and_scontrol()
        {
            _s.RequireSlurm();
            // The daemon is shared: states may change between calls, so the view must match sinfo just before or just after.
            var before = Sh("sinfo -h -N -o '%N %t %C' | sort -u");
            var r = _s.Invoke("Get-HpcNode -Local").Succeeded();
            var after = Sh("sinfo -h -N -o '%N %t %C' | sort -u");
            var names = Sh("sinfo -h -N -o '%N' | sort -u").Split('\n');
            Assert.Equal(names, r.Output.Select(o => o.Get<string>("Name")).OrderBy(n => n, StringComparer.Ordinal));
            foreach (var node in r.Output)
            {
                var name = node.Get<string>("Name");
                // %C = allocated/idle/other/total CPUs
                var mine = $"{name} {node.Get<string>("State")} {node.Get<int>("CpusAllocated")}/";
                Assert.True(before.Split('\n').Concat(after.Split('\n')).Any(l => l.StartsWith(mine, StringComparison.Ordinal)), mine + " not in:\n" + before + "\n" + after);
                var total = Sh($"sinfo -h -N -n {name} -o '%c' | head -n1");
                Assert.Equal(int.Parse(total), node.Get<int>("CpusTotal"));
                var memory = Sh($"sinfo -h -N -n {name} -o '%m' | head -n1");
                Assert.Equal(long.Parse(memory), node.Get<long>("MemoryMB"));
                var partitions = Sh($"sinfo -h -N -n {name} -o '%P' | tr -d '*' | sort").Split('\n');
                Assert.Equal(partitions, ((object[])node.Properties["Partitions"].Value).Select(p => p.ToString()).OrderBy(p => p, StringComparer.Ordinal));
                Assert.Null(node.Get<string>("ClusterName"));
                Assert.Null(node.Get<string>("InstanceId"));
            }
            // The table reads like sinfo -N: node, partition, state, CPUs.
            var table = _s.Invoke("Get-HpcNode -Local | Format-Table | Out-String -Width 200").Succeeded();
            var text = string.Concat(table.Output.Select(o => o.BaseObject.ToString()));
            Assert.Contains("NodeList", text);
            Assert.Contains("CPUs(A/T)", text);
            Assert.Contains(names[0], text);
        }

        [SkippableFact]
        public void A_cluster_node_view_is_one_SSM_call_joined_with_its_EC2_instance_and_binds_from_Get_HpcCluster()
        {
            _s.RequireSlurm();
            var config = Path.Combine(_s.Scratch, "nodes.yaml");
            File.WriteAllText(config, ExampleWorld.ValidYaml);
            _s.Invoke("New-HpcCluster -Name nodeview -Region us-east-1 -ConfigPath $args[0] -Wait | Out-Null", config).Succeeded();
            // The local SLURM node's address is 127.0.0.1: a compute instance at that IP is the node's instance.
            var instance = _s.Aws.ParallelCluster.AddComputeNode("nodeview", "compute", "c6i.xlarge", "us-east-1", "127.0.0.1");
            var sends = _s.SendCommands;
            var describes = _s.Aws.Calls.Count("DescribeClusterInstances");
            var r = _s.Invoke("Get-HpcCluster -Name nodeview -Region us-east-1 | Get-HpcNode").Succeeded();
            Assert.Equal(sends + 1, _s.SendCommands);
            Assert.Equal(describes + 1, _s.Aws.Calls.Count("DescribeClusterInstances"));
            var node = r.Output.Single(o => o.Get<string>("Address") == "127.0.0.1");
            Assert.Equal("nodeview", node.Get<string>("ClusterName"));
            Assert.Equal("us-east-1", node.Get<string>("Region"));
            Assert.Equal(instance.InstanceId, node.Get<string>("InstanceId"));
            Assert.Equal("c6i.xlarge", node.Get<string>("InstanceType"));
            Assert.Equal("running", node.Get<string>("InstanceState"));
            Assert.Empty(r.Warnings);

            var filtered = _s.Invoke("Get-HpcNode -ClusterName nodeview -Queue debug -Name nomatch*").Succeeded();
            Assert.Empty(filtered.Output);
        }

        [SkippableFact]
        public void Without_an_instance_list_the_nodes_still_come_with_a_warning()
        {
            _s.RequireSlurm();
            // 'demo' has a head node (EC2 + SSM) but the ParallelCluster API does not know it.
            var r = _s.Invoke("Get-HpcNode -ClusterName demo -Region us-east-1").Succeeded();
            Assert.NotEmpty(r.Output);
            Assert.All(r.Output, o => Assert.Null(o.Get<string>("InstanceId")));
            Assert.Contains(r.Warnings, w => w.Contains("could not be listed") && w.Contains("'demo'"));
        }
    }
}
