using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PcHpc.Aws;
using PcHpc.Aws.Http;
using PcHpc.Aws.Signing;
using PcHpc.Core.Errors;

namespace PcHpc.Tests.Aws.OwnClient.Http
{
    /// <summary>
    /// End to end over real sockets: a Kestrel server on 127.0.0.1 that recomputes each request's signature with the
    /// signer (as AWS would) and misbehaves on demand (aborted connection, 503).
    /// </summary>
    public sealed class LoopbackServerTests : IAsyncLifetime
    {
        private const string ServerSecret = ClientKit.SecretKey;
        private WebApplication _app;
        private Uri _baseUri;
        private int _count;
        private Func<int, HttpContext, Task<bool>> _misbehave = (_, _) => Task.FromResult(false);
        public ConcurrentQueue<(int N, bool SignatureOk, string Target, string AmzDate)> Seen { get; } = new();

        public async Task InitializeAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
            _app = builder.Build();
            _app.Run(HandleAsync);
            await _app.StartAsync();
            var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
            _baseUri = new Uri(address);
        }

        public async Task DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private async Task HandleAsync(HttpContext ctx)
        {
            var n = Interlocked.Increment(ref _count);
            using var ms = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(ms);
            var body = ms.ToArray();
            var rawTarget = ctx.Features.Get<IHttpRequestFeature>().RawTarget;
            var ok = Verify(ctx, rawTarget, body);
            Seen.Enqueue((n, ok, rawTarget, ctx.Request.Headers["X-Amz-Date"].ToString()));
            if (await _misbehave(n, ctx)) return;
            if (!ok)
            {
                ctx.Response.StatusCode = 403;
                ctx.Response.ContentType = "text/xml";
                await ctx.Response.WriteAsync("<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error><RequestId>srv-" + n + "</RequestId></ErrorResponse>");
                return;
            }
            ctx.Response.StatusCode = 200;
            ctx.Response.Headers["x-amzn-RequestId"] = "srv-" + n;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync("{\"echo\":\"" + Encoding.UTF8.GetString(body).Replace("\"", "'") + "\"}");
        }

