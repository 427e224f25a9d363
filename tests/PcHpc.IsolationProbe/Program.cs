using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.Loader;

// Usage: PcHpc.IsolationProbe <module directory> <scratch directory>
// Prints key=value lines that Module/IsolationTests reads; exits 0 unless the probe itself breaks (a failing cmdlet is
// reported as a line, so the test can say what failed).
internal static class Program
{
    private static readonly string[] Watched =
    {
        "PcHpc", "PcHpc.Isolation", "PcHpc.Core", "PcHpc.Aws", "YamlDotNet", "System.Text.Json", "System.Text.Encodings.Web",
        "AWSSDK.Core", "System.Memory", "System.Runtime.CompilerServices.Unsafe",
    };

    private static int Main(string[] args)
    {
        var moduleDir = Path.GetFullPath(args[0]);
        var scratch = Path.GetFullPath(args[1]);
        Directory.CreateDirectory(scratch);

        // 1. The session already uses other versions in the default context: YamlDotNet 13.7.1 (powershell-yaml ships
        //    it) and AWSSDK.Core 3.7 (AWS.Tools). Both are on this process's own probing list, so the default context
        //    would hand them to anyone who asks it for YamlDotNet or AWSSDK.Core.
        var yaml = new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(new Dictionary<string, int> { ["a"] = 1 });
        Print("session.yamlWorks", yaml.Trim() == "a: 1");
        Print("session.yaml", typeof(YamlDotNet.Serialization.SerializerBuilder).Assembly.FullName);
        Print("session.core", new Amazon.Runtime.BasicAWSCredentials("AKIDSESSION", "session-secret").GetType().Assembly.FullName);

        // 2. A real engine imports the module through its manifest and runs the config cmdlets.
        using (var ps = PowerShell.Create(InitialSessionState.CreateDefault2()))
        {
            ps.AddScript(Script).AddParameter("ModulePath", Path.Combine(moduleDir, "PcHpc.psd1")).AddParameter("Scratch", scratch);
            try
            {
                foreach (var line in ps.Invoke())
                {
                    Console.WriteLine(line?.BaseObject);
                }
            }
            catch (RuntimeException ex)
            {
                Print("script.terminated", OneLine(ex.Message));
            }
            foreach (var error in ps.Streams.Error)
            {
                Print("script.error", OneLine(error.ToString()));
            }
        }

        // 3. The module's AWS layer, reached from the default context as PcHpc.dll reaches it, binds to its own AWSSDK.Core.
        try
        {
            var identity = Type.GetType("PcHpc.Aws.Diagnostics.AwsSdkIdentity, PcHpc.Aws", throwOnError: true);
            Print("module.core", identity.GetProperty("CoreAssembly").GetValue(null));
            Print("module.coreFileVersion", identity.GetProperty("CoreFileVersion").GetValue(null));
        }
        catch (Exception ex)
        {
            Print("module.coreError", OneLine(ex.Message));
        }

        // 4. Where everything landed: one line per loaded copy, "name|context|version|file".
        foreach (var context in AssemblyLoadContext.All)
        {
            foreach (var assembly in context.Assemblies)
            {
                var name = assembly.GetName();
                if (!Watched.Contains(name.Name, StringComparer.Ordinal)) continue;
                var location = assembly.Location;
                var file = location.StartsWith(moduleDir + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    ? "module:" + Path.GetRelativePath(moduleDir, location).Replace('\\', '/')
                    : "other:" + Path.GetFileName(location);
                Print("loaded", $"{name.Name}|{context.Name}|{name.Version}|{file}");
            }
        }
        return 0;
    }

    // Written as a user would; -ErrorAction Stop turns a failing cmdlet into script.terminated.
    private const string Script = @"
param([string] $ModulePath, [string] $Scratch)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
'import.ok=True'
$path = Join-Path $Scratch 'cluster.yaml'
New-HpcQueueConfig -Name compute -InstanceType c6i.2xlarge -MinCount 0 -MaxCount 20 |
    New-HpcClusterConfig -Region us-east-1 -HeadNodeInstanceType t3.medium -HeadNodeSubnetId subnet-0123456789abcdef0 -KeyName ops |
    Export-HpcClusterConfig -Path $path | Out-Null
'export.exists=' + (Test-Path $path)
'export.hasQueue=' + ((Get-Content $path -Raw) -match 'c6i\.2xlarge')
$config = Import-HpcClusterConfig -Path $path
'import.type=' + $config.GetType().FullName
'import.queues=' + ($config.Queues -join ',')
'import.headNode=' + $config.HeadNode.InstanceType
'test.problems=' + @($config | Test-HpcClusterConfig).Count
'test.quiet=' + (Test-HpcClusterConfig -Path $path -Quiet)
$bad = Import-HpcClusterConfig -Path $path
$bad.Scheduling.SlurmQueues[0].Name = 'CPU'
'test.badPaths=' + (@($bad | Test-HpcClusterConfig).Path -join ',')
'typeLiteral=' + [PcHpc.ClusterConfig].FullName
'context.typeLiteral=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([PcHpc.ClusterConfig].Assembly).Name
'context.cmdlets=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext((Get-Command New-HpcClusterConfig).ImplementingType.Assembly).Name
# Offline: pinned zones and -Export never call AWS, but the cmdlet resolves credentials (PcHpc.Aws, AWSSDK.Core) and
# writes the template with System.Text.Json.
$net = Join-Path $Scratch 'net.json'
New-HpcVpc -Name hpc-net -Region us-east-1 -AccessKey AKIAPROBEOFFLINE0001 -SecretKey not-used -EndpointUrl 'http://127.0.0.1:9/' `
    -AvailabilityZone us-east-1a, us-east-1b -Export $net | Out-Null
'vpc.exportResources=' + @((Get-Content $net -Raw | ConvertFrom-Json).Resources.PSObject.Properties).Count
";

    private static void Print(string key, object value) => Console.WriteLine(key + "=" + value);

    private static string OneLine(string text) => (text ?? "").Replace('\r', ' ').Replace('\n', ' ');
}
