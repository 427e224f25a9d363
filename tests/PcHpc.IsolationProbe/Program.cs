using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

// Usage: PcHpc.IsolationProbe <module directory>
// Prints key=value lines the isolation test reads.
internal static class Program
{
    private static int Main(string[] args)
    {
        var moduleDir = Path.GetFullPath(args[0]);

        // 1. The session already uses an older AWSSDK.Core in the default context (as AWS.Tools would).
        var sessionCredentials = new Amazon.Runtime.BasicAWSCredentials("AKIDSESSION", "session-secret");
        Console.WriteLine("session.core=" + sessionCredentials.GetType().Assembly.FullName);

        // 2. Import-Module: PowerShell loads the root module and runs its IModuleAssemblyInitializer.
        var module = Assembly.LoadFrom(Path.Combine(moduleDir, "PcHpc.dll"));
        var initializerType = module.GetTypes().Single(t => typeof(IModuleAssemblyInitializer).IsAssignableFrom(t) && !t.IsAbstract);
        ((IModuleAssemblyInitializer)Activator.CreateInstance(initializerType)).OnImport();

        // 3. The module's AWS layer binds to its own AWSSDK.Core.
        var identity = Type.GetType("PcHpc.Aws.Diagnostics.AwsSdkIdentity, PcHpc.Aws", throwOnError: true);
        Console.WriteLine("module.core=" + identity.GetProperty("CoreAssembly").GetValue(null));
        Console.WriteLine("module.coreFileVersion=" + identity.GetProperty("CoreFileVersion").GetValue(null));
        Console.WriteLine("module.awsContext=" + AssemblyLoadContext.GetLoadContext(identity.Assembly)?.Name);
        Console.WriteLine("module.cmdletContext=" + AssemblyLoadContext.GetLoadContext(module)?.Name);
        foreach (var core in AssemblyLoadContext.All.SelectMany(c => c.Assemblies.Where(a => a.GetName().Name == "AWSSDK.Core").Select(a => (c, a))))
        {
            Console.WriteLine($"loaded.core={core.c.Name}|{core.a.GetName().Version}");
        }
        return 0;
    }
}
