using System.Linq;
using PcHpc.Core.Config;

namespace PcHpc.Tests.Core.Config
{
    public class ConfigCommentsTests
    {
        private const string Yaml =
            "# header\n" +
            "Region: us-east-1 # inline\n" +
            "Scheduling:\n" +
            "  Scheduler: slurm\n" +
            "  SlurmQueues:\n" +
            "    # about cpu\n" +
            "    - Name: cpu\n" +
            "      ComputeResources:\n" +
            "        - Name: c5\n" +
            "          InstanceType: c5.large\n" +
            "    # about gpu\n" +
            "    - Name: gpu\n" +
            "      ComputeResources:\n" +
            "        - Name: g4\n" +
            "          InstanceType: g4dn.xlarge\n" +
            "# trailer\n";

        [Fact]
        public void Read_PlacesEachCommentWhereItStood()
        {
            var comments = ConfigComments.Read(Yaml);
            Assert.Equal(new[] { "header" }, comments.LeadingAt("Region"));
            Assert.Equal("inline", comments.InlineAt("Region"));
            Assert.Equal(new[] { "about cpu" }, comments.LeadingAt("Scheduling.SlurmQueues[Name=cpu]"));
            Assert.Equal(new[] { "about gpu" }, comments.LeadingAt("Scheduling.SlurmQueues[Name=gpu]"));
            Assert.Equal(new[] { "trailer" }, comments.Trailer);
        }

        [Fact]
        public void Serialize_KeepsAQueuesCommentWithItWhenQueuesAreReordered()
        {
            var config = ConfigYaml.Parse(Yaml);
            config.Scheduling.SlurmQueues.Reverse();
            var lines = ConfigYaml.Serialize(config).Split('\n').Select(l => l.Trim()).ToList();
            Assert.Equal("- Name: gpu", lines[lines.IndexOf("# about gpu") + 1]);
            Assert.Equal("- Name: cpu", lines[lines.IndexOf("# about cpu") + 1]);
            Assert.True(lines.IndexOf("# about gpu") < lines.IndexOf("# about cpu"));
        }

        [Fact]
        public void Serialize_OfAFileWithoutComments_WritesNone()
        {
            var plain = string.Join("\n", Yaml.Split('\n').Where(l => !l.TrimStart().StartsWith("#")).Select(l => l.Split(" #")[0]));
            Assert.True(ConfigComments.Read(plain).IsEmpty);
            Assert.DoesNotContain("#", ConfigYaml.Serialize(ConfigYaml.Parse(plain)));
        }

        [Fact]
        public void Read_OfTextThatIsNotYaml_HasNoComments()
        {
            Assert.True(ConfigComments.Read("a: [1, 2\n# c").IsEmpty);
        }
    }
}
