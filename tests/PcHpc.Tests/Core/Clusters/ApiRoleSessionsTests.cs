using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Clusters;
using Xunit;

namespace PcHpc.Tests.Core.Clusters
{
    /// <summary>The API user role: when it is assumed, and that its credentials are cached in one place (the AWS layer).</summary>
    public class ApiRoleSessionsTests
    {
        private const string Role = "arn:aws:iam::123456789012:role/PcApiUser";
        private readonly MemoryAws _aws = new MemoryAws();
        private readonly ApiRoleSessions _roles = new ApiRoleSessions();

        [Theory]
        [InlineData("arn:aws:sts::123456789012:assumed-role/PcApiUser/session", "arn:aws:iam::123456789012:role/PcApiUser", true)]
        [InlineData("arn:aws:sts::123456789012:assumed-role/PcApiUser/session", "arn:aws:iam::123456789012:role/path/PcApiUser", true)]
        [InlineData("arn:aws:sts::999999999999:assumed-role/PcApiUser/session", "arn:aws:iam::123456789012:role/PcApiUser", false)]
        [InlineData("arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:role/PcApiUser", false)]
        [InlineData("arn:aws:sts::123456789012:assumed-role/Other/s", "arn:aws:iam::123456789012:role/PcApiUser", false)]
        public void SameRole(string caller, string role, bool same) => Assert.Equal(same, ApiRoleSessions.IsSameRole(caller, role));

        [Fact]
        public async Task EachCallGetsItsOwnSessionAsTheRole_AndTheCallerIsAskedOncePerIdentityLifetime()
        {
            var now = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
            _roles.Now = () => now;
            var session = new MemorySession(_aws, "us-east-1", "profile 'dev'");
            var first = await _roles.ForApiAsync(session, Role, NullActivitySink.Instance, CancellationToken.None);
            var second = await _roles.ForApiAsync(session, Role, NullActivitySink.Instance, CancellationToken.None);
            // A session is never shared between commands (it writes to its command's output); whether STS is called again
            // is the AWS layer's credential cache's business (proven below with the real adapters).
            Assert.NotSame(first, second);
            Assert.Equal(Role, ((MemorySession)first).AsRole);
            Assert.Equal(Role, ((MemorySession)second).AsRole);
            Assert.Equal(2, _aws.AssumedRoles.Count);
            Assert.Equal(1, _aws.Count("GetCallerIdentity"));

            now += ApiRoleSessions.IdentityLifetime;
            await _roles.ForApiAsync(session, Role, NullActivitySink.Instance, CancellationToken.None);
            Assert.Equal(2, _aws.Count("GetCallerIdentity"));
        }

        [Fact]
        public async Task KeysGivenAsParameters_AreAskedWhoTheyAreEveryTime()
        {
            var session = new MemorySession(_aws, "us-east-1", "parameters");
            await _roles.ForApiAsync(session, Role, NullActivitySink.Instance, CancellationToken.None);
            await _roles.ForApiAsync(session, Role, NullActivitySink.Instance, CancellationToken.None);
            Assert.Equal(2, _aws.Count("GetCallerIdentity"));
        }

        [Fact]
        public async Task ACallerThatAlreadyIsTheRole_OrNoRole_UsesItsOwnSession()
        {
            _aws.CallerArn = "arn:aws:sts::123456789012:assumed-role/PcApiUser/me";
            var asRole = new MemorySession(_aws, "eu-west-1", "profile 'api'");
            Assert.Same(asRole, await _roles.ForApiAsync(asRole, Role, NullActivitySink.Instance, CancellationToken.None));
            Assert.Same(asRole, await _roles.ForApiAsync(asRole, null, NullActivitySink.Instance, CancellationToken.None));
            Assert.Empty(_aws.AssumedRoles);
        }

        [Fact]
        public async Task WithRealAdapters_TheRoleIsAssumedOnceAcrossEngines_AndTheApiIsCalledAsTheRole()
        {
            await using var world = await ClusterWorld.StartAsync();
            const string region = "eu-west-3";
            await world.DeployApiStackAsync(region);
            for (var i = 0; i < 2; i++)
            {
                using var engine = world.Engine();
                var c = await engine.ConnectAsync(region, NullActivitySink.Instance, CancellationToken.None);
                await c.Api.ListClustersAsync(c.Region, null, CancellationToken.None);
            }
            Assert.Equal(1, world.Aws.Calls.Count("AssumeRole"));
            var lists = world.Aws.Calls.All.Where(x => x.Action == "ListClusters").ToList();
            Assert.Equal(2, lists.Count);
            Assert.All(lists, x => Assert.NotEqual(ClusterWorld.AccessKey, x.AccessKey));
            Assert.Equal(ClusterWorld.AccessKey, world.Aws.Calls.All.Single(x => x.Action == "AssumeRole").AccessKey);
        }
    }
}
