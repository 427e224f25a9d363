using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using PcHpc.Core.Stacks;
using PcHpc.Tests.Core.Network;

namespace PcHpc.Tests.Core.Stacks
{
    public class StackWatcherTests
    {
        private readonly ScriptedStacks _cfn = new ScriptedStacks();
        private readonly RecordingSink _sink = new RecordingSink();
        private DateTimeOffset _now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        /// <summary>A watcher whose clock moves <paramref name="step"/> at every look (zero: time stands still).</summary>
        private StackWatcher Watcher(TimeSpan step = default) =>
            new StackWatcher(_cfn, _sink, () => _now += step) { PollInterval = TimeSpan.Zero };

        private static StackWatch Watch(string checkLater = null) => new StackWatch
        {
            Stack = "net", Activity = "Creating network 'net'", DoneStatus = "CREATE_COMPLETE", Verb = "created", TotalResources = 4, CheckLater = checkLater,
        };

        [Fact]
        public async Task Progress_counts_done_resources_from_the_events_and_ends_completed()
        {
            _cfn.Answers.Enqueue("CREATE_IN_PROGRESS");
            _cfn.Answers.Enqueue("CREATE_COMPLETE");
            _cfn.Event("Vpc", "AWS::EC2::VPC", "CREATE_COMPLETE");
            _cfn.Event("Igw", "AWS::EC2::InternetGateway", "CREATE_COMPLETE");
            _cfn.Event("Subnet", "AWS::EC2::Subnet", "CREATE_IN_PROGRESS", "Resource creation Initiated");

            var stack = await Watcher().WatchAsync(Watch(), CancellationToken.None);

            Assert.Equal("CREATE_COMPLETE", stack.StackStatus);
            var first = _sink.Progress.First();
            Assert.Equal("2 of 4 resources created (CREATE_IN_PROGRESS)", first.Status);
            Assert.Equal(50, first.PercentComplete);
            Assert.Equal("Subnet (AWS::EC2::Subnet): CREATE_IN_PROGRESS - Resource creation Initiated", first.CurrentOperation);
            Assert.Contains(_sink.VerboseLines, l => l.StartsWith("2 of 4 resources created", StringComparison.Ordinal));
            Assert.True(_sink.Progress.Last().Completed);
            Assert.Equal(2, _cfn.Describes);
        }

        [Fact]
        public async Task The_stack_own_events_are_not_counted_as_resources()
        {
            _cfn.Answers.Enqueue("CREATE_COMPLETE");
            _cfn.Event("net", "AWS::CloudFormation::Stack", "CREATE_COMPLETE");
            _cfn.Event("Nested", "AWS::CloudFormation::Stack", "CREATE_COMPLETE");

            await Watcher().WatchAsync(new StackWatch { Stack = "net", Activity = "a", DoneStatus = "CREATE_COMPLETE" }, CancellationToken.None);

            Assert.Equal("1 of 1 resources done (CREATE_COMPLETE)", _sink.Progress.First().Status);
        }

        [Fact]
        public async Task Timeout_stops_polling_with_the_callers_error()
        {
            for (int i = 0; i < 100; i++) _cfn.Answers.Enqueue("CREATE_IN_PROGRESS");
            var watch = Watch();
            watch.TimedOut = (s, t) => new PcHpcException(ErrorKind.Timeout, "NetworkWaitTimeout", "after " + (int)t.TotalMinutes + " minutes, still " + s.StackStatus);
            var watcher = Watcher(TimeSpan.FromMinutes(1));
            watcher.Timeout = TimeSpan.FromMinutes(10);

            var ex = await Assert.ThrowsAsync<PcHpcException>(() => watcher.WatchAsync(watch, CancellationToken.None));

            Assert.Equal("NetworkWaitTimeout", ex.ErrorId);
            Assert.Equal("after 10 minutes, still CREATE_IN_PROGRESS", ex.Message);
            Assert.InRange(_cfn.Describes, 5, 11);
            Assert.True(_sink.Progress.Last().Completed);
        }

        [Fact]
        public async Task Timeout_without_a_caller_error_is_StackWaitTimeout()
        {
            for (int i = 0; i < 100; i++) _cfn.Answers.Enqueue("DELETE_IN_PROGRESS");
            var watcher = Watcher(TimeSpan.FromMinutes(1));
            watcher.Timeout = TimeSpan.FromMinutes(3);
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => watcher.WatchAsync(Watch(), CancellationToken.None));
            Assert.Equal("StackWaitTimeout", ex.ErrorId);
            Assert.Equal(ErrorKind.Timeout, ex.Kind);
            Assert.Contains("DELETE_IN_PROGRESS", ex.Message);
        }

        [Fact]
        public async Task Failed_describes_are_ridden_out_within_the_budget()
        {
            _cfn.Answers.Enqueue("CREATE_IN_PROGRESS");
            for (int i = 0; i < 3; i++) _cfn.Answers.Enqueue(Throttled());
            _cfn.Answers.Enqueue("CREATE_COMPLETE");
            var watcher = Watcher(TimeSpan.FromMinutes(1));
            watcher.RetryBudget = TimeSpan.FromMinutes(5);

            var stack = await watcher.WatchAsync(Watch(), CancellationToken.None);

            Assert.Equal("CREATE_COMPLETE", stack.StackStatus);
            Assert.Equal(5, _cfn.Describes);
            Assert.Equal(3, _sink.VerboseLines.Count(l => l.Contains("asking again")));
        }

