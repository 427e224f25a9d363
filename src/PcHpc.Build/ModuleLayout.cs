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
    /// out/PcHpc: PcHpc.psd1, PcHpc.dll (cmdlets), PcHpc.Core.dll and the engine's dependencies at the root;
    /// PcHpc.Aws.dll and every AWSSDK assembly in dependencies/ (loaded in a private AssemblyLoadContext on
    /// PowerShell 7, side by side on Windows PowerShell 5.1); PcHpc.format.ps1xml; en-US/ help.
    /// </summary>
    internal static class ModuleLayout
    {
        public const string DependenciesFolder = "dependencies";

        /// <summary>Assemblies that live in the private load context, never in the default one.</summary>
        public static bool IsIsolated(string fileName) =>
            fileName.StartsWith("AWSSDK.", StringComparison.OrdinalIgnoreCase) ||
            fileName.StartsWith("PcHpc.Aws.", StringComparison.OrdinalIgnoreCase);

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
