using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PcHpc.Isolation
{
    /// <summary>
    /// PowerShell 7: the module's AWS layer (PcHpc.Aws and the AWSSDK assemblies in ./dependencies) lives in this
    /// private load context, so it never fights the AWSSDK.Core that AWS.Tools may already have loaded. Only
    /// PcHpc.Aws is bridged from the default context; everything it needs that is not in ./dependencies (PcHpc.Core,
    /// the framework) comes from the default context.
    /// </summary>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private static readonly object Gate = new object();
        private static DependencyLoadContext _installed;
        private readonly string _directory;

        private DependencyLoadContext(string directory) : base("PcHpc.Dependencies", isCollectible: false)
        {
            _directory = directory;
        }

        /// <summary>The assembly bridged into this context when the default context cannot find it.</summary>
        public const string BridgeAssembly = "PcHpc.Aws";

        /// <summary>Hooks the default context once per process (re-imports of the module reuse the same context).</summary>
        public static void Install(string dependenciesDirectory)
        {
            lock (Gate)
            {
                if (_installed != null) return;
                _installed = new DependencyLoadContext(Path.GetFullPath(dependenciesDirectory));
                Default.Resolving += OnDefaultResolving;
            }
        }

        private static Assembly OnDefaultResolving(AssemblyLoadContext context, AssemblyName name)
        {
            return string.Equals(name.Name, BridgeAssembly, StringComparison.OrdinalIgnoreCase)
                ? _installed.LoadFromAssemblyName(name)
                : null;
        }

        protected override Assembly Load(AssemblyName name)
        {
            var path = Path.Combine(_directory, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
