using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PcHpc.Core.Config.Schema;
using PcHpc.Core.Images;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Core.Config
{
    /// <summary>The build-image rule table: regenerated from the official imagebuilder schema and compared, and applied by the validator.</summary>
    public class ImageSchemaTableTests
    {
        private static string TablePath => Path.Combine(TestEnvironment.RepoRoot, "src", "PcHpc.Core", "Config", "Schema", "image-schema.json");
        private static string ImageSchemaSource => TestEnvironment.Shared("parallelcluster/src/pcluster/schemas/imagebuilder_schema.py");

        [OfficialSchemaFact(needsPython: true)]
        public void CommittedImageTable_IsWhatTheGeneratorWritesFromTheOfficialSchema()
        {
            var psi = new ProcessStartInfo(SchemaTableTests.FindPython()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { Path.Combine(TestEnvironment.RepoRoot, "tools", "schema", "generate-config-schema.py"), "--schema", "image", "--src", TestEnvironment.Shared("parallelcluster/src"), "--stdout" })
                psi.ArgumentList.Add(a);
            using var process = Process.Start(psi);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(120_000), "the generator did not finish in 2 minutes");
            Assert.True(process.ExitCode == 0, "generator failed: " + stderr.Result);
            Assert.True(File.ReadAllText(TablePath).Replace("\r\n", "\n") == stdout.Result.Replace("\r\n", "\n"),
                "src/PcHpc.Core/Config/Schema/image-schema.json differs from the official schema in ../shared; run python3 tools/schema/generate-config-schema.py --schema image and commit the result.");
        }

        [Fact]
        public void EmbeddedImageTable_IsTheCommittedFile()
        {
            var parsed = ConfigSchema.Parse(File.ReadAllText(TablePath));
            Assert.Equal(parsed.Paths.Select(p => p.Path), ConfigSchema.Image.Paths.Select(p => p.Path));
            Assert.Equal("ImageBuilderSchema", ConfigSchema.Image.Root);
        }

        /// <summary>Every field declared in imagebuilder_schema.py (counted with a regex, independently of the generator) has its row.</summary>
        [OfficialSchemaFact]
        public void EveryImagebuilderSchemaField_HasATableRow()
        {
            string current = null;
            var declared = 0;
            foreach (var line in File.ReadAllLines(ImageSchemaSource))
            {
                var c = Regex.Match(line, @"^class (\w+)\(");
                if (c.Success) { current = c.Groups[1].Value; continue; }
                var f = Regex.Match(line, @"^    (\w+) = fields\.\w+\(");
                if (current == null || !f.Success) continue;
                declared++;
                Assert.True(ConfigSchema.Image.Schemas.ContainsKey(current), $"{current} is not in the image table");
                Assert.NotNull(ConfigSchema.Image[current].ByAttr(f.Groups[1].Value));
            }
            Assert.Equal(37, declared); // imagebuilder_schema.py's own fields (the base schemas come from common_schema.py)
        }

        [Fact]
        public void Table_CarriesWhatTheOfficialSourceApplies()
        {
            var t = ConfigSchema.Image;
            Assert.True(t["BuildSchema"].ByKey("ParentImage").Required);
            Assert.Equal("^ami|arn", t["BuildSchema"].ByKey("ParentImage").Pattern);
            // `Regexp(...) and Length(max=128 - len(" {{ imagebuilder:buildDate }}"))`: Python's `and` keeps only the Length.
            Assert.Equal(99, t["ImageSchema"].ByKey("Name").LengthMax);
            Assert.Null(t["ImageSchema"].ByKey("Name").Pattern);
            Assert.Equal("TagSchema", t["ImageSchema"].ByKey("Tags").Item.Schema);
            Assert.Contains(t["IamSchema"].Rules, r => r.Method == "no_coexist_role_policies" && r.Groups.Single().Fields.Count == 3);
            Assert.Equal("Region", t["ImageBuilderSchema"].ByAttr("config_region").Key);
        }

        [Theory]
        [InlineData("Build:\n  InstanceType: c6i.xlarge\n  ParentImage: ami-0123456789abcdef0\n", null, null)]
        [InlineData("Build:\n  InstanceType: c6i.xlarge\n", "Build.ParentImage", "Required")]
        [InlineData("Build:\n  InstanceType: c6i.xlarge\n  ParentImage: img-1\n", "Build.ParentImage", "Pattern")]
        [InlineData("Build:\n  InstanceType: c6i.xlarge\n  ParentImage: ami-1\n  Components:\n    - Type: script\n      Value: http://x/a.sh\n", "Build.Components[0].Value", "validate_component_value")]
        [InlineData("Build:\n  InstanceType: c6i.xlarge\n  ParentImage: ami-1\n  Components:\n    - Type: arn\n      Value: s3://b/a.yaml\n", "Build.Components[0].Value", "validate_component_value")]
        [InlineData("Build:\n  InstanceType: c6i.xlarge\n  ParentImage: ami-1\n  SubnetId: subnet-0123456789abcdef0\n", "Build.SecurityGroupIds", "SecurityGroupsAndSubnetValidator")]
        [InlineData("Build:\n  InstanceType: c6i.xlarge\n  ParentImage: ami-1\n  SecurityGroupIds: [sg-xyz]\n", "Build.SecurityGroupIds[0]", "validate_security_group_ids")]
        [InlineData("Image:\n  Tags:\n    - Key: parallelcluster:x\n      Value: y\nBuild:\n  InstanceType: c6i.xlarge\n  ParentImage: ami-1\n", "Image.Tags[0].Key", "validate_no_reserved_tag")]
        [InlineData("Build:\n  InstanceType: c6i.xlarge\n  ParentImage: ami-1\n  Iam:\n    InstanceRole: arn:aws:iam::123456789012:role/r\n    InstanceProfile: arn:aws:iam::123456789012:instance-profile/p\n", "Build.Iam.InstanceProfile", "no_coexist_role_policies")]
        [InlineData("Build:\n  InstanceType: c6i.xlarge\n  ParentImage: ami-1\n  Tipo: x\n", "Build.Tipo", "UnknownKey")]
        [InlineData("Build:\n  InstanceType: c6i.xlarge\n  ParentImage: ami-1\nDevSettings:\n  DistributionConfiguration:\n    Regions: us-east-1\n    LaunchPermission: '{bad'\n", "DevSettings.DistributionConfiguration.LaunchPermission", "validate_launch_permission")]
        public void Validator_GivesTheServiceVerdict(string yaml, string path, string rule)
        {
            var problems = ImageConfigValidator.ValidateYaml(yaml);
            if (path == null)
            {
                Assert.Empty(problems);
                return;
            }
            Assert.Contains(problems, p => p.Path == path && p.Rule == rule);
        }

        [Fact]
        public void SixteenComponents_AreOneTooMany()
        {
            var yaml = "Build:\n  InstanceType: c6i.xlarge\n  ParentImage: ami-1\n  Components:\n" + string.Concat(Enumerable.Range(1, 16).Select(i => $"    - Type: script\n      Value: s3://bucket/step{i}.sh\n"));
            var problem = Assert.Single(ImageConfigValidator.ValidateYaml(yaml));
            Assert.Equal("ComponentsValidator", problem.Rule);
            Assert.Empty(ImageConfigValidator.ValidateYaml(yaml.Replace("    - Type: script\n      Value: s3://bucket/step16.sh\n", "")));
        }

        [Theory]
        [InlineData("alinux2023-gpu", true)]
        [InlineData("a", false)]
        [InlineData("1image", false)]
        [InlineData("my_image", false)]
        public void ImageIds_FollowTheApiPattern(string id, bool ok) => Assert.Equal(ok, ImageConfigValidator.ImageIdProblem(id) == null);
    }
}
