using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using PcHpc.Build;
using PcHpc.Infrastructure;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Cmdlets.Module
{
    public class FormatTests
    {
        private static string[] Files()
        {
            var dir = Path.Combine(TestEnvironment.RepoRoot, "src", "PcHpc", "Formats");
            return Directory.Exists(dir) ? Directory.GetFiles(dir, "*.format.ps1xml") : new string[0];
        }

        [Fact]
        public void EveryOutputTypeOfEveryCmdletHasATableView()
        {
            var viewed = FormatMerger.ViewedTypes(FormatMerger.Merge(Files()));
            foreach (var cmdlet in CmdletMetadata.FromAssembly(typeof(PcHpcCmdlet).Assembly))
            {
                foreach (var type in cmdlet.OutputTypes.Where(t => t.StartsWith("PcHpc.", StringComparison.Ordinal)))
                {
                    Assert.True(viewed.Contains(type), $"{cmdlet.Name} outputs {type}, which has no view.");
                }
            }
        }

        [Fact]
        public void ViewsNameRealTypesAndRealProperties()
        {
            var assemblies = new[] { typeof(PcHpcCmdlet).Assembly, typeof(PcHpc.Core.Errors.PcHpcException).Assembly };
            foreach (var view in FormatMerger.Merge(Files()).Descendants("View"))
            {
                var typeName = view.Element("ViewSelectedBy").Element("TypeName").Value.Trim();
                var type = assemblies.Select(a => a.GetType(typeName)).FirstOrDefault(t => t != null);
                Assert.True(type != null, $"view {view.Element("Name").Value} selects {typeName}, which is not a type of the module.");
                foreach (var property in view.Descendants("PropertyName").Select(p => p.Value.Trim()))
                {
                    Assert.True(type.GetProperty(property) != null, $"view {view.Element("Name").Value} shows {typeName}.{property}, which does not exist.");
                }
                var table = view.Element("TableControl");
                if (table != null)
                {
                    var headers = table.Element("TableHeaders").Elements("TableColumnHeader").Count();
                    var items = table.Descendants("TableColumnItem").Count();
                    Assert.True(headers == 0 || headers == items, $"view {view.Element("Name").Value} has {headers} headers but {items} columns.");
                }
            }
        }

        [Fact]
        public void MergeRejectsDuplicateViewNames()
        {
            var dir = Path.Combine(Path.GetTempPath(), "pchpc-fmt-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var view = "<Configuration><ViewDefinitions><View><Name>X</Name><ViewSelectedBy><TypeName>PcHpc.X</TypeName></ViewSelectedBy><TableControl/></View></ViewDefinitions></Configuration>";
            File.WriteAllText(Path.Combine(dir, "a.format.ps1xml"), view);
            File.WriteAllText(Path.Combine(dir, "b.format.ps1xml"), view);
            var ex = Assert.Throws<InvalidDataException>(() => FormatMerger.Merge(Directory.GetFiles(dir)));
            Assert.Contains("'X' is defined twice", ex.Message);
            Directory.Delete(dir, true);
        }
    }
}
