using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Jobs
{
    /// <summary>
    /// One real-engine session for the job tests: the fake AWS with cluster 'demo' whose head node is this machine
    /// (SSM → runuser -l ec2-user → the local SLURM), a private PCHPC_HOME, and a scratch folder every user may write
    /// (jobs run as ec2-user write their evidence there).
    /// </summary>
    public sealed class JobsSession : FakeAwsSession
    {
        public const string Cluster = "demo";

        public JobsSession()
        {
            Unavailable = SlurmWorld.Unavailable();
            if (Unavailable == null) SlurmWorld.EnsureUser("ec2-user");
            HeadNodeId = SlurmWorld.AddHeadNode(Aws, Cluster);
            Scratch = Path.Combine(Path.GetTempPath(), "pchpc-jobs-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Scratch);
            File.SetUnixFileMode(Scratch, (UnixFileMode)0x1FF); // 0777: the login user writes here too
            // Polls every 200 ms (SSM GetCommandInvocation and Wait-HpcJob): fast, without flooding the shared SLURM.
            Invoke("[PcHpc.InternalHooks]::SetTestHook('PollInterval', [timespan]::FromMilliseconds(200))").Succeeded();
        }

        /// <summary>Why SLURM jobs cannot run here, or null.</summary>
        public string Unavailable { get; }

        public string HeadNodeId { get; }

        public string Scratch { get; }

        /// <summary>A fresh folder under <see cref="Scratch"/> that every user may write.</summary>
        public string NewFolder(string name)
        {
            var dir = Path.Combine(Scratch, name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
            return dir;
        }

        public int SendCommands => Aws.Calls.Count("SendCommand");

        public void RequireSlurm() => Skip.If(Unavailable != null, Unavailable);

        public override void Dispose()
        {
            // Leave nothing running on the shared SLURM.
            try { Invoke("Get-HpcJob -Local -State Pending, Running -ErrorAction SilentlyContinue | Where-Object Name -like 'pchpc-t-*' | Stop-HpcJob -Force -ErrorAction SilentlyContinue"); } catch (Exception) { }
            base.Dispose();
            try { Directory.Delete(Scratch, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [CollectionDefinition("Jobs")]
    public sealed class JobsCollection : ICollectionFixture<JobsSession> { }

    internal static class PsObjects
    {
        public static T Get<T>(this PSObject o, string name)
        {
            var v = o.Properties[name]?.Value;
            if (v is PSObject ps) v = ps.BaseObject;
            if (v == null) return default;
            if (typeof(T) == typeof(string)) return (T)(object)v.ToString();
            return (T)LanguagePrimitives.ConvertTo(v, typeof(T));
        }
    }
}
