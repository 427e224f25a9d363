using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;
using PcHpc.FakeAws;
using PcHpc.Tests.Support.FakeAws;
using PcHpc.Tests.Core.State;
using Xunit.Abstractions;

using PcHpc.Tests.Support;
using PcHpc.Tests.Aws.OwnClient;

namespace PcHpc.Tests.Aws.Services
{
    /// <summary>
    /// Reliability of the whole access layer under injected faults (seeded, so repeatable). No timing is asserted:
    /// backoff sleeps are instant; the figures (attempts, faults) are printed for the report.
    /// </summary>
    public class ReliabilityTests : IAsyncLifetime
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private static readonly Regex AttemptLine = new Regex(@"^(?<op>\S+ \S+) \S+ attempt (?<n>\d+)/(?<max>\d+): (?<outcome>.*)$");
        private readonly ITestOutputHelper _output;
        private FakeAwsServer _server;

        public ReliabilityTests(ITestOutputHelper output) => _output = output;

        public async Task InitializeAsync() => _server = await FakeAwsServer.StartAsync();

        public async Task DisposeAsync() => await _server.DisposeAsync();

        /// <summary>The mixed operations: every port, read-only so each can run many times.</summary>
        private static readonly (string Name, Func<IAwsSession, IParallelClusterApi, Task> Run)[] Mix =
        {
            ("STS GetCallerIdentity", (s, api) => s.Sts.GetCallerIdentityAsync(None)),
            ("EC2 DescribeAvailabilityZones", (s, api) => s.Ec2.DescribeAvailabilityZonesAsync(null, null, false, None)),
            ("EC2 DescribeVpcs", (s, api) => s.Ec2.DescribeVpcsAsync(null, new[] { new Ec2Filter("tag:Name", "hpc-vpc") }, None)),
            ("EC2 DescribeInstanceTypes", (s, api) => s.Ec2.DescribeInstanceTypesAsync(new[] { "c5n.18xlarge" }, null, None)),
            ("CloudFormation DescribeStacks", (s, api) => s.CloudFormation.DescribeStacksAsync("rel-net", None)),
            ("CloudFormation ListStacks", (s, api) => s.CloudFormation.ListStacksAsync(new[] { "CREATE_COMPLETE" }, None)),
            ("CloudFormation DescribeStackEvents", (s, api) => s.CloudFormation.DescribeStackEventsAsync("rel-net", None)),
            ("SSM DescribeInstanceInformation", (s, api) => s.Ssm.DescribeInstanceInformationAsync(null, None)),
            ("ParallelCluster ListClusters", (s, api) => api.ListClustersAsync(null, null, None)),
            ("ParallelCluster DescribeCluster", (s, api) => api.DescribeClusterAsync("rel", null, None)),
            ("ParallelCluster ListOfficialImages", (s, api) => api.ListOfficialImagesAsync(null, "alinux2023", null, None)),
        };

        private async Task SeedAsync()
        {
            using var setup = WireKit.Session(_server);
            await setup.CloudFormation.CreateStackAsync(new CreateStackRequest { StackName = "rel-net", TemplateBody = CloudFormationFakeTests.NetworkTemplate }, None);
            await WireKit.PollAsync(async () => (await setup.CloudFormation.DescribeStacksAsync("rel-net", None)).Single().StackStatus, s => s == "CREATE_COMPLETE");
            var api = setup.ParallelClusterApi(_server.ParallelClusterInvokeUrl);
            await api.CreateClusterAsync(new CreateClusterRequest { ClusterName = "rel", ClusterConfiguration = ParallelClusterFakeTests.Config }, None);
            await WireKit.PollAsync(() => api.DescribeClusterAsync("rel", null, None), d => d.ClusterStatus == "CREATE_COMPLETE");
            _server.Calls.Clear();
        }

