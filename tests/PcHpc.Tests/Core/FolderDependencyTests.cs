using System;
using System.Diagnostics;
using System.IO;
using PcHpc.Tests.Core.Config;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Core
{
    /// <summary>The engine's folders depend on each other one way only (tools/deps/core-folder-graph.py).</summary>
    public class FolderDependencyTests
    {
        private static (int ExitCode, string Output) Graph(string folder = null)
        {
            var python = SchemaTableTests.FindPython();
            Skip.If(python == null, "python3 is not on PATH; tools/deps/core-folder-graph.py needs Python 3 (standard library only).");
            var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(Path.Combine(TestEnvironment.RepoRoot, "tools", "deps", "core-folder-graph.py"));
            if (folder != null) psi.ArgumentList.Add(folder);
            using var process = Process.Start(psi);
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }

        [SkippableFact]
        public void CoreFolders_HaveNoCycles()
        {
            var (code, output) = Graph();
            Assert.True(code == 0, output);
            Assert.Contains("no cycles between folders", output);
            Assert.Contains("Clusters     -> ", output); // the real tree was read
        }

        [SkippableFact]
        public void TheGraph_NamesACycleAndTheTypesThatMakeIt()
        {
            var root = Path.Combine(Path.GetTempPath(), "pchpc-graph-" + Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(Path.Combine(root, "Alpha"));
                Directory.CreateDirectory(Path.Combine(root, "Beta"));
                File.WriteAllText(Path.Combine(root, "Alpha", "A.cs"), "namespace X { public sealed class AlphaThing { public BetaThing Partner { get; set; } } }");
                File.WriteAllText(Path.Combine(root, "Beta", "B.cs"), "namespace X { public sealed class BetaThing { public AlphaThing Back() => new AlphaThing(); } }");
                var (code, output) = Graph(root);
                Assert.Equal(1, code);
                Assert.Contains("cycle Alpha <-> Beta: Alpha->Beta via BetaThing; Beta->Alpha via AlphaThing", output);

                // A name the file declares as a property is not a use of a type: no cycle.
                File.WriteAllText(Path.Combine(root, "Beta", "B.cs"), "namespace X { public sealed class BetaThing { public string AlphaThing { get; set; } } }");
                (code, output) = Graph(root);
                Assert.Equal(0, code);
            }
            finally
            {
                Directory.Delete(root, true);
            }
        }
    }
}
