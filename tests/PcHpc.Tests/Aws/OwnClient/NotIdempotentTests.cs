using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using PcHpc.FakeAws;
using PcHpc.Tests.Support.FakeAws;

using PcHpc.Tests.Support;
using PcHpc.Tests.Aws.Services;

namespace PcHpc.Tests.Aws.OwnClient
{
    /// <summary>
    /// Calls without a client token (SSM SendCommand, ParallelCluster CreateCluster/DeleteCluster) are never resent by
    /// the retry layer after a failure that may hide an action: the fake acts, drops the answer, and sees one request.
    /// Throttling (refused, nothing done) is still retried.
    /// </summary>
    public class NotIdempotentTests : IAsyncLifetime
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private FakeAwsServer _server;

        public async Task InitializeAsync() => _server = await FakeAwsServer.StartAsync();

        public async Task DisposeAsync() => await _server.DisposeAsync();

        private void LoseEveryAnswerOf(string action)
        {
            _server.Knobs.FaultActions = new HashSet<string> { action };
            _server.Knobs.LostResponseRate = 1.0;
        }

        [Fact]
        public async Task A_lost_SendCommand_answer_is_not_resent_and_is_reported_as_transient()
        {
            _server.Ssm.RegisterInstance("i-0123456789abcdef0");
            using var session = WireKit.Session(_server);
            LoseEveryAnswerOf("SendCommand");
            var ex = await Assert.ThrowsAnyAsync<PcHpcException>(() => session.Ssm.SendCommandAsync(new SendCommandRequest
            {
                InstanceIds = new List<string> { "i-0123456789abcdef0" },
                Parameters = new Dictionary<string, IList<string>> { ["commands"] = new List<string> { "true" } },
                Comment = "PcHpc pchpc-00000000000000000001 (t)",
            }, None));
            Assert.True(ex.Transient);
            Assert.Equal(1, _server.Calls.Count("SendCommand"));
            Assert.Single(_server.Ssm.Invocations);
            var found = await session.Ssm.ListCommandsAsync("i-0123456789abcdef0", System.DateTime.UtcNow.AddMinutes(-5), None);
            Assert.Contains(found, c => c.Comment.Contains("pchpc-00000000000000000001"));
        }

        [Fact]
        public async Task A_throttled_SendCommand_is_still_retried()
        {
            _server.Ssm.RegisterInstance("i-0123456789abcdef0");
            using var session = WireKit.Session(_server);
            _server.Knobs.FaultActions = new HashSet<string> { "SendCommand" };
            _server.Knobs.ThrottleRate = 0.5;
            _server.Knobs.Seed(3);
            var sent = 0;
            for (var i = 0; i < 10; i++)
            {
                try
                {
                    await session.Ssm.SendCommandAsync(new SendCommandRequest
                    {
                        InstanceIds = new List<string> { "i-0123456789abcdef0" },
                        Parameters = new Dictionary<string, IList<string>> { ["commands"] = new List<string> { "true" } },
                    }, None);
                    sent++;
                }
                catch (PcHpcException ex) when (ex.Kind == ErrorKind.Throttled) { }
            }
            Assert.True(_server.Calls.Count("SendCommand") > 10, "throttled SendCommands were not retried");
            Assert.Equal(sent, _server.Ssm.Invocations.Count);
        }

        [Fact]
        public async Task Lost_CreateCluster_and_DeleteCluster_answers_are_not_resent()
        {
            using var session = WireKit.Session(_server);
            var api = session.ParallelClusterApi(_server.ParallelClusterInvokeUrl);
            LoseEveryAnswerOf("CreateCluster");
            var create = await Assert.ThrowsAnyAsync<PcHpcException>(() => api.CreateClusterAsync(new CreateClusterRequest { ClusterName = "once", ClusterConfiguration = ParallelClusterFakeTests.Config }, None));
            Assert.True(create.Transient);
            Assert.Equal(1, _server.Calls.Count("CreateCluster"));
            LoseEveryAnswerOf("DeleteCluster");
            var delete = await Assert.ThrowsAnyAsync<PcHpcException>(() => api.DeleteClusterAsync("once", null, None));
            Assert.True(delete.Transient);
            Assert.Equal(1, _server.Calls.Count("DeleteCluster"));
            Assert.Equal(new[] { "CreateCluster us-east-1/once", "DeleteCluster us-east-1/once" }, _server.ParallelCluster.Acts);
        }
    }
}
