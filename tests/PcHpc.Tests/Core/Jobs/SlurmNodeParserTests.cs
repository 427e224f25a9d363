using System;
using System.Linq;
using PcHpc.Core.Jobs;

namespace PcHpc.Tests.Core.Jobs
{
    /// <summary>
    /// The node view parser: a line captured on the real SLURM 22.05 of start-slurm.sh, and lines in the form
    /// ParallelCluster's cloud nodes take (dynamic nodes powered down, drained by the health check, not responding).
    /// </summary>
    public sealed class SlurmNodeParserTests
    {
        private const char Us = '\x1f';

        internal const string RealIdle = "NodeName=vm Arch=x86_64 CoresPerSocket=1  CPUAlloc=0 CPUEfctv=2 CPUTot=2 CPULoad=2.31 AvailableFeatures=(null) ActiveFeatures=(null) Gres=(null) NodeAddr=127.0.0.1 NodeHostName=vm Version=22.05.8 OS=Linux 6.18.44-fc-v857 #1 SMP PREEMPT_DYNAMIC @0  RealMemory=21695 AllocMem=0 FreeMem=22026 Sockets=2 Boards=1 State=IDLE ThreadsPerCore=1 TmpDisk=0 Weight=1 Owner=N/A MCS_label=N/A Partitions=compute,debug  BootTime=2026-11-30T04:15:15 SlurmdStartTime=2026-11-30T07:37:08 LastBusyTime=2026-11-30T07:46:06 CfgTRES=cpu=2,mem=21695M,billing=2 AllocTRES= CapWatts=n/a CurrentWatts=0 AveWatts=0 ExtSensorsJoules=n/s ExtSensorsWatts=0 ExtSensorsTemp=n/s";

        private const string PoweredDown = "NodeName=queue1-dy-c5xlarge-1 CoresPerSocket=1 CPUAlloc=0 CPUEfctv=4 CPUTot=4 CPULoad=N/A AvailableFeatures=dynamic,c5.xlarge,c5xlarge ActiveFeatures=dynamic,c5.xlarge,c5xlarge Gres=(null) NodeAddr=queue1-dy-c5xlarge-1 NodeHostName=queue1-dy-c5xlarge-1 RealMemory=7680 AllocMem=0 FreeMem=N/A Sockets=4 Boards=1 State=IDLE+CLOUD+POWERED_DOWN ThreadsPerCore=1 TmpDisk=0 Weight=1000 Owner=N/A MCS_label=N/A Partitions=queue1 BootTime=None SlurmdStartTime=None LastBusyTime=Unknown CfgTRES=cpu=4,mem=7680M,billing=4 AllocTRES= CapWatts=n/a CurrentWatts=0 AveWatts=0 ExtSensorsJoules=n/s ExtSensorsWatts=0 ExtSensorsTemp=n/s";

        private const string Drained = "NodeName=queue1-st-c5xlarge-1 CoresPerSocket=1 CPUAlloc=0 CPUEfctv=4 CPUTot=4 CPULoad=0.02 AvailableFeatures=static,c5.xlarge,c5xlarge ActiveFeatures=static,c5.xlarge,c5xlarge Gres=(null) NodeAddr=10.0.1.23 NodeHostName=ip-10-0-1-23 Version=23.11.7 OS=Linux 6.1.0 #1 SMP RealMemory=7680 AllocMem=0 FreeMem=6931 Sockets=4 Boards=1 State=IDLE+CLOUD+DRAIN ThreadsPerCore=1 TmpDisk=0 Weight=1 Owner=N/A MCS_label=N/A Partitions=queue1 BootTime=2026-11-30T06:40:11 SlurmdStartTime=2026-11-30T06:41:02 LastBusyTime=2026-11-30T06:41:02 CfgTRES=cpu=4,mem=7680M,billing=4 AllocTRES= CapWatts=n/a CurrentWatts=0 AveWatts=0 ExtSensorsJoules=n/s ExtSensorsWatts=0 ExtSensorsTemp=n/s Reason=Scheduler health check failed [root@2026-11-30T06:58:01]";

        private const string Draining = "NodeName=gpu-dy-g5-2 CPUAlloc=2 CPUTot=8 CPULoad=1.50 AvailableFeatures=dynamic,g5.2xlarge,g5,gpu ActiveFeatures=dynamic,g5.2xlarge,g5,gpu NodeAddr=10.0.2.9 NodeHostName=gpu-dy-g5-2 RealMemory=31000 AllocMem=4000 FreeMem=20000 State=MIXED+CLOUD+DRAIN Partitions=gpu,all Reason=maintenance: kernel update [admin@2026-11-29T22:10:00]";

        private const string NotResponding = "NodeName=gpu-dy-g5-3 CPUAlloc=0 CPUTot=8 NodeAddr=10.0.2.10 NodeHostName=gpu-dy-g5-3 RealMemory=31000 AllocMem=0 State=DOWN+CLOUD+NOT_RESPONDING Partitions=gpu Reason=Not responding [slurm@2026-11-30T01:00:00]";

