using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PcHpc.Aws.Session;
using PcHpc.Cmdlets;
using PcHpc.Core.Clusters;
using PcHpc.Core.Config;
using PcHpc.Core.State;
using PcHpc.Infrastructure;
using PcHpc.Tests.Support.Prism;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Core.Clusters
{
    /// <summary>
    /// Every ParallelCluster API request the cluster cmdlets' flows send validates against the official spec: the cmdlets
    /// point -ApiUri at a recording loopback proxy in front of Prism (request validation on), which notes each request
    /// and Prism's sl-violations answer.
    /// </summary>
    public class ClusterContractTests : IClassFixture<PrismFixture>
    {
        private readonly PrismFixture _prism;

        public ClusterContractTests(PrismFixture prism) => _prism = prism;

        private sealed class RecordingProxy : IAsyncDisposable
        {
            private WebApplication _app;
            private readonly HttpClient _client = new HttpClient();
            public ConcurrentQueue<(string Request, string Violations, int Status)> Seen { get; } = new ConcurrentQueue<(string, string, int)>();
            public Uri Url { get; private set; }

            public static async Task<RecordingProxy> StartAsync(Uri target)
            {
                var proxy = new RecordingProxy();
                var builder = WebApplication.CreateSlimBuilder();
                builder.Logging.ClearProviders();
                builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
                var app = builder.Build();
                app.Run(async ctx =>
                {
                    var path = ctx.Request.Path.Value + ctx.Request.QueryString.Value;
                    if (path.StartsWith("/prod/", StringComparison.Ordinal)) path = path.Substring("/prod".Length);
                    var forward = new HttpRequestMessage(new HttpMethod(ctx.Request.Method), new Uri(target, path));
                    foreach (var h in ctx.Request.Headers)
                    {
                        if (h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase) || h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)) continue;
                        forward.Headers.TryAddWithoutValidation(h.Key, h.Value.ToArray());
                    }
                    if (ctx.Request.ContentLength > 0 || ctx.Request.Headers.ContainsKey("Transfer-Encoding"))
                    {
                        var body = new System.IO.MemoryStream();
                        await ctx.Request.Body.CopyToAsync(body);
                        forward.Content = new ByteArrayContent(body.ToArray());
                        if (ctx.Request.ContentType != null) forward.Content.Headers.TryAddWithoutValidation("Content-Type", ctx.Request.ContentType);
                    }
                    using var answer = await proxy._client.SendAsync(forward);
                    proxy.Seen.Enqueue((ctx.Request.Method + " " + path, PrismFixture.Violations(answer), (int)answer.StatusCode));
                    ctx.Response.StatusCode = (int)answer.StatusCode;
                    var bytes = await answer.Content.ReadAsByteArrayAsync();
                    if (answer.Content.Headers.ContentType != null) ctx.Response.ContentType = answer.Content.Headers.ContentType.ToString();
                    if (bytes.Length > 0 && answer.StatusCode != HttpStatusCode.NoContent) await ctx.Response.Body.WriteAsync(bytes);
                });
                await app.StartAsync();
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
                proxy.Url = new Uri(address.TrimEnd('/') + "/prod");
                proxy._app = app;
                return proxy;
            }

            public async ValueTask DisposeAsync()
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
                _client.Dispose();
            }
        }

        [PrismFact]
        public async Task EveryClusterFlowSendsOnlyValidRequests()
        {
            await using var proxy = await RecordingProxy.StartAsync(_prism.BaseUri);
            var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pchpc-contract-" + Guid.NewGuid().ToString("N"));
            var store = StateStore.Open(root);
            // The request flows of the cluster cmdlets, driven through their engine (the cmdlets themselves run in the
            // real PowerShell engine in PcHpc.Cmdlets.Tests/Clusters).
            var factory = new AwsSessionFactory();
            using var engine = new ClusterEngine(new ClusterEngineOptions
            {
                OpenSession = region => factory.Create(new PcHpc.Core.Connection.AwsConnectionOptions
                {
                    Region = region ?? "us-east-1", AccessKey = "AKIAPCHPCCONTRACT001", SecretKey = "contract-secret",
                }, PcHpc.Core.Activity.NullActivitySink.Instance),
                Store = store, ApiUri = proxy.Url, Roles = new ApiRoleSessions(), PollInterval = TimeSpan.Zero,
            });
            var sink = PcHpc.Core.Activity.NullActivitySink.Instance;
            var none = System.Threading.CancellationToken.None;
            async Task Try(Func<Task> flow)
            {
                try { await flow(); } catch (PcHpc.Core.Errors.PcHpcException) { /* Prism's example answers need not make sense; the requests are what is checked */ }
            }
            var config = ConfigYaml.Parse(ClusterWorld.ValidYaml);
            var bigger = ConfigYaml.Parse(ClusterWorld.ValidYaml);
            bigger.Scheduling.SlurmQueues[0].ComputeResources[0].MaxCount = 8;
            var east = new[] { "us-east-1" };

            await Try(() => engine.ListAsync(east, null, null, false, sink, none));
            await Try(() => engine.ListAsync(east, null, null, true, sink, none));
            await Try(() => engine.CreateAsync(new ClusterCreateRequest { Name = "contract1", Region = "us-east-1", Config = config }, sink, none));
            await Try(() => engine.CreateAsync(new ClusterCreateRequest { Name = "contract2", Region = "us-east-1", Config = config, DryRun = true, SuppressValidators = new[] { "type:KeyPairValidator" }, ValidationFailureLevel = "WARNING", RollbackOnFailure = false }, sink, none));
            await Try(() => engine.UpdateAsync("contract1", "us-east-1", bigger, null, true, false, null, null, sink, none));
            await Try(() => engine.DeleteAsync("contract1", "us-east-1", false, sink, none));
            await Try(() => engine.SetComputeFleetAsync("contract1", "us-east-1", false, false, sink, none));
            await Try(() => engine.SetComputeFleetAsync("contract1", "us-east-1", true, false, sink, none));
            await Try(() => engine.GetInstancesAsync("contract1", "us-east-1", "ComputeNode", "q1", sink, none));
            await Try(() => engine.RemoveInstancesAsync("contract1", "us-east-1", false, sink, none));
            await Try(() => engine.GetEventsAsync("contract1", "us-east-1", sink, none));
            await Try(() => engine.GetLogStreamsAsync("contract1", "us-east-1", new[] { "Name=node-type,Values=HeadNode" }, sink, none));
            await Try(() => engine.GetLogEventsAsync("contract1", "us-east-1", "ip-10-0-0-1.i-0123456789abcdef0.cfn-init", 10, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), sink, none));
            var exportFolder = System.IO.Path.Combine(root, "export");
            await Try(() => engine.ExportLogsAsync(new LogExportRequest
            {
                ClusterName = "contract1", Region = "us-east-1", Path = exportFolder, Filters = new[] { "Name=node-type,Values=HeadNode" },
                Since = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), Until = new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            }, sink, none));

            var seen = proxy.Seen.ToList();
            foreach (var op in new[] { "GET /v3/clusters?", "GET /v3/clusters/", "POST /v3/clusters", "PUT /v3/clusters/contract1", "DELETE /v3/clusters/contract1?", "PATCH /v3/clusters/contract1/computefleet", "/instances", "/stackevents", "/logstreams" })
            {
                Assert.True(seen.Any(s => s.Request.Contains(op)), $"no request like '{op}' was sent: {string.Join(", ", seen.Select(s => s.Request))}");
            }
            var bad = seen.Where(s => s.Violations != null).ToList();
            // Export-HpcClusterLog read events with startTime and endTime (a window wide enough for Prism's example stream).
            Assert.Contains(seen, s => s.Request.Contains("/logstreams/") && s.Request.Contains("endTime=") && s.Request.Contains("startTime="));

            // The harness itself notices a request that breaks the spec.
            using (var raw = new HttpClient())
            {
                var probe = new HttpRequestMessage(HttpMethod.Get, proxy.Url + "/v3/clusters?clusterStatus=NOT_A_STATUS");
                probe.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00");
                await raw.SendAsync(probe);
            }
            Assert.Contains(proxy.Seen, s => s.Request.Contains("NOT_A_STATUS") && s.Violations != null);
            Assert.True(bad.Count == 0, string.Join("\n", bad.Select(b => b.Request + " -> " + b.Status + " " + b.Violations)));
            try { System.IO.Directory.Delete(root, true); } catch (System.IO.IOException) { }
        }
    }
}
