using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using PcHpc.Aws.Http;
using PcHpc.Aws.Signing;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Signing
{
    public class SigV4SignerTests
    {
        private const string AccessKey = "AKIDEXAMPLE";
        private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        private static readonly string[] SkippedCases =
        {
            "normalize-path/get-space", "get-vanilla-query-order-key-case", "get-vanilla-query-order-key", "get-vanilla-query-order-value",
        };

        private static string SuiteRoot => TestEnvironment.Shared("aws-protocol-tests/sigv4/aws4_testsuite");

        /// <summary>Every case folder (one holding a .req) relative to the suite, minus the four botocore skips.</summary>
        public static IEnumerable<object[]> SuiteCases()
        {
            if (!Directory.Exists(SuiteRoot)) return new[] { new object[] { "(shared data absent)" } };
            return Directory.GetFiles(SuiteRoot, "*.req", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(SuiteRoot, Path.GetDirectoryName(f)).Replace('\\', '/'))
                .Where(c => !SkippedCases.Contains(c))
                .OrderBy(c => c, StringComparer.Ordinal)
                .Select(c => new object[] { c });
        }

        [SharedDataFact("aws-protocol-tests/sigv4")]
        public void Suite_has_the_thirty_applicable_cases()
        {
            Assert.Equal(30, SuiteCases().Count());
        }

        [SharedDataTheory("aws-protocol-tests/sigv4")]
        [MemberData(nameof(SuiteCases))]
        public void Suite_case_matches_canonical_request_string_to_sign_and_authorization(string caseName)
        {
            var dir = Path.Combine(SuiteRoot, caseName);
            var name = Path.GetFileName(caseName);
            string Read(string ext) => File.ReadAllText(Path.Combine(dir, name + ext), Encoding.UTF8).Replace("\r", "");

            var expectedCreq = Read(".creq");
            var request = ParseRawRequest(Read(".req"));

            // The token, where used, is the creq's x-amz-security-token line; the signer adds that header itself.
            var tokenLine = expectedCreq.Split('\n').FirstOrDefault(l => l.StartsWith("x-amz-security-token:", StringComparison.Ordinal));
            var token = tokenLine?.Substring("x-amz-security-token:".Length);
            if (token != null) request.Headers.RemoveAll(h => h.Key.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase));

            var result = SigV4Signer.Sign(request, "service", "us-east-1", new AwsCredentialsSnapshot(AccessKey, SecretKey, token),
                new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc));

            Assert.Equal(expectedCreq, result.CanonicalRequest);
            Assert.Equal(Read(".sts"), result.StringToSign);
            Assert.Equal(Read(".authz"), result.Authorization);
            Assert.Equal(Read(".authz"), request.GetHeader("Authorization"));
        }

        [SharedDataFact("aws-protocol-tests/golden/aws-cli-2.9.19-captures.jsonl")]
        public void Reproduces_every_aws_cli_capture_byte_for_byte()
        {
            var lines = File.ReadAllLines(TestEnvironment.Shared("aws-protocol-tests/golden/aws-cli-2.9.19-captures.jsonl"))
                .Where(l => l.Trim().Length > 0).ToList();
            Assert.Equal(5, lines.Count);
            foreach (var line in lines)
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var request = new AwsHttpRequest
                {
                    Method = root.GetProperty("method").GetString(),
                    Path = root.GetProperty("path").GetString(),
                    Body = Convert.FromBase64String(root.GetProperty("body_b64").GetString()),
                };
                string expectedAuth = null, amzDate = null, token = null, host = null;
                foreach (var h in root.GetProperty("headers").EnumerateArray())
                {
                    var hn = h[0].GetString();
                    var hv = h[1].GetString();
                    if (hn.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) { expectedAuth = hv; continue; }
                    if (hn.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase)) amzDate = hv;
                    if (hn.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase)) token = hv;
                    if (hn.Equals("Host", StringComparison.OrdinalIgnoreCase)) { host = hv; continue; }
                    request.Headers.Add(new KeyValuePair<string, string>(hn, hv));
                }
                var service = expectedAuth.Split('/')[3];
                var time = DateTime.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

                var result = SigV4Signer.Sign(request, service, "us-east-1", new AwsCredentialsSnapshot(AccessKey, SecretKey, token), time, host);

                // Default header selection matches what the CLI signs (User-Agent, Accept-Encoding, Content-Length left out).
                var cliSigned = expectedAuth.Split(new[] { "SignedHeaders=" }, StringSplitOptions.None)[1].Split(',')[0];
                Assert.Equal(cliSigned, result.SignedHeaders);
                Assert.Equal(expectedAuth, result.Authorization);
            }
        }

        [SharedDataFact("aws-protocol-tests/golden/execute-api-sigv4-vectors.json")]
        public void Reproduces_the_execute_api_vectors()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(TestEnvironment.Shared("aws-protocol-tests/golden/execute-api-sigv4-vectors.json")));
            var count = 0;
            foreach (var v in doc.RootElement.EnumerateArray())
            {
                var uri = new Uri(v.GetProperty("url").GetString());
                var request = new AwsHttpRequest
                {
                    Method = v.GetProperty("method").GetString(),
                    Path = uri.AbsolutePath, // wire form, e.g. /prod/v3/clusters/my%20cluster
                    Body = Convert.FromBase64String(v.GetProperty("body_b64").GetString()),
                };
                foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var kv = pair.Split('=', 2);
                    request.Query.Add(new KeyValuePair<string, string>(Uri.UnescapeDataString(kv[0]), kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : ""));
                }
                foreach (var h in v.GetProperty("headers").EnumerateObject())
                {
                    if (h.Name is "Host" or "X-Amz-Date" or "X-Amz-Security-Token") continue;
                    request.Headers.Add(new KeyValuePair<string, string>(h.Name, h.Value.GetString()));
                }
                var time = DateTime.ParseExact(v.GetProperty("amz_date").GetString(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                var result = SigV4Signer.Sign(request, v.GetProperty("service").GetString(), "us-east-1",
                    new AwsCredentialsSnapshot(AccessKey, SecretKey, v.GetProperty("token").GetString()), time, uri.Host);

                Assert.Equal(v.GetProperty("authorization").GetString(), result.Authorization);
                foreach (var h in v.GetProperty("headers").EnumerateObject())
                {
                    Assert.Equal(h.Value.GetString(), request.GetHeader(h.Name));
                }
                count++;
            }
            Assert.Equal(3, count);
        }

        [Fact]
        public void Non_s3_paths_are_normalized_and_encoded_twice()
        {
            Assert.Equal("/prod/my%2520cluster", SigV4Signer.CanonicalUri("/prod/./x/../my%20cluster", false));
            Assert.Equal("/a/b/", SigV4Signer.CanonicalUri("//a//b//", false));
            Assert.Equal("/", SigV4Signer.CanonicalUri("", false));
        }

        [Fact]
        public void S3_paths_are_used_as_sent()
        {
            Assert.Equal("/bucket/my%20key/../x", SigV4Signer.CanonicalUri("/bucket/my%20key/../x", true));
        }

        [Fact]
        public void Query_is_sorted_and_encoded_with_empty_values_kept()
        {
            var q = new List<KeyValuePair<string, string>>
            {
                new("b", "2"), new("a", "z y"), new("a", "x"), new("empty", ""), new("sl/ash", "a/b=="),
            };
            Assert.Equal("a=x&a=z%20y&b=2&empty=&sl%2Fash=a%2Fb%3D%3D", SigV4Signer.CanonicalQuery(q));
        }

        [Fact]
        public void Content_sha256_header_is_added_only_when_asked()
        {
            var creds = new AwsCredentialsSnapshot(AccessKey, SecretKey);
            var t = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            var plain = new AwsHttpRequest { Method = "GET", Path = "/" };
            var r1 = SigV4Signer.Sign(plain, "ssm", "us-east-1", creds, t, "ssm.us-east-1.amazonaws.com");
            Assert.Null(plain.GetHeader("X-Amz-Content-Sha256"));
            Assert.Equal("host;x-amz-date", r1.SignedHeaders);

            var s3 = new AwsHttpRequest { Method = "PUT", Path = "/k", Body = Encoding.UTF8.GetBytes("hello") };
            var r2 = SigV4Signer.Sign(s3, "s3", "us-east-1", creds, t, "b.s3.amazonaws.com", SigV4Options.S3);
            Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", s3.GetHeader("X-Amz-Content-Sha256"));
            Assert.Equal("host;x-amz-content-sha256;x-amz-date", r2.SignedHeaders);
        }

        [Fact]
        public void Resigning_replaces_the_previous_signature_headers()
        {
            var creds = new AwsCredentialsSnapshot(AccessKey, SecretKey, "tok");
            var req = new AwsHttpRequest { Method = "POST", Path = "/" };
            SigV4Signer.Sign(req, "sts", "us-east-1", creds, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), "h");
            var second = SigV4Signer.Sign(req, "sts", "us-east-1", creds, new DateTime(2026, 1, 2, 3, 9, 5, DateTimeKind.Utc), "h");
            Assert.Single(req.Headers, h => h.Key == "Authorization");
            Assert.Single(req.Headers, h => h.Key == "X-Amz-Date");
            Assert.Equal("20260102T030905Z", req.GetHeader("X-Amz-Date"));
            Assert.Equal(second.Authorization, req.GetHeader("Authorization"));
        }

        [Fact]
        public void Credentials_ToString_hides_the_secret_and_token()
        {
            var text = new AwsCredentialsSnapshot(AccessKey, SecretKey, "SESSIONTOKEN").ToString();
            Assert.DoesNotContain(SecretKey, text);
            Assert.DoesNotContain("SESSIONTOKEN", text);
        }

        /// <summary>Reads a suite .req: request line, headers (continuation lines folded in with '\n'), blank line, body.</summary>
        internal static AwsHttpRequest ParseRawRequest(string text)
        {
            var lines = text.Split('\n');
            var first = lines[0];
            var method = first.Substring(0, first.IndexOf(' '));
            var target = first.Substring(method.Length + 1);
            target = target.Substring(0, target.LastIndexOf(" HTTP/", StringComparison.Ordinal));
            var request = new AwsHttpRequest { Method = method };
            var q = target.IndexOf('?');
            request.Path = q < 0 ? target : target.Substring(0, q);
            if (q >= 0)
            {
                foreach (var pair in target.Substring(q + 1).Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var kv = pair.Split('=', 2);
                    request.Query.Add(new KeyValuePair<string, string>(Uri.UnescapeDataString(kv[0]), kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : ""));
                }
            }
            var i = 1;
            for (; i < lines.Length && lines[i].Length > 0; i++)
            {
                var line = lines[i];
                if ((line[0] == ' ' || line[0] == '\t') && request.Headers.Count > 0)
                {
                    var last = request.Headers[request.Headers.Count - 1];
                    request.Headers[request.Headers.Count - 1] = new KeyValuePair<string, string>(last.Key, last.Value + "\n" + line);
                    continue;
                }
                var colon = line.IndexOf(':');
                request.Headers.Add(new KeyValuePair<string, string>(line.Substring(0, colon), line.Substring(colon + 1)));
            }
            request.Body = i < lines.Length - 1 ? Encoding.UTF8.GetBytes(string.Join("\n", lines.Skip(i + 1))) : Array.Empty<byte>();
            return request;
        }
    }
}
