using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using PcHpc.Aws.Credentials;
using PcHpc.Aws.Session;
using PcHpc.Cmdlets;
using PcHpc.FakeAws;
using PcHpc.Tests.Credentials;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.AwsWire
{
    /// <summary>Get-HpcAwsIdentity as a user runs it, with the production session factory pointed at the loopback fake.</summary>
    public class GetHpcAwsIdentityTests : IAsyncLifetime
    {
        private FakeAwsServer _server;
        private readonly FakeEnvironment _env = new FakeEnvironment();

        public async Task InitializeAsync()
        {
            _server = await FakeAwsServer.StartAsync();
            _server.Knobs.SigningSecrets[WireKit.AccessKey] = WireKit.SecretKey;
            _server.Sts.MapAccessKey(WireKit.AccessKey, new FakeIdentity("111122223333", "arn:aws:iam::111122223333:user/alice", "AIDAALICE"));
            // A process environment with nothing in it: no keys, no profiles, no instance metadata.
            _env.Values["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(Path.GetTempPath(), "pchpc-none", Guid.NewGuid().ToString("N"), "credentials");
            _env.Values["AWS_CONFIG_FILE"] = Path.Combine(Path.GetTempPath(), "pchpc-none", Guid.NewGuid().ToString("N"), "config");
            _env.Values["AWS_EC2_METADATA_DISABLED"] = "true";
        }

        public async Task DisposeAsync() => await _server.DisposeAsync();

        private GetHpcAwsIdentityCommand Cmdlet() => new GetHpcAwsIdentityCommand
        {
            SessionFactory = new AwsSessionFactory(new AwsCredentialResolver(_env, () => throw new InvalidOperationException("no IMDS in tests"), () => null), WireKit.InstantClient()),
            EndpointUrl = _server.Url.ToString(),
        };

        [Fact]
        public void ExplicitKeys_ReturnTheIdentity_AndDebugNamesTheSourcesButNeverTheSecret()
        {
            var cmdlet = Cmdlet();
            cmdlet.AccessKey = WireKit.AccessKey;
            cmdlet.SecretKey = WireKit.SecretKey;
            cmdlet.Region = "eu-west-1";
            var host = CmdletRunner.Run(cmdlet);

            var id = Assert.IsType<AwsIdentity>(Assert.Single(host.Output));
            Assert.Equal("111122223333", id.Account);
            Assert.Equal("arn:aws:iam::111122223333:user/alice", id.Arn);
            Assert.Equal("AIDAALICE", id.UserId);
            Assert.Equal("eu-west-1", id.Region);
            Assert.Equal("-Region parameter", id.RegionSource);
            Assert.Equal("-AccessKey/-SecretKey parameters", id.CredentialSource);
            Assert.Equal(_server.Url.ToString(), id.Endpoint);
            Assert.Empty(host.Errors);

            Assert.Contains(host.DebugLines, l => l.StartsWith("AWS credentials: ") && l.Contains(id.CredentialSource));
            Assert.Contains(host.DebugLines, l => l.StartsWith("AWS region: eu-west-1") && l.Contains(id.RegionSource));
            var everything = host.DebugLines.Concat(host.Verbose).Concat(host.Warnings).Concat(new[] { id.ToString(), id.CredentialSource, id.RegionSource });
            Assert.DoesNotContain(everything, l => l.Contains(WireKit.SecretKey));
            Assert.Contains(host.Verbose, l => l.StartsWith("STS GetCallerIdentity eu-west-1 attempt 1/"));
            var call = _server.Calls.All.Single(c => c.Action == "GetCallerIdentity");
            Assert.Equal("eu-west-1", call.Region);
            Assert.Null(_server.LastSignatureFailure);
        }

        [Fact]
        public void RegionBindsFromThePipelineByPropertyName()
        {
            var cmdlet = Cmdlet();
            cmdlet.AccessKey = WireKit.AccessKey;
            cmdlet.SecretKey = WireKit.SecretKey;
            var host = CmdletRunner.RunWithInput(cmdlet, new object[] { new { Region = "us-west-2" }, new { Region = "eu-west-1" } });
            Assert.Equal(new[] { "us-west-2", "eu-west-1" }, host.Output.Cast<AwsIdentity>().Select(i => i.Region));
            Assert.Equal(new[] { "us-west-2", "eu-west-1" }, _server.Calls.All.Where(c => c.Action == "GetCallerIdentity").Select(c => c.Region));
        }

        [Fact]
        public void NoCredentials_SaysWhatToDoNext()
        {
            var cmdlet = Cmdlet();
            cmdlet.Region = "us-east-1";
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(cmdlet));
            Assert.Equal(ErrorCategory.AuthenticationError, ex.Error.Category);
            Assert.Equal("Aws.NoCredentials", ex.Error.ErrorId);
            Assert.Contains("No AWS credentials were found", ex.Error.Exception.Message);
            Assert.Contains("Set-AWSCredential", ex.Error.Exception.Message);
            Assert.Equal(0, _server.Calls.Count("GetCallerIdentity"));
        }

        [Fact]
        public void RejectedOrExpiredCredentials_SayHowToRefreshThem_AndNeverShowTheSecret()
        {
            _server.Knobs.SigningSecrets[WireKit.AccessKey] = "the-real-secret-differs";
            var cmdlet = Cmdlet();
            cmdlet.AccessKey = WireKit.AccessKey;
            cmdlet.SecretKey = WireKit.SecretKey;
            cmdlet.Region = "us-east-1";
            var ex = Assert.Throws<TerminatingErrorException>(() => CmdletRunner.Run(cmdlet));
            Assert.Equal(ErrorCategory.AuthenticationError, ex.Error.Category);
            Assert.Equal("Aws.SignatureDoesNotMatch", ex.Error.ErrorId);
            var message = ex.Error.Exception.Message;
            Assert.Contains("AWS rejected the credentials from", message);
            Assert.Contains("expired", message);
            Assert.Contains("Refresh them", message);
            Assert.Contains("run Get-HpcAwsIdentity again", message);
            Assert.DoesNotContain(WireKit.SecretKey, message);
        }

        [Fact]
        public void CmdletShape_IsAnAwsRegionalGetWithAnOutputType()
        {
            var shape = PcHpc.Tests.Support.ParameterMetadata.Cmdlet(typeof(GetHpcAwsIdentityCommand));
            Assert.Equal("Get-HpcAwsIdentity", shape.Name);
            Assert.Contains(shape.OutputTypes, t => t.Contains("PcHpc.AwsIdentity"));
            var region = PcHpc.Tests.Support.ParameterMetadata.Parameters(typeof(GetHpcAwsIdentityCommand)).Single(p => p.Name == "Region");
            Assert.True(region.ValueFromPipelineByPropertyName);
            Assert.Equal("PcHpc.AwsIdentity", typeof(AwsIdentity).FullName);
        }
    }
}
