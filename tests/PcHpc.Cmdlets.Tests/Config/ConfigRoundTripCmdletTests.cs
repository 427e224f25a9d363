using System;
using System.IO;
using System.Linq;
using Xunit;

namespace PcHpc.Cmdlets.Tests.Config
{
    /// <summary>Issue 10, "The cmdlets": Import-HpcClusterConfig | Export-HpcClusterConfig of a valid config keeps its data and key order.</summary>
    [Collection(ConfigCollection.Name)]
    public class ConfigRoundTripCmdletTests
    {
        private readonly ConfigSession _ps;

        public ConfigRoundTripCmdletTests(ConfigSession session)
        {
            _ps = session;
            _ps.Reset();
        }

        // Keys in an order of their own (Scheduling before HeadNode, MaxCount before Name), floats written as floats.
        private const string Yaml =
            "Scheduling:\n" +
            "  SlurmQueues:\n" +
            "    - ComputeResources:\n" +
            "        - MaxCount: 4\n" +
            "          Name: c5-large\n" +
            "          InstanceType: c5.large\n" +
            "          SpotPrice: 2.0\n" +
            "      Name: cpu\n" +
            "      CapacityType: SPOT\n" +
            "      Networking:\n" +
            "        SubnetIds:\n" +
            "          - subnet-0123456789abcdef0\n" +
            "  Scheduler: slurm\n" +
            "HeadNode:\n" +
            "  Networking:\n" +
            "    SubnetId: subnet-0123456789abcdef0\n" +
            "  InstanceType: t3.medium\n" +
            "Image:\n" +
            "  Os: alinux2023\n" +
            "Region: us-east-1\n";

        private string RoundTrip(string yaml)
        {
            File.WriteAllText(_ps.PathOf("in.yaml"), yaml);
            _ps.Invoke("Import-HpcClusterConfig -Path ./in.yaml | Export-HpcClusterConfig -Path ./out.yaml").Succeeded();
            return File.ReadAllText(_ps.PathOf("out.yaml")).Replace("\r\n", "\n");
        }

        [Fact]
        public void ImportExport_KeepsFloatsAsFloats()
        {
            var exported = RoundTrip(Yaml);
            Assert.Contains("SpotPrice: 2.0\n", exported);
        }

        [Fact]
        public void ImportExport_KeepsTheDataAndTheKeyOrder()
        {
            Assert.Equal(Yaml, RoundTrip(Yaml));
        }
    }
}
