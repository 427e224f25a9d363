using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Software
{
    /// <summary>Export-HpcClusterConfig / New-HpcCluster staging local bootstrap scripts to the loopback S3.</summary>
    public sealed class BootstrapStagingTests : IDisposable
    {
        private readonly FakeAwsSession _ps = new FakeAwsSession();
        private readonly string _work;

        public BootstrapStagingTests()
        {
            _work = Path.Combine(_ps.StateHome, "work");
            Directory.CreateDirectory(Path.Combine(_work, "other"));
            File.WriteAllText(Path.Combine(_work, "setup.sh"), "#!/bin/bash\necho setup\n");
            File.WriteAllText(Path.Combine(_work, "other", "setup.sh"), "#!/bin/bash\necho setup\n");
            _ps.Invoke("Set-Location -LiteralPath $args[0]", _work).Succeeded();
        }

        private const string Config = @"
            $q = New-HpcQueueConfig -Name cpu -InstanceType c5.large -OnNodeStart ./other/setup.sh
            $config = New-HpcClusterConfig -Region us-east-1 -SubnetId subnet-0123456789abcdef0 -Queue $q -OnNodeConfigured ./setup.sh, s3://kept-bucket/x.sh
";

        private string Account => (string)_ps.Invoke("(Get-HpcAwsIdentity -Region us-east-1).Account").Succeeded().Objects.Single();

        [Fact]
        public void Export_CreatesThePrivateBucket_UploadsOnce_AndRewritesTheConfig()
        {
            var yaml = (string)_ps.Invoke(Config + "$config | Export-HpcClusterConfig").Succeeded().Objects.Single();
            var bucket = _ps.Aws.S3.Buckets.Single();
            Assert.Equal("pchpc-bootstrap-" + Account + "-us-east-1", bucket.Name);
            Assert.Equal((true, "AES256", "us-east-1"), (bucket.PublicAccessBlocked, bucket.Encryption, bucket.Region));
            // Same content at two paths: one object, one upload.
            var staged = Assert.Single(bucket.Objects.Values);
            Assert.Matches("^pchpc-bootstrap/[0-9a-f]{16}/setup\\.sh$", staged.Key);
            Assert.Equal("#!/bin/bash\necho setup\n", staged.Content);
            Assert.Equal(1, _ps.Aws.Calls.Count("s3", "PutObject"));
            var uri = "s3://" + bucket.Name + "/" + staged.Key;
            Assert.Contains("    OnNodeConfigured:\n      Sequence:\n        - Script: " + uri + "\n        - Script: s3://kept-bucket/x.sh\n", yaml);
            Assert.Contains("        OnNodeStart:\n          Script: " + uri + "\n", yaml);
            Assert.Equal(2, Regex.Matches(yaml, "S3Access:\n *- BucketName: " + Regex.Escape(bucket.Name) + "\n *KeyName: pchpc-bootstrap/\\*\n").Count);
            Assert.DoesNotContain(_work, yaml);

            // Again: the bucket and the object are there, nothing is created or uploaded.
            var again = (string)_ps.Invoke(Config + "$config | Export-HpcClusterConfig").Succeeded().Objects.Single();
            Assert.Equal(yaml, again);
            Assert.Equal((1, 1), (_ps.Aws.Calls.Count("s3", "CreateBucket"), _ps.Aws.Calls.Count("s3", "PutObject")));
            Assert.True(_ps.Aws.Calls.Count("s3", "HeadObject") >= 2);
        }

        [Fact]
        public void ChangedScript_GetsANewKey()
        {
            _ps.Invoke(Config + "$config | Export-HpcClusterConfig | Out-Null").Succeeded();
            File.AppendAllText(Path.Combine(_work, "setup.sh"), "echo changed\n");
            _ps.Invoke(Config + "$config | Export-HpcClusterConfig | Out-Null").Succeeded();
            Assert.Equal(2, _ps.Aws.S3.Buckets.Single().Objects.Count);
        }

        [Fact]
        public void WhatIf_NamesTheUpload_AndSendsNothingToS3()
        {
            var r = _ps.Invoke(Config + "$config | Export-HpcClusterConfig -Path ./c.yaml -WhatIf").Succeeded();
            Assert.Contains(r.HostText, t => Regex.IsMatch(t, "What if: Performing the operation \"Upload bootstrap script\" on target \".*setup\\.sh -> s3://pchpc-bootstrap-\\d+-us-east-1/pchpc-bootstrap/[0-9a-f]{16}/setup\\.sh\""));
            Assert.Empty(_ps.Aws.Calls.All.Where(c => c.Service == "s3"));
            Assert.False(File.Exists(Path.Combine(_work, "c.yaml")));
        }

        [Fact]
        public void GivenBucket_MustExist_AndIsNotCreated()
        {
            var r = _ps.Invoke(Config + "$config | Export-HpcClusterConfig -BootstrapBucket my-scripts");
            Assert.StartsWith("BootstrapBucketNotFound,", r.SingleError().FullyQualifiedErrorId);
            Assert.Contains("does not exist; create it", r.SingleError().Exception.Message);
            Assert.Equal((0, 0), (_ps.Aws.Calls.Count("s3", "CreateBucket"), _ps.Aws.Calls.Count("s3", "PutObject")));
        }

        [Fact]
        public void BadBucketName_FailsBeforeAnyAwsCall()
        {
            var r = _ps.Invoke(Config + "$config | Export-HpcClusterConfig -BootstrapBucket My_Scripts");
            Assert.StartsWith("BucketNameInvalid,", r.SingleError().FullyQualifiedErrorId);
            Assert.Empty(_ps.Aws.Calls.All);
        }

        [Fact]
        public void ScriptDeletedAfterAuthoring_FailsBeforeAnyAwsCall()
        {
            _ps.Invoke(Config).Succeeded();
            File.Delete(Path.Combine(_work, "setup.sh"));
            var r = _ps.Invoke("$config | Export-HpcClusterConfig -BootstrapBucket my-scripts");
            Assert.StartsWith("BootstrapScriptNotFound,", r.SingleError().FullyQualifiedErrorId);
            Assert.Empty(_ps.Aws.Calls.All);
        }

        [Fact]
        public void NewHpcCluster_SendsTheStagedConfig()
        {
            _ps.Invoke("Install-HpcApi -Region us-east-1 -Wait -Confirm:$false | Out-Null").Succeeded();
            _ps.Invoke(Config + "$config | New-HpcCluster -Name demo -Confirm:$false | Out-Null").Succeeded();
            var sent = _ps.Aws.ParallelCluster.Find("demo").Configuration;
            var key = _ps.Aws.S3.Buckets.Single().Objects.Keys.Single();
            Assert.Contains("Script: s3://pchpc-bootstrap-" + Account + "-us-east-1/" + key + "\n", sent);
            Assert.DoesNotContain(_work, sent);
        }

        [Fact]
        public void UpdateHpcCluster_StagesAnOnNodeUpdatedScript()
        {
            _ps.Invoke("Install-HpcApi -Region us-east-1 -Wait -Confirm:$false | Out-Null").Succeeded();
            _ps.Invoke(@"
                $base = New-HpcQueueConfig -Name cpu -InstanceType c5.large | New-HpcClusterConfig -Region us-east-1 -SubnetId subnet-0123456789abcdef0
                $base | New-HpcCluster -Name upd -Wait -Confirm:$false | Out-Null").Succeeded();
            _ps.Invoke(@"
                $next = New-HpcQueueConfig -Name cpu -InstanceType c5.large | New-HpcClusterConfig -Region us-east-1 -SubnetId subnet-0123456789abcdef0 -OnNodeUpdated ./setup.sh
                $next | Update-HpcCluster -Name upd -WhatIf").Succeeded();
            Assert.Equal(0, _ps.Aws.Calls.Count("s3", "PutObject"));
            _ps.Invoke("$next | Update-HpcCluster -Name upd -Wait -Confirm:$false | Out-Null").Succeeded();
            var key = _ps.Aws.S3.Buckets.Single().Objects.Keys.Single();
            Assert.Contains("OnNodeUpdated:\n      Script: s3://pchpc-bootstrap-" + Account + "-us-east-1/" + key + "\n", _ps.Aws.ParallelCluster.Find("upd").Configuration);
        }

        [Fact]
        public void FailedBootstrapScript_IsNamed_WhenTheClusterFails()
        {
            _ps.Invoke("Install-HpcApi -Region us-east-1 -Wait -Confirm:$false | Out-Null").Succeeded();
            _ps.Aws.ParallelCluster.FailCreate("broken", "OnNodeConfiguredExecutionFailure", "Failed to execute OnNodeConfigured script.",
                "Running OnNodeConfigured", "setup: /shared/tools not found", "Error executing action `run` on resource 'execute[run_on_node_configured]'");
            var r = _ps.Invoke(Config + "$config | New-HpcCluster -Name broken -Wait -Confirm:$false");
            var error = r.SingleError();
            Assert.StartsWith("ClusterFailed,", error.FullyQualifiedErrorId);
            var key = _ps.Aws.S3.Buckets.Single().Objects.Keys.Single();
            // The head node's OnNodeConfigured scripts (the queue's OnNodeStart script is not the one that failed).
            Assert.Contains("The OnNodeConfigured bootstrap script failed: s3://pchpc-bootstrap-" + Account + "-us-east-1/" + key + ", s3://kept-bucket/x.sh;", error.Exception.Message);
            Assert.Contains("s3://kept-bucket/x.sh; its output is at the end of the node's cfn-init log stream", error.Exception.Message);
            // The end of that log, read from the API, is in the error.
            Assert.Matches("Read next: Get-HpcClusterLog -Name broken -Region us-east-1 -LogStream ip-10-0-0-9\\.i-[0-9a-f]+\\.cfn-init -Tail 100\\.", error.Exception.Message);
            Assert.Contains("Last 3 line(s) of ip-10-0-0-9.", error.Exception.Message);
            Assert.EndsWith("\n  Running OnNodeConfigured\n  setup: /shared/tools not found\n  Error executing action `run` on resource 'execute[run_on_node_configured]'", error.Exception.Message.Replace("\r\n", "\n"));
        }

        public void Dispose() => _ps.Dispose();
    }
}
