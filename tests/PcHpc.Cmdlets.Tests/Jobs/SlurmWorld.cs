using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using PcHpc.Cmdlets.Tests.Support;
using PcHpc.FakeAws;

namespace PcHpc.Cmdlets.Tests.Jobs
{
    /// <summary>
    /// The local one-node SLURM (tests/slurm/start-slurm.sh) and the fake AWS set up so that a cluster's head node is
    /// this machine: an EC2 instance with the ParallelCluster tags that is also an SSM managed instance, whose
    /// AWS-RunShellScript commands the fake runs with local bash (as root, like the real agent), so the job cmdlets go
    /// through SSM → runuser -l &lt;login user&gt; → the real SLURM. The login user of the OS (ec2-user on Amazon Linux) is
    /// created when missing, so nothing but root and the SLURM packages is needed.
    /// </summary>
    public static class SlurmWorld
    {
        private static readonly object Gate = new object();
        private static string _startFailure;
        private static bool _started;

        public static bool IsRoot => Environment.UserName == "root" || Run("id", "-u").Trim() == "0";

        public static bool Installed => OnPath("sbatch") && (OnPath("slurmctld") || File.Exists("/usr/sbin/slurmctld"));

        /// <summary>Why SLURM jobs cannot run here (null when they can): the reason a test skips with.</summary>
        public static string Unavailable()
        {
            if (!Installed) return "SLURM is not installed here (no sbatch/slurmctld); run tests/slurm/start-slurm.sh as root (bash .ci/run installs the packages).";
            if (!IsRoot) return "The jobs tests run SLURM commands through runuser like the SSM agent, which needs root.";
            lock (Gate)
            {
                if (!_started)
                {
                    var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "slurm", "start-slurm.sh");
                    var output = Run("bash", script, out var code);
                    _startFailure = code == 0 ? null : "tests/slurm/start-slurm.sh failed: " + output;
                    _started = true;
                }
                return _startFailure;
            }
        }

        /// <summary>Creates a login user (with a home) when this machine has none of that name.</summary>
        public static void EnsureUser(string user)
        {
            lock (Gate)
            {
                Run("id", "-u " + user, out var code);
                if (code == 0) return;
                var output = Run("useradd", "-m -s /bin/bash " + user, out code);
                if (code != 0 && Run("id", "-u " + user, out _).Length == 0) throw new InvalidOperationException("useradd " + user + " failed: " + output);
            }
        }

        /// <summary>Registers this machine as the head node of <paramref name="cluster"/> in the fake EC2 and SSM.</summary>
        public static string AddHeadNode(FakeAwsServer aws, string cluster, string region = "us-east-1", string os = "alinux2023", string pingStatus = "Online", bool managed = true)
        {
            var id = "i-0" + Math.Abs((cluster + "/" + region).GetHashCode()).ToString("x8").PadLeft(8, '0') + "headnd";
            if (managed) aws.Ssm.RegisterInstance(id, region, pingStatus);
            aws.Ec2.AddInstance(new FakeInstance
            {
                InstanceId = id,
                Region = region,
                Tags = new List<KeyValuePair<string, string>>
                {
                    new("parallelcluster:cluster-name", cluster),
                    new("parallelcluster:node-type", "HeadNode"),
                    new("parallelcluster:attributes", os + ", slurm, 3.12.0, x86_64"),
                    new("Name", "HeadNode"),
                },
            });
            return id;
        }

        /// <summary>True while slurmctld still knows the job (MinJobAge in slurm.conf makes it forget finished jobs).</summary>
        public static bool SlurmKnows(string id) => Run("scontrol", "show job " + int.Parse(id.Split('_')[0]), out var code).Length >= 0 && code == 0;

        private static string Run(string file, string args) => Run(file, args, out _);

        private static string Run(string file, string args, out int exitCode)
        {
            try
            {
                var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                using var p = Process.Start(psi);
                var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
                p.WaitForExit();
                exitCode = p.ExitCode;
                return output;
            }
            catch (Exception ex)
            {
                exitCode = -1;
                return ex.Message;
            }
        }

        private static bool OnPath(string name) =>
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Concat(new[] { "/usr/sbin", "/usr/bin" })
                .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, name)));
    }
}
