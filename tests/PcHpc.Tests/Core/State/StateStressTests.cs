using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using PcHpc.Tests.Support;
using Xunit.Abstractions;

namespace PcHpc.Tests.Core.State
{
    /// <summary>Real concurrent processes (tests/PcHpc.StateStress) updating one shared record.</summary>
    public class StateStressTests
    {
        private const int Processes = 8;
        private const int UpdatesEach = 250;
        private readonly ITestOutputHelper _output;

        public StateStressTests(ITestOutputHelper output)
        {
            _output = output;
        }

        /// <summary>tests/PcHpc.StateStress/bin/&lt;config&gt;/&lt;tfm&gt;/PcHpc.StateStress.dll, matching this test assembly's build.</summary>
        internal static string StressAssembly()
        {
            var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
            var tfm = baseDir.Name;
            var configuration = baseDir.Parent.Name;
            var path = Path.Combine(TestEnvironment.RepoRoot, "tests", "PcHpc.StateStress", "bin", configuration, tfm, "PcHpc.StateStress.dll");
            Assert.True(File.Exists(path), $"{path} is missing: build the solution (PcHpc.Tests references PcHpc.StateStress so it is built first).");
            return path;
        }

        private static string DotnetHost()
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
            var process = Environment.ProcessPath;
            if (process != null && Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return process;
            return "dotnet";
        }

        [Fact]
        public void EightProcessesUpdatingOneRecordLoseNothing()
        {
            var dll = StressAssembly();
            using (var root = new TempStateRoot())
            {
                Directory.CreateDirectory(root.Path);
                var watch = Stopwatch.StartNew();
                var runs = new List<(Process Process, System.Threading.Tasks.Task<string> Out, System.Threading.Tasks.Task<string> Err)>();
                for (var p = 0; p < Processes; p++)
                {
                    var info = new ProcessStartInfo(DotnetHost())
                    {
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                        UseShellExecute = false,
                    };
                    info.ArgumentList.Add(dll);
                    info.ArgumentList.Add(root.Path);
                    info.ArgumentList.Add("w" + p);
                    info.ArgumentList.Add(UpdatesEach.ToString());
                    info.ArgumentList.Add("240");
                    var process = Process.Start(info);
                    runs.Add((process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync()));
                }
                foreach (var run in runs)
                {
                    // Generous hang guard only; the assertion is about correctness, not speed.
                    if (!run.Process.WaitForExit(300_000))
                    {
                        foreach (var r in runs) { try { r.Process.Kill(); } catch (InvalidOperationException) { } }
                        Assert.Fail("A stress process did not finish within 5 minutes.");
                    }
                    run.Process.WaitForExit();
                }
                watch.Stop();
                foreach (var run in runs)
                {
                    Assert.True(run.Process.ExitCode == 0, $"stress process failed ({run.Process.ExitCode}): {run.Err.Result}");
                    Assert.Equal(string.Empty, run.Err.Result);
                    run.Process.Dispose();
                }

                var dir = Path.Combine(root.Path, "stress");
                var file = Path.Combine(dir, "shared_2fcounter.json");
                var json = JsonNode.Parse(File.ReadAllText(file)).AsObject();
                Assert.Equal(Processes * UpdatesEach, (int)json["counter"]);
                var entries = json["entries"].AsArray().Select(e => (string)e).ToList();
                Assert.Equal(Processes * UpdatesEach, entries.Count);
                for (var p = 0; p < Processes; p++)
                {
                    var mine = entries.Where(e => e.StartsWith("w" + p + ":", StringComparison.Ordinal)).ToList();
                    Assert.Equal(Enumerable.Range(0, UpdatesEach).Select(i => "w" + p + ":" + i), mine); // all present, in order
                }
                Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
                Assert.Empty(Directory.GetFiles(dir, "*.corrupt-*"));
                Assert.Equal(new[] { ".lock", "shared_2fcounter.json" }, Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray());

                var message = $"{Processes} processes x {UpdatesEach} updates = {Processes * UpdatesEach} in {watch.Elapsed.TotalSeconds:0.00} s wall; lost updates: {Processes * UpdatesEach - (int)json["counter"]}";
                _output.WriteLine(message);
                var report = Environment.GetEnvironmentVariable("PCHPC_STRESS_REPORT");
                if (!string.IsNullOrEmpty(report)) File.AppendAllText(report, message + Environment.NewLine);
            }
        }
    }
}
