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
    /// Calls with a client token (CloudFormation CreateStack) are resent safely after a lost answer. Calls without one
    /// (SSM SendCommand, ParallelCluster CreateCluster/DeleteCluster) are never resent by
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
        public async Task A_lost_CreateStack_answer_is_resent_with_its_token_and_the_retry_gets_the_stack_it_created()
        {
            using var session = WireKit.Session(_server);
            _server.Knobs.FaultActions = new HashSet<string> { "CreateStack" };
            _server.Knobs.LoseNextResponses = 1;
            var request = new CreateStackRequest { StackName = "lost-answer", TemplateBody = CloudFormationFakeTests.NetworkTemplate, Capabilities = { "CAPABILITY_IAM" } };

            var stackId = await session.CloudFormation.CreateStackAsync(request, None);

            Assert.Equal(1, _server.Knobs.LostResponses);
            var calls = _server.Calls.All.Where(c => c.Action == "CreateStack").ToList();
            Assert.Equal(2, calls.Count);
            Assert.All(calls, c => Assert.Equal(request.ClientRequestToken, c.Parameters["ClientRequestToken"].Single()));
            var stack = Assert.Single(await session.CloudFormation.DescribeStacksAsync("lost-answer", None));
            Assert.Equal(stack.StackId, stackId);
        }

        [Fact]
        public async Task CreateStack_without_a_token_or_with_another_one_is_refused_when_the_stack_exists()
        {
            using var session = WireKit.Session(_server);
            CreateStackRequest Request(string token) => new CreateStackRequest
            {
                StackName = "taken", TemplateBody = CloudFormationFakeTests.NetworkTemplate, Capabilities = { "CAPABILITY_IAM" }, ClientRequestToken = token,
            };
            await session.CloudFormation.CreateStackAsync(Request("first-request"), None);
            var other = await Assert.ThrowsAnyAsync<PcHpcException>(() => session.CloudFormation.CreateStackAsync(Request("second-request"), None));
            Assert.Equal(ErrorKind.AlreadyExists, other.Kind);
            var none = await Assert.ThrowsAnyAsync<PcHpcException>(() => session.CloudFormation.CreateStackAsync(Request(null), None));
            Assert.Equal(ErrorKind.AlreadyExists, none.Kind);
            Assert.False(_server.Calls.All.Last(c => c.Action == "CreateStack").Parameters.ContainsKey("ClientRequestToken"));
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
