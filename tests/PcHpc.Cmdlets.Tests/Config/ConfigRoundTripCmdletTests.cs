using System;
using System.IO;
using System.Linq;
using PcHpc.Cmdlets.Tests.Support;
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

        private string RoundTrip(string yaml, string exportOptions = "")
        {
            File.WriteAllText(_ps.PathOf("in.yaml"), yaml);
            _ps.Invoke("Import-HpcClusterConfig -Path ./in.yaml | Export-HpcClusterConfig -Path ./out.yaml " + exportOptions).Succeeded();
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

        [Fact]
        public void ImportExport_KeepsComments()
        {
            const string commented =
                "# demo cluster\n" +
                "Region: us-east-1  # where it runs\n" +
                "Image:\n" +
                "  Os: alinux2023\n" +
                "HeadNode:\n" +
                "  InstanceType: t3.medium\n" +
                "  Networking:\n" +
                "    SubnetId: subnet-0123456789abcdef0\n" +
                "Scheduling:\n" +
                "  Scheduler: slurm\n" +
                "  SlurmQueues:\n" +
                "    # the CPU queue\n" +
                "    - Name: cpu\n" +
                "      ComputeResources:\n" +
                "        - Name: c5-large\n" +
                "          InstanceType: c5.large\n" +
                "          MaxCount: 4  # at most four nodes\n" +
                "      Networking:\n" +
                "        SubnetIds:\n" +
                "          - subnet-0123456789abcdef0\n" +
                "# end of file\n";
            var exported = RoundTrip(commented);
            var lines = exported.Split('\n');
            Assert.Equal("# demo cluster", lines[0]);
            Assert.Equal("Region: us-east-1 # where it runs", lines[1]);
            var queueComment = Array.FindIndex(lines, l => l.Trim() == "# the CPU queue");
            Assert.True(queueComment > 0 && lines[queueComment + 1].Trim() == "- Name: cpu", exported);
            Assert.Contains(lines, l => l.Trim() == "MaxCount: 4 # at most four nodes");
            Assert.Equal("# end of file", lines.Last(l => l.Length > 0).Trim());
            // The data is unchanged: exporting again without comments gives what the file says.
            Assert.Equal(4, Convert.ToInt32(_ps.Invoke("(Import-HpcClusterConfig -Path ./out.yaml).Scheduling.SlurmQueues[0].ComputeResources[0].MaxCount").Output.Single().BaseObject));
        }

        [SkippableFact]
        public void ImportExport_OfTheOfficialFullExample_KeepsEveryComment()
        {
            var official = Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "parallelcluster", "slurm.full.yaml");
            Skip.IfNot(File.Exists(official), "../shared/parallelcluster is not beside the repository");
            // The schema's showcase of every key, not a config the rule validators accept (gp2 with Iops, ...).
            var text = File.ReadAllText(official);
            var exported = RoundTrip(text, "-SkipValidation");
            string Comment(string line) => line.IndexOf('#') is int i && i >= 0 ? line.Substring(i + 1).Trim() : null;
            var before = text.Split('\n').Select(Comment).Where(c => !string.IsNullOrEmpty(c)).ToList();
            var after = exported.Split('\n').Select(Comment).Where(c => !string.IsNullOrEmpty(c)).ToList();
            Assert.NotEmpty(before);
            Assert.Equal(before, after);
        }
    }
}
