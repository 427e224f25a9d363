using System;
using System.IO;
using System.Linq;
using PcHpc.Build;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Cmdlets.Module
{
    /// <summary>
    /// Lays the module out from the build outputs of this test run (same configuration), once per test class, as the
    /// build step does: assemblies (ModuleLayout), the manifest and the merged table views, so a real PowerShell can
    /// import it. Help is left out.
    /// </summary>
    public sealed class ModuleFixture : IDisposable
    {
        public ModuleFixture()
        {
            Configuration = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Release") ? "Release" : "Debug";
            var root = TestEnvironment.RepoRoot;
            ModuleDir = Path.Combine(Path.GetTempPath(), "pchpc-module-" + Guid.NewGuid().ToString("N"), "PcHpc");
            Directory.CreateDirectory(ModuleDir);
            ModuleLayout.CopyAssemblies(
                Path.Combine(root, "src", "PcHpc", "bin", Configuration, "netstandard2.0"),
                Path.Combine(root, "src", "PcHpc.Isolation", "bin", Configuration, "net8.0"),
                ModuleDir);
            File.Copy(Path.Combine(root, "PcHpc.psd1"), Path.Combine(ModuleDir, "PcHpc.psd1"));
            FormatMerger.Merge(Directory.GetFiles(Path.Combine(root, "src", "PcHpc", "Formats"), "*.format.ps1xml"))
                .Save(Path.Combine(ModuleDir, "PcHpc.format.ps1xml"));
        }

        public string Configuration { get; }
        public string ModuleDir { get; }

        public void Dispose()
        {
            try { Directory.Delete(Path.GetDirectoryName(ModuleDir), true); } catch (IOException) { }
        }
    }
}
