using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PcHpc.Cmdlets.Tests.Support;
using PcHpc.FakeAws;

namespace PcHpc.Cmdlets.Tests.Clusters
{
    /// <summary>
    /// The AWS common parameters in the real engine: Get-HpcAwsIdentity as users call it, -Credential like AWS Tools,
    /// completion of -Region and -ProfileName through TabExpansion2, and help links.
    /// </summary>
    [Collection(ClustersCollection.Name)]
    public class AwsParameterTests
    {
        private const string AliceKey = "AKIAPCHPCALICE000001";
        private const string AliceSecret = "alice-secret-never-shown";
        private readonly ClusterSession _s;

        public AwsParameterTests(ClusterSession session)
        {
            _s = session;
            _s.Aws.Knobs.SigningSecrets[AliceKey] = AliceSecret;
            _s.Aws.Sts.MapAccessKey(AliceKey, new FakeIdentity("111122223333", "arn:aws:iam::111122223333:user/alice", "AIDAALICE"));
        }

        [Fact]
        public void Identity_WithExplicitKeys_SaysWhoAndWhereFrom_OnTheObjectAndAtVerbose_NeverTheSecret()
        {
            var result = _s.Invoke("Get-HpcAwsIdentity -AccessKey $args[0] -SecretKey $args[1] -Region eu-west-1 -Verbose", AliceKey, AliceSecret).Succeeded();
            var id = Assert.Single(result.Output);
            Assert.Equal("111122223333", id.Properties["Account"].Value);
            Assert.Equal("arn:aws:iam::111122223333:user/alice", id.Properties["Arn"].Value);
            Assert.Equal("eu-west-1", id.Properties["Region"].Value);
            Assert.Equal("-Region parameter", id.Properties["RegionSource"].Value);
            Assert.Equal("-AccessKey/-SecretKey parameters", id.Properties["CredentialSource"].Value);
            Assert.Contains(result.Verbose, v => v == "AWS credentials: -AccessKey/-SecretKey parameters.");
            Assert.Contains(result.Verbose, v => v == "AWS region: eu-west-1 (-Region parameter).");
            var everything = result.Verbose.Concat(result.Warnings).Concat(result.HostText).Concat(id.Properties.Select(p => p.Value?.ToString() ?? ""));
            Assert.DoesNotContain(everything, l => l.Contains(AliceSecret));
            Assert.Equal("eu-west-1", _s.Aws.Calls.All.Last(c => c.Action == "GetCallerIdentity").Region);
        }

        [Fact]
        public void Identity_WithDebugPreference_InARunbook_NeverPrompts()
        {
            // What README used to tell users (-Debug) prompts in pwsh 7.6; $DebugPreference does not, and nothing needs it now.
            var result = _s.Invoke("$DebugPreference = 'Continue'; Get-HpcAwsIdentity -Region us-east-1 | Format-List | Out-String").Succeeded();
            Assert.Empty(result.Prompts);
            Assert.Contains("CredentialSource", (string)result.Output.Single().BaseObject);
        }

        [Fact]
        public void Identity_RegionBindsFromThePipelineByPropertyName()
        {
            var result = _s.Invoke("[pscustomobject]@{ Region = 'us-west-2' }, [pscustomobject]@{ Region = 'eu-west-1' } | Get-HpcAwsIdentity").Succeeded();
            Assert.Equal(new object[] { "us-west-2", "eu-west-1" }, result.Property("Region").ToArray());
        }

