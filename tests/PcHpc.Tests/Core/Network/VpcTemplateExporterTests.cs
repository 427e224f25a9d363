using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using PcHpc.Core.Errors;
using PcHpc.Core.Network;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Core.Network
{
    public sealed class VpcTemplateExporterTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "pchpc-network-" + Guid.NewGuid().ToString("N"));

        public VpcTemplateExporterTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private static NetworkPlan Plan() => NetworkPlanner.Plan(NetworkPlannerTests.Request());

        [Fact]
        public void Writes_the_pretty_template_as_utf8_without_bom_and_nothing_else()
        {
            var path = Path.Combine(_dir, "net.json");
            var file = VpcTemplateExporter.Export(Plan(), path);
            Assert.Equal(Path.GetFullPath(path), file.FullName);
            var bytes = File.ReadAllBytes(path);
            Assert.NotEqual(0xEF, bytes[0]);
            Assert.Equal(VpcTemplateBuilder.Build(Plan()), Encoding.UTF8.GetString(bytes));
            Assert.Equal(new[] { "net.json" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
        }

        [Fact]
        public void Refuses_to_overwrite_without_force()
        {
            var path = Path.Combine(_dir, "net.json");
            File.WriteAllText(path, "keep me");
            var ex = Assert.Throws<PcHpcException>(() => VpcTemplateExporter.Export(Plan(), path));
            Assert.Equal(ErrorKind.AlreadyExists, ex.Kind);
            Assert.Contains("-Force", ex.Message);
            Assert.Equal("keep me", File.ReadAllText(path));

            VpcTemplateExporter.Export(Plan(), path, force: true);
            Assert.StartsWith("{", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(_dir));
        }

        [Fact]
        public void Missing_folder_directory_target_and_empty_path_are_clear_errors()
        {
            var missing = Assert.Throws<PcHpcException>(() => VpcTemplateExporter.Export(Plan(), Path.Combine(_dir, "nope", "net.json")));
            Assert.Equal(ErrorKind.NotFound, missing.Kind);
            Assert.False(Directory.Exists(Path.Combine(_dir, "nope")));

            var folder = Assert.Throws<PcHpcException>(() => VpcTemplateExporter.Export(Plan(), _dir, force: true));
            Assert.Equal("TemplatePathIsDirectory", folder.ErrorId);
            Assert.Contains("hpc-net.json", folder.Message);

            Assert.Equal("TemplatePathMissing", Assert.Throws<PcHpcException>(() => VpcTemplateExporter.Export(Plan(), " ")).ErrorId);
        }
    }

    public class NetworkFormatViewTests
    {
        [Fact]
        public void Table_view_selects_PcHpc_Vpc_and_shows_the_issue_columns()
        {
            var path = Path.Combine(TestEnvironment.RepoRoot, "src", "PcHpc", "Formats", "PcHpc.Network.format.ps1xml");
            var doc = XDocument.Load(path);
            Assert.Equal("Configuration", doc.Root.Name.LocalName);
            var view = Assert.Single(doc.Root.Element("ViewDefinitions").Elements("View"));
            Assert.Equal(typeof(PcHpc.Vpc).FullName, view.Element("ViewSelectedBy").Element("TypeName").Value);
            var table = view.Element("TableControl");
            var labels = table.Element("TableHeaders").Elements("TableColumnHeader").Select(h => h.Element("Label").Value).ToList();
            Assert.Equal(new[] { "Name", "Region", "Status", "VpcId", "CidrBlock", "AvailabilityZones", "CreatedTime" }, labels);
            var items = table.Element("TableRowEntries").Element("TableRowEntry").Element("TableColumnItems").Elements("TableColumnItem").ToList();
            Assert.Equal(labels.Count, items.Count);
            for (int i = 0; i < items.Count; i++)
            {
                var property = items[i].Element("PropertyName")?.Value;
                var script = items[i].Element("ScriptBlock")?.Value;
                Assert.True(property != null || script != null);
                var referenced = property ?? labels[i];
                Assert.NotNull(typeof(PcHpc.Vpc).GetProperty(referenced));
                if (script != null) Assert.Contains("$_." + labels[i], script);
            }
        }
    }
}
