using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using PcHpc.Cmdlets.Tests.Clusters;
using PcHpc.Cmdlets.Tests.Jobs;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Faults
{
    /// <summary>
    /// The fault suite's world: the fake AWS with cluster 'demo' whose head node is this machine (SSM → local SLURM),
    /// cluster configs outside PCHPC_HOME, and a scratch folder where every job appends its own number once per run.
    /// </summary>
    public sealed class FaultSession : FakeAwsSession
    {
        public const string Cluster = "fdemo";

        public FaultSession()
        {
            Unavailable = SlurmWorld.Unavailable();
            if (Unavailable == null) SlurmWorld.EnsureUser("ec2-user");
            SlurmWorld.AddHeadNode(Aws, Cluster);
            Scratch = Path.Combine(Path.GetTempPath(), "pchpc-faults-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Scratch);
            File.SetUnixFileMode(Scratch, (UnixFileMode)0x1FF);
            ConfigPath = Path.Combine(Scratch, "cluster.yaml");
            File.WriteAllText(ConfigPath, ClusterSession.ValidYaml);
            Invoke("[PcHpc.InternalHooks]::SetTestHook('PollInterval', [timespan]::FromMilliseconds(100))").Succeeded();
        }

        public string Unavailable { get; }
        public string Scratch { get; }
        public string ConfigPath { get; }

        public void RequireSlurm() => Skip.If(Unavailable != null, Unavailable);

        /// <summary>Sets every fault rate (each checked in turn, so the total is 1 - (1-rate)^kinds).</summary>
        public void Faults(double throttle, double serverError, double reset, double lost)
        {
            Aws.Knobs.ThrottleRate = throttle;
            Aws.Knobs.ServerErrorRate = serverError;
            Aws.Knobs.ConnectionResetRate = reset;
            Aws.Knobs.LostResponseRate = lost;
        }

        public void NoFaults() => Faults(0, 0, 0, 0);

        /// <summary>How many times job <paramref name="n"/> ran (lines its script appended).</summary>
        public int Runs(int n)
        {
            var path = Path.Combine(Scratch, "ran-" + n);
            return File.Exists(path) ? File.ReadAllLines(path).Count(l => l.Trim() == n.ToString()) : 0;
        }

        /// <summary>Waits (at most <paramref name="seconds"/>) until SLURM has no job of this suite left.</summary>
        public void DrainSlurm(int seconds = 180)
        {
            var until = DateTime.UtcNow.AddSeconds(seconds);
            while (DateTime.UtcNow < until)
            {
                var psi = new ProcessStartInfo("squeue", "-h -o %j") { RedirectStandardOutput = true, RedirectStandardError = true };
                using var p = Process.Start(psi);
                var text = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode == 0 && !text.Split('\n').Any(l => l.StartsWith("pchpc-t-fault", StringComparison.Ordinal))) return;
                System.Threading.Thread.Sleep(500);
            }
        }

        /// <summary>Every file under PCHPC_HOME with its SHA-256 (path → hash), to prove the store did not change.</summary>
        public SortedDictionary<string, string> StoreSnapshot()
        {
            var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(StateHome, "*", SearchOption.AllDirectories))
            {
                result[Path.GetRelativePath(StateHome, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
            }
            foreach (var dir in Directory.EnumerateDirectories(StateHome, "*", SearchOption.AllDirectories))
            {
                result[Path.GetRelativePath(StateHome, dir) + "/"] = "dir";
            }
            return result;
        }

        public override void Dispose()
        {
            try { Invoke("[PcHpc.InternalHooks]::SetTestHook('RetryBudget', $null)"); } catch (Exception) { }
            try { Invoke("Get-HpcJob -Local -State Pending, Running -ErrorAction SilentlyContinue | Where-Object Name -like 'pchpc-t-fault*' | Stop-HpcJob -Force -ErrorAction SilentlyContinue"); } catch (Exception) { }
            base.Dispose();
            try { Directory.Delete(Scratch, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [CollectionDefinition("Faults")]
    public sealed class FaultsCollection : ICollectionFixture<FaultSession> { }
}
