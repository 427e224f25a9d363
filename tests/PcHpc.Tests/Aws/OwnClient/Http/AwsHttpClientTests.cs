using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws;
using PcHpc.Aws.Http;
using PcHpc.Aws.Signing;
using PcHpc.Core.Errors;

namespace PcHpc.Tests.Aws.OwnClient.Http
{
    public class AwsHttpClientTests
    {
        private const string ThrottleBody = "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}";

        private static string XmlError(string code, string message, string requestId = "1234-abcd") =>
            "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";

        [Fact]
        public async Task Success_returns_the_response_after_one_signed_attempt()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.OK, "<ok/>", "text/xml", ("x-amzn-RequestId", "req-1"));
            var response = await kit.Client.SendAsync(kit.WithSink(ClientKit.Call()));

            Assert.Equal(200, response.StatusCode);
            Assert.Equal("<ok/>", Encoding.UTF8.GetString(response.Body));
            Assert.Equal("req-1", response.Headers["x-amzn-RequestId"]);
            var seen = Assert.Single(kit.Handler.Requests);
            Assert.Equal("POST", seen.Method);
            Assert.Equal("https://cloudformation.us-east-1.amazonaws.com/", seen.Url.AbsoluteUri);
            Assert.Equal("cloudformation.us-east-1.amazonaws.com", seen.Header("Host"));
            Assert.Equal("20260102T030405Z", seen.Header("X-Amz-Date"));
            Assert.Equal(ClientKit.Token, seen.Header("X-Amz-Security-Token"));
            Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", seen.Header("Content-Type"));
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260102/us-east-1/cloudformation/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=",
                seen.Header("Authorization"));
            Assert.Equal("Action=DescribeStacks&Version=2010-05-15&StackName=x", Encoding.UTF8.GetString(seen.Body));
            Assert.Empty(kit.Delays);
            Assert.Contains(kit.Sink.Debug, d => d == "CloudFormation DescribeStacks request id req-1");
        }

        [Fact]
        public async Task Sent_signature_verifies_against_the_signer()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.OK);
            await kit.Client.SendAsync(ClientKit.Call());
            var seen = kit.Handler.Requests[0];
            var hash = PcHpc.Tests.Aws.Signing.Oracle.Hex(System.Security.Cryptography.SHA256.HashData(seen.Body));
            Assert.Equal(hash, seen.Header("X-Amz-Content-SHA256"));
            var expected = PcHpc.Tests.Aws.Signing.Oracle.Authorization("POST", "/", "", new List<(string, string)>
            {
                ("content-type", seen.Header("Content-Type")), ("host", seen.Header("Host")), ("x-amz-content-sha256", hash),
                ("x-amz-date", seen.Header("X-Amz-Date")), ("x-amz-security-token", ClientKit.Token),
            }, hash, "us-east-1", "cloudformation", kit.Now, ClientKit.SecretKey, ClientKit.AccessKey);
            Assert.Equal(expected, seen.Header("Authorization"));
        }

        [Fact]
        public async Task Url_joins_the_endpoint_base_path_and_encodes_the_query_in_order()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.OK, "{}");
            var call = ClientKit.Call(service: "ParallelCluster", signing: "execute-api", operation: "ListClusters",
                endpoint: "https://abc123.execute-api.us-east-1.amazonaws.com:8443/prod/");
            call.Request.Method = "GET";
            call.Request.Body = Array.Empty<byte>();
            call.Request.Headers.Clear();
            call.Request.Path = "/v3/clusters";
            call.Request.Query.Add(new("region", "us-east-1"));
            call.Request.Query.Add(new("nextToken", "a/b=="));
            await kit.Client.SendAsync(call);

            var seen = kit.Handler.Requests[0];
            Assert.Equal("https://abc123.execute-api.us-east-1.amazonaws.com:8443/prod/v3/clusters?region=us-east-1&nextToken=a%2Fb%3D%3D", seen.Url.AbsoluteUri);
            Assert.Equal("abc123.execute-api.us-east-1.amazonaws.com:8443", seen.Header("Host"));
            Assert.Null(seen.Body);
            // The caller's request is left untouched (each attempt signs a copy).
            Assert.Null(call.Request.GetHeader("Authorization"));
            Assert.Equal("/v3/clusters", call.Request.Path);
        }

        [Fact]
        public async Task Signed_content_type_is_sent_even_without_a_body()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.OK);
            var call = ClientKit.Call();
            call.Request.Method = "GET";
            call.Request.Body = Array.Empty<byte>();
            call.Request.SetHeader("Content-Type", "application/json");
            await kit.Client.SendAsync(call);
            var seen = kit.Handler.Requests[0];
            Assert.Equal("application/json", seen.Header("Content-Type"));
            Assert.Contains("SignedHeaders=content-type;host;", seen.Header("Authorization"));
        }

        [Fact]
        public async Task Throttling_then_success_retries_once_with_backoff()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.BadRequest, ThrottleBody).ThenRespond(HttpStatusCode.OK, "{}");
            var response = await kit.Client.SendAsync(ClientKit.Call());
            Assert.Equal(200, response.StatusCode);
            Assert.Equal(2, kit.Handler.Requests.Count);
            Assert.Equal(new[] { TimeSpan.FromMilliseconds(50) }, kit.Delays); // 0.5 * 100 ms
        }

        [Theory]
        [InlineData(500)]
        [InlineData(502)]
        [InlineData(503)]
        [InlineData(504)]
        public async Task Server_errors_then_success_are_retried(int status)
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond((HttpStatusCode)status).ThenRespond(HttpStatusCode.OK);
            var response = await kit.Client.SendAsync(ClientKit.Call());
            Assert.Equal(200, response.StatusCode);
            Assert.Equal(2, kit.Handler.Requests.Count);
            Assert.Single(kit.Delays);
        }

        [Fact]
        public async Task Connection_reset_then_success_is_retried()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenThrow(new HttpRequestException("An error occurred while sending the request.", new SocketException((int)SocketError.ConnectionReset)))
                .ThenRespond(HttpStatusCode.OK);
            var response = await kit.Client.SendAsync(kit.WithSink(ClientKit.Call()));
            Assert.Equal(200, response.StatusCode);
            Assert.Equal(2, kit.Handler.Requests.Count);
            Assert.Matches(@"^CloudFormation DescribeStacks us-east-1 attempt 1/3: connection failed \(.+\) in \d+ ms; retrying in 50 ms$", kit.Sink.Verbose.First());
        }

        [Fact]
        public async Task Non_retryable_400_fails_at_once_with_one_attempt()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.BadRequest, XmlError("ValidationError", "Stack with id x does not exist"), "text/xml");
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(ClientKit.Call()));
            Assert.Single(kit.Handler.Requests);
            Assert.Empty(kit.Delays);
            Assert.Equal("CloudFormation DescribeStacks failed in us-east-1: ValidationError: Stack with id x does not exist (request id 1234-abcd).", ex.Message);
            Assert.Equal(ErrorKind.NotFound, ex.Kind);
            Assert.Equal("ValidationError", ex.Code);
            Assert.Equal("Stack with id x does not exist", ex.ServiceMessage);
            Assert.Equal("1234-abcd", ex.RequestId);
            Assert.Equal(400, ex.StatusCode);
            Assert.Equal("CloudFormation", ex.Service);
            Assert.Equal("DescribeStacks", ex.Operation);
            Assert.Equal(1, ex.Attempts);
            Assert.Equal("Aws.ValidationError", ex.ErrorId);
            Assert.IsAssignableFrom<PcHpcException>(ex);
        }

        [Theory]
        [InlineData(3)]
        [InlineData(5)]
        [InlineData(1)]
        public async Task Attempts_are_bounded(int maxAttempts)
        {
            using var kit = new ClientKit();
            kit.Options.MaxAttempts = maxAttempts;
            kit.Handler.ThenRespond(HttpStatusCode.ServiceUnavailable);
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(ClientKit.Call()));
            Assert.Equal(maxAttempts, kit.Handler.Requests.Count);
            Assert.Equal(maxAttempts - 1, kit.Delays.Count);
            Assert.Equal(maxAttempts, ex.Attempts);
            Assert.Equal(ErrorKind.ServiceError, ex.Kind);
            Assert.Equal("ServiceUnavailable", ex.Code);
        }

        [Theory]
        [InlineData(null, 3)]
        [InlineData("7", 7)]
        [InlineData(" 2 ", 2)]
        [InlineData("0", 3)]
        [InlineData("lots", 3)]
        public void Max_attempts_come_from_AWS_MAX_ATTEMPTS(string value, int expected)
        {
            var options = AwsHttpClientOptions.FromEnvironment(name => name == "AWS_MAX_ATTEMPTS" ? value : null);
            Assert.Equal(expected, options.MaxAttempts);
        }

        [Fact]
        public async Task Backoff_is_exponential_with_full_jitter_and_capped()
        {
            using var kit = new ClientKit();
            kit.Options.MaxAttempts = 12;
            kit.Options.UseRetryQuota = false;
            var randoms = new Queue<double>(new[] { 0.0, 0.999, 0.25, 0.5, 0.75, 0.999, 0.1, 0.999, 0.999, 0.999, 0.999 });
            kit.Options.Random = () => randoms.Dequeue();
            kit.Handler.ThenRespond(HttpStatusCode.InternalServerError);
            await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(ClientKit.Call()));

            Assert.Equal(11, kit.Delays.Count);
            for (var i = 0; i < kit.Delays.Count; i++)
            {
                var ceiling = Math.Min(20000, 100 * Math.Pow(2, i));
                Assert.InRange(kit.Delays[i].TotalMilliseconds, 0, ceiling);
            }
            Assert.Equal(0, kit.Delays[0].TotalMilliseconds);
            Assert.Equal(199.8, kit.Delays[1].TotalMilliseconds, 3);
            Assert.Equal(100, kit.Delays[2].TotalMilliseconds, 3);   // 0.25 * 400
            Assert.Equal(400, kit.Delays[3].TotalMilliseconds, 3);   // 0.5 * 800
            Assert.Equal(19980, kit.Delays[8].TotalMilliseconds, 3); // 0.999 * min(20 s, 25.6 s)
            Assert.Equal(19980, kit.Delays[10].TotalMilliseconds, 3);
        }

        [Fact]
        public async Task Throttling_after_retries_is_reported_as_Throttled()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.BadRequest, ThrottleBody, "application/x-amz-json-1.1", ("x-amzn-RequestId", "r-9"));
            var call = ClientKit.Call(service: "SSM", signing: "ssm", operation: "SendCommand");
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(call));
            Assert.Equal(3, kit.Handler.Requests.Count);
            Assert.Equal(ErrorKind.Throttled, ex.Kind);
            Assert.Equal("SSM SendCommand failed in us-east-1: ThrottlingException: Rate exceeded (request id r-9). AWS is throttling requests after 3 attempts; retry later or raise AWS_MAX_ATTEMPTS.", ex.Message);
        }

        [Fact]
        public async Task Ec2_request_limit_exceeded_with_503_is_throttling()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.ServiceUnavailable, "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>e-1</RequestID></Response>", "text/xml");
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(ClientKit.Call(service: "EC2", signing: "ec2", operation: "DescribeVpcs")));
            Assert.Equal(ErrorKind.Throttled, ex.Kind);
            Assert.Equal("e-1", ex.RequestId);
        }

        [Theory]
        [InlineData("ExpiredToken", 403, ErrorKind.Authentication, "Get-HpcAwsIdentity")]
        [InlineData("InvalidClientTokenId", 403, ErrorKind.Authentication, "check your credentials")]
        [InlineData("UnrecognizedClientException", 400, ErrorKind.Authentication, "Get-HpcAwsIdentity")]
        [InlineData("SignatureDoesNotMatch", 403, ErrorKind.Authentication, "Get-HpcAwsIdentity")]
        [InlineData("AccessDenied", 403, ErrorKind.PermissionDenied, "not allowed to call DescribeStacks; ask an administrator to grant cloudformation:DescribeStacks")]
        [InlineData("AccessDeniedException", 400, ErrorKind.PermissionDenied, "cloudformation:DescribeStacks")]
        [InlineData("AlreadyExistsException", 400, ErrorKind.AlreadyExists, "AlreadyExistsException: boom")]
        [InlineData("InvalidParameterValue", 400, ErrorKind.InvalidArgument, "InvalidParameterValue: boom")]
        [InlineData("InvalidVpcID.NotFound", 400, ErrorKind.NotFound, "InvalidVpcID.NotFound")]
        [InlineData("ValidationError", 400, ErrorKind.InvalidArgument, "ValidationError: boom")]
        [InlineData("SomethingOdd", 400, ErrorKind.ServiceError, "SomethingOdd: boom")]
        public async Task Error_codes_map_to_kinds_and_hints(string code, int status, ErrorKind kind, string fragment)
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond((HttpStatusCode)status, XmlError(code, "boom"), "text/xml");
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(ClientKit.Call()));
            Assert.Equal(kind, ex.Kind);
            Assert.Contains(fragment, ex.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Single(kit.Handler.Requests);
        }

        [Fact]
        public async Task Connection_failures_after_retries_name_the_endpoint()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenThrow(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)));
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(ClientKit.Call()));
            Assert.Equal(ErrorKind.Connection, ex.Kind);
            Assert.Equal(3, kit.Handler.Requests.Count);
            Assert.Contains("could not reach https://cloudformation.us-east-1.amazonaws.com", ex.Message);
            Assert.Contains("after 3 attempts", ex.Message);
            Assert.IsType<HttpRequestException>(ex.InnerException);
        }

        [Fact]
        public async Task Per_attempt_timeout_is_retried_then_reported_as_Timeout()
        {
            using var kit = new ClientKit();
            kit.Options.AttemptTimeout = TimeSpan.FromMilliseconds(30);
            kit.Handler.ThenHang();
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(kit.WithSink(ClientKit.Call())));
            Assert.Equal(ErrorKind.Timeout, ex.Kind);
            Assert.Equal("Aws.Timeout", ex.ErrorId);
            Assert.Equal(3, kit.Handler.Requests.Count);
            Assert.Equal(2, kit.Delays.Count);
            Assert.Contains("timed out", ex.Message);
            Assert.All(kit.Sink.Verbose, v => Assert.Matches(@"attempt \d/3: timed out in \d+ ms", v));
        }

        [Fact]
        public async Task Per_attempt_timeout_then_success_recovers()
        {
            using var kit = new ClientKit();
            kit.Options.AttemptTimeout = TimeSpan.FromMilliseconds(30);
            kit.Handler.ThenHang().ThenRespond(HttpStatusCode.OK);
            var response = await kit.Client.SendAsync(ClientKit.Call());
            Assert.Equal(200, response.StatusCode);
            Assert.Equal(2, kit.Handler.Requests.Count);
        }

        [Fact]
        public async Task Cancellation_during_backoff_stops_at_once()
        {
            using var kit = new ClientKit();
            using var cts = new CancellationTokenSource();
            kit.Handler.ThenRespond(HttpStatusCode.ServiceUnavailable);
            kit.DelayBehaviour = async (d, ct) =>
            {
                cts.Cancel(); // the user presses Ctrl+C while we sleep
                await Task.Delay(Timeout.Infinite, ct);
            };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kit.Client.SendAsync(ClientKit.Call(), cts.Token));
            Assert.Single(kit.Handler.Requests);
            Assert.Single(kit.Delays);
        }

        [Fact]
        public async Task Cancellation_of_an_in_flight_request_surfaces_as_OperationCanceledException()
        {
            using var kit = new ClientKit();
            using var cts = new CancellationTokenSource();
            kit.Handler.Then(async (_, ct) =>
            {
                cts.Cancel();
                await Task.Delay(Timeout.Infinite, ct);
                return null;
            });
            var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kit.Client.SendAsync(ClientKit.Call(), cts.Token));
            Assert.IsNotType<AwsServiceException>(ex);
            Assert.Equal(cts.Token, ex.CancellationToken);
            Assert.Single(kit.Handler.Requests);
            Assert.Empty(kit.Delays);
        }

        [Fact]
        public async Task Already_cancelled_token_sends_nothing()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.OK);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kit.Client.SendAsync(ClientKit.Call(), new CancellationToken(true)));
            Assert.Empty(kit.Handler.Requests);
        }

        [Fact]
        public async Task Each_attempt_is_signed_afresh_with_current_time_and_credentials()
        {
            using var kit = new ClientKit();
            var tokens = new Queue<string>(new[] { "token-one", "token-two" });
            var call = ClientKit.Call();
            call.Credentials = _ => Task.FromResult(new AwsCredentialsSnapshot(ClientKit.AccessKey, ClientKit.SecretKey, tokens.Dequeue()));
            kit.Handler.Then((_, _) => { kit.Now = kit.Now.AddSeconds(7); return Task.FromResult(ScriptedHandler.Respond(HttpStatusCode.InternalServerError)); })
                .ThenRespond(HttpStatusCode.OK);
            await kit.Client.SendAsync(call);

            var (first, second) = (kit.Handler.Requests[0], kit.Handler.Requests[1]);
            Assert.Equal("20260102T030405Z", first.Header("X-Amz-Date"));
            Assert.Equal("20260102T030412Z", second.Header("X-Amz-Date"));
            Assert.Equal("token-one", first.Header("X-Amz-Security-Token"));
            Assert.Equal("token-two", second.Header("X-Amz-Security-Token"));
            Assert.NotEqual(first.Header("Authorization"), second.Header("Authorization"));
        }

        [Fact]
        public async Task Clock_skew_is_corrected_from_the_Date_header_and_signed_again()
        {
            using var kit = new ClientKit();
            var serverTime = kit.Now.AddMinutes(17);
            kit.Handler.ThenRespond(HttpStatusCode.Forbidden, XmlError("SignatureDoesNotMatch", "Signature not yet current"), "text/xml",
                    ("Date", serverTime.ToString("r")))
                .ThenRespond(HttpStatusCode.OK);
            var response = await kit.Client.SendAsync(kit.WithSink(ClientKit.Call()));

            Assert.Equal(200, response.StatusCode);
            Assert.Equal(2, kit.Handler.Requests.Count);
            Assert.Empty(kit.Delays); // re-signed at once
            Assert.Equal("20260102T030405Z", kit.Handler.Requests[0].Header("X-Amz-Date"));
            Assert.Equal("20260102T032105Z", kit.Handler.Requests[1].Header("X-Amz-Date"));
            Assert.Contains("/20260102/us-east-1/cloudformation/", kit.Handler.Requests[1].Header("Authorization"));
            Assert.Equal(TimeSpan.FromMinutes(17), kit.Client.ClockOffset);
            // The correction sticks for later calls on the same client.
            await kit.Client.SendAsync(ClientKit.Call());
            Assert.Equal("20260102T032105Z", kit.Handler.Requests[2].Header("X-Amz-Date"));
            // The successful retry is still attempt 1 of 3.
            Assert.Contains(kit.Sink.Verbose, v => Regex.IsMatch(v, @"^CloudFormation DescribeStacks us-east-1 attempt 1/3: 200 in \d+ ms$"));
        }

        [Fact]
        public async Task Signature_expired_is_corrected_once_then_reported()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.BadRequest,
                "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired: 20260102T030405Z is now earlier than 20260102T031000Z\"}",
                "application/x-amz-json-1.1", ("Date", kit.Now.AddMinutes(-30).ToString("r")));
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(ClientKit.Call(service: "SSM", signing: "ssm", operation: "SendCommand")));
            Assert.Equal(2, kit.Handler.Requests.Count); // one correction only, then no retry for a credentials error
            Assert.Equal("20260102T023405Z", kit.Handler.Requests[1].Header("X-Amz-Date"));
            Assert.Equal(ErrorKind.Authentication, ex.Kind);
        }

        [Fact]
        public async Task Skew_codes_without_a_far_Date_are_not_retried()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.Forbidden, XmlError("SignatureDoesNotMatch", "The request signature we calculated does not match"), "text/xml",
                ("Date", kit.Now.AddSeconds(20).ToString("r")));
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(ClientKit.Call()));
            Assert.Single(kit.Handler.Requests);
            Assert.Equal(ErrorKind.Authentication, ex.Kind);
            Assert.Equal(TimeSpan.Zero, kit.Client.ClockOffset);
        }

        [Fact]
        public async Task Verbose_has_one_line_per_attempt_in_the_documented_format()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.ServiceUnavailable).ThenRespond(HttpStatusCode.OK);
            await kit.Client.SendAsync(kit.WithSink(ClientKit.Call()));
            var lines = kit.Sink.Verbose.ToArray();
            Assert.Equal(2, lines.Length);
            Assert.Matches(@"^CloudFormation DescribeStacks us-east-1 attempt 1/3: 503 ServiceUnavailable in \d+ ms; retrying in 50 ms$", lines[0]);
            Assert.Matches(@"^CloudFormation DescribeStacks us-east-1 attempt 2/3: 200 in \d+ ms$", lines[1]);
        }

        [Fact]
        public async Task Secrets_never_appear_in_any_output()
        {
            using var kit = new ClientKit();
            kit.Options.Activity = kit.Sink;
            kit.Handler
                .ThenRespond(HttpStatusCode.BadRequest, ThrottleBody, "application/json", ("x-amzn-RequestId", "r-1"))
                .ThenThrow(new HttpRequestException("reset"))
                .ThenRespond(HttpStatusCode.OK, "{}", "application/json", ("x-amzn-RequestId", "r-2"))
                .ThenRespond(HttpStatusCode.Forbidden, XmlError("ExpiredToken", "The security token included in the request is expired"), "text/xml");
            await kit.Client.SendAsync(ClientKit.Call());
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(ClientKit.Call()));

            var everything = string.Join("\n", kit.Sink.All) + "\n" + ex.Message + "\n" + ex + "\n" + ex.Error.RawBody;
            Assert.NotEmpty(kit.Sink.Verbose);
            Assert.NotEmpty(kit.Sink.Debug);
            Assert.DoesNotContain(ClientKit.SecretKey, everything);
            Assert.DoesNotContain(ClientKit.Token, everything);
            Assert.DoesNotContain("Signature=", everything);
            Assert.DoesNotContain("AWS4-HMAC-SHA256", everything);
        }

        [Fact]
        public async Task Fallback_parser_fills_in_when_the_protocol_parser_returns_nothing()
        {
            using var kit = new ClientKit();
            kit.Options.MaxAttempts = 1;
            kit.Handler.ThenRespond(HttpStatusCode.BadGateway, "", null, ("x-amz-request-id", "rid-5"));
            var call = ClientKit.Call();
            call.ErrorParser = new NullParser();
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(call));
            Assert.Equal("BadGateway", ex.Code);
            Assert.Equal(502, ex.StatusCode);
            Assert.Equal("rid-5", ex.RequestId);
            Assert.Equal("CloudFormation DescribeStacks failed in us-east-1: BadGateway (request id rid-5). CloudFormation failed on its side after 1 attempt; try again later.", ex.Message);
        }

        [Fact]
        public async Task Protocol_parser_result_is_used_and_completed()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.NotFound, "whatever", "text/plain", ("x-amzn-RequestId", "rq"));
            var call = ClientKit.Call(service: "ParallelCluster", signing: "execute-api", operation: "DescribeCluster");
            call.ErrorParser = new FixedParser(new AwsServiceError { Code = "NotFoundException", Message = "Cluster c1 does not exist." });
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(call));
            Assert.Equal(ErrorKind.NotFound, ex.Kind);
            Assert.Equal("rq", ex.RequestId);
            Assert.Equal(404, ex.StatusCode);
            Assert.Equal("ParallelCluster DescribeCluster failed in us-east-1: NotFoundException: Cluster c1 does not exist (request id rq).", ex.Message);
        }

        [Fact]
        public async Task Retry_quota_runs_out_under_sustained_failures_and_refills_on_success()
        {
            using var kit = new ClientKit();
            kit.Handler.ThenRespond(HttpStatusCode.InternalServerError);
            for (var i = 0; i < 50; i++)
            {
                await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(ClientKit.Call()));
            }
            Assert.Equal(0, kit.Client.RetryQuotaAvailable); // 50 calls x 2 retries x 5 tokens
            var before = kit.Handler.Requests.Count;
            await Assert.ThrowsAsync<AwsServiceException>(() => kit.Client.SendAsync(ClientKit.Call()));
            Assert.Equal(before + 1, kit.Handler.Requests.Count); // no retry without quota

            using var kit2 = new ClientKit();
            kit2.Handler.ThenRespond(HttpStatusCode.InternalServerError).ThenRespond(HttpStatusCode.OK);
            await kit2.Client.SendAsync(ClientKit.Call());
            Assert.Equal(500, kit2.Client.RetryQuotaAvailable); // the retry's 5 tokens came back
        }

        [Fact]
        public void Fallback_parser_reads_json_xml_and_headers()
        {
            var json = new AwsHttpResponse { StatusCode = 400, Body = Encoding.UTF8.GetBytes("{\"__type\":\"com.amazonaws.ssm#InvalidInstanceId\",\"Message\":\"bad id\"}") };
            var e1 = FallbackErrorParser.Instance.Parse(json);
            Assert.Equal(("InvalidInstanceId", "bad id"), (e1.Code, e1.Message));

            var xml = new AwsHttpResponse { StatusCode = 400, Body = Encoding.UTF8.GetBytes(XmlError("Throttling", "Rate exceeded", "r-x")) };
            var e2 = FallbackErrorParser.Instance.Parse(xml);
            Assert.Equal(("Throttling", "Rate exceeded", "r-x"), (e2.Code, e2.Message, e2.RequestId));

            var header = new AwsHttpResponse { StatusCode = 400 };
            header.Headers["x-amzn-ErrorType"] = "ResourceNotFoundException:http://internal.amazon.com/";
            Assert.Equal("ResourceNotFoundException", FallbackErrorParser.Instance.Parse(header).Code);

            var html = new AwsHttpResponse { StatusCode = 504, Body = Encoding.UTF8.GetBytes("<html><body>Gateway Timeout") };
            Assert.Equal("GatewayTimeout", FallbackErrorParser.Instance.Parse(html).Code);
        }

        private sealed class NullParser : IProtocolErrorParser
        {
            public AwsServiceError Parse(AwsHttpResponse response) => null;
        }

        private sealed class FixedParser : IProtocolErrorParser
        {
            private readonly AwsServiceError _error;
            public FixedParser(AwsServiceError error) => _error = error;
            public AwsServiceError Parse(AwsHttpResponse response) => _error;
        }
    }
}
