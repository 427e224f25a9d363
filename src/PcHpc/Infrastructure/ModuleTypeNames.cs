using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Keeps the user-facing types nameable in scripts (<c>[PcHpc.Cluster]</c>, <c>[PcHpc.ClusterState]::Failed</c>,
    /// <c>Should -BeOfType PcHpc.Vpc</c>). They live in PcHpc.Core, which loads in the module's private
    /// AssemblyLoadContext, and PowerShell resolves type names only in the default context, so at import we register
    /// every public type of namespace <c>PcHpc</c> under its full name as a type accelerator (PowerShell's
    /// TypeAccelerators class is internal: reached by reflection; if it is ever missing, import still succeeds and
    /// only the type literals stop working). Runs after the nested module PcHpc.Isolation installed the context.
    /// Accelerators are process-wide and the types cannot be unloaded, so Remove-Module leaves them in place (another
    /// runspace of the same process may still use the module).
    /// </summary>
    public sealed class ModuleTypeNames : IModuleAssemblyInitializer
    {
        /// <summary>The namespace of the types users see (README: output types live in namespace PcHpc).</summary>
        public const string PublicNamespace = "PcHpc";

        public void OnImport() => Register();

        /// <summary>The types published: every public type of namespace PcHpc in the engine assembly.</summary>
        public static IReadOnlyList<Type> PublicTypes() =>
            typeof(PcHpc.Core.Errors.PcHpcException).Assembly.GetExportedTypes()
                .Where(t => t.Namespace == PublicNamespace && !t.IsNested)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .ToList();

        internal static int Register()
        {
            var add = Accelerators()?.GetMethod("Add", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string), typeof(Type) }, null);
            if (add == null) return 0;
            var types = PublicTypes();
            foreach (var type in types) add.Invoke(null, new object[] { type.FullName, type });
            return types.Count;
        }

        private static Type Accelerators() => typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
    }
}
