using System.IO;
using System.Linq;

namespace PcHpc.Cmdlets.Tests.Config
{
    /// <summary>-OnNodeStart/-OnNodeConfigured/-OnNodeUpdated, -S3Access and New-HpcSoftwareStack through the real engine.</summary>
    [Collection(ConfigCollection.Name)]
    public class BootstrapAuthoringTests
    {
        private readonly ConfigSession _ps;

        public BootstrapAuthoringTests(ConfigSession session)
        {
            _ps = session;
            _ps.Reset();
            _ps.Invoke("$env:PCHPC_HOME = Join-Path $args[0] home; Set-Content -Path ./setup.sh -Value 'echo set up'", _ps.Directory).Succeeded();
        }

        [Fact]
        public void HeadNodeAndQueueActions_WriteCustomActions_SequenceAndS3Access()
        {
            // Export would stage the local scripts (BootstrapStagingTests); here the authored sections themselves.
            var r = _ps.Invoke(@"
                $bio = New-HpcSoftwareStack -Name bio -Package 'samtools@1.17' -MountS3Bucket my-ref -MountPath /data/ref
                $q = New-HpcQueueConfig -Name compute -InstanceType c5.large -OnNodeConfigured $bio -S3Access 'my-reference-data/genomes'
                $c = New-HpcClusterConfig -Region us-east-1 -HeadNodeSubnetId $args[0] -Queue $q `
                    -OnNodeStart ./setup.sh, @{Script='s3://my-scripts/two.sh'; Args='a','b'} -OnNodeUpdated https://example.com/u.sh `
                    -S3Access @{Bucket='my-results'; KeyPrefix='out'; Write=$true}
                $h = $c.HeadNode
                $h.CustomActions.OnNodeStart.Script; $h.CustomActions.OnNodeStart.Sequence.Script -join ' '; $h.CustomActions.OnNodeStart.Sequence[1].Args -join ','
                $h.CustomActions.OnNodeUpdated.Script; $h.CustomActions.OnNodeConfigured
                $h.Iam.S3Access | ForEach-Object { '{0}|{1}|{2}' -f $_.BucketName, $_.KeyName, $_.EnableWriteAccess }
                $s = $c.Scheduling.SlurmQueues[0]
                $s.CustomActions.OnNodeConfigured.Script; $s.CustomActions.OnNodeStart
                ($s.Iam.S3Access | ForEach-Object { '{0}|{1}|{2}' -f $_.BucketName, $_.KeyName, $_.EnableWriteAccess }) -join ' '", ConfigSession.Subnet).Succeeded();
            var o = r.Objects.ToArray();
            var setup = Path.Combine(_ps.Directory, "setup.sh");
            Assert.Null(o[0]);
            Assert.Equal(setup + " s3://my-scripts/two.sh", o[1]);
            Assert.Equal("a,b", o[2]);
            Assert.Equal("https://example.com/u.sh", o[3]);
            Assert.Null(o[4]);
            Assert.Equal("my-results|out/*|True", o[5]);
            // The queue: the stack's script as a local, content-addressed file, read access to the given bucket and to the mounted one.
            Assert.Matches(@"/home/bootstrap/pchpc-stack-bio-[0-9a-f]{12}\.sh$", (string)o[6]);
            Assert.Null(o[7]);
            Assert.Equal("my-reference-data|genomes/*| my-ref||", o[8]);
        }

        [Fact]
        public void StackScript_IsWrittenOnce_WithTheStacksText()
        {
            var r = _ps.Invoke(@"
                $s = New-HpcSoftwareStack -Name tools -Package 'htop@3.3.0'
                $q = New-HpcQueueConfig -Name a -InstanceType c5.large -OnNodeConfigured $s
                $q.CustomActions.OnNodeConfigured.Script
                (Get-Content -Raw $q.CustomActions.OnNodeConfigured.Script) -ceq $s.Script
                (New-HpcQueueConfig -Name b -InstanceType c5.large -OnNodeConfigured $s).CustomActions.OnNodeConfigured.Script").Succeeded();
            var objects = r.Objects.ToArray();
            Assert.Equal(true, objects[1]);
            Assert.Equal(objects[0], objects[2]);
        }

        [Theory]
        [InlineData("New-HpcQueueConfig -Name q -InstanceType c5.large -OnNodeUpdated ./setup.sh", "BootstrapActionNotAllowed", "only OnNodeStart and OnNodeConfigured there (QueueCustomActionsSchema, cluster_schema.py:")]
        [InlineData("New-HpcQueueConfig -Name q -InstanceType c5.large -OnNodeStart ./missing.sh", "BootstrapScriptNotFound", "the script './missing.sh' does not exist")]
        [InlineData("New-HpcClusterConfig -OnNodeConfigured ftp://host/x.sh", "BootstrapScriptUriInvalid", "s3:// or https:// only")]
        [InlineData("New-HpcClusterConfig -OnNodeConfigured s3://Bad_Bucket/x.sh", "BootstrapScriptUriInvalid", "lowercase letters")]
        [InlineData("New-HpcQueueConfig -Name q -InstanceType c5.large -S3Access 'My_Bucket'", "BucketNameInvalid", "-S3Access: the bucket name 'My_Bucket' is not valid")]
        [InlineData("New-HpcQueueConfig -Name q -InstanceType c5.large -S3Access 'ab'", "BucketNameInvalid", "has 2 characters")]
        [InlineData("New-HpcClusterConfig -S3Access '192.168.1.10'", "BucketNameInvalid", "looks like an IP address")]
        [InlineData("New-HpcSoftwareStack -Name x -Package 'samtools==1.17'", "SpackSpecInvalid", "not ==")]
        [InlineData("New-HpcSoftwareStack -Name x -Package 'samtools@'", "SpackSpecInvalid", "malformed version")]
        [InlineData("New-HpcSoftwareStack -Name x -Package 'samtools 1.17'", "SpackSpecInvalid", "second package name '1.17'")]
        [InlineData("New-HpcSoftwareStack -Name x -Package 'Samtools'", "SpackSpecInvalid", "must start with a package name")]
        [InlineData("New-HpcSoftwareStack -Name x -Package 'samtools ^'", "SpackSpecInvalid", "ends with '^'")]
        [InlineData("New-HpcSoftwareStack -Name x -Package 'samtools; rm -rf /'", "SpackSpecInvalid", "shell characters")]
        [InlineData("New-HpcSoftwareStack -Name x -Package a -User 'alice:12'", "UserIdOutOfRange", "1000 to 60000")]
        [InlineData("New-HpcSoftwareStack -Name x -Package a -User 'Alice:2001'", "UserEntryInvalid", "name:uid")]
        [InlineData("New-HpcSoftwareStack -Name x -Package a -User 'a:2001','b:2001'", "UserIdClash", "uid 2001")]
        [InlineData("New-HpcSoftwareStack -Name x -Package a -InstallRoot shared/spack", "PathInvalid", "absolute path")]
        [InlineData("New-HpcSoftwareStack -Name x -Package a -MountS3Bucket my-data", "S3MountIncomplete", "go together")]
        public void BadInput_IsAClearError_BeforeAnythingIsWritten(string script, string errorId, string message)
        {
            var error = _ps.InvokeCatching(script + " -ErrorAction Stop").Terminating();
            Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
            Assert.Contains(message, error.Exception.Message);
            Assert.False(Directory.Exists(Path.Combine(_ps.Directory, "home", "bootstrap")), "nothing may be written for bad input");
        }

        [Theory]
        [InlineData("samtools@1.17")]
        [InlineData("py-numpy@1.26:1.27 %gcc@11.3.0 +blas ~mpi ^openblas@0.3 threads=openmp")]
        [InlineData("hdf5+mpi ^mpich")]
        [InlineData("gcc@=11.3.0 languages=c,c++,fortran")]
        public void GoodSpecs_AreKept_AndWrittenIntoTheScript(string spec)
        {
            var r = _ps.Invoke("$s = New-HpcSoftwareStack -Name s -Package $args[0]; $s.Packages[0]; $s.Script", spec).Succeeded();
            Assert.Equal(spec, r.Objects.First());
            Assert.Contains("PACKAGES=(\n  '" + spec + "'\n)\n", (string)r.Objects.Last());
        }

        [Fact]
        public void SameInput_SameScript_AndFileName()
        {
            var r = _ps.Invoke(@"
                $a = New-HpcSoftwareStack -Name bio -Package 'samtools@1.17','gcc@11.3.0' -User 'alice:2001'
                $b = New-HpcSoftwareStack -Name bio -Package 'samtools@1.17','gcc@11.3.0' -User 'alice:2001'
                $c = New-HpcSoftwareStack -Name bio -Package 'samtools@1.18','gcc@11.3.0' -User 'alice:2001'
                $a.Script -ceq $b.Script; $a.FileName -eq $b.FileName; $a.FileName -eq $c.FileName").Succeeded();
            Assert.Equal(new object[] { true, true, false }, r.Objects.ToArray());
        }
    }
}
