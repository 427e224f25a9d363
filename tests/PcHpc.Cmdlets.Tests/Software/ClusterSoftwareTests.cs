using System;
using System.IO;
using System.Linq;
using PcHpc.Cmdlets.Tests.Jobs;
using PcHpc.Cmdlets.Tests.Support;
using PcHpc.TestSupport;

namespace PcHpc.Cmdlets.Tests.Software
{
    /// <summary>
    /// Get-/Test-HpcClusterSoftware end to end: New-HpcSoftwareStack's script really runs (bash, Debian's Lmod, the
    /// stand-in spack) in a throwaway root, and the cmdlets read that root through the fake SSM, whose commands run
    /// with local bash as the head node.
    /// </summary>
    public sealed class ClusterSoftwareTests : IDisposable
    {
        private readonly FakeAwsSession _ps = new FakeAwsSession();
        private StackSandbox _box;

        private static string StandIns => Path.Combine(TestPaths.RepositoryRoot, "tests", "bootstrap");

        /// <summary>Builds the stack in a sandbox (failing <paramref name="fail"/>) and makes it cluster demo's head node.</summary>
        private void HeadNodeWithStack(string fail = null, string packages = "'samtools@1.17', 'bwa@0.7.17'")
        {
            var unavailable = StackSandbox.Unavailable();
            Skip.If(unavailable != null, unavailable);
            _box = new StackSandbox(StandIns);
            var script = (string)_ps.Invoke("(New-HpcSoftwareStack -Name bio -Package " + packages + " -User 'alice:2001').Script").Succeeded().Objects.Single();
            Assert.True(_box.RunScript(script, out var output, fail) == 0, output);
            var id = SlurmWorld.AddHeadNode(_ps.Aws, "demo");
            foreach (var kv in _box.Environment()) _ps.Aws.Ssm.Instance(id).Environment[kv.Key] = kv.Value;
        }

        private sealed record Row(string ClusterName, string Stack, string Name, string Version, bool Installed, string ModuleName, bool Loadable, string Error, object InstalledAt);

        private static Row[] Rows(PsResult r) => r.Output.Select(o => new Row(
            (string)o.Properties["ClusterName"].Value, (string)o.Properties["Stack"].Value, (string)o.Properties["Name"].Value,
            (string)o.Properties["Version"].Value, (bool)o.Properties["Installed"].Value, (string)o.Properties["ModuleName"].Value,
            (bool)o.Properties["Loadable"].Value, (string)o.Properties["Error"].Value, o.Properties["InstalledAt"].Value)).ToArray();

        [SkippableFact]
        public void Get_ReturnsOnePackageEach_InstalledWithModule_InOneSsmCall()
        {
            HeadNodeWithStack();
            var before = _ps.Aws.Ssm.Invocations.Count;
            var r = _ps.Invoke("Get-HpcClusterSoftware -ClusterName demo -Region us-east-1").Succeeded();
            Assert.Equal(1, _ps.Aws.Ssm.Invocations.Count - before);
            Assert.All(r.Output, o => Assert.Equal("PcHpc.ClusterSoftware", o.BaseObject.GetType().FullName));
            var rows = Rows(r);
            Assert.Equal(new[] { "samtools", "bwa" }, rows.Select(p => p.Name));
            var samtools = rows[0];
            Assert.Equal(("1.17", true, "samtools/1.17", true, (string)null), (samtools.Version, samtools.Installed, samtools.ModuleName, samtools.Loadable, samtools.Error));
            Assert.Equal("bio", samtools.Stack);
            Assert.Equal("demo", samtools.ClusterName);
            Assert.NotNull(samtools.InstalledAt);
            Assert.Equal(true, _ps.Invoke("Test-HpcClusterSoftware -ClusterName demo -Region us-east-1").Succeeded().Objects.Single());
            // The table view names the columns the issue asks for.
            var table = string.Join("\n", _ps.Invoke("Get-HpcClusterSoftware -ClusterName demo -Region us-east-1 | Out-String -Width 200").Succeeded().Objects);
            Assert.Matches(@"Stack\s+Name\s+Version\s+Installed\s+ModuleName\s+Error", table);
            Assert.Matches(@"bio\s+samtools\s+1\.17\s+True\s+samtools/1\.17", table);
        }