        [Fact]
        public async Task ThirtyPercentFaults_TwoHundredMixedOperationsAllSucceed()
        {
            await SeedAsync();
            // Each knob ~11.25%, applied in turn: 1 - (1 - 0.1125)^3 ≈ 30% of requests fail (reset, throttle or 5xx).
            _server.Knobs.Seed(20261122);
            _server.Knobs.ConnectionResetRate = 0.1125;
            _server.Knobs.ThrottleRate = 0.1125;
            _server.Knobs.ServerErrorRate = 0.1125;
            var sink = new RecordingSink();
            var delays = new List<TimeSpan>();
            using var http = WireKit.InstantClient(maxAttempts: 8, retryQuota: true, delays: delays);
            using var session = WireKit.Session(_server, http, sink);
            var api = session.ParallelClusterApi(_server.ParallelClusterInvokeUrl);

            const int operations = 200;
            var failures = new List<string>();
            for (int i = 0; i < operations; i++)
            {
                var (name, run) = Mix[i % Mix.Length];
                try { await run(session, api); }
                catch (Exception ex) { failures.Add(name + ": " + ex.Message); }
            }

            var lines = sink.VerboseLines.Select(l => AttemptLine.Match(l)).Where(m => m.Success).ToList();
            var requests = lines.Count;
            var succeeded = lines.Count(m => Regex.IsMatch(m.Groups["outcome"].Value, @"^2\d\d "));
            var resets = lines.Count(m => m.Groups["outcome"].Value.StartsWith("connection failed"));
            var throttles = lines.Count(m => Regex.IsMatch(m.Groups["outcome"].Value, "Throttl|RequestLimitExceeded|TooManyRequests"));
            var serverErrors = lines.Count(m => Regex.IsMatch(m.Groups["outcome"].Value, @"^5\d\d ") && !m.Groups["outcome"].Value.Contains("RequestLimitExceeded"));
            var maxAttempt = lines.Max(m => int.Parse(m.Groups["n"].Value));
            var histogram = lines.Where(m => Regex.IsMatch(m.Groups["outcome"].Value, @"^2\d\d ")).GroupBy(m => int.Parse(m.Groups["n"].Value)).OrderBy(g => g.Key)
                .Select(g => $"{g.Key}:{g.Count()}");
            _output.WriteLine($"operations={operations} failed={failures.Count} http-requests={requests} (fake saw {_server.Calls.All.Count}) successful-requests={succeeded}");
            _output.WriteLine($"faults: connection-resets={resets} throttles={throttles} 5xx={serverErrors} fault-rate={(double)(requests - succeeded) / requests:P1}");
            _output.WriteLine($"attempts per successful request (attempt:count): {string.Join(" ", histogram)}; worst={maxAttempt}/8; backoff delays asked={delays.Count}; retry quota left={http.RetryQuotaAvailable}/500");

            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(resets > 0 && throttles > 0 && serverErrors > 0, "every kind of fault was injected");
            Assert.InRange((double)(requests - succeeded) / requests, 0.2, 0.4);
            Assert.Equal(requests - succeeded, delays.Count); // every failed attempt was retried after a backoff
            Assert.True(maxAttempt <= 8);
            Assert.Equal(requests, _server.Calls.All.Count);
        }

        public static IEnumerable<object[]> FaultKinds() => new[] { new object[] { "throttle" }, new object[] { "5xx" }, new object[] { "reset" } };

        [Theory]
        [MemberData(nameof(FaultKinds))]
        public async Task EveryRequestFailing_EachOperationFailsClearlyWithinTheRetryBudget_AndNothingIsRecorded(string fault)
        {
            await SeedAsync();
            _server.Knobs.Seed(7);
            switch (fault)
            {
                case "throttle": _server.Knobs.ThrottleRate = 1; break;
                case "5xx": _server.Knobs.ServerErrorRate = 1; break;
                default: _server.Knobs.ConnectionResetRate = 1; break;
            }
            const int maxAttempts = 4;
            using var home = new TempStateRoot();
            var store = StateStore.Open(null, new StateStoreOptions { GetEnvironmentVariable = n => n == StateLocation.HomeVariable ? home.Path : null });
            Assert.Equal(Path.GetFullPath(home.Path), store.Root);
            using var http = WireKit.InstantClient(maxAttempts: maxAttempts, retryQuota: false);
            using var session = WireKit.Session(_server, http);
            var api = session.ParallelClusterApi(_server.ParallelClusterInvokeUrl);

            foreach (var (name, run) in Mix)
            {
                var before = _server.Calls.All.Count;
                // What an engine refresh does: ask AWS, then record the answer; only a success may write.
                var ex = await Assert.ThrowsAnyAsync<PcHpcException>(async () =>
                {
                    await run(session, api);
                    store.Clusters.Put(new ClusterRecord { Name = "rel", Region = "us-east-1", ClusterStatus = "seen by " + name });
                });
                var used = _server.Calls.All.Count - before;
                _output.WriteLine($"[{fault}] {name}: {used} attempts, {ex.Kind}: {ex.Message}");

                Assert.Equal(maxAttempts, used);
                var service = name.Split(' ')[0];
                var operation = name.Split(' ')[1];
                Assert.Contains(service + " " + operation, ex.Message);
                Assert.Contains("us-east-1", ex.Message);
                switch (fault)
                {
                    case "throttle":
                        Assert.Equal(ErrorKind.Throttled, ex.Kind);
                        Assert.Contains("throttling", ex.Message);
                        Assert.Contains(maxAttempts + " attempts", ex.Message);
                        Assert.Matches("request id [0-9a-f-]{8,}", ex.Message);
                        break;
                    case "5xx":
                        Assert.Contains(ex.Kind, new[] { ErrorKind.ServiceError });
                        Assert.Matches("Internal|HTTP 50", ex.Message);
                        Assert.Contains("after " + maxAttempts + " attempts; try again later", ex.Message);
                        Assert.Matches("request id [0-9a-f-]{8,}", ex.Message);
                        break;
                    default:
                        Assert.Equal(ErrorKind.Connection, ex.Kind);
                        Assert.Contains("could not reach " + _server.Url.GetLeftPart(UriPartial.Authority), ex.Message);
                        Assert.Contains("after " + maxAttempts + " attempts", ex.Message);
                        break;
                }
            }
            Assert.Empty(store.Clusters.List());
            Assert.Empty(Directory.EnumerateFiles(home.Path, "*.json", SearchOption.AllDirectories));
        }
    }
}