        [Fact]
        public void Real_line_gives_name_partitions_cpus_memory_and_address()
        {
            var node = Assert.Single(SlurmNodeParser.Parse(RealIdle, null));
            Assert.Equal("vm", node.Name);
            Assert.Equal(new[] { "compute", "debug" }, node.Partitions);
            Assert.Equal("compute,debug", node.Partition);
            Assert.Equal("idle", node.State);
            Assert.Equal("IDLE", node.BaseState);
            Assert.Empty(node.StateFlags);
            Assert.False(node.IsCloud || node.IsDrained || node.IsDown || node.IsPoweredDown);
            Assert.Equal(0, node.CpusAllocated);
            Assert.Equal(2, node.CpusTotal);
            Assert.Equal("0/2", node.Cpus);
            Assert.Equal(2.31, node.CpuLoad);
            Assert.Equal(21695, node.MemoryMB);
            Assert.Equal(22026, node.FreeMemoryMB);
            Assert.Empty(node.Features);
            Assert.Equal("127.0.0.1", node.Address);
            Assert.Null(node.Reason);
        }

        [Fact]
        public void Cloud_states_drain_reasons_and_features_parse()
        {
            var nodes = SlurmNodeParser.Parse(string.Join("\n", PoweredDown, Drained, Draining, NotResponding) + "\n", null);
            Assert.Equal(new[] { "idle~", "drain", "drng", "down*" }, nodes.Select(n => n.State));

            var down = nodes[0];
            Assert.True(down.IsCloud && down.IsPoweredDown);
            Assert.Equal(new[] { "CLOUD", "POWERED_DOWN" }, down.StateFlags);
            Assert.Null(down.CpuLoad);
            Assert.Null(down.FreeMemoryMB);
            Assert.Equal(new[] { "dynamic", "c5.xlarge", "c5xlarge" }, down.Features);

            var drained = nodes[1];
            Assert.True(drained.IsDrained);
            Assert.False(drained.IsPoweredDown);
            Assert.Equal("Scheduler health check failed", drained.Reason);
            Assert.Equal("root", drained.ReasonUser);
            Assert.Equal(new DateTime(2026, 11, 30, 6, 58, 1), drained.ReasonTime);
            Assert.Equal("ip-10-0-1-23", drained.HostName);

            Assert.Equal("maintenance: kernel update", nodes[2].Reason);
            Assert.Equal(new[] { "gpu", "all" }, nodes[2].Partitions);
            Assert.Equal(2, nodes[2].CpusAllocated);
            Assert.Equal(4000, nodes[2].AllocatedMemoryMB);
            Assert.True(nodes[3].IsDown);
            Assert.Equal("Not responding", nodes[3].Reason);
        }

        [Fact]
        public void Sinfo_state_wins_over_the_derived_one()
        {
            var sinfo = $"vm{Us}compute*{Us}mix\nvm{Us}debug{Us}mix\n";
            var node = Assert.Single(SlurmNodeParser.Parse(RealIdle, sinfo));
            Assert.Equal("mix", node.State);
        }

        [Theory]
        [InlineData("IDLE", "idle")]
        [InlineData("ALLOCATED", "alloc")]
        [InlineData("MIXED", "mix")]
        [InlineData("IDLE+CLOUD+POWERING_UP", "idle#")]
        [InlineData("IDLE+CLOUD+POWERING_DOWN", "idle%")]
        [InlineData("IDLE+CLOUD+POWER_DOWN", "idle!")]
        [InlineData("ALLOCATED+COMPLETING", "comp")]
        [InlineData("DOWN+CLOUD+POWERED_DOWN", "down~")]
        [InlineData("IDLE+DRAIN+NOT_RESPONDING", "drain*")]
        [InlineData("FUTURE", "futr")]
        public void Short_state_follows_sinfo(string state, string expected)
        {
            var parts = state.Split('+');
            Assert.Equal(expected, SlurmNodeParser.ShortState(parts[0], parts.Skip(1).ToList()));
        }

        [Fact]
        public void Instances_join_by_address_or_host_name_and_never_to_the_head_node()
        {
            var nodes = SlurmNodeParser.Parse(string.Join("\n", PoweredDown, Drained, Draining), null);
            var instances = new[]
            {
                new ClusterNode { InstanceId = "i-head", NodeType = "HeadNode", PrivateIpAddress = "10.0.2.9" },
                new ClusterNode { InstanceId = "i-static", NodeType = "ComputeNode", PrivateIpAddress = "10.0.1.23", InstanceType = "c5.xlarge", State = "running" },
            };
            Assert.Equal(1, SlurmNodeParser.AttachInstances(nodes, instances));
            Assert.Null(nodes[0].InstanceId);
            Assert.Equal("i-static", nodes[1].InstanceId);
            Assert.Equal("c5.xlarge", nodes[1].InstanceType);
            Assert.Equal("running", nodes[1].InstanceState);
            Assert.Null(nodes[2].InstanceId);

            var byHost = SlurmNodeParser.Parse("NodeName=n1 NodeAddr=n1 NodeHostName=ip-10-0-3-4 State=IDLE", null);
            SlurmNodeParser.AttachInstances(byHost, new[] { new ClusterNode { InstanceId = "i-3", PrivateIpAddress = "10.0.3.4" } });
            Assert.Equal("i-3", byHost[0].InstanceId);
        }

        [Fact]
        public void No_nodes_is_an_empty_list()
        {
            Assert.Empty(SlurmNodeParser.Parse("No nodes in the system\n", ""));
            Assert.Empty(SlurmNodeParser.Parse(null, null));
        }
    }
}
