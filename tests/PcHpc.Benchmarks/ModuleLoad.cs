using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PcHpc.FakeAws;

namespace PcHpc.Benchmarks
{
    /// <summary>
    /// Cold-start cost of the module in a real PowerShell 7.6 engine, each run in a fresh process (load contexts and JIT
    /// are per process): Import-Module, the first offline cmdlet (New-HpcQueueConfig), and the first EC2 call
    /// (New-HpcVpc -Export: EC2 DescribeAvailabilityZones + DescribeVpcs against the loopback fake AWS).
    ///   dotnet run -c Release --project tests/PcHpc.Benchmarks -- module-load [moduleDir=out/PcHpc] [runs=7]
    /// </summary>
    internal static class ModuleLoad
    {
        public static int Run(string moduleDir, int runs)
        {
            moduleDir = Path.GetFullPath(moduleDir);
            var self = Environment.ProcessPath;
            var samples = new List<double[]>();
            for (int i = 0; i < runs; i++)
            {
                var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                if (self.EndsWith("dotnet", StringComparison.Ordinal) || self.EndsWith("dotnet.exe", StringComparison.Ordinal))
                    psi.ArgumentList.Add(typeof(ModuleLoad).Assembly.Location);
                psi.ArgumentList.Add("module-load-once");
                psi.ArgumentList.Add(moduleDir);
                using var p = Process.Start(psi);
                var stdout = p.StandardOutput.ReadToEnd();
                var stderr = p.StandardError.ReadToEnd();
                p.WaitForExit();
                var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
                if (p.ExitCode != 0 || line == null)
                {
                    Console.Error.WriteLine("run " + (i + 1) + " failed (exit " + p.ExitCode + "):\n" + stdout + stderr);
                    return 1;
                }
                var values = line.Substring(7).Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                samples.Add(values);
                Console.WriteLine($"run {i + 1}: engine {values[0]:0} ms, Import-Module {values[1]:0} ms, first offline cmdlet {values[2]:0} ms, first EC2 call {values[3]:0} ms");
            }
            double Median(int k)
            {
                var sorted = samples.Select(s => s[k]).OrderBy(x => x).ToList();
                return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            }
            var size = Directory.GetFiles(moduleDir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"module {moduleDir}: {size / 1024.0 / 1024.0:0.00} MiB ({size} bytes)");
            Console.WriteLine($"median of {runs} fresh processes: Import-Module {Median(1):0} ms; Import-Module + first offline cmdlet {Median(1) + Median(2):0} ms; first EC2 call {Median(3):0} ms (engine start {Median(0):0} ms, not included)");
            return 0;
        }

        /// <summary>One cold measurement in this (fresh) process; prints "RESULT engine import offline ec2" in milliseconds.</summary>
        public static int Once(string moduleDir)
        {
            var home = Path.Combine(Path.GetTempPath(), "pchpc-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(home);
            Environment.SetEnvironmentVariable("PCHPC_HOME", home);
            try
            {
                var server = FakeAwsServer.StartAsync().GetAwaiter().GetResult();
                var sw = Stopwatch.StartNew();
                using var ps = PowerShell.Create(InitialSessionState.CreateDefault2());
                ps.AddScript("1").Invoke();
                var engine = sw.Elapsed.TotalMilliseconds;

                double Step(string script)
                {
                    ps.Commands.Clear();
                    ps.Streams.ClearStreams();
                    var t = Stopwatch.StartNew();
                    ps.AddScript(script).Invoke();
                    var ms = t.Elapsed.TotalMilliseconds;
                    if (ps.HadErrors) throw new InvalidOperationException(script + ": " + string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
                    return ms;
                }

                var import = Step("Import-Module '" + Path.Combine(moduleDir, "PcHpc.psd1") + "' -ErrorAction Stop");
                var offline = Step("$null = New-HpcQueueConfig -Name q -InstanceType c6i.xlarge -MaxCount 2");
                var export = Path.Combine(home, "net.json");
                var ec2 = Step("New-HpcVpc -Name bench -Region us-east-1 -NatGateway None -Export '" + export + "' -EndpointUrl '" + server.Url
                    + "' -AccessKey AKIABENCH0000000001 -SecretKey bench/secret -Confirm:$false");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {engine} {import} {offline} {ec2}"));
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
                return 0;
            }
            finally
            {
                try { Directory.Delete(home, true); } catch (IOException) { }
            }
        }
    }
}
