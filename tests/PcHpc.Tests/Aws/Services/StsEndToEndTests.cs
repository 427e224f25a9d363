using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws;
using PcHpc.Aws.Session;
using PcHpc.Core.Errors;
using PcHpc.FakeAws;

using PcHpc.Tests.Support;
using PcHpc.Tests.Aws.OwnClient;

namespace PcHpc.Tests.Aws.Services
{
    public class StsEndToEndTests : IAsyncLifetime
    {
        private FakeAwsServer _server;

        public async Task InitializeAsync() => _server = await FakeAwsServer.StartAsync();

        public async Task DisposeAsync() => await _server.DisposeAsync();

        [Fact]
        public async Task GetCallerIdentity_ReturnsTheMappedIdentity_SignedWithOurKeys()
        {
            _server.Sts.MapAccessKey(WireKit.AccessKey, new FakeIdentity("210987654321", "arn:aws:iam::210987654321:user/wire", "AIDAWIRE"));
            using var session = WireKit.Session(_server);
            var id = await session.Sts.GetCallerIdentityAsync(CancellationToken.None);
            Assert.Equal("210987654321", id.Account);
            Assert.Equal("arn:aws:iam::210987654321:user/wire", id.Arn);
            Assert.Equal("AIDAWIRE", id.UserId);
            var call = _server.Calls.All.Single(c => c.Action == "GetCallerIdentity");
            Assert.Equal(("sts", "us-east-1", WireKit.AccessKey), (call.Service, call.Region, call.AccessKey));
            Assert.Null(_server.LastSignatureFailure);
        }

        [Fact]
        public async Task AssumeRole_ReturnsTemporaryCredentials_WithoutSecretsInToString()
        {
            using var session = WireKit.Session(_server);
            var creds = await session.Sts.AssumeRoleAsync("arn:aws:iam::123456789012:role/ParallelClusterApiUserRole-abc", "pchpc-test", 900, CancellationToken.None);
            Assert.StartsWith("ASIA", creds.AccessKeyId);
            Assert.False(string.IsNullOrEmpty(creds.SecretAccessKey));
            Assert.False(string.IsNullOrEmpty(creds.SessionToken));
            Assert.Equal("arn:aws:sts::123456789012:assumed-role/ParallelClusterApiUserRole-abc/pchpc-test", creds.AssumedRoleArn);
            Assert.InRange(creds.Expiration, DateTime.UtcNow.AddMinutes(10), DateTime.UtcNow.AddMinutes(20));
            Assert.DoesNotContain(creds.SecretAccessKey, creds.ToString());
            Assert.DoesNotContain(creds.SessionToken, creds.ToString());
            Assert.Contains(creds.AccessKeyId, creds.ToString());
        }

        [Fact]
        public async Task AssumedSession_SignsWithTheRoleCredentials_AndCachesThemPerSourceAndRole()
        {
            const string role = "arn:aws:iam::123456789012:role/ParallelClusterApiUserRole-cache";
            using var session = WireKit.Session(_server);
            using var assumed = session.AssumeRole(role, "pchpc-cache");
            Assert.Equal(0, _server.Calls.Count("AssumeRole")); // lazily, on first use

            var who = await assumed.Sts.GetCallerIdentityAsync(CancellationToken.None);
            Assert.Equal("arn:aws:sts::123456789012:assumed-role/ParallelClusterApiUserRole-cache/pchpc-cache", who.Arn);
            Assert.Contains("assumed role " + role, assumed.CredentialSource);
            var signedBy = _server.Calls.All.Last(c => c.Action == "GetCallerIdentity").AccessKey;
            Assert.StartsWith("ASIA", signedBy);

            // A second session from the same source identity and role reuses the credentials (no second AssumeRole).
            using var again = WireKit.Session(_server).AssumeRole(role, "pchpc-cache");
            await again.Sts.GetCallerIdentityAsync(CancellationToken.None);
            await assumed.Ec2.DescribeKeyPairsAsync(null, null, CancellationToken.None);
            Assert.Equal(1, _server.Calls.Count("AssumeRole"));
            Assert.Equal(signedBy, _server.Calls.All.Last(c => c.Action == "DescribeKeyPairs").AccessKey);
        }

        [Fact]
        public async Task ParallelClusterApi_ThroughTheAssumedUserRole_IsSignedWithTheRoleCredentials()
        {
            using var session = WireKit.Session(_server);
            using var userRole = session.AssumeRole("arn:aws:iam::123456789012:role/ParallelClusterApiUserRole-pc", "pchpc-pc");
            var api = userRole.ParallelClusterApi(_server.ParallelClusterInvokeUrl);
            Assert.Empty(await api.ListClustersAsync(null, null, CancellationToken.None));
            var call = _server.Calls.All.Single(c => c.Action == "ListClusters");
            Assert.Equal("execute-api", call.Service);
            Assert.StartsWith("ASIA", call.AccessKey);
            Assert.Equal("arn:aws:sts::123456789012:assumed-role/ParallelClusterApiUserRole-pc/pchpc-pc", _server.Sts.IdentityFor(call.AccessKey).Arn);
            Assert.Equal(WireKit.AccessKey, _server.Calls.All.Single(c => c.Action == "AssumeRole").AccessKey);
        }

        [Fact]
        public async Task AssumedSession_RefreshesFiveMinutesBeforeExpiry()
        {
            const string role = "arn:aws:iam::123456789012:role/ParallelClusterApiUserRole-refresh";
            using var session = WireKit.Session(_server);
            var now = DateTime.UtcNow;
            ((AwsSession)session).UtcNow = () => now;
            using var assumed = session.AssumeRole(role, "pchpc-refresh"); // the fake grants 3600 s
            await assumed.Sts.GetCallerIdentityAsync(CancellationToken.None);
            var firstKey = _server.Calls.All.Last(c => c.Action == "GetCallerIdentity").AccessKey;

            now = now.AddMinutes(54); // 6 minutes left: still fresh
            await assumed.Sts.GetCallerIdentityAsync(CancellationToken.None);
            Assert.Equal(1, _server.Calls.Count("AssumeRole"));

            now = now.AddMinutes(2); // 4 minutes left: inside the 5-minute window
            await assumed.Sts.GetCallerIdentityAsync(CancellationToken.None);
            Assert.Equal(2, _server.Calls.Count("AssumeRole"));
            var secondKey = _server.Calls.All.Last(c => c.Action == "GetCallerIdentity").AccessKey;
            Assert.NotEqual(firstKey, secondKey);
            Assert.StartsWith("ASIA", secondKey);
        }

        [Fact]
        public async Task RejectedCredentials_AreAnAuthenticationErrorThatSaysWhatToDo()
        {
            _server.Knobs.SigningSecrets[WireKit.AccessKey] = "a-different-secret";
            var session = new AwsSessionFactory(null, WireKit.InstantClient()).Create(WireKit.Options(_server), new RecordingSink());
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => session.Sts.GetCallerIdentityAsync(CancellationToken.None));
            Assert.Equal(ErrorKind.Authentication, ex.Kind);
            Assert.Equal("SignatureDoesNotMatch", ex.Code);
            Assert.Contains("STS GetCallerIdentity failed in us-east-1", ex.Message);
            Assert.Contains("Check your credentials", ex.Message);
            Assert.False(string.IsNullOrEmpty(ex.RequestId));
            Assert.Contains(ex.RequestId, ex.Message);
        }
    }
}
