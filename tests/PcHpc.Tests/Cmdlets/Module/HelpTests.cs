using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using PcHpc.Build;
using PcHpc.Infrastructure;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Cmdlets.Module
{
    public class HelpTests
    {
        private static string Docs => Path.Combine(TestEnvironment.RepoRoot, "docs");

        public static IEnumerable<object[]> Cmdlets() =>
            CmdletMetadata.FromAssembly(typeof(PcHpcCmdlet).Assembly).Select(c => new object[] { c.Name });

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void EveryCmdletAndParameterIsDocumented(string name)
        {
            var shape = CmdletMetadata.FromAssembly(typeof(PcHpcCmdlet).Assembly).Single(c => c.Name == name);
            var page = Path.Combine(Docs, name + ".md");
            Assert.True(File.Exists(page), $"docs/{name}.md is missing (dotnet run --project src/PcHpc.Build -- update-docs writes a draft).");
            var problems = DocsChecker.Check(shape, MarkdownHelpReader.ReadFile(page));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void EveryPageDocumentsAnExportedCmdlet()
        {
            var cmdlets = new HashSet<string>(CmdletMetadata.FromAssembly(typeof(PcHpcCmdlet).Assembly).Select(c => c.Name), StringComparer.Ordinal);
            foreach (var page in Directory.GetFiles(Docs, "*.md").Select(Path.GetFileNameWithoutExtension).Where(p => !p.StartsWith("about_")))
            {
                Assert.True(cmdlets.Contains(page), $"docs/{page}.md documents a cmdlet the module does not have.");
            }
            Assert.True(File.Exists(Path.Combine(Docs, "about_PcHpc.md")));
        }

        [Fact]
        public void CommittedHelpIsWhatTheDocsGenerate()
        {
            var temp = Path.Combine(Path.GetTempPath(), "pchpc-help-" + Guid.NewGuid().ToString("N"));
            Program.WriteHelp(TestEnvironment.RepoRoot, temp);
            foreach (var file in Directory.GetFiles(temp))
            {
                var committed = Path.Combine(TestEnvironment.RepoRoot, "en-US", Path.GetFileName(file));
                Assert.True(File.Exists(committed), $"en-US/{Path.GetFileName(file)} is not committed; run the build.");
                Assert.True(File.ReadAllText(file) == File.ReadAllText(committed), $"en-US/{Path.GetFileName(file)} is stale; run: dotnet run --project src/PcHpc.Build -- help");
            }
            Directory.Delete(temp, true);
        }

        [Fact]
        public void MamlCarriesSynopsisParametersAndExamples()
        {
            var help = MarkdownHelpReader.Read(SamplePage);
            var maml = XDocument.Parse(MamlWriter.Write(new[] { help }));
            XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
            XNamespace maml2 = "http://schemas.microsoft.com/maml/2004/10";
            XNamespace dev = "http://schemas.microsoft.com/maml/dev/2004/10";
            Assert.Equal("helpItems", maml.Root.Name.LocalName);
            Assert.Equal("maml", (string)maml.Root.Attribute("schema"));
            var cmd = maml.Root.Element(command + "command");
            Assert.Equal("Get-HpcThing", (string)cmd.Element(command + "details").Element(command + "name"));
            Assert.Equal("Get", (string)cmd.Element(command + "details").Element(command + "verb"));
            Assert.Equal("Gets things.", (string)cmd.Element(command + "details").Element(maml2 + "description").Element(maml2 + "para"));
            var parameters = cmd.Element(command + "parameters").Elements(command + "parameter").ToList();
            Assert.Equal(new[] { "Name", "Force" }, parameters.Select(p => (string)p.Element(maml2 + "name")));
            Assert.Equal("true", (string)parameters[0].Attribute("required"));
            Assert.Equal("True (ByPropertyName)", (string)parameters[0].Attribute("pipelineInput"));
            Assert.Equal("0", (string)parameters[0].Attribute("position"));
            Assert.Equal("N", (string)parameters[0].Attribute("aliases"));
            Assert.Null(parameters[1].Element(command + "parameterValue")); // switches take no value
            var syntaxItems = cmd.Element(command + "syntax").Elements(command + "syntaxItem").ToList();
            Assert.Equal(2, syntaxItems.Count);
            Assert.Equal(new[] { "Name" }, syntaxItems[0].Elements(command + "parameter").Select(p => (string)p.Element(maml2 + "name")));
            Assert.Equal(new[] { "Name", "Force" }, syntaxItems[1].Elements(command + "parameter").Select(p => (string)p.Element(maml2 + "name")));
            var example = cmd.Element(command + "examples").Element(command + "example");
            Assert.Equal("Get-HpcThing -Name a", (string)example.Element(dev + "code"));
            Assert.Equal("Gets the thing named a.", (string)example.Element(dev + "remarks").Element(maml2 + "para"));
        }

        [Fact]
        public void CheckerReportsUndocumentedAndPhantomParameters()
        {
            var shape = CmdletMetadata.Read(typeof(Infrastructure.SeamProbeCmdlet));
            var help = MarkdownHelpReader.Read(SamplePage.Replace("Get-HpcThing", "Test-Seam"));
            var problems = DocsChecker.Check(shape, help);
            Assert.Contains(problems, p => p.Contains("-FailWith is not documented"));
            Assert.Contains(problems, p => p.Contains("documents parameter -Name, which the cmdlet does not have"));
            Assert.Contains(problems, p => p.Contains("-WhatIf is not documented"));
        }

        [Fact]
        public void UpdaterDraftsAPageTheCheckerStillRejectsUntilFilledIn()
        {
            var shape = CmdletMetadata.Read(typeof(Infrastructure.SeamProbeCmdlet));
            var draft = DocsUpdater.Render(shape, null);
            var problems = DocsChecker.Check(shape, MarkdownHelpReader.Read(draft));
            Assert.Contains(problems, p => p.Contains("SYNOPSIS is empty"));
            Assert.Contains(problems, p => p.Contains("-Force has no description"));
            Assert.DoesNotContain(problems, p => p.Contains("not documented"));
            Assert.Contains("Test-Seam [-FailWith <String>] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]", draft);
        }

        private const string SamplePage = @"---
external help file: PcHpc.dll-Help.xml
Module Name: PcHpc
schema: 2.0.0
---

# Get-HpcThing

## SYNOPSIS
Gets things.

## SYNTAX

### ByName (Default)
```
Get-HpcThing [-Name] <String>
```

### Forced
```
Get-HpcThing [-Name] <String> -Force
```

## DESCRIPTION
Long text.

## EXAMPLES

### Example 1: one thing
```powershell
Get-HpcThing -Name a
```

Gets the thing named a.

## PARAMETERS

### -Name
The name.

```yaml
Type: String
Parameter Sets: (All)
Aliases: N

Required: True
Position: 0
Default value: None
Accept pipeline input: True (ByPropertyName)
Accept wildcard characters: False
```

### -Force
Forces.

```yaml
Type: SwitchParameter
Parameter Sets: Forced
Aliases:

Required: False
Position: Named
Default value: False
Accept pipeline input: False
Accept wildcard characters: False
```

### CommonParameters
Common.

## INPUTS

### System.String

## OUTPUTS

### PcHpc.Thing

## NOTES

## RELATED LINKS
";
    }
}
