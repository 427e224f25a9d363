using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PcHpc.FakeAws
{
    /// <summary>Wire protocol of a request, which decides the error format.</summary>
    public enum FakeProtocol { Query, Ec2, Json, RestJson, RestXml }

    /// <summary>One recorded call.</summary>
    public sealed record FakeCall(string Service, string Region, string Action, DateTime Timestamp, string AccessKey, FakeProtocol Protocol)
    {
        /// <summary>Form/query parameters as received (query and ec2: the POST body and query string; json and rest-json: the query string).</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters { get; init; }
        /// <summary>The raw request body.</summary>
        public string Body { get; init; }
    }

    /// <summary>A service error, rendered in the protocol's own format.</summary>
    public sealed class FakeAwsError : Exception
    {
        public FakeAwsError(int status, string code, string message, object body = null) : base(message)
        { Status = status; Code = code; Body = body; ErrorMessage = message; }
        /// <summary>The message as given (null for errors the service sends without one).</summary>
        public string ErrorMessage { get; }
        public int Status { get; }
        public string Code { get; }
        /// <summary>REST-JSON only: a full JSON body to send instead of {"message":...}.</summary>
        public object Body { get; }
    }

    /// <summary>What a handler answers.</summary>
    public sealed class FakeResponse
    {
        public int Status { get; set; } = 200;
        public string ContentType { get; set; }
        public string Body { get; set; }
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>();
    }

    /// <summary>A parsed request as handlers see it.</summary>
    public sealed class FakeRequest
    {
        public HttpContext Http { get; init; }
        public string Service { get; init; }
        public string Region { get; init; }
        public string AccessKey { get; init; }
        public string RequestId { get; init; }
        public string Body { get; init; }
        /// <summary>Form (query protocols) or query-string values; multi-valued.</summary>
        public Dictionary<string, List<string>> Form { get; init; }
        public string Action { get; set; }
        public string Param(string name) => Form != null && Form.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;
    }

    /// <summary>
    /// Loopback fake of CloudFormation, EC2, STS, SSM, S3 (path-style) and the ParallelCluster API on 127.0.0.1 (random port).
    /// Point any AWS client at <see cref="Url"/> (endpoint override) with any credentials.
    /// </summary>
    public sealed class FakeAwsServer : IAsyncDisposable
    {
        private static readonly Regex AuthRegex = new Regex(
            @"^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request\s*,", RegexOptions.Compiled);
        private WebApplication _app;

        public FakeAwsServer()
        {
            Knobs = new FakeKnobs();
            Calls = new FakeCallLog();
            Sts = new FakeSts(this);
            Ec2 = new FakeEc2(this);
            CloudFormation = new FakeCloudFormation(this);
            Ssm = new FakeSsm(this);
            ParallelCluster = new FakeParallelCluster(this);
            S3 = new FakeS3();
        }

        public Uri Url { get; private set; }
        public FakeKnobs Knobs { get; }
        public FakeCallLog Calls { get; }
        public FakeSts Sts { get; }
        /// <summary>Why the last signature check failed (the canonical request the fake computed), for debugging.</summary>
        public string LastSignatureFailure { get; private set; }
        public FakeEc2 Ec2 { get; }
        public FakeCloudFormation CloudFormation { get; }
        public FakeSsm Ssm { get; }
        public FakeParallelCluster ParallelCluster { get; }
        public FakeS3 S3 { get; }

        /// <summary>The ParallelCluster API invoke URL (with a /prod stage prefix, like API Gateway).</summary>
        public Uri ParallelClusterInvokeUrl => new Uri(Url, "prod");

        public static async Task<FakeAwsServer> StartAsync()
        {
            var server = new FakeAwsServer();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(server.HandleAsync);
            await app.StartAsync().ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
            server.Url = new Uri(address.EndsWith("/") ? address : address + "/");
            server._app = app;
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            Ssm.KillAll();
            if (_app != null)
            {
                await _app.StopAsync().ConfigureAwait(false);
                await _app.DisposeAsync().ConfigureAwait(false);
            }
        }

        internal string NewRequestId() =>
            Guid.NewGuid().ToString();

        private async Task HandleAsync(HttpContext ctx)
        {
            string body;
            using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8))
                body = await reader.ReadToEndAsync().ConfigureAwait(false);

            var target = ctx.Request.Headers["X-Amz-Target"].ToString();
            var path = ctx.Request.Path.Value ?? "/";
            var restPath = RestPathOf(path);
            FakeProtocol protocol;
            Dictionary<string, List<string>> form;
            var signedFor = AuthRegex.Match(ctx.Request.Headers["Authorization"].ToString());
            if (signedFor.Success && signedFor.Groups[4].Value == "s3")
            {
                protocol = FakeProtocol.RestXml;
                form = ParseForm(ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value.TrimStart('?') : "");
            }
            else if (target.StartsWith("AmazonSSM.", StringComparison.Ordinal))
            {
                protocol = FakeProtocol.Json;
                form = ParseForm(ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value.TrimStart('?') : "");
            }
            else if (restPath != null)
            {
                protocol = FakeProtocol.RestJson;
                form = ParseForm(ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value.TrimStart('?') : "");
            }
            else
            {
                form = ParseForm(body);
                foreach (var kv in ParseForm(ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value.TrimStart('?') : ""))
                    if (!form.ContainsKey(kv.Key)) form[kv.Key] = kv.Value;
                protocol = form.TryGetValue("Version", out var ver) && ver.FirstOrDefault() == "2016-11-15" ? FakeProtocol.Ec2 : FakeProtocol.Query;
            }

            var auth = ctx.Request.Headers["Authorization"].ToString();
            var m = AuthRegex.Match(auth);
            // groups: 1 access key, 2 date, 3 region, 4 service
            var request = new FakeRequest
            {
                Http = ctx, Body = body, Form = form, RequestId = NewRequestId(),
                AccessKey = m.Success ? m.Groups[1].Value : null,
                Region = m.Success ? m.Groups[3].Value : Knobs.DefaultRegion,
                Service = m.Success ? m.Groups[4].Value : null,
            };

            FakeResponse response;
            try
            {
                request.Action = protocol switch
                {
                    FakeProtocol.Json => target.Substring("AmazonSSM.".Length),
                    FakeProtocol.RestJson => FakeParallelCluster.OperationOf(ctx.Request.Method, restPath),
                    FakeProtocol.RestXml => FakeS3.OperationOf(ctx.Request.Method, path, form),
                    _ => request.Param("Action") ?? "",
                };
                var stamp = DateTime.UtcNow;
                var amzDate = ctx.Request.Headers["X-Amz-Date"].ToString();
                if (DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                    stamp = parsed;
                Calls.Add(new FakeCall(request.Service ?? ServiceOf(protocol, form), request.Region, request.Action, stamp, request.AccessKey, protocol)
                {
                    Parameters = form.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.ToList()),
                    Body = body,
                });

                if (Knobs.RequireAuthorization && !m.Success)
                    throw protocol == FakeProtocol.RestJson
                        ? new FakeAwsError(403, "MissingAuthenticationTokenException", "Missing Authentication Token")
                        : new FakeAwsError(403, protocol == FakeProtocol.Json ? "MissingAuthenticationTokenException" : "MissingAuthenticationToken",
                            "Request is missing Authentication Token");

                if (m.Success && Knobs.SigningSecrets.TryGetValue(request.AccessKey, out var secret)
                    && !SigV4Verifier.Verify(ctx, body, secret, out var why))
                {
                    const string text = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
                    LastSignatureFailure = why;
                    throw protocol switch
                    {
                        FakeProtocol.Json => new FakeAwsError(400, "InvalidSignatureException", text),
                        FakeProtocol.RestJson => new FakeAwsError(403, "InvalidSignatureException", text),
                        _ => new FakeAwsError(403, "SignatureDoesNotMatch", text),
                    };
                }

                if (Knobs.Latency > TimeSpan.Zero) await Task.Delay(Knobs.Latency).ConfigureAwait(false);
                if (Knobs.FaultActions == null || Knobs.FaultActions.Contains(request.Action))
                {
                    if (Knobs.ConnectionResetRate > 0 && Knobs.Next() < Knobs.ConnectionResetRate)
                    {
                        ctx.Abort();
                        return;
                    }
                    if (Knobs.ThrottleRate > 0 && Knobs.Next() < Knobs.ThrottleRate) throw ThrottleError(protocol);
                    if (Knobs.ServerErrorRate > 0 && Knobs.Next() < Knobs.ServerErrorRate) throw ServerError(protocol);
                    if (Knobs.SlowResponseRate > 0 && Knobs.Next() < Knobs.SlowResponseRate)
                        await Task.Delay(Knobs.SlowResponseDelay, ctx.RequestAborted).ConfigureAwait(false);
                }

                response = protocol switch
                {
                    FakeProtocol.Json => Ssm.Handle(request),
                    FakeProtocol.RestJson => ParallelCluster.Handle(request, ctx.Request.Method, restPath),
                    FakeProtocol.RestXml => S3.Handle(request, ctx.Request.Method, path),
                    FakeProtocol.Ec2 => Ec2.Handle(request),
                    _ => (request.Param("Version")) switch
                    {
                        "2010-05-15" => CloudFormation.Handle(request),
                        "2011-06-15" => Sts.Handle(request),
                        _ => throw new FakeAwsError(400, "InvalidAction", $"Could not find operation {request.Action} for version {request.Param("Version")}"),
                    },
                };
                if (Knobs.TakeLostResponse(request.Action) || (Knobs.LostResponseRate > 0
                    && (Knobs.FaultActions == null || Knobs.FaultActions.Contains(request.Action)) && Knobs.Next() < Knobs.LostResponseRate))
                {
                    Knobs.CountLostResponse();
                    ctx.Abort();
                    return;
                }
            }
            catch (FakeAwsError error)
            {
                response = protocol == FakeProtocol.RestXml ? FakeS3.Error(error, request.RequestId, ctx.Request.Method == "HEAD") : RenderError(protocol, error, request.RequestId, form);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            ctx.Response.StatusCode = response.Status;
            ctx.Response.Headers["x-amzn-RequestId"] = request.RequestId;
            foreach (var h in response.Headers) ctx.Response.Headers[h.Key] = h.Value;
            if (response.ContentType != null) ctx.Response.ContentType = response.ContentType;
            if (response.Body != null)
            {
                try { await ctx.Response.WriteAsync(response.Body, ctx.RequestAborted).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
        }

        private static string ServiceOf(FakeProtocol protocol, Dictionary<string, List<string>> form) => protocol switch
        {
            FakeProtocol.Json => "ssm",
            FakeProtocol.RestJson => "execute-api",
            FakeProtocol.RestXml => "s3",
            FakeProtocol.Ec2 => "ec2",
            _ => form.TryGetValue("Version", out var v) && v.FirstOrDefault() == "2011-06-15" ? "sts" : "cloudformation",
        };

        /// <summary>"/v3/..." or "/{stage}/v3/..." → "/v3/..."; otherwise null.</summary>
        internal static string RestPathOf(string path)
        {
            if (path.StartsWith("/v3/", StringComparison.Ordinal)) return path;
            var i = path.IndexOf("/v3/", StringComparison.Ordinal);
            if (i > 0 && path.IndexOf('/', 1) == i) return path.Substring(i);
            return null;
        }

        private static FakeAwsError ThrottleError(FakeProtocol protocol) => protocol switch
        {
            FakeProtocol.RestXml => new FakeAwsError(503, "SlowDown", "Please reduce your request rate."),
            FakeProtocol.Ec2 => new FakeAwsError(503, "RequestLimitExceeded", "Request limit exceeded."),
            FakeProtocol.Json => new FakeAwsError(400, "ThrottlingException", "Rate exceeded"),
            FakeProtocol.RestJson => new FakeAwsError(429, "TooManyRequestsException", "Too Many Requests"),
            _ => new FakeAwsError(400, "Throttling", "Rate exceeded"),
        };

        private static FakeAwsError ServerError(FakeProtocol protocol) => protocol switch
        {
            FakeProtocol.RestXml => new FakeAwsError(500, "InternalError", "We encountered an internal error. Please try again."),
            FakeProtocol.Ec2 => new FakeAwsError(500, "InternalError", "An internal error has occurred"),
            FakeProtocol.Json => new FakeAwsError(500, "InternalServerError", "An internal error occurred."),
            FakeProtocol.RestJson => new FakeAwsError(502, "InternalServiceException", "Internal server error"),
            _ => new FakeAwsError(500, "InternalFailure", "An internal error has occurred."),
        };

        private FakeResponse RenderError(FakeProtocol protocol, FakeAwsError error, string requestId, Dictionary<string, List<string>> form)
        {
            var r = new FakeResponse { Status = error.Status };
            switch (protocol)
            {
                case FakeProtocol.Ec2:
                    r.ContentType = "text/xml;charset=UTF-8";
                    r.Body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + Xml.Esc(error.Code) +
                             "</Code><Message>" + Xml.Esc(error.ErrorMessage) + "</Message></Error></Errors><RequestID>" + requestId +
                             "</RequestID></Response>";
                    break;
                case FakeProtocol.Json:
                    r.ContentType = "application/x-amz-json-1.1";
                    var d = new Dictionary<string, object> { ["__type"] = error.Code };
                    if (error.ErrorMessage != null) d["message"] = error.ErrorMessage;
                    r.Body = Json.Serialize(d);
                    break;
                case FakeProtocol.RestJson:
                    r.ContentType = "application/json";
                    r.Headers["x-amzn-ErrorType"] = error.Code;
                    r.Body = error.Body != null ? Json.Serialize(error.Body) : Json.Serialize(new Dictionary<string, object> { ["message"] = error.ErrorMessage });
                    break;
                default:
                    var ns = form.TryGetValue("Version", out var v) && v.FirstOrDefault() == "2011-06-15" ? FakeSts.Namespace : FakeCloudFormation.Namespace;
                    r.ContentType = "text/xml";
                    r.Body = "<ErrorResponse xmlns=\"" + ns + "\">\n  <Error>\n    <Type>" + (error.Status >= 500 ? "Receiver" : "Sender") +
                             "</Type>\n    <Code>" + Xml.Esc(error.Code) + "</Code>\n    <Message>" + Xml.Esc(error.ErrorMessage) +
                             "</Message>\n  </Error>\n  <RequestId>" + requestId + "</RequestId>\n</ErrorResponse>\n";
                    break;
            }
            return r;
        }

        /// <summary>Parses an application/x-www-form-urlencoded string (also query strings) into multi-valued pairs.</summary>
        internal static Dictionary<string, List<string>> ParseForm(string text)
        {
            var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            if (string.IsNullOrEmpty(text)) return result;
            foreach (var pair in text.Split('&'))
            {
                if (pair.Length == 0) continue;
                var eq = pair.IndexOf('=');
                var key = Decode(eq < 0 ? pair : pair.Substring(0, eq));
                var value = eq < 0 ? "" : Decode(pair.Substring(eq + 1));
                if (!result.TryGetValue(key, out var list)) result[key] = list = new List<string>();
                list.Add(value);
            }
            return result;
        }

        private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

        /// <summary>Values of "Prefix.1", "Prefix.2", ... (query lists).</summary>
        internal static List<string> Members(FakeRequest r, string prefix)
        {
            var list = new List<string>();
            for (int i = 1; ; i++)
            {
                var v = r.Param(prefix + "." + i);
                if (v == null) break;
                list.Add(v);
            }
            return list;
        }

        /// <summary>Shared in-progress → next-state timer: moves on after N polls or after a delay.</summary>
        internal bool Due(Transition t)
        {
            if (t == null) return false;
            if (Knobs.TransitionDelay is TimeSpan d) return DateTime.UtcNow - t.Since >= d;
            t.Polls++;
            return t.Polls >= Knobs.TransitionPolls;
        }
    }

    internal sealed class Transition
    {
        public DateTime Since { get; } = DateTime.UtcNow;
        public int Polls { get; set; }
    }

    internal static class Xml
    {
        public static string Esc(string s) => s == null ? "" : System.Security.SecurityElement.Escape(s);
        public static string Time(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        /// <summary>&lt;name&gt;escaped value&lt;/name&gt;, or nothing for null.</summary>
        public static void E(StringBuilder sb, string name, string value)
        {
            if (value == null) return;
            sb.Append('<').Append(name).Append('>').Append(Esc(value)).Append("</").Append(name).Append('>');
        }

        public static void E(StringBuilder sb, string name, Action<StringBuilder> inner)
        {
            sb.Append('<').Append(name).Append('>');
            inner(sb);
            sb.Append("</").Append(name).Append('>');
        }

        public static string B(bool b) => b ? "true" : "false";
        public static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
    }

    internal static class Json
    {
        private static readonly System.Text.Json.JsonSerializerOptions Options = new System.Text.Json.JsonSerializerOptions
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        };
        public static string Serialize(object o) => System.Text.Json.JsonSerializer.Serialize(o, Options);
        public static double Epoch(DateTime t) => Math.Round((t.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds, 3);
        public static string Iso(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
