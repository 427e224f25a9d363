using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PcHpc.Cmdlets;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Config
{
    public class ConfigDocsTests
    {
        [Theory]
        [InlineData(typeof(NewHpcClusterConfig))]
        [InlineData(typeof(NewHpcQueueConfig))]
        [InlineData(typeof(NewHpcStorageConfig))]
        [InlineData(typeof(ImportHpcClusterConfig))]
        [InlineData(typeof(ExportHpcClusterConfig))]
        [InlineData(typeof(TestHpcClusterConfig))]
        public void HelpPage_DocumentsExactlyTheParameters(Type cmdletType)
        {
            var info = ParameterMetadata.Cmdlet(cmdletType);
            var path = Path.Combine(TestEnvironment.RepoRoot, "docs", info.Name + ".md");
            Assert.True(File.Exists(path), "missing " + path);
            var text = File.ReadAllText(path).Replace("\r\n", "\n");
            Assert.StartsWith("---\nexternal help file: PcHpc.dll-Help.xml\nModule Name: PcHpc\n", text);
            Assert.Contains("schema: 2.0.0", text);
            Assert.Contains("\n# " + info.Name + "\n", text);
            foreach (var section in new[] { "## SYNOPSIS", "## SYNTAX", "## DESCRIPTION", "## EXAMPLES", "## PARAMETERS", "### CommonParameters", "## INPUTS", "## OUTPUTS", "## NOTES", "## RELATED LINKS" })
            {
                Assert.Contains("\n" + section + "\n", text);
            }
            Assert.Contains("### Example 1:", text);
            Assert.Matches("```powershell\n[^`]*" + Regex.Escape(info.Name), text);

            var parameters = text.Substring(text.IndexOf("\n## PARAMETERS\n", StringComparison.Ordinal));
            parameters = parameters.Substring(0, parameters.IndexOf("\n### CommonParameters", StringComparison.Ordinal));
            var documented = Regex.Matches(parameters, @"^### -(\w+)$", RegexOptions.Multiline).Cast<Match>().Select(m => m.Groups[1].Value).OrderBy(n => n).ToList();
            var expected = ParameterMetadata.Parameters(cmdletType).Select(p => p.Name).ToList();
            if (info.SupportsShouldProcess) expected.AddRange(new[] { "Confirm", "WhatIf" });
            Assert.Equal(expected.OrderBy(n => n), documented);
            Assert.Equal(documented.Count, Regex.Matches(parameters, "```yaml\nType: ").Count);
        }
    }
}
