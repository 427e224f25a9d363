using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PcHpc.Isolation
{
    /// <summary>
    /// The module's private load context. Only PcHpc.dll (the cmdlets) and this assembly live in PowerShell's default
    /// context; everything in ./dependencies (PcHpc.Core, PcHpc.Aws, YamlDotNet, System.Text.Json, AWSSDK.*, ...)
    /// loads here, so a session that already loaded another YamlDotNet (powershell-yaml) or AWSSDK.Core (AWS.Tools)
    /// cannot break the module, and the module cannot break them.
    ///
    /// How assemblies get here: PcHpc.dll's references (PcHpc.Core, PcHpc.Aws) are not next to it, so the default
    /// context fails to find them and raises <see cref="AssemblyLoadContext.Resolving"/>; we answer with this context's
    /// copy. Their own references then resolve through <see cref="Load"/>, which serves every file in ./dependencies.
    /// </summary>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        /// <summary>The context's name, as <c>AssemblyLoadContext.GetLoadContext(...).Name</c> shows it.</summary>
        public const string ContextName = "PcHpc.Dependencies";

        /// <summary>
        /// netstandard2.0 back-ports of types that .NET itself has in System.Private.CoreLib (Span&lt;T&gt;, ArrayPool,
        /// Vector&lt;T&gt;, Unsafe, ValueTask, IAsyncEnumerable&lt;T&gt;). Our copies would declare a second, incompatible
        /// set of those types, so the runtime's assembly is used whenever the process has one at least as new as the
        /// reference (it always does on .NET 8+, except possibly Microsoft.Bcl.AsyncInterfaces, which PowerShell ships).
        /// </summary>
        public static readonly IReadOnlyCollection<string> RuntimeUnified = new[]
        {
            "System.Buffers",
            "System.Memory",
            "System.Numerics.Vectors",
            "System.Runtime.CompilerServices.Unsafe",
            "System.Threading.Tasks.Extensions",
            "Microsoft.Bcl.AsyncInterfaces",
        };

        private static readonly object Gate = new object();
        private static DependencyLoadContext _installed;
        private static Dictionary<string, string> _platformAssemblies;
        private readonly string _directory;

        private DependencyLoadContext(string directory) : base(ContextName, isCollectible: false)
        {
            _directory = directory;
        }

        /// <summary>The context installed in this process, or null before the module was imported.</summary>
        public static DependencyLoadContext Current => _installed;

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

        /// <summary>
        /// Default context, after its own probing failed: anything we ship in ./dependencies comes from this context.
        /// </summary>
        private static Assembly OnDefaultResolving(AssemblyLoadContext context, AssemblyName name)
        {
            var installed = _installed;
            return installed != null && installed.Serves(name) ? installed.LoadFromAssemblyName(name) : null;
        }

        protected override Assembly Load(AssemblyName name)
        {
            return Serves(name) ? LoadFromAssemblyPath(PathOf(name)) : null;
        }

        /// <summary>True when this context loads <paramref name="name"/> itself (a file in ./dependencies that the runtime does not unify).</summary>
        public bool Serves(AssemblyName name)
        {
            if (string.IsNullOrEmpty(name?.Name) || !File.Exists(PathOf(name))) return false;
            return !IsRuntimeUnified(name) || !RuntimeHas(name);
        }

        private string PathOf(AssemblyName name) => Path.Combine(_directory, name.Name + ".dll");

        private static bool IsRuntimeUnified(AssemblyName name)
        {
            foreach (var unified in RuntimeUnified)
            {
                if (string.Equals(unified, name.Name, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        /// <summary>The default context can bind <paramref name="name"/> on its own (trusted platform assemblies).</summary>
        private static bool RuntimeHas(AssemblyName name)
        {
            var platform = PlatformAssemblies();
            if (!platform.TryGetValue(name.Name, out var path)) return false;
            try
            {
                return AssemblyName.GetAssemblyName(path).Version >= (name.Version ?? new Version(0, 0));
            }
            catch (Exception ex) when (ex is IOException || ex is BadImageFormatException || ex is UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static Dictionary<string, string> PlatformAssemblies()
        {
            var known = _platformAssemblies;
            if (known != null) return known;
            known = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
            foreach (var path in list.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) known[Path.GetFileNameWithoutExtension(path)] = path;
            }
            return _platformAssemblies = known;
        }
    }
}
