using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Module
{
    public class IsolationTests : IClassFixture<ModuleFixture>
    {
        private readonly ModuleFixture _module;

        public IsolationTests(ModuleFixture module) => _module = module;

        [Fact]
        public void AwsLayerUsesItsOwnAwsSdkCoreWhenAnotherVersionIsAlreadyLoaded()
        {
            var lines = RunProbe();

            Assert.StartsWith("AWSSDK.Core, Version=3.3.0.0", lines["session.core"].Single());
            Assert.StartsWith("AWSSDK.Core, Version=4.0.0.0", lines["module.core"].Single());
            Assert.StartsWith("4.0.102", lines["module.coreFileVersion"].Single());
            Assert.Equal("PcHpc.Dependencies", lines["module.awsContext"].Single());
            Assert.Equal("Default", lines["module.cmdletContext"].Single());
            var loaded = lines["loaded.core"];
            Assert.Contains("Default|3.3.0.0", loaded);
            Assert.Contains("PcHpc.Dependencies|4.0.0.0", loaded);
        }

        [Fact]
        public void LayoutKeepsAwsAssembliesOutOfTheModuleRoot()
        {
            var root = Directory.GetFiles(_module.ModuleDir, "*.dll").Select(Path.GetFileName).ToList();
            var deps = Directory.GetFiles(Path.Combine(_module.ModuleDir, "dependencies"), "*.dll").Select(Path.GetFileName).ToList();
            Assert.DoesNotContain(root, f => f.StartsWith("AWSSDK.", StringComparison.OrdinalIgnoreCase) || f == "PcHpc.Aws.dll");
            Assert.Contains("AWSSDK.Core.dll", deps);
            Assert.Contains("AWSSDK.SecurityToken.dll", deps);
            Assert.Contains("AWSSDK.SSO.dll", deps);
            Assert.Contains("AWSSDK.SSOOIDC.dll", deps);
            Assert.Contains("AWSSDK.S3.dll", deps);
            Assert.Contains("PcHpc.Aws.dll", deps);
            Assert.Contains("PcHpc.dll", root);
            Assert.Contains("PcHpc.Core.dll", root);
            Assert.Contains("PcHpc.Isolation.dll", root);
            Assert.DoesNotContain("System.Management.Automation.dll", root);
        }

        [Fact]
        public void CmdletAssemblyExposesNoAwsSdkTypes()
        {
            var cmdletAssembly = typeof(PcHpc.Infrastructure.PcHpcCmdlet).Assembly;
            Assert.DoesNotContain(cmdletAssembly.GetReferencedAssemblies(), a => a.Name.StartsWith("AWSSDK.", StringComparison.Ordinal));
            foreach (var type in cmdletAssembly.GetExportedTypes())
            {
                foreach (var property in type.GetProperties())
                {
                    Assert.False(property.PropertyType.Assembly.GetName().Name.StartsWith("AWSSDK.") || property.PropertyType.Assembly.GetName().Name == "PcHpc.Aws",
                        $"{type.Name}.{property.Name} exposes {property.PropertyType.FullName} from the isolated context.");
                }
            }
        }

        private Dictionary<string, List<string>> RunProbe()
        {
            var probe = Path.Combine(TestEnvironment.RepoRoot, "tests", "PcHpc.IsolationProbe", "bin", _module.Configuration, "net10.0", "PcHpc.IsolationProbe.dll");
            Assert.True(File.Exists(probe), "The isolation probe was not built: " + probe);
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(probe);
            psi.ArgumentList.Add(_module.ModuleDir);
            using var process = Process.Start(psi);
            var stdout = process.StandardOutput.ReadToEnd();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"probe failed ({process.ExitCode}):\n{stdout}\n{stderr}");
            return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('=', 2))
                .GroupBy(p => p[0], p => p[1].Trim())
                .ToDictionary(g => g.Key, g => g.ToList());
        }
    }
}
