using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PcHpc.Infrastructure
{
    /// <summary>
    /// Runs at Import-Module. Our AWSSDK assemblies sit in ./dependencies: on PowerShell 7 they load in a private
    /// AssemblyLoadContext (PcHpc.Isolation.dll, reached by reflection because this assembly is netstandard2.0);
    /// on Windows PowerShell 5.1 they resolve side by side through AppDomain.AssemblyResolve.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        private static readonly object Gate = new object();
        private static bool _done;

        public void OnImport() => Initialize(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location));

        internal static void Initialize(string moduleDirectory)
        {
            lock (Gate)
            {
                if (_done) return;
                var dependencies = Path.Combine(moduleDirectory, "dependencies");
                if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
                {
                    AppDomain.CurrentDomain.AssemblyResolve += (sender, args) => ResolveSideBySide(dependencies, new AssemblyName(args.Name));
                }
                else
                {
                    var isolation = Assembly.LoadFrom(Path.Combine(moduleDirectory, "PcHpc.Isolation.dll"));
                    isolation.GetType("PcHpc.Isolation.DependencyLoadContext", throwOnError: true)
                        .GetMethod("Install", BindingFlags.Public | BindingFlags.Static)
                        .Invoke(null, new object[] { dependencies });
                }
                _done = true;
            }
        }

        private static Assembly ResolveSideBySide(string dependencies, AssemblyName requested)
        {
            var path = Path.Combine(dependencies, requested.Name + ".dll");
            if (!File.Exists(path)) return null;
            var candidate = AssemblyName.GetAssemblyName(path);
            return candidate.Version >= (requested.Version ?? new Version(0, 0)) ? Assembly.LoadFrom(path) : null;
        }
    }
}
