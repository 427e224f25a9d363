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
    /// The fault suite's world: the fake AWS with cluster 'fdemo' whose head node is this machine (SSM → runuser → a fake
    /// SLURM that runs each job at once), cluster configs outside PCHPC_HOME, and a scratch folder where every job
    /// appends its own number once per run.
    /// </summary>
    public sealed class FaultSession : FakeAwsSession
    {
        public const string Cluster = "fdemo";

        /// <summary>The login user the suite's jobs run as: its login PATH puts the fake SLURM first.</summary>
        public const string User = "pchpcfault";

        public FaultSession()
        {
            Unavailable = SlurmWorld.IsRoot ? null : "The fault suite runs jobs through runuser like the SSM agent, which needs root.";
            SlurmWorld.AddHeadNode(Aws, Cluster);
            Scratch = Path.Combine(Path.GetTempPath(), "pchpc-faults-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Scratch);
            File.SetUnixFileMode(Scratch, (UnixFileMode)0x1FF);
            ConfigPath = Path.Combine(Scratch, "cluster.yaml");
            File.WriteAllText(ConfigPath, ClusterSession.ValidYaml);
            if (Unavailable == null) InstallFakeSlurm();
            Invoke(@"
                [PcHpc.InternalHooks]::SetTestHook('PollInterval', [timespan]::FromMilliseconds(50))
                $global:PSDefaultParameterValues['*-HpcJob:RunAsUser'] = $args[0]
                $global:PSDefaultParameterValues['*-HpcQueue:RunAsUser'] = $args[0]", User).Succeeded();
        }

        /// <summary>
        /// A SLURM of our own for user <see cref="User"/> only (the shared SLURM of the machine is left alone): sbatch runs
        /// the batch script at once and prints a job id, so every job has finished when its submission returns and the
        /// suite depends on no scheduler's timing. squeue/scontrol/sacct know nothing; PcHpc's markers tell the states.
        /// </summary>
        private void InstallFakeSlurm()
        {
            SlurmWorld.EnsureUser(User);
            var bin = Path.Combine(Scratch, "bin");
            var state = Path.Combine(Scratch, "slurm");
            Directory.CreateDirectory(bin);
            Directory.CreateDirectory(state);
            File.SetUnixFileMode(state, (UnixFileMode)0x1FF);
            void Script(string name, string text)
            {
                var path = Path.Combine(bin, name);
                File.WriteAllText(path, "#!/bin/bash\n" + text.Replace("\r\n", "\n"));
                File.SetUnixFileMode(path, (UnixFileMode)0x1ED); // 0755
            }
            Script("sbatch", @"out=/dev/null; err=/dev/null; name=
while [ $# -gt 0 ]; do
  case ""$1"" in
    --output=*) out=${1#--output=} ;;
    --error=*) err=${1#--error=} ;;
    --job-name=*) name=${1#--job-name=} ;;
    --*) ;;
    *) break ;;
  esac
  shift
done
exec 9>>'" + state + @"/lock'; flock 9
id=$(cat '" + state + @"/next' 2>/dev/null || echo 5000); echo $((id + 1)) > '" + state + @"/next'
exec 9>&-
SLURM_JOB_ID=$id SLURM_JOB_NAME=$name SLURM_JOB_USER=$(id -un) SLURM_JOB_PARTITION=compute SLURMD_NODENAME=fake \
  bash ""$@"" > ""${out//%j/$id}"" 2> ""${err//%j/$id}"" < /dev/null
echo ""$id""
");
            Script("squeue", "exit 0\n");
            Script("scontrol", "[ \"$1 $2\" = \"show job\" ] && [ $# -le 3 ] && [ \"$3\" = \"-o\" -o $# -eq 2 ] && exit 0\nexit 1\n");
            Script("sacct", "exit 1\n");
            Script("scancel", "exit 0\n");
            Script("sinfo", "echo compute\n");
            var home = Run("bash", "-c \"getent passwd " + User + " | cut -d: -f6\"").Trim();
            File.WriteAllText(Path.Combine(home, ".bash_profile"), "export PATH='" + bin + "':$PATH\n");
            try { Directory.Delete(Path.Combine(home, ".pchpc"), true); } catch (DirectoryNotFoundException) { }
        }

        private static string Run(string file, string args)
        {
            var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi);
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return text;
        }

        public string Unavailable { get; }
        public string Scratch { get; }
        public string ConfigPath { get; }

        public void RequireRoot() => Skip.If(Unavailable != null, Unavailable);

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
            base.Dispose();
            try { Directory.Delete(Scratch, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [CollectionDefinition("Faults")]
    public sealed class FaultsCollection : ICollectionFixture<FaultSession> { }
}
