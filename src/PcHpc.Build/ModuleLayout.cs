using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace PcHpc.Build
{
    /// <summary>
    /// out/PcHpc: PcHpc.psd1, PcHpc.dll (cmdlets), PcHpc.Isolation.dll, PcHpc.format.ps1xml and en-US/ help at the
    /// root; every other assembly (PcHpc.Core, PcHpc.Aws, YamlDotNet, System.Text.Json, AWSSDK.*, ...) in
    /// dependencies/, where PowerShell's default load context cannot find it on its own: PcHpc.Isolation's private
    /// AssemblyLoadContext serves them all.
    /// </summary>
    internal static class ModuleLayout
    {
        public const string DependenciesFolder = "dependencies";

        /// <summary>The only assemblies (and their symbols) that live beside the manifest, in PowerShell's default load context.</summary>
        public static readonly IReadOnlyList<string> RootAssemblies = new[] { "PcHpc.dll", "PcHpc.pdb", "PcHpc.Isolation.dll", "PcHpc.Isolation.pdb" };

        /// <summary>Assemblies that live in the private load context (dependencies/), never in the default one.</summary>
        public static bool IsIsolated(string fileName) =>
            !RootAssemblies.Contains(fileName, StringComparer.OrdinalIgnoreCase);

        public static void Publish(string repoRoot, string configuration, string project, string output)
        {
            if (Directory.Exists(output)) Directory.Delete(output, true);
            Run("dotnet", $"publish \"{Path.Combine(repoRoot, project)}\" -c {configuration} -o \"{output}\" --nologo -v quiet", repoRoot);
        }

        public static void CopyAssemblies(string publishDir, string isolationPublishDir, string moduleDir)
        {
            var deps = Path.Combine(moduleDir, DependenciesFolder);
            Directory.CreateDirectory(deps);
            foreach (var file in Directory.GetFiles(publishDir))
            {
                var name = Path.GetFileName(file);
                if (!(name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase))) continue;
                if (name.StartsWith("System.Management.Automation", StringComparison.OrdinalIgnoreCase)) continue;
                File.Copy(file, Path.Combine(IsIsolated(name) ? deps : moduleDir, name), true);
            }
            foreach (var name in new[] { "PcHpc.Isolation.dll", "PcHpc.Isolation.pdb" })
            {
                var source = Path.Combine(isolationPublishDir, name);
                if (File.Exists(source)) File.Copy(source, Path.Combine(moduleDir, name), true);
            }
        }

        /// <summary>
        /// Assemblies at the module root other than PcHpc.dll and PcHpc.Isolation.dll: PowerShell's default load context
        /// would find them next to PcHpc.dll before the private context is asked, and a session's own copy (YamlDotNet of
        /// powershell-yaml, AWSSDK.Core of AWS.Tools) could then win.
        /// </summary>
        public static List<string> LayoutProblems(string moduleDir)
        {
            return Directory.GetFiles(moduleDir, "*.dll")
                .Select(Path.GetFileName)
                .Where(IsIsolated)
                .Select(name => $"out/PcHpc/{name} belongs in {DependenciesFolder}/: only {string.Join(" and ", RootAssemblies.Where(r => r.EndsWith(".dll", StringComparison.Ordinal)))} may sit beside the manifest.")
                .ToList();
        }

        /// <summary>The .NET major version an assembly targets (TargetFrameworkAttribute ".NETCoreApp,Version=v8.0" gives 8), or 0.</summary>
        public static int DotNetMajorOf(string assemblyPath)
        {
            var context = new AssemblyLoadContext("PcHpc.Build.TargetFramework", isCollectible: true);
            try
            {
                var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
                var framework = assembly.GetCustomAttributesData()
                    .FirstOrDefault(a => a.AttributeType.FullName == "System.Runtime.Versioning.TargetFrameworkAttribute")?
                    .ConstructorArguments.FirstOrDefault().Value as string ?? "";
                const string prefix = ".NETCoreApp,Version=v";
                return framework.StartsWith(prefix, StringComparison.Ordinal) && Version.TryParse(framework.Substring(prefix.Length), out var version)
                    ? version.Major
                    : 0;
            }
            finally
            {
                context.Unload();
            }
        }

        /// <summary>Loads the module's cmdlet assembly for inspection, resolving its references from the layout.</summary>
        public static Assembly LoadForInspection(string moduleDir)
        {
            var context = new InspectionContext(moduleDir);
            return context.LoadFromAssemblyPath(Path.Combine(moduleDir, "PcHpc.dll"));
        }

        private sealed class InspectionContext : AssemblyLoadContext
        {
            private readonly string[] _dirs;

            public InspectionContext(string moduleDir) : base("PcHpc.Build.Inspection", isCollectible: false)
            {
                _dirs = new[] { moduleDir, Path.Combine(moduleDir, DependenciesFolder) };
            }

            protected override Assembly Load(AssemblyName name)
            {
                if (name.Name == "System.Management.Automation") return null; // the builder's own reference copy
                foreach (var dir in _dirs)
                {
                    var path = Path.Combine(dir, name.Name + ".dll");
                    if (File.Exists(path)) return LoadFromAssemblyPath(path);
                }
                return null;
            }
        }

        public static void Run(string file, string arguments, string workingDirectory)
        {
            var psi = new ProcessStartInfo(file, arguments) { WorkingDirectory = workingDirectory, UseShellExecute = false };
            using (var process = Process.Start(psi))
            {
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    throw new BuildException($"'{file} {arguments}' failed with exit code {process.ExitCode}.");
                }
            }
        }
    }

    internal sealed class BuildException : Exception
    {
        public BuildException(string message) : base(message) { }
    }
}