        [Fact]
        public async Task Failures_past_the_budget_make_the_status_unknown_naming_what_to_run()
        {
            _cfn.Answers.Enqueue("CREATE_IN_PROGRESS");
            for (int i = 0; i < 100; i++) _cfn.Answers.Enqueue(Throttled());
            var watcher = Watcher(TimeSpan.FromMinutes(1));
            watcher.RetryBudget = TimeSpan.FromMinutes(4);

            var ex = await Assert.ThrowsAsync<PcHpcException>(() => watcher.WatchAsync(Watch("Get-HpcVpc -Region us-east-1"), CancellationToken.None));

            Assert.Equal("StackStatusUnknown", ex.ErrorId);
            Assert.Equal(ErrorKind.Timeout, ex.Kind);
            Assert.Contains("Get-HpcVpc -Region us-east-1", ex.Message);
            Assert.Contains("Rate exceeded", ex.Message);
            Assert.True(PcHpcException.IsTransient(ex.InnerException));
            Assert.InRange(_cfn.Describes, 4, 7);
        }

        [Fact]
        public async Task A_failure_that_is_not_transient_is_not_retried()
        {
            _cfn.Answers.Enqueue(new PcHpcException(ErrorKind.PermissionDenied, "AccessDenied", "not authorized to perform cloudformation:DescribeStacks"));
            _cfn.Answers.Enqueue("CREATE_COMPLETE");
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => Watcher().WatchAsync(Watch(), CancellationToken.None));
            Assert.Equal("AccessDenied", ex.ErrorId);
            Assert.Equal(1, _cfn.Describes);
        }

        [Fact]
        public async Task A_stack_that_is_gone_raises_the_callers_error()
        {
            _cfn.Answers.Enqueue("gone");
            var watch = Watch();
            watch.Gone = () => new PcHpcException(ErrorKind.NotFound, "NetworkStackGone", "gone");
            var ex = await Assert.ThrowsAsync<PcHpcException>(() => Watcher().WatchAsync(watch, CancellationToken.None));
            Assert.Equal("NetworkStackGone", ex.ErrorId);
        }

        [Fact]
        public async Task First_failure_is_the_oldest_real_one()
        {
            _cfn.Event("Queue", "AWS::SQS::Queue", "CREATE_FAILED", "Resource creation cancelled");
            _cfn.Event("Fsx", "AWS::FSx::FileSystem", "CREATE_FAILED", "Subnet too small");
            _cfn.Event("HeadNode", "AWS::EC2::Instance", "CREATE_FAILED", "later failure");
            _cfn.Event("net", "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [Fsx].");

            var first = await Watcher().FirstFailureAsync("net", CancellationToken.None);

            Assert.Equal("Fsx", first.LogicalResourceId);
            Assert.Equal("Subnet too small", first.ResourceStatusReason);
        }

        [Fact]
        public void First_failure_falls_back_to_a_cancelled_one_and_counts_nested_stacks()
        {
            var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var cancelled = new StackEvent { StackName = "api", LogicalResourceId = "Lambda", ResourceStatus = "CREATE_FAILED", ResourceStatusReason = "Resource creation cancelled", Timestamp = t };
            Assert.Same(cancelled, StackWatcher.FirstFailure(new[] { cancelled }));
            var nested = new StackEvent { StackName = "api", LogicalResourceId = "Cognito", ResourceType = "AWS::CloudFormation::Stack", ResourceStatus = "CREATE_FAILED", ResourceStatusReason = "Embedded stack failed", Timestamp = t.AddSeconds(1) };
            Assert.Same(nested, StackWatcher.FirstFailure(new[] { cancelled, nested }));
            Assert.Null(StackWatcher.FirstFailure(new[] { new StackEvent { StackName = "api", LogicalResourceId = "api", ResourceStatus = "CREATE_FAILED", Timestamp = t } }));
        }

        private static PcHpcException Throttled() =>
            new PcHpcException(ErrorKind.Throttled, "Throttling", "Rate exceeded") { Transient = true };

        /// <summary>DescribeStacks answers from a script (a status, "gone", or an exception to throw); events are newest first.</summary>
        private sealed class ScriptedStacks : ICloudFormation
        {
            private readonly List<StackEvent> _events = new List<StackEvent>();
            private DateTime _clock = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            public Queue<object> Answers { get; } = new Queue<object>();
            public int Describes { get; private set; }

            public void Event(string logicalId, string type, string status, string reason = null)
            {
                _clock = _clock.AddSeconds(1);
                _events.Insert(0, new StackEvent { StackName = "net", LogicalResourceId = logicalId, ResourceType = type, ResourceStatus = status, ResourceStatusReason = reason, Timestamp = _clock });
            }

            public Task<IReadOnlyList<StackDescription>> DescribeStacksAsync(string stackNameOrId, CancellationToken cancellationToken)
            {
                Describes++;
                var answer = Answers.Dequeue();
                if (answer is Exception ex) throw ex;
                IReadOnlyList<StackDescription> stacks = (string)answer == "gone" ? new StackDescription[0]
                    : new[] { new StackDescription { StackName = "net", StackId = "id-net", StackStatus = (string)answer } };
                return Task.FromResult(stacks);
            }

            public Task<IReadOnlyList<StackEvent>> DescribeStackEventsAsync(string stackNameOrId, CancellationToken cancellationToken) =>
                Task.FromResult<IReadOnlyList<StackEvent>>(_events.ToList());

            public Task<string> CreateStackAsync(CreateStackRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<string> UpdateStackAsync(UpdateStackRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task DeleteStackAsync(string stackNameOrId, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<IReadOnlyList<StackEvent>> DescribeStackResourcesAsync(string stackNameOrId, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<IReadOnlyList<StackSummary>> ListStacksAsync(IEnumerable<string> statusFilter, CancellationToken cancellationToken) => throw new NotSupportedException();
        }
    }
}
