using System;
using System.IO;
using System.Linq;
using PcHpc.Build;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Module
{
    /// <summary>Lays the module out from the build outputs of this test run (same configuration), once per test class.</summary>
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
        }

        public string Configuration { get; }
        public string ModuleDir { get; }

        public void Dispose()
        {
            try { Directory.Delete(Path.GetDirectoryName(ModuleDir), true); } catch (IOException) { }
        }
    }
}
