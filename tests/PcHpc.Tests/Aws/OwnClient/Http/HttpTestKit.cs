using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Http;
using PcHpc.Aws.Signing;
using PcHpc.Core.Activity;

namespace PcHpc.Tests.Aws.OwnClient.Http
{
    /// <summary>What the fake handler saw of one request.</summary>
    public sealed class SeenRequest
    {
        public string Method;
        public Uri Url;
        public Dictionary<string, string> Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public byte[] Body;
        public string Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    }

    /// <summary>An HttpMessageHandler answering from a script, one step per request (the last step repeats).</summary>
    public sealed class ScriptedHandler : HttpMessageHandler
    {
        private readonly List<Func<SeenRequest, CancellationToken, Task<HttpResponseMessage>>> _steps = new();
        public List<SeenRequest> Requests { get; } = new();

        public ScriptedHandler Then(Func<SeenRequest, CancellationToken, Task<HttpResponseMessage>> step) { _steps.Add(step); return this; }

        public ScriptedHandler ThenRespond(HttpStatusCode status, string body = "", string contentType = "application/json",
            params (string Name, string Value)[] headers)
        {
            return Then((_, _) => Task.FromResult(Respond(status, body, contentType, headers)));
        }

        public ScriptedHandler ThenThrow(Exception ex) => Then((_, _) => Task.FromException<HttpResponseMessage>(ex));

        /// <summary>Never answers; ends only when the token is cancelled.</summary>
        public ScriptedHandler ThenHang() => Then(async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return null; });

        public static HttpResponseMessage Respond(HttpStatusCode status, string body = "", string contentType = "application/json",
            params (string Name, string Value)[] headers)
        {
            var r = new HttpResponseMessage(status) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body ?? "")) };
            if (!string.IsNullOrEmpty(body) && contentType != null) r.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            foreach (var (n, v) in headers) r.Headers.TryAddWithoutValidation(n, v);
            return r;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var seen = new SeenRequest { Method = request.Method.Method, Url = request.RequestUri };
            foreach (var h in request.Headers) seen.Headers[h.Key] = string.Join(",", h.Value);
            if (request.Content != null)
            {
                foreach (var h in request.Content.Headers) seen.Headers[h.Key] = string.Join(",", h.Value);
                seen.Body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            if (request.Headers.Host != null) seen.Headers["Host"] = request.Headers.Host;
            Requests.Add(seen);
            var step = _steps[Math.Min(Requests.Count - 1, _steps.Count - 1)];
            return await step(seen, cancellationToken);
        }
    }

    /// <summary>Captures everything the client tells the user.</summary>
    public sealed class RecordingSink : IActivitySink
    {
        public ConcurrentQueue<string> Verbose { get; } = new();
        public ConcurrentQueue<string> Debug { get; } = new();
        public ConcurrentQueue<string> Warnings { get; } = new();
        public ConcurrentQueue<string> Progress { get; } = new();
        public IEnumerable<string> All => Verbose.Concat(Debug).Concat(Warnings).Concat(Progress);
        void IActivitySink.Verbose(string message) => Verbose.Enqueue(message);
        void IActivitySink.Debug(string message) => Debug.Enqueue(message);
        void IActivitySink.Warning(string message) => Warnings.Enqueue(message);
        void IActivitySink.Progress(ProgressUpdate update) => Progress.Enqueue(update.Activity + "|" + update.Status + "|" + update.CurrentOperation);
    }

    /// <summary>A client wired to a scripted handler, a fixed clock, a fixed jitter and a delay that only records.</summary>
    public sealed class ClientKit : IDisposable
    {
        public const string AccessKey = "AKIDEXAMPLE";
        public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        public const string Token = "SESSIONTOKEN/with+chars==";

        public ScriptedHandler Handler { get; } = new();
        public RecordingSink Sink { get; } = new();
        public List<TimeSpan> Delays { get; } = new();
        public DateTime Now { get; set; } = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        public double Jitter { get; set; } = 0.5;
        public AwsHttpClientOptions Options { get; }
        public Func<TimeSpan, CancellationToken, Task> DelayBehaviour { get; set; }
        private AwsHttpClient _client;

        public ClientKit()
        {
            Options = new AwsHttpClientOptions
            {
                UtcNow = () => Now,
                Random = () => Jitter,
                Delay = (d, ct) => { Delays.Add(d); return DelayBehaviour?.Invoke(d, ct) ?? Task.CompletedTask; },
            };
        }

        public AwsHttpClient Client => _client ??= new AwsHttpClient(Handler, Options);

        public static ServiceCall Call(string token = Token, string service = "CloudFormation", string signing = "cloudformation",
            string operation = "DescribeStacks", string endpoint = "https://cloudformation.us-east-1.amazonaws.com")
        {
            var request = new AwsHttpRequest { Method = "POST", Path = "/", Body = Encoding.UTF8.GetBytes("Action=DescribeStacks&Version=2010-05-15&StackName=x") };
            request.SetHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
            return new ServiceCall
            {
                SigningName = signing,
                ServiceName = service,
                Operation = operation,
                Region = "us-east-1",
                Endpoint = new Uri(endpoint),
                Request = request,
                ErrorParser = FallbackErrorParser.Instance,
                Credentials = _ => Task.FromResult(new AwsCredentialsSnapshot(AccessKey, SecretKey, token)),
            };
        }

        public ServiceCall WithSink(ServiceCall call) { call.Activity = Sink; return call; }

        public void Dispose() => _client?.Dispose();
    }
}