        [Fact]
        public void Identity_RejectedCredentials_SayHowToRefreshThem_NeverTheSecret()
        {
            var result = _s.Invoke("Get-HpcAwsIdentity -AccessKey $args[0] -SecretKey 'not-the-secret' -Region us-east-1", AliceKey);
            var error = result.SingleError();
            Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
            Assert.Equal("Aws.SignatureDoesNotMatch", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("Refresh them", error.Exception.Message);
            Assert.DoesNotContain("not-the-secret", error.Exception.Message);
        }

        private const string LookAlikeSdk = @"
namespace Amazon.Runtime
{
    // The shape of AWSSDK.Core's types, compiled in the session as AWS Tools' own copy of the SDK would be (a type
    // identity different from the module's private AWSSDK).
    public class ImmutableCredentials
    {
        public ImmutableCredentials(string a, string s, string t) { AccessKey = a; SecretKey = s; Token = t; }
        public string AccessKey { get; private set; }
        public string SecretKey { get; private set; }
        public string Token { get; private set; }
    }
    public abstract class AWSCredentials { public abstract ImmutableCredentials GetCredentials(); }
    public class BasicAWSCredentials : AWSCredentials
    {
        private readonly string _a, _s;
        public int Calls;
        public BasicAWSCredentials(string a, string s) { _a = a; _s = s; }
        public override ImmutableCredentials GetCredentials() { Calls++; return new ImmutableCredentials(_a, _s, null); }
    }
}";

        [Fact]
        public void Credential_TakesAnAwsCredentialsObject_LikeAwsTools()
        {
            var result = _s.Invoke(@"
                if (-not ('Amazon.Runtime.BasicAWSCredentials' -as [type])) { Add-Type -TypeDefinition $args[2] }
                $cred = [Amazon.Runtime.BasicAWSCredentials]::new($args[0], $args[1])
                Get-HpcAwsIdentity -Credential $cred -Region us-east-1
                $cred.Calls", AliceKey, AliceSecret, LookAlikeSdk).Succeeded();
            Assert.Equal("arn:aws:iam::111122223333:user/alice", result.Output[0].Properties["Arn"].Value);
            Assert.Equal("-Credential parameter (BasicAWSCredentials)", result.Output[0].Properties["CredentialSource"].Value);
            Assert.True(Convert.ToInt32(result.Output[1].BaseObject) >= 1, "the credentials object was asked for its keys");
        }

        [Fact]
        public void Credential_TakesAPSCredential_AccessKeyAsUserName()
        {
            var result = _s.Invoke(@"
                $cred = [pscredential]::new($args[0], (ConvertTo-SecureString $args[1] -AsPlainText -Force))
                Get-HpcAwsIdentity -Credential $cred -Region us-east-1", AliceKey, AliceSecret).Succeeded();
            Assert.Equal("111122223333", Assert.Single(result.Output).Properties["Account"].Value);
        }

        [Fact]
        public void Credential_OfAnotherKind_IsAClearError_BeforeAnyCall()
        {
            _s.Aws.Calls.Clear();
            var error = _s.Invoke("Get-HpcCluster -Credential 'my-password' -Region us-east-1").SingleError();
            Assert.Equal("Aws.CredentialUnsupported", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("AWSCredentials", error.Exception.Message);
            Assert.Empty(_s.Aws.Calls.All);
        }

        private string[] Complete(string line) =>
            _s.Invoke("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText", line)
                .Succeeded().Output.Select(o => o.BaseObject.ToString()).ToArray();

        [Theory]
        [InlineData("Get-HpcAwsIdentity -Region eu-")]
        [InlineData("Get-HpcCluster -Region eu-")]
        [InlineData("Remove-HpcCluster -Name x -Region eu-")]
        [InlineData("Get-HpcJob -ClusterName x -Region eu-")]
        [InlineData("Get-HpcVpc -Region eu-")]
        public void Region_Completes_TheRegionsOfThePartition(string line)
        {
            var offered = Complete(line);
            Assert.Contains("eu-west-1", offered);
            Assert.Contains("eu-central-1", offered);
            Assert.All(offered, o => Assert.StartsWith("eu-", o));
            Assert.Equal(new[] { "cn-north-1", "cn-northwest-1" }, Complete("Get-HpcCluster -Region cn-"));
        }

        [Fact]
        public void ProfileName_Completes_ProfilesOfTheCredentialsAndConfigFiles()
        {
            var dir = Path.Combine(_s.StateHome, "aws-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "credentials"), "[default]\naws_access_key_id = x\n[hpc-admin]\naws_access_key_id = y\n");
            File.WriteAllText(Path.Combine(dir, "config"), "[profile hpc-sso]\nsso_session = s\n[sso-session s]\nsso_region = us-east-1\n[default]\nregion = us-east-1\n");
            var saved = (Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE"), Environment.GetEnvironmentVariable("AWS_CONFIG_FILE"));
            try
            {
                Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(dir, "credentials"));
                Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(dir, "config"));
                Assert.Equal(new[] { "hpc-admin", "hpc-sso" }, Complete("Get-HpcCluster -ProfileName hpc"));
                Assert.Equal(new[] { "default", "hpc-admin", "hpc-sso" }, Complete("Get-HpcAwsIdentity -ProfileName "));
                Assert.Equal(new[] { "hpc-admin" }, Complete("Invoke-HpcJob -ProfileName hpc-a"));
            }
            finally
            {
                Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", saved.Item1);
                Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", saved.Item2);
            }
        }

        [Fact]
        public void ClusterName_Completes_LiveStoredNames_ByPrefix_AndByRegionWhenGiven()
        {
            var tag = "cmpl" + Guid.NewGuid().ToString("N").Substring(0, 5);
            _s.Cluster(tag + "-a", "us-east-1");
            _s.Cluster(tag + "-b", "eu-west-3");
            Assert.Equal(new[] { tag + "-a", tag + "-b" }, Complete("Wait-HpcCluster -Name " + tag.ToUpperInvariant()));
            Assert.Equal(new[] { tag + "-b" }, Complete("Get-HpcClusterInstance -Region eu-west-3 -Name " + tag));
            _s.Invoke("Remove-HpcCluster -Name $args[0] -Region us-east-1 -Force -Wait", tag + "-a").Succeeded();
            Assert.Equal(new[] { tag + "-b" }, Complete("Remove-HpcCluster -Name " + tag));
        }

        [Fact]
        public void GetHelpOnline_OpensARealAddress_OrSaysThereIsNone()
        {
            // Every address Get-Help -Online could open (HelpUri, then the first related link) is an absolute http(s) URL;
            // pages of these docs (Install-HpcApi.md) are named related commands without a uri.
            var result = _s.Invoke(@"
                foreach ($c in Get-Command -Module PcHpc) {
                    $h = Get-Help $c.Name -Full
                    @([string]$c.HelpUri) + @($h.relatedLinks.navigationLink | ForEach-Object { [string]$_.uri }) |
                        Where-Object { $_ } | ForEach-Object { [pscustomobject]@{ Name = $c.Name; Uri = $_ } }
                }").Succeeded();
            Assert.All(result.Output, o => Assert.Matches("^https?://[^ ]+$", o.Properties["Uri"].Value.ToString()));
            var online = _s.Invoke("Get-Help Remove-HpcCluster -Online");
            Assert.Contains("online version", online.SingleError().Exception.Message, StringComparison.OrdinalIgnoreCase);
        }
    }
}
