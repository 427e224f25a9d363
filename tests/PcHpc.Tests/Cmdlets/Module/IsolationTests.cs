using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using PcHpc.Build;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Cmdlets.Module
{
    /// <summary>
    /// Lays the module out and runs tests/PcHpc.IsolationProbe once, in its own process (load contexts are process-wide):
    /// a real PowerShell 7.6 engine that already holds YamlDotNet 13.7.1 and AWSSDK.Core 3.7 in its default context,
    /// imports the module and runs the config cmdlets.
    /// </summary>
    public sealed class IsolationProbeFixture : IDisposable
    {
        private readonly Lazy<Dictionary<string, List<string>>> _lines;

        public IsolationProbeFixture()
        {
            Module = new ModuleFixture();
            _lines = new Lazy<Dictionary<string, List<string>>>(Run);
        }

        public ModuleFixture Module { get; }

        /// <summary>The probe's key=value lines, grouped by key.</summary>
        public Dictionary<string, List<string>> Lines => _lines.Value;

        /// <summary>Every output line, for assertion messages.</summary>
        public string Output { get; private set; }

        public List<string> Get(string key) => Lines.TryGetValue(key, out var values) ? values : new List<string>();

        private Dictionary<string, List<string>> Run()
        {
            var probe = Path.Combine(TestEnvironment.RepoRoot, "tests", "PcHpc.IsolationProbe", "bin", Module.Configuration, "net10.0", "PcHpc.IsolationProbe.dll");
            Assert.True(File.Exists(probe), "The isolation probe was not built: " + probe);
            var scratch = Path.Combine(Path.GetDirectoryName(Module.ModuleDir), "scratch");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(probe);
            psi.ArgumentList.Add(Module.ModuleDir);
            psi.ArgumentList.Add(scratch);
            psi.Environment["PCHPC_HOME"] = Path.Combine(scratch, "home");
            using var process = Process.Start(psi);
            var stderrTask = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Output = stdout + stderrTask.Result;
            Assert.True(process.ExitCode == 0, $"probe failed ({process.ExitCode}):\n{Output}");
            return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.Contains('='))
                .Select(l => l.Split('=', 2))
                .GroupBy(p => p[0], p => p[1].Trim())
                .ToDictionary(g => g.Key, g => g.ToList());
        }

        public void Dispose() => Module.Dispose();
    }

    public class IsolationTests : IClassFixture<IsolationProbeFixture>
    {
        private readonly IsolationProbeFixture _probe;

        public IsolationTests(IsolationProbeFixture probe) => _probe = probe;

        private string Single(string key)
        {
            var values = _probe.Get(key);
            Assert.True(values.Count == 1, $"expected one '{key}' line, got {values.Count}:\n{_probe.Output}");
            return values[0];
        }

        /// <summary>"name|context|version|file" lines for one assembly name.</summary>
        private List<string[]> Loaded(string name) =>
            _probe.Get("loaded").Select(l => l.Split('|')).Where(p => p[0] == name).ToList();

        [Fact]
        public void ConfigCmdletsWorkInASessionThatAlreadyLoadedOtherYamlDotNetAndAwsSdkCore()
        {
            Assert.Equal("True", Single("session.yamlWorks"));
            Assert.StartsWith("YamlDotNet, Version=13.0.0.0", Single("session.yaml"));
            Assert.StartsWith("AWSSDK.Core, Version=3.3.0.0", Single("session.core"));

            Assert.True(_probe.Get("script.terminated").Count == 0 && _probe.Get("script.error").Count == 0, "the module failed in the session:\n" + _probe.Output);
            Assert.Equal("True", Single("import.ok"));
            Assert.Equal("True", Single("export.exists"));
            Assert.Equal("True", Single("export.hasQueue"));
            Assert.Equal("PcHpc.ClusterConfig", Single("import.type"));
            Assert.Equal("compute", Single("import.queues"));
            Assert.Equal("t3.medium", Single("import.headNode"));
            Assert.Equal("0", Single("test.problems"));
            Assert.Equal("True", Single("test.quiet"));
            Assert.Equal("Scheduling.SlurmQueues[0].Name", Single("test.badPaths"));
            Assert.True(int.Parse(Single("vpc.exportResources")) > 0, _probe.Output);
        }

        [Fact]
        public void OnlyTheCmdletAssemblyAndTheLoaderLiveInTheDefaultContext()
        {
            var fromModule = _probe.Get("loaded").Select(l => l.Split('|')).Where(p => p[3].StartsWith("module:", StringComparison.Ordinal)).ToList();
            Assert.Equal(new[] { "PcHpc", "PcHpc.Isolation" }, fromModule.Where(p => p[1] == "Default").Select(p => p[0]).OrderBy(n => n, StringComparer.Ordinal));
            Assert.All(fromModule.Where(p => p[1] != "Default"), p =>
            {
                Assert.Equal("PcHpc.Dependencies", p[1]);
                Assert.StartsWith("module:dependencies/", p[3]);
            });

            foreach (var name in new[] { "PcHpc.Core", "PcHpc.Aws", "System.Text.Json", "System.Text.Encodings.Web" })
            {
                var copies = Loaded(name).Where(p => p[1] == "PcHpc.Dependencies").ToList();
                Assert.True(copies.Count == 1, $"{name} is not in the private context:\n{_probe.Output}");
                Assert.Equal($"module:dependencies/{name}.dll", copies[0][3]);
            }
            Assert.DoesNotContain(Loaded("PcHpc.Core"), p => p[1] == "Default");
            Assert.DoesNotContain(Loaded("PcHpc.Aws"), p => p[1] == "Default");
            Assert.Equal("8.0.0.0", Loaded("System.Text.Json").Single(p => p[1] == "PcHpc.Dependencies")[2]);

            // Both YamlDotNets and both AWSSDK.Cores side by side: the session's in Default, the module's private.
            Assert.Contains(Loaded("YamlDotNet"), p => p[1] == "Default" && p[2] == "13.0.0.0" && p[3] == "other:YamlDotNet.dll");
            Assert.Contains(Loaded("YamlDotNet"), p => p[1] == "PcHpc.Dependencies" && p[2] == "16.0.0.0" && p[3] == "module:dependencies/YamlDotNet.dll");
            Assert.Contains(Loaded("AWSSDK.Core"), p => p[1] == "Default" && p[2] == "3.3.0.0");
            Assert.Contains(Loaded("AWSSDK.Core"), p => p[1] == "PcHpc.Dependencies" && p[2] == "4.0.0.0");
            Assert.StartsWith("AWSSDK.Core, Version=4.0.0.0", Single("module.core"));
            Assert.StartsWith("4.0.102", Single("module.coreFileVersion"));

            // Back-ports of runtime types (Span<T>, Unsafe, ...) come from the runtime, never from dependencies/.
            Assert.DoesNotContain(Loaded("System.Memory"), p => p[1] == "PcHpc.Dependencies");
            Assert.DoesNotContain(Loaded("System.Runtime.CompilerServices.Unsafe"), p => p[1] == "PcHpc.Dependencies");

            // What PowerShell itself reports: cmdlets in Default, the user-facing types (still nameable) in the private context.
            Assert.Equal("Default", Single("context.cmdlets"));
            Assert.Equal("PcHpc.ClusterConfig", Single("typeLiteral"));
            Assert.Equal("PcHpc.Dependencies", Single("context.typeLiteral"));
        }

        [Fact]
        public void LayoutKeepsEverythingButTheCmdletsAndTheLoaderInDependencies()
        {
            var moduleDir = _probe.Module.ModuleDir;
            var root = Directory.GetFiles(moduleDir, "*.dll").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToList();
            var deps = Directory.GetFiles(Path.Combine(moduleDir, "dependencies"), "*.dll").Select(Path.GetFileName).ToList();
            Assert.Equal(new[] { "PcHpc.Isolation.dll", "PcHpc.dll" }, root);
            foreach (var name in new[] { "PcHpc.Core.dll", "PcHpc.Aws.dll", "YamlDotNet.dll", "System.Text.Json.dll", "AWSSDK.Core.dll",
                                         "AWSSDK.SecurityToken.dll", "AWSSDK.SSO.dll", "AWSSDK.SSOOIDC.dll", "AWSSDK.S3.dll",
                                         "AWSSDK.EC2.dll", "AWSSDK.SimpleSystemsManagement.dll" })
            {
                Assert.Contains(name, deps);
            }
            Assert.DoesNotContain("System.Management.Automation.dll", root.Concat(deps));
            Assert.Empty(ModuleLayout.LayoutProblems(moduleDir));
        }

        [Fact]
        public void LayoutCheckNamesAHelperAssemblyLeftBesideTheManifest()
        {
            var dir = Path.Combine(Path.GetTempPath(), "pchpc-layout-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                foreach (var name in new[] { "PcHpc.dll", "PcHpc.Isolation.dll", "YamlDotNet.dll" }) File.WriteAllText(Path.Combine(dir, name), "");
                var problem = Assert.Single(ModuleLayout.LayoutProblems(dir));
                Assert.Contains("YamlDotNet.dll belongs in dependencies/", problem);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void UserFacingTypesArePublishedUnderTheirFullNames()
        {
            var published = PcHpc.Infrastructure.ModuleTypeNames.PublicTypes();
            Assert.All(published, t => Assert.Equal("PcHpc", t.Namespace));
            foreach (var type in new[] { typeof(PcHpc.Cluster), typeof(PcHpc.ClusterConfig), typeof(PcHpc.ClusterState), typeof(PcHpc.Vpc), typeof(PcHpc.QueueConfig), typeof(PcHpc.ConfigProblem) })
            {
                Assert.Contains(type, published);
            }
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
    }
}
