using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace PcHpc.Tests.Cmdlets.Module
{
    /// <summary>
    /// Everything the isolated assemblies need at run time ships with the module: every assembly reference of every
    /// assembly in dependencies/ resolves to a file there (same or higher version) or to the .NET runtime PowerShell
    /// runs on. A missing one (e.g. System.IO.Hashing with a newer AWSSDK.Core) would only fail on a user's machine,
    /// at the first call that needs it.
    /// </summary>
    public class DependencyClosureTests : IClassFixture<ModuleFixture>
    {
        private readonly ModuleFixture _module;

        public DependencyClosureTests(ModuleFixture module) => _module = module;

        [Fact]
        public void Every_reference_of_the_isolated_assemblies_resolves_to_dependencies_or_the_runtime()
        {
            var deps = Path.Combine(_module.ModuleDir, "dependencies");
            var shipped = Directory.GetFiles(deps, "*.dll").ToDictionary(f => Path.GetFileNameWithoutExtension(f), Identity, StringComparer.OrdinalIgnoreCase);
            var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
            var runtime = Directory.GetFiles(runtimeDir, "*.dll")
                .Select(f => (Name: Path.GetFileNameWithoutExtension(f), Version: TryIdentity(f)?.Version))
                .Where(x => x.Version != null)
                .ToDictionary(x => x.Name, x => x.Version, StringComparer.OrdinalIgnoreCase);

            var problems = new List<string>();
            var checkedReferences = 0;
            foreach (var file in Directory.GetFiles(deps, "*.dll"))
            {
                foreach (var reference in References(file))
                {
                    checkedReferences++;
                    if (shipped.TryGetValue(reference.Name, out var local) && local.Version >= reference.Version) continue;
                    if (runtime.TryGetValue(reference.Name, out var version) && version >= reference.Version) continue;
                    problems.Add($"{Path.GetFileName(file)} references {reference.Name} {reference.Version}: "
                        + (local != null ? $"dependencies/ has only {local.Version}" : "not in dependencies/ nor in the runtime (" + runtimeDir + ")"));
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            Assert.True(checkedReferences > 50, "checked " + checkedReferences + " references");
            foreach (var sdk in new[] { "AWSSDK.Core", "AWSSDK.EC2", "AWSSDK.SimpleSystemsManagement", "AWSSDK.SecurityToken", "AWSSDK.S3" })
            {
                Assert.True(shipped.ContainsKey(sdk), sdk + ".dll ships in dependencies/");
            }
        }

        private static AssemblyName Identity(string path) => AssemblyName.GetAssemblyName(path);

        private static AssemblyName TryIdentity(string path)
        {
            try { return AssemblyName.GetAssemblyName(path); }
            catch (BadImageFormatException) { return null; } // native libraries in the runtime folder
        }

        private static IEnumerable<AssemblyName> References(string path)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var reader = pe.GetMetadataReader();
            return reader.AssemblyReferences.Select(h => reader.GetAssemblyReference(h))
                .Select(r => new AssemblyName { Name = reader.GetString(r.Name), Version = r.Version })
                .ToList();
        }
    }
}
