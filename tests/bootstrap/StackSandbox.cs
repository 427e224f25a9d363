using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace PcHpc.TestSupport
{
    /// <summary>
    /// A throwaway root for running a generated software-stack script for real: PCHPC_ROOT_PREFIX points every path of
    /// the script into it (users go to its etc/passwd through useradd --prefix), Debian's real Lmod is used as
    /// installed, and tests/bootstrap's recording stand-ins replace git and spack (PATH). Needs root (useradd) and Lmod.
    /// </summary>
    public sealed class StackSandbox : IDisposable
    {
        public const string LmodInit = "/usr/share/lmod/lmod/init/bash";

        public StackSandbox(string standIns)
        {
            Directory = Path.Combine(Path.GetTempPath(), "pchpc-stack-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Root = Path.Combine(Directory, "root");
            Bin = Path.Combine(Directory, "bin");
            System.IO.Directory.CreateDirectory(Path.Combine(Root, "etc", "parallelcluster"));
            System.IO.Directory.CreateDirectory(Bin);
            File.WriteAllText(Path.Combine(Root, "etc", "passwd"), "root:x:0:0:root:/root:/bin/bash\n");
            File.WriteAllText(Path.Combine(Root, "etc", "group"), "root:x:0:\n");
            File.WriteAllText(Path.Combine(Root, "etc", "shadow"), "root:*:19000:0:99999:7:::\n");
            File.WriteAllText(Path.Combine(Root, "etc", "gshadow"), "root:*::\n");
            foreach (var tool in new[] { "git", "spack" })
            {
                File.Copy(Path.Combine(standIns, tool), Path.Combine(Bin, tool));
                File.SetUnixFileMode(Path.Combine(Bin, tool), (UnixFileMode)0b111_101_101);
            }
            NodeType = "HeadNode";
        }

        /// <summary>Why the sandbox cannot run here (null when it can).</summary>
        public static string Unavailable()
        {
            if (!OperatingSystem.IsLinux()) return "needs Linux";
            if (System.Environment.UserName != "root" && Run("id", "-u", null, out _).Trim() != "0") return "needs root (useradd --prefix)";
            if (!File.Exists(LmodInit)) return "needs Debian's Lmod (apt-get install lmod; .ci/run installs it)";
            return null;
        }

        public string Directory { get; }
        public string Root { get; }
        public string Bin { get; }

        /// <summary>Written to the root's /etc/parallelcluster/cfnconfig before each run.</summary>
        public string NodeType { get; set; }

        /// <summary>Environment for the script (and for a fake SSM instance that reads this root).</summary>
        public Dictionary<string, string> Environment(string failSpecs = null) => new Dictionary<string, string>
        {
            ["PCHPC_ROOT_PREFIX"] = Root,
            ["PATH"] = Bin + ":" + (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin"),
            ["STANDIN_SPACK_FAIL"] = failSpecs ?? string.Empty,
        };

        /// <summary>Runs the script with bash; returns its exit code (output in <paramref name="output"/>).</summary>
        public int RunScript(string scriptText, out string output, string failSpecs = null)
        {
            var cfn = Path.Combine(Root, "etc", "parallelcluster", "cfnconfig");
            var text = "stack_name=demo\ncfn_node_type=" + NodeType + "\n";
            if (!File.Exists(cfn) || File.ReadAllText(cfn) != text) File.WriteAllText(cfn, text);
            var script = Path.Combine(Directory, "stack.sh");
            File.WriteAllText(script, scriptText);
            output = Run("/bin/bash", script, Environment(failSpecs), out var code);
            return code;
        }

        /// <summary>Runs bash -c text in the sandbox's environment.</summary>
        public string Bash(string text, out int exitCode) => Run("/bin/bash", null, Environment(), out exitCode, text);

        /// <summary>Every file, directory and link under the root except logs and the stand-ins' records: path to mode, owner and content hash.</summary>
        public SortedDictionary<string, string> Snapshot()
        {
            var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in new DirectoryInfo(Root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(Root, entry.FullName);
                // Logs grow on every run; the stand-ins' own records are checked by the tests themselves.
                if (rel.StartsWith("var/log/", StringComparison.Ordinal) || rel.Contains(".stand-in")) continue;
                var mode = entry.UnixFileMode.ToString("D");
                if (entry is FileInfo file && entry.LinkTarget == null)
                {
                    using var stream = file.OpenRead();
                    result[rel] = mode + " " + Convert.ToHexString(SHA256.HashData(stream)) + " " + file.LastWriteTimeUtc.Ticks;
                }
                else result[rel] = mode + (entry.LinkTarget != null ? " -> " + entry.LinkTarget : "/");
            }
            return result;
        }

        public string ReadRootFile(string relative) => File.ReadAllText(Path.Combine(Root, relative.TrimStart('/')));

        private static string Run(string file, string argument, IDictionary<string, string> env, out int exitCode, string stdin = null)
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin != null, UseShellExecute = false };
            if (argument != null) psi.ArgumentList.Add(argument);
            if (stdin != null) psi.ArgumentList.Add("-s");
            if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
            using var p = Process.Start(psi)!;
            if (stdin != null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            exitCode = p.ExitCode;
            return stdout + stderr.Result;
        }

        public void Dispose()
        {
            try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
