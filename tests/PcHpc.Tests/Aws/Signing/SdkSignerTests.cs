using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PcHpc.Aws.Http;
using PcHpc.Aws.Signing;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Aws.Signing
{
    /// <summary>
    /// Our use of AWSSDK.Core's SigV4 signer (<see cref="RequestSigner"/>) against the SigV4 test suite, the AWS CLI
    /// captures and the execute-api vectors. The SDK signs one header more than botocore (X-Amz-Content-SHA256, always
    /// added), so the expected canonical request is the reference one plus that header line; <see cref="Oracle"/>
    /// turns it into the expected Authorization.
    /// </summary>
    public class SdkSignerTests
    {
        private const string AccessKey = "AKIDEXAMPLE";
        private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        private static readonly string[] SkippedCases =
        {
            "normalize-path/get-space", "get-vanilla-query-order-key-case", "get-vanilla-query-order-key", "get-vanilla-query-order-value",
        };

        /// <summary>
        /// Where the SDK's canonicalization differs from botocore's (none reachable by our requests: our paths are ASCII
        /// without empty segments and our query keys are ASCII): it keeps empty path segments, sorts query keys before
        /// encoding them, and encodes a non-S3 path again after the wire's %-encoding.
        /// </summary>
        internal static readonly string[] SdkDeviations =
        {
            "get-utf8", "get-vanilla-query-order-encoded", "normalize-path/get-slash", "normalize-path/get-slashes",
        };

        private static string SuiteRoot => TestEnvironment.Shared("aws-protocol-tests/sigv4/aws4_testsuite");

        public static IEnumerable<object[]> SuiteCases()
        {
            if (!Directory.Exists(SuiteRoot)) return new[] { new object[] { "(shared data absent)" } };
            return AllCases().Where(c => !SdkDeviations.Contains(c)).Select(c => new object[] { c });
        }

        private static IEnumerable<string> AllCases() =>
            Directory.GetFiles(SuiteRoot, "*.req", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(SuiteRoot, Path.GetDirectoryName(f)).Replace('\\', '/'))
                .Where(c => !SkippedCases.Contains(c))
                .OrderBy(c => c, StringComparer.Ordinal);

        [SharedDataFact("aws-protocol-tests/sigv4")]
        public void Suite_has_the_thirty_applicable_cases_and_four_known_sdk_deviations()
        {
            Assert.Equal(30, AllCases().Count());
            Assert.Equal(26, SuiteCases().Count());
            foreach (var c in SdkDeviations)
            {
                var (expected, actual) = SuiteCase(c);
                Assert.NotEqual(expected, actual);
            }
        }

        [SharedDataTheory("aws-protocol-tests/sigv4")]
        [MemberData(nameof(SuiteCases))]
        public void Suite_case_signature_is_the_reference_canonical_request_plus_the_content_hash(string caseName)
        {
            var (expected, actual) = SuiteCase(caseName);
            Assert.Equal(expected, actual);
        }

        private static (string Expected, string Actual) SuiteCase(string caseName)
        {
            var dir = Path.Combine(SuiteRoot, caseName);
            var name = Path.GetFileName(caseName);
            string Read(string ext) => File.ReadAllText(Path.Combine(dir, name + ext), Encoding.UTF8).Replace("\r", "");
            var creq = Read(".creq");
            var tokenLine = creq.Split('\n').FirstOrDefault(l => l.StartsWith("x-amz-security-token:", StringComparison.Ordinal));
            var token = tokenLine?.Substring("x-amz-security-token:".Length);
            var (request, url) = ParseRawRequest(Read(".req"));
            request.Headers.RemoveAll(h => h.Key.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase));

            var time = new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);
            var actual = RequestSigner.Sign(request, url, "service", "us-east-1", new AwsCredentialsSnapshot(AccessKey, SecretKey, token), time);
            Assert.Equal(actual, request.GetHeader("Authorization"));
            Assert.Equal("20150830T123600Z", request.GetHeader("X-Amz-Date"));

            var lines = creq.Split('\n').ToList();
            var blank = lines.IndexOf("", 3);
            var headers = lines.Skip(3).Take(blank - 3).Select(l => (l.Substring(0, l.IndexOf(':')), l.Substring(l.IndexOf(':') + 1))).ToList();
            headers.Add(("x-amz-content-sha256", Oracle.Hex(SHA256.HashData(request.Body))));
            var expected = Oracle.Authorization(lines[0], lines[1], lines[2], headers, lines[lines.Count - 1], "us-east-1", "service", time);
            return (expected, actual);
        }

        [SharedDataFact("aws-protocol-tests/golden/aws-cli-2.9.19-captures.jsonl")]
        public void Signs_every_aws_cli_capture_as_the_cli_did_plus_the_content_hash()
        {
            var lines = File.ReadAllLines(TestEnvironment.Shared("aws-protocol-tests/golden/aws-cli-2.9.19-captures.jsonl")).Where(l => l.Trim().Length > 0).ToList();
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
                var sent = root.GetProperty("headers").EnumerateArray().Select(h => (Name: h[0].GetString(), Value: h[1].GetString())).ToList();
                string Sent(string n) => sent.FirstOrDefault(h => h.Name.Equals(n, StringComparison.OrdinalIgnoreCase)).Value;
                var cliAuth = Sent("Authorization");
                var token = Sent("X-Amz-Security-Token");
                var host = Sent("Host");
                foreach (var h in sent.Where(h => !(h.Name is "Authorization" or "X-Amz-Date" or "X-Amz-Security-Token" or "Host")))
                    request.Headers.Add(new KeyValuePair<string, string>(h.Name, h.Value));
                var service = cliAuth.Split('/')[3];
                var time = DateTime.ParseExact(Sent("X-Amz-Date"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

                var actual = RequestSigner.Sign(request, new Uri("http://" + host + request.Path), service, "us-east-1", new AwsCredentialsSnapshot(AccessKey, SecretKey, token), time);

                // The headers the CLI signed, with the values it sent, plus the SDK's content hash.
                var cliSigned = cliAuth.Split(new[] { "SignedHeaders=" }, StringSplitOptions.None)[1].Split(',')[0].Split(';');
                var hash = Oracle.Hex(SHA256.HashData(request.Body));
                var headers = cliSigned.Select(n => (n, Sent(n))).Append(("x-amz-content-sha256", hash)).ToList();
                var expected = Oracle.Authorization(request.Method, "/", "", headers, hash, "us-east-1", service, time);
                Assert.Equal(expected, actual);
                Assert.Contains("SignedHeaders=" + string.Join(";", cliSigned.Append("x-amz-content-sha256").OrderBy(n => n, StringComparer.Ordinal)) + ",", actual);
            }
        }

        [SharedDataFact("aws-protocol-tests/golden/execute-api-sigv4-vectors.json")]
        public void Signs_the_execute_api_vectors_with_double_encoded_paths()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(TestEnvironment.Shared("aws-protocol-tests/golden/execute-api-sigv4-vectors.json")));
            var count = 0;
            foreach (var v in doc.RootElement.EnumerateArray())
            {
                var url = new Uri(v.GetProperty("url").GetString());
                var request = new AwsHttpRequest { Method = v.GetProperty("method").GetString(), Path = url.AbsolutePath, Body = Convert.FromBase64String(v.GetProperty("body_b64").GetString()) };
                foreach (var h in v.GetProperty("headers").EnumerateObject())
                {
                    if (h.Name is "Host" or "X-Amz-Date" or "X-Amz-Security-Token") continue;
                    request.Headers.Add(new KeyValuePair<string, string>(h.Name, h.Value.GetString()));
                }
                var time = DateTime.ParseExact(v.GetProperty("amz_date").GetString(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                var token = v.GetProperty("token").GetString();
                var actual = RequestSigner.Sign(request, url, v.GetProperty("service").GetString(), "us-east-1", new AwsCredentialsSnapshot(AccessKey, SecretKey, token), time);

                // The reference canonical request (botocore's): path segments encoded again, query sorted and encoded.
                var canonicalUri = string.Join("/", url.AbsolutePath.Split('/').Select(Oracle.Encode));
                var query = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => p.Split('=', 2)).Select(kv => (K: Oracle.Encode(Uri.UnescapeDataString(kv[0])), V: Oracle.Encode(kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "")))
                    .OrderBy(p => p.K, StringComparer.Ordinal).ThenBy(p => p.V, StringComparer.Ordinal).Select(p => p.K + "=" + p.V);
                var hash = Oracle.Hex(SHA256.HashData(request.Body));
                var vectorSigned = v.GetProperty("authorization").GetString().Split(new[] { "SignedHeaders=" }, StringSplitOptions.None)[1].Split(',')[0].Split(';');
                var headers = vectorSigned.Select(n => (n, v.GetProperty("headers").EnumerateObject().First(h => h.Name.Equals(n, StringComparison.OrdinalIgnoreCase)).Value.GetString()))
                    .Append(("x-amz-content-sha256", hash)).ToList();
                var expected = Oracle.Authorization(request.Method, canonicalUri, string.Join("&", query), headers, hash, "us-east-1", "execute-api", time);
                Assert.Equal(expected, actual);
                Assert.Equal(token, request.GetHeader("X-Amz-Security-Token"));
                count++;
            }
            Assert.Equal(3, count);
        }

        [Fact]
        public void Resigning_replaces_the_previous_signature_headers()
        {
            var creds = new AwsCredentialsSnapshot(AccessKey, SecretKey, "tok");
            var req = new AwsHttpRequest { Method = "POST", Path = "/" };
            var url = new Uri("https://sts.us-east-1.amazonaws.com/");
            RequestSigner.Sign(req, url, "sts", "us-east-1", creds, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
            var second = RequestSigner.Sign(req, url, "sts", "us-east-1", creds, new DateTime(2026, 1, 2, 3, 9, 5, DateTimeKind.Utc));
            Assert.Single(req.Headers, h => h.Key == "Authorization");
            Assert.Single(req.Headers, h => h.Key.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase));
            Assert.Single(req.Headers, h => h.Key.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase));
            Assert.Equal("20260102T030905Z", req.GetHeader("X-Amz-Date"));
            Assert.Equal(second, req.GetHeader("Authorization"));
        }

        [Fact]
        public void Query_values_are_encoded_as_aws_expects()
        {
            Assert.Equal("a%2Fb%3D%3D", RequestSigner.UriEncode("a/b=="));
            Assert.Equal("z%20y~._-", RequestSigner.UriEncode("z y~._-"));
        }

        [Fact]
        public void Credentials_ToString_hides_the_secret_and_token()
        {
            var text = new AwsCredentialsSnapshot(AccessKey, SecretKey, "SESSIONTOKEN").ToString();
            Assert.DoesNotContain(SecretKey, text);
            Assert.DoesNotContain("SESSIONTOKEN", text);
        }

        /// <summary>Reads a suite .req (raw path and query as the wire carries them, continuation lines folded in with '\n').</summary>
        internal static (AwsHttpRequest Request, Uri Url) ParseRawRequest(string text)
        {
            var lines = text.Split('\n');
            var method = lines[0].Substring(0, lines[0].IndexOf(' '));
            var target = lines[0].Substring(method.Length + 1);
            target = target.Substring(0, target.LastIndexOf(" HTTP/", StringComparison.Ordinal));
            var request = new AwsHttpRequest { Method = method };
            var i = 1;
            string host = null;
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
                if (line.Substring(0, colon).Equals("Host", StringComparison.OrdinalIgnoreCase)) { host = line.Substring(colon + 1); continue; }
                request.Headers.Add(new KeyValuePair<string, string>(line.Substring(0, colon), line.Substring(colon + 1)));
            }
            request.Body = i < lines.Length - 1 ? Encoding.UTF8.GetBytes(string.Join("\n", lines.Skip(i + 1))) : Array.Empty<byte>();
            var q = target.IndexOf('?');
            request.Path = q < 0 ? target : target.Substring(0, q);
            return (request, new Uri("https://" + host + target));
        }
    }

    /// <summary>The published SigV4 steps, as the tests' reference: canonical request → string to sign → Authorization (test key only).</summary>
    internal static class Oracle
    {
        public static string Authorization(string method, string canonicalUri, string canonicalQuery, IList<(string Name, string Value)> headers,
            string payloadHash, string region, string service, DateTime time, string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", string accessKey = "AKIDEXAMPLE")
        {
            var sorted = headers.Select(h => (Name: h.Name.ToLowerInvariant(), Value: Fold(h.Value))).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
            var signed = string.Join(";", sorted.Select(h => h.Name));
            var creq = method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + string.Concat(sorted.Select(h => h.Name + ":" + h.Value + "\n")) + "\n" + signed + "\n" + payloadHash;
            var date = time.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var scope = date + "/" + region + "/" + service + "/aws4_request";
            var sts = "AWS4-HMAC-SHA256\n" + time.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "\n" + scope + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(creq)));
            byte[] H(byte[] k, string d) => HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(d));
            var key = H(H(H(H(Encoding.UTF8.GetBytes("AWS4" + secret), date), region), service), "aws4_request");
            return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signed + ", Signature=" + Hex(H(key, sts));
        }

        public static string Hex(byte[] b) => Convert.ToHexString(b).ToLowerInvariant();

        public static string Encode(string s)
        {
            var sb = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(s))
            {
                var c = (char)b;
                if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') sb.Append(c);
                else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }

        private static string Fold(string v) => System.Text.RegularExpressions.Regex.Replace(v.Trim(), @"\s+", " ");
    }
}
