using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Clusters;
using PcHpc.Core.Connection;
using PcHpc.Core.Errors;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Tests.Core.Clusters
{
    /// <summary>Install-HpcApi's wait through the real engine: it follows the stack with the StackWatcher and now ends.</summary>
    public class ApiInstallerTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "pchpc-apiinstall-" + Guid.NewGuid().ToString("N"));
        private readonly StateStore _store;
        private readonly MemoryAws _aws = new MemoryAws();
        private DateTimeOffset _now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public ApiInstallerTests()
        {
            _store = StateStore.Open(_root);
        }

        public void Dispose()
        {
            try { Directory.Delete(_root, true); } catch (IOException) { }
        }

        /// <summary>An engine whose clock moves a minute at every look.</summary>
        private ClusterEngine Engine() => new ClusterEngine(new ClusterEngineOptions
        {
            OpenSession = r => _aws.Create(new AwsConnectionOptions { Region = r }, NullActivitySink.Instance),
            Store = _store, Roles = new ApiRoleSessions(), PollInterval = TimeSpan.Zero, Now = () => _now += TimeSpan.FromMinutes(1),
        });

        [Fact]
        public async Task A_stack_that_never_finishes_times_out_after_the_default_hour_and_says_what_to_run()
        {
            for (int i = 0; i < 500; i++) _aws.StackStatuses.Enqueue("CREATE_IN_PROGRESS");
            using (var engine = Engine())
            {
                var ex = await Assert.ThrowsAsync<PcHpcException>(() => engine.InstallApiAsync("us-east-1", "3.12.0", "api", true, NullActivitySink.Instance, CancellationToken.None));
                Assert.Equal("ApiStackWaitTimeout", ex.ErrorId);
                Assert.Equal(ErrorKind.Timeout, ex.Kind);
                Assert.Contains("after 60 minutes (still CREATE_IN_PROGRESS)", ex.Message);
                Assert.Contains("Get-HpcApi -Region us-east-1", ex.Message);
            }
            var polls = 500 - _aws.StackStatuses.Count;
            Assert.InRange(polls, 55, 65);
            Assert.Null(_store.Apis.TryGet(ApiRecord.KeyFor("us-east-1", "api")));
        }

        [Fact]
        public async Task The_timeout_can_be_shorter()
        {
            for (int i = 0; i < 500; i++) _aws.StackStatuses.Enqueue("CREATE_IN_PROGRESS");
            using (var engine = Engine())
            {
                var ex = await Assert.ThrowsAsync<PcHpcException>(() => engine.InstallApiAsync("us-east-1", "3.12.0", "api", true, NullActivitySink.Instance, CancellationToken.None, TimeSpan.FromMinutes(5)));
                Assert.Equal("ApiStackWaitTimeout", ex.ErrorId);
                Assert.Contains("after 5 minutes", ex.Message);
            }
            Assert.InRange(500 - _aws.StackStatuses.Count, 3, 7);
        }

        [Fact]
        public async Task Without_wait_it_returns_at_once()
        {
            using (var engine = Engine())
            {
                var api = await engine.InstallApiAsync("us-east-1", null, null, false, NullActivitySink.Instance, CancellationToken.None);
                Assert.Equal("CREATE_IN_PROGRESS", api.Status);
                Assert.Equal(ApiLocator.DefaultStackName, api.StackName);
            }
            Assert.Equal(0, _aws.Count("DescribeStacks"));
        }
    }
}
