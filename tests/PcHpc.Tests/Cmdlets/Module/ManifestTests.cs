using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using PcHpc.Build;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Cmdlets.Module
{
    public class ManifestTests
    {
        private static Manifest Load() => Manifest.Load(Path.Combine(TestEnvironment.RepoRoot, "PcHpc.psd1"));

        [Fact]
        public void ExportsExactlyTheCompiledCmdletsWithoutWildcards()
        {
            var manifest = Load();
            Assert.NotNull(manifest.CmdletsToExport);
            Assert.DoesNotContain(manifest.CmdletsToExport, c => c.Contains("*"));
            var compiled = CmdletMetadata.FromAssembly(typeof(PcHpc.Infrastructure.PcHpcCmdlet).Assembly).Select(c => c.Name);
            Assert.Equal(compiled.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), manifest.CmdletsToExport.OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
            Assert.Equal(manifest.CmdletsToExport.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), manifest.CmdletsToExport);
        }

        [Fact]
        public void DeclaresEditionsVersionFormatsAndGalleryMetadata()
        {
            var manifest = Load();
            var text = manifest.Text;
            Assert.Equal(new[] { "Core" }, manifest.CompatiblePSEditions);
            Assert.Equal("7.6", manifest.PowerShellVersion);
            Assert.Null(manifest.DotNetFrameworkVersion);
            Assert.DoesNotContain("PSEdition_Desktop", manifest.Tags);
            Assert.Contains("PSEdition_Core", manifest.Tags);
            Assert.Equal(new[] { "PcHpc.Isolation.dll" }, manifest.NestedModules);
            Assert.Matches(@"RootModule\s*=\s*'PcHpc\.dll'", text);
            Assert.Equal(new[] { "PcHpc.format.ps1xml" }, manifest.FormatsToProcess);
            foreach (var key in new[] { "Tags", "LicenseUri", "ProjectUri", "ReleaseNotes" })
            {
                Assert.Matches(@"(?m)^\s*" + key + @"\s*=", text);
            }
            foreach (var export in new[] { "FunctionsToExport", "VariablesToExport", "AliasesToExport" })
            {
                Assert.Matches(@"(?m)^\s*" + export + @"\s*=\s*@\(\)", text);
            }
        }

        [Fact]
        public void ManifestPassesTheBuildCompatibilityCheckAgainstTheIsolationAssemblyItShips()
        {
            var isolation = Path.Combine(TestEnvironment.RepoRoot, "src", "PcHpc.Isolation", "bin", Configuration, "net8.0", "PcHpc.Isolation.dll");
            Assert.True(File.Exists(isolation), isolation);
            var major = ModuleLayout.DotNetMajorOf(isolation);
            Assert.Equal(8, major);
            Assert.Equal(new Version(7, 4), Manifest.FirstPowerShellOnDotNet[major]);
            Assert.Empty(Load().CompatibilityProblems(major));
        }

        [Theory]
        [InlineData("CompatiblePSEditions = @('Desktop', 'Core')", "CompatiblePSEditions must be @('Core')")]
        [InlineData("DotNetFrameworkVersion = '4.7.2'", "DotNetFrameworkVersion")]
        [InlineData("Tags = @('PSEdition_Desktop', 'PSEdition_Core')", "PSEdition_Desktop")]
        [InlineData("PowerShellVersion = '5.1'", "below 7.4, the first PowerShell on .NET 8")]
        [InlineData("PowerShellVersion = '7.2'", "below 7.4, the first PowerShell on .NET 8")]
        [InlineData("NestedModules = @()", "NestedModules must start with 'PcHpc.Isolation.dll'")]
        public void CompatibilityCheckNamesEachWrongClaim(string line, string expected)
        {
            var good = new Dictionary<string, string>
            {
                ["RootModule"] = "RootModule = 'PcHpc.dll'",
                ["NestedModules"] = "NestedModules = @('PcHpc.Isolation.dll')",
                ["CompatiblePSEditions"] = "CompatiblePSEditions = @('Core')",
                ["PowerShellVersion"] = "PowerShellVersion = '7.4'",
                ["Tags"] = "Tags = @('PSEdition_Core')",
            };
            var key = line.Substring(0, line.IndexOf(' '));
            good[key] = line;
            var path = Path.GetTempFileName();
            try
            {
                File.WriteAllText(path, "@{\n " + string.Join("\n ", good.Values) + "\n}");
                var problems = Manifest.Load(path).CompatibilityProblems(8);
                Assert.Contains(problems, p => p.Contains(expected));
                Assert.Single(problems);
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static string Configuration =>
            AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Release") ? "Release" : "Debug";

        [Fact]
        public void ManifestVersionIsStampedIntoEveryAssembly()
        {
            var version = new Version(Load().ModuleVersion);
            foreach (var assembly in new[] { typeof(PcHpc.Infrastructure.PcHpcCmdlet).Assembly, typeof(PcHpc.Core.Errors.PcHpcException).Assembly, typeof(PcHpc.Aws.Http.AwsHttpRequest).Assembly })
            {
                var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>().InformationalVersion;
                Assert.StartsWith(version.ToString(3), informational);
                Assert.Equal(version.Major, assembly.GetName().Version.Major);
                Assert.Equal(version.Minor, assembly.GetName().Version.Minor);
                Assert.Equal(version.Build, assembly.GetName().Version.Build);
            }
        }

        [Fact]
        public void EngineDoesNotReferencePowerShell()
        {
            var core = typeof(PcHpc.Core.Errors.PcHpcException).Assembly;
            Assert.DoesNotContain(core.GetReferencedAssemblies(), a => a.Name == "System.Management.Automation");
            var aws = typeof(PcHpc.Aws.Http.AwsHttpRequest).Assembly;
            Assert.DoesNotContain(aws.GetReferencedAssemblies(), a => a.Name == "System.Management.Automation");
            var csproj = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "src", "PcHpc.Core", "PcHpc.Core.csproj"));
            Assert.Contains("<TargetFramework>netstandard2.0</TargetFramework>", csproj);
            Assert.DoesNotContain("PowerShell", Regex.Replace(csproj, "<!--.*?-->", "", RegexOptions.Singleline));
        }

        [Fact]
        public void ReaderFindsArraysAndScalars()
        {
            var path = Path.GetTempFileName();
            File.WriteAllText(path, "@{\n ModuleVersion = '1.2.3'\n CmdletsToExport = @(\n  'A-B' # first\n  'C-D'\n )\n}");
            var m = Manifest.Load(path);
            Assert.Equal("1.2.3", m.ModuleVersion);
            Assert.Equal(new[] { "A-B", "C-D" }, m.CmdletsToExport);
            File.Delete(path);
        }
    }
}