        /// <summary>Server-side check: rebuild the request from what arrived and sign it again with the known secret.</summary>
        private static bool Verify(HttpContext ctx, string rawTarget, byte[] body)
        {
            var authorization = ctx.Request.Headers.Authorization.ToString();
            if (string.IsNullOrEmpty(authorization)) return false;
            var signedHeaders = authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
            var scope = authorization.Split("Credential=")[1].Split(',')[0].Split('/');
            var q = rawTarget.IndexOf('?');
            var request = new AwsHttpRequest { Method = ctx.Request.Method, Path = q < 0 ? rawTarget : rawTarget.Substring(0, q), Body = body };
            if (q >= 0)
            {
                foreach (var pair in rawTarget.Substring(q + 1).Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var kv = pair.Split('=', 2);
                    request.Query.Add(new(Uri.UnescapeDataString(kv[0]), kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : ""));
                }
            }
            foreach (var name in signedHeaders)
            {
                if (name is "host" or "x-amz-date" or "x-amz-security-token") continue;
                request.Headers.Add(new(name, ctx.Request.Headers[name].ToString()));
            }
            var token = ctx.Request.Headers["X-Amz-Security-Token"].ToString();
            var time = DateTime.ParseExact(ctx.Request.Headers["X-Amz-Date"].ToString(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            var expected = RequestSigner.Sign(request, new Uri("http://" + ctx.Request.Headers.Host + rawTarget), scope[3], scope[2],
                new AwsCredentialsSnapshot(scope[0], ServerSecret, token), time);
            return expected == authorization;
        }

        private AwsHttpClient NewClient(List<TimeSpan> delays, RecordingSink sink = null) =>
            new AwsHttpClient(null, new AwsHttpClientOptions
            {
                Delay = (d, ct) => { delays.Add(d); return Task.CompletedTask; },
                AttemptTimeout = TimeSpan.FromSeconds(30),
                Activity = sink ?? new RecordingSink(),
            });

        private ServiceCall Call(string secret = ClientKit.SecretKey)
        {
            var request = new AwsHttpRequest { Method = "POST", Path = "/v3/clusters/my%20cluster", Body = Encoding.UTF8.GetBytes("{\"clusterName\":\"c1\"}") };
            request.Query.Add(new("region", "eu-west-1"));
            request.Query.Add(new("nextToken", "a/b=="));
            request.SetHeader("Content-Type", "application/json");
            return new ServiceCall
            {
                SigningName = "execute-api",
                ServiceName = "ParallelCluster",
                Operation = "CreateCluster",
                Region = "us-east-1",
                Endpoint = new Uri(_baseUri, "/prod"),
                Request = request,
                ErrorParser = FallbackErrorParser.Instance,
                Credentials = _ => Task.FromResult(new AwsCredentialsSnapshot(ClientKit.AccessKey, secret, ClientKit.Token)),
            };
        }

        [Fact]
        public async Task Signed_call_survives_an_aborted_connection_and_a_503_and_verifies_server_side()
        {
            _misbehave = async (n, ctx) =>
            {
                if (n == 1) { ctx.Abort(); return true; }
                if (n == 2) { ctx.Response.StatusCode = 503; await ctx.Response.WriteAsync(""); return true; }
                return false;
            };
            var delays = new List<TimeSpan>();
            var sink = new RecordingSink();
            using var client = NewClient(delays, sink);

            var response = await client.SendAsync(Call());

            Assert.Equal(200, response.StatusCode);
            Assert.Equal("{\"echo\":\"{'clusterName':'c1'}\"}", Encoding.UTF8.GetString(response.Body));
            var seen = Seen.ToArray();
            Assert.Equal(3, seen.Length);
            Assert.All(seen, s => Assert.True(s.SignatureOk, "server rejected the signature of request " + s.N));
            Assert.All(seen, s => Assert.Equal("/prod/v3/clusters/my%20cluster?region=eu-west-1&nextToken=a%2Fb%3D%3D", s.Target));
            Assert.Equal(2, delays.Count);
            var verbose = sink.Verbose.ToArray();
            Assert.Equal(3, verbose.Length);
            Assert.Matches(@"^ParallelCluster CreateCluster us-east-1 attempt 1/3: connection failed \(.+\) in \d+ ms; retrying in \d+ ms$", verbose[0]);
            Assert.Matches(@"^ParallelCluster CreateCluster us-east-1 attempt 2/3: 503 ServiceUnavailable in \d+ ms; retrying in \d+ ms$", verbose[1]);
            Assert.Matches(@"^ParallelCluster CreateCluster us-east-1 attempt 3/3: 200 in \d+ ms$", verbose[2]);
            Assert.Contains(sink.Debug, d => d == "ParallelCluster CreateCluster request id srv-3");
        }

        [Fact]
        public async Task Server_rejects_a_wrong_secret_and_the_client_reports_Authentication()
        {
            var delays = new List<TimeSpan>();
            using var client = NewClient(delays);
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.SendAsync(Call(secret: "not-the-secret")));
            Assert.Equal(ErrorKind.Authentication, ex.Kind);
            Assert.Equal("SignatureDoesNotMatch", ex.Code);
            Assert.Equal("srv-1", ex.RequestId);
            Assert.Single(Seen);
            Assert.False(Seen.Single().SignatureOk);
            Assert.Empty(delays);
        }

        [Fact]
        public async Task Persistent_aborts_end_as_a_Connection_error_naming_the_endpoint()
        {
            _misbehave = (n, ctx) => { ctx.Abort(); return Task.FromResult(true); };
            var delays = new List<TimeSpan>();
            using var client = NewClient(delays);
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.SendAsync(Call()));
            Assert.Equal(ErrorKind.Connection, ex.Kind);
            Assert.Contains(_baseUri.GetLeftPart(UriPartial.Authority), ex.Message);
            Assert.Equal(3, Seen.Count);
        }
    }
}
