using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using System.Xml.Linq;
using PcHpc.FakeAws;

namespace PcHpc.Tests.Support.FakeAws
{
    /// <summary>Raw, hand-built requests against the fake (unsigned, but with a well-formed Authorization header).</summary>
    internal sealed class FakeAwsClient : IDisposable
    {
        private readonly HttpClient _http = new HttpClient();
        private readonly FakeAwsServer _server;

        public FakeAwsClient(FakeAwsServer server) { _server = server; }

        public string AccessKey { get; set; } = "AKIAIOSFODNN7EXAMPLE";
        public string Region { get; set; } = "us-east-1";
        public bool SendAuthorization { get; set; } = true;

        private void Authorize(HttpRequestMessage m, string service)
        {
            var now = DateTime.UtcNow;
            m.Headers.TryAddWithoutValidation("X-Amz-Date", now.ToString("yyyyMMdd'T'HHmmss'Z'"));
            if (SendAuthorization)
                m.Headers.TryAddWithoutValidation("Authorization",
                    $"AWS4-HMAC-SHA256 Credential={AccessKey}/{now:yyyyMMdd}/{Region}/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature={new string('0', 64)}");
        }

        public sealed record Reply(int Status, string Body, HttpResponseMessage Message)
        {
            public XElement Xml => XElement.Parse(Body);
            public JsonNode Json => JsonNode.Parse(Body);
        }

        private async Task<Reply> SendAsync(HttpRequestMessage m)
        {
            var resp = await _http.SendAsync(m);
            return new Reply((int)resp.StatusCode, await resp.Content.ReadAsStringAsync(), resp);
        }

        /// <summary>Query/EC2 protocol: form POST with Action and Version.</summary>
        public Task<Reply> QueryAsync(string service, string version, string action, params (string Key, string Value)[] parameters)
        {
            var pairs = new List<(string, string)> { ("Action", action), ("Version", version) };
            pairs.AddRange(parameters);
            var body = string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
            var m = new HttpRequestMessage(HttpMethod.Post, _server.Url)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            Authorize(m, service);
            return SendAsync(m);
        }

        public Task<Reply> CfnAsync(string action, params (string, string)[] p) => QueryAsync("cloudformation", "2010-05-15", action, p);
        public Task<Reply> Ec2Async(string action, params (string, string)[] p) => QueryAsync("ec2", "2016-11-15", action, p);
        public Task<Reply> StsAsync(string action, params (string, string)[] p) => QueryAsync("sts", "2011-06-15", action, p);

        /// <summary>JSON 1.1 (SSM).</summary>
        public Task<Reply> SsmAsync(string operation, object body)
        {
            var m = new HttpRequestMessage(HttpMethod.Post, _server.Url)
            {
                Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/x-amz-json-1.1"),
            };
            m.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSSM." + operation);
            Authorize(m, "ssm");
            return SendAsync(m);
        }

        /// <summary>REST-JSON (ParallelCluster API); <paramref name="pathAndQuery"/> like "/v3/clusters?region=us-east-1".</summary>
        public Task<Reply> PcAsync(HttpMethod method, string pathAndQuery, object body = null, string stage = "prod")
        {
            var m = new HttpRequestMessage(method, new Uri(_server.Url, (stage == null ? "" : stage) + pathAndQuery));
            if (body != null) m.Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            Authorize(m, "execute-api");
            return SendAsync(m);
        }

        public void Dispose() => _http.Dispose();
    }

    internal static class XmlExtensions
    {
        /// <summary>First descendant with this local name (any namespace).</summary>
        public static XElement D(this XElement e, string localName) => e.Descendants().FirstOrDefault(x => x.Name.LocalName == localName);
        public static IEnumerable<XElement> All(this XElement e, string localName) => e.Descendants().Where(x => x.Name.LocalName == localName);
        public static string V(this XElement e, string localName) => e.D(localName)?.Value;
    }
}
