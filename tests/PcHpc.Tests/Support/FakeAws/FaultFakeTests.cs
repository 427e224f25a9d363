using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using PcHpc.FakeAws;

namespace PcHpc.Tests.Support.FakeAws
{
    public class FaultFakeTests : IAsyncLifetime
    {
        private FakeAwsServer _server;
        private FakeAwsClient _client;

        public async Task InitializeAsync()
        {
            _server = await FakeAwsServer.StartAsync();
            _server.Ssm.RegisterInstance("i-0head000000000001");
            _client = new FakeAwsClient(_server);
        }

        public async Task DisposeAsync()
        {
            _client.Dispose();
            await _server.DisposeAsync();
        }

        [Fact]
        public async Task Throttling_UsesEachProtocolsOwnError()
        {
            _server.Knobs.ThrottleRate = 1.0;
            var cfn = await _client.CfnAsync("DescribeStacks");
            Assert.Equal((400, "Throttling"), (cfn.Status, cfn.Xml.V("Code")));
            Assert.Equal("ErrorResponse", cfn.Xml.Name.LocalName);
            var ec2 = await _client.Ec2Async("DescribeVpcs");
            Assert.Equal((503, "RequestLimitExceeded"), (ec2.Status, ec2.Xml.V("Code")));
            var ssm = await _client.SsmAsync("DescribeInstanceInformation", new { });
            Assert.Equal((400, "ThrottlingException"), (ssm.Status, ssm.Json["__type"].ToString()));
            var pc = await _client.PcAsync(HttpMethod.Get, "/v3/clusters?region=us-east-1");
            Assert.Equal(429, pc.Status);
            Assert.Equal("TooManyRequestsException", pc.Message.Headers.GetValues("x-amzn-ErrorType").Single());
            Assert.Equal("Too Many Requests", pc.Json["message"].ToString());
        }

        [Fact]
        public async Task ServerErrors_Are5xx_InEachFormat()
        {
            _server.Knobs.ServerErrorRate = 1.0;
            var sts = await _client.StsAsync("GetCallerIdentity");
            Assert.Equal((500, "InternalFailure", "Receiver"), (sts.Status, sts.Xml.V("Code"), sts.Xml.V("Type")));
            Assert.Equal("https://sts.amazonaws.com/doc/2011-06-15/", sts.Xml.Name.NamespaceName);
            var ec2 = await _client.Ec2Async("DescribeVpcs");
            Assert.Equal((500, "InternalError"), (ec2.Status, ec2.Xml.V("Code")));
            var ssm = await _client.SsmAsync("DescribeInstanceInformation", new { });
            Assert.Equal(500, ssm.Status);
            var pc = await _client.PcAsync(HttpMethod.Get, "/v3/clusters?region=us-east-1");
            Assert.True(pc.Status >= 500);
        }

        [Fact]
        public async Task ConnectionReset_AbortsTheConnection()
        {
            _server.Knobs.ConnectionResetRate = 1.0;
            await Assert.ThrowsAsync<HttpRequestException>(() => _client.StsAsync("GetCallerIdentity"));
            _server.Knobs.ConnectionResetRate = 0;
            Assert.Equal(200, (await _client.StsAsync("GetCallerIdentity")).Status);
        }

        [Fact]
        public async Task SlowResponses_OutlastAShortClientTimeout()
        {
            _server.Knobs.SlowResponseRate = 1.0;
            _server.Knobs.SlowResponseDelay = TimeSpan.FromMinutes(5);
            using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.Url, "prod/v3/clusters?region=us-east-1"));
            request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00");
            await Assert.ThrowsAsync<TaskCanceledException>(() => http.SendAsync(request));
            _server.Knobs.SlowResponseRate = 0;
            Assert.Equal(200, (await _client.PcAsync(HttpMethod.Get, "/v3/clusters?region=us-east-1")).Status);
        }

        [Fact]
        public async Task FaultActions_LimitInjectionToNamedOperations()
        {
            _server.Knobs.ThrottleRate = 1.0;
            _server.Knobs.FaultActions = new HashSet<string> { "DescribeStacks" };
            Assert.Equal(200, (await _client.StsAsync("GetCallerIdentity")).Status);
            Assert.Equal(400, (await _client.CfnAsync("DescribeStacks")).Status);
        }

        private async Task<string> Pattern(int seed)
        {
            _server.Knobs.Seed(seed);
            _server.Knobs.ThrottleRate = 0.5;
            var outcome = new System.Text.StringBuilder();
            for (int i = 0; i < 24; i++)
                outcome.Append((await _client.StsAsync("GetCallerIdentity")).Status == 200 ? '.' : 'T');
            return outcome.ToString();
        }

        [Fact]
        public async Task SeededRng_MakesFaultSequencesRepeatable()
        {
            var first = await Pattern(2024);
            var second = await Pattern(2024);
            Assert.Equal(first, second);
            Assert.Contains('T', first);
            Assert.Contains('.', first);
        }

        [Fact]
        public async Task ConcurrentRequests_AreAllAnsweredAndLogged()
        {
            var tasks = Enumerable.Range(0, 40).Select(i => i % 2 == 0
                ? _client.StsAsync("GetCallerIdentity")
                : _client.PcAsync(HttpMethod.Post, "/v3/clusters?region=us-east-1", new { clusterName = "cc" + i, clusterConfiguration = "HeadNode:\n  InstanceType: t3.micro\n" })).ToList();
            var replies = await Task.WhenAll(tasks);
            Assert.All(replies, r => Assert.True(r.Status == 200 || r.Status == 202, r.Body));
            Assert.Equal(20, _server.Calls.Count("sts", "GetCallerIdentity"));
            Assert.Equal(20, _server.Calls.Count("execute-api", "CreateCluster"));
            Assert.Equal(20, _server.ParallelCluster.Clusters.Count);
        }
    }
}
