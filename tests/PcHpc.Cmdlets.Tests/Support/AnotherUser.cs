using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace PcHpc.Cmdlets.Tests.Support
{
    /// <summary>
    /// Runs a script in a fresh process of this assembly as another Unix user (<c>runuser -u nobody</c>), with the
    /// built module pointed at this session's fake AWS: the only honest way, from tests that run as root, to meet a
    /// PCHPC_HOME that belongs to someone else (root ignores permission bits). The child prints each output line,
    /// warning and error as one tab-separated, base64-encoded line.
    /// </summary>
    public static class AnotherUser
    {
        public const string Verb = "run-as-another-user";
        public const string User = "nobody";

        public sealed class Result
        {
            public List<string> Output { get; } = new List<string>();
            public List<string> Warnings { get; } = new List<string>();
            public List<string> Errors { get; } = new List<string>();
            public string Raw { get; set; }
        }

        /// <summary>Why this machine cannot run a script as another user, or null when it can.</summary>
        public static string WhyNot()
        {
            if (!OperatingSystem.IsLinux()) return "runuser is a Linux tool";
            if (Environment.UserName != "root") return "only root can start a process as another user";
            if (!File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser")) return "runuser is not installed";
            foreach (var path in new[] { typeof(AnotherUser).Assembly.Location, TestPaths.ModuleManifest })
            {
                // A checkout under a private folder (/root/...) cannot be run by another user.
                using var p = Process.Start(new ProcessStartInfo("runuser", new[] { "-u", User, "--", "test", "-r", path }) { UseShellExecute = false });
                p.WaitForExit();
                if (p.ExitCode != 0) return $"{User} cannot read '{path}' (a folder above it is private)";
            }
            return null;
        }

        public static Result Run(FakeAwsSession session, string home, string script)
        {
            var dotnet = Environment.ProcessPath ?? "dotnet";
            if (!Path.GetFileNameWithoutExtension(dotnet).Equals("dotnet", StringComparison.Ordinal)) dotnet = "dotnet";
            var psi = new ProcessStartInfo("runuser") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-u", User, "--", dotnet, typeof(AnotherUser).Assembly.Location, Verb,
                session.Aws.Url.ToString(), FakeAwsSession.AccessKey, FakeAwsSession.SecretKey, session.Aws.ParallelClusterInvokeUrl.ToString(), home,
                Convert.ToBase64String(Encoding.UTF8.GetBytes(script)) })
            {
                psi.ArgumentList.Add(a);
            }
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var p = Process.Start(psi);
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var result = new Result { Raw = stdout + stderr.Result };
            if (p.ExitCode != 0) throw new Xunit.Sdk.XunitException($"The child process as {User} failed (exit {p.ExitCode}): {result.Raw}");
            foreach (var line in stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0))
            {
                var parts = line.Split('\t');
                if (parts.Length != 2) continue;
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(parts[1]));
                if (parts[0] == "OUT") result.Output.Add(text);
                else if (parts[0] == "WARN") result.Warnings.Add(text);
                else if (parts[0] == "ERR") result.Errors.Add(text);
            }
            return result;
        }

        /// <summary>The child side (see Program.Main).</summary>
        internal static int Child(string[] args)
        {
            string Line(string kind, string text) => kind + "\t" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text ?? string.Empty));
            using var session = new PowerShellSession();
            session.Invoke(FakeAwsSession.SetupScript, args[0], args[1], args[2], args[4], args[3]).Succeeded();
            var r = session.Invoke(Encoding.UTF8.GetString(Convert.FromBase64String(args[5])));
            var lines = new List<string>();
            lines.AddRange(r.Output.Select(o => Line("OUT", o?.ToString())));
            lines.AddRange(r.Warnings.Select(w => Line("WARN", w)));
            lines.AddRange(r.Errors.Select(e => Line("ERR", e.FullyQualifiedErrorId + ": " + e.Exception?.Message)));
            if (r.Terminating != null) lines.Add(Line("ERR", r.Terminating.ErrorRecord?.FullyQualifiedErrorId + ": " + r.Terminating.Message));
            Console.Out.Write(string.Join("\n", lines) + "\n");
            return 0;
        }
    }

    /// <summary>The test assembly's entry point: the test host never calls it; <see cref="AnotherUser"/> does.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 7 && args[0] == AnotherUser.Verb) return AnotherUser.Child(args.Skip(1).ToArray());
            Console.Error.WriteLine("This is a test assembly; run it with dotnet test.");
            return 2;
        }
    }
}