        [SkippableFact]
        public void FailedPackage_IsReportedWithItsReason_AndTestIsFalse()
        {
            HeadNodeWithStack(fail: "bwa@0.7.17");
            var bwa = Rows(_ps.Invoke("Get-HpcClusterSoftware -ClusterName demo -Region us-east-1 -Name bw*").Succeeded()).Single();
            Assert.Equal(("bwa", false, (string)null, false), (bwa.Name, bwa.Installed, bwa.ModuleName, bwa.Loadable));
            Assert.Equal("==> Error: FetchError: All fetchers failed for bwa-0.7.17", bwa.Error);
            var r = _ps.Invoke("Test-HpcClusterSoftware -ClusterName demo -Region us-east-1 -Verbose").Succeeded();
            Assert.Equal(false, r.Objects.Single());
            Assert.Contains(r.Verbose, v => v.Contains("bio: bwa@0.7.17: ==> Error: FetchError"));
        }

        [SkippableFact]
        public void ModuleThatDoesNotLoad_MakesTestFalse()
        {
            HeadNodeWithStack();
            // A module file Lmod cannot load (a Tcl error), as a broken Spack module would be.
            File.WriteAllText(Path.Combine(_box.Root, "shared/spack/modules/samtools/1.17"), "#%Module1.0\nerror \"broken\"\n");
            var samtools = Rows(_ps.Invoke("Get-HpcClusterSoftware -ClusterName demo -Region us-east-1 -Name samtools").Succeeded()).Single();
            Assert.Equal((true, false, "module load samtools/1.17 failed"), (samtools.Installed, samtools.Loadable, samtools.Error));
            Assert.Equal(false, _ps.Invoke("Test-HpcClusterSoftware -ClusterName demo -Region us-east-1").Succeeded().Objects.Single());
        }

        [SkippableFact]
        public void NoStack_WarnsAndTestIsFalse()
        {
            HeadNodeWithStack();
            File.Delete(Path.Combine(_box.Root, "var/lib/pchpc/software/bio.status"));
            var r = _ps.Invoke("Get-HpcClusterSoftware -ClusterName demo -Region us-east-1").Succeeded();
            Assert.Empty(r.Output);
            Assert.Contains(r.Warnings, w => w.Contains("has no software stack status"));
            Assert.Equal(false, _ps.Invoke("Test-HpcClusterSoftware -ClusterName demo -Region us-east-1").Succeeded().Objects.Single());
        }

        [SkippableFact]
        public void GetHpcClusterDetailed_ShowsTheSoftwareSummary()
        {
            HeadNodeWithStack(fail: "bwa@0.7.17");
            var config = Path.Combine(_ps.StateHome, "c.yaml");
            File.WriteAllText(config, "Region: us-east-1\nImage:\n  Os: alinux2023\nHeadNode:\n  InstanceType: t3.medium\n  Networking:\n    SubnetId: subnet-0123456789abcdef0\n"
                + "Scheduling:\n  Scheduler: slurm\n  SlurmQueues:\n    - Name: compute\n      ComputeResources:\n        - Name: cr1\n          InstanceType: c6i.xlarge\n          MinCount: 0\n          MaxCount: 10\n"
                + "      Networking:\n        SubnetIds:\n          - subnet-0123456789abcdef0\n");
            _ps.Invoke("Install-HpcApi -Region us-east-1 -Wait -Confirm:$false | Out-Null; New-HpcCluster -Name bio -ConfigPath $args[0] -Wait -Confirm:$false | Out-Null", config).Succeeded();
            var id = _ps.Aws.ParallelCluster.Find("bio").HeadNode.InstanceId;
            foreach (var kv in _box.Environment()) _ps.Aws.Ssm.Instance(id).Environment[kv.Key] = kv.Value;
            var before = _ps.Aws.Ssm.Invocations.Count;
            var r = _ps.Invoke("(Get-HpcCluster -Name bio -Region us-east-1 -Detailed).Software; (Get-HpcCluster -Name bio -Region us-east-1).Software").Succeeded();
            Assert.Equal(new object[] { "1/2 installed, 1 failed", null }, r.Objects.ToArray());
            Assert.Equal(1, _ps.Aws.Ssm.Invocations.Count - before);
        }

        [Fact]
        public void BadClusterName_FailsBeforeAnySsmCall()
        {
            var r = _ps.Invoke("Get-HpcClusterSoftware -ClusterName 'no such' -Region us-east-1");
            Assert.StartsWith("InvalidClusterName,", r.SingleError().FullyQualifiedErrorId);
            Assert.Empty(_ps.Aws.Ssm.Invocations);
        }

        public void Dispose()
        {
            _box?.Dispose();
            _ps.Dispose();
        }
    }
}
