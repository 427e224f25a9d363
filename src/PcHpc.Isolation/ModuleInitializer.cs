using System.IO;
using System.Management.Automation;

namespace PcHpc.Isolation
{
    /// <summary>
    /// Runs when PowerShell imports this assembly, the manifest's first NestedModule: it installs the private load
    /// context before PowerShell loads and reflects over PcHpc.dll. That order matters: enumerating PcHpc.dll's cmdlet
    /// types already needs PcHpc.Core (its enums are cmdlet fields), and PowerShell enumerates a module's types before
    /// it calls that module's own IModuleAssemblyInitializer, so PcHpc.dll cannot install the bridge itself.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        /// <summary>Where the module keeps every assembly but PcHpc.dll and this one.</summary>
        public const string DependenciesFolder = "dependencies";

        public void OnImport()
        {
            var moduleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);
            DependencyLoadContext.Install(Path.Combine(moduleDirectory, DependenciesFolder));
        }
    }
}
