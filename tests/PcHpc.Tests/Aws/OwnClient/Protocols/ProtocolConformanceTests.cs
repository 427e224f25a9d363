using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PcHpc.Aws.Http;
using PcHpc.Aws.Protocols;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Aws.OwnClient.Protocols
{
    /// <summary>
    /// botocore protocol conformance: one theory per file, cases read from ../shared at run time. Cases on botocore's
    /// ignore list (or in <see cref="ProtocolTestData.ProductSkips"/>) show up as skipped rows with their reason.
    /// </summary>
    public class ProtocolConformanceTests
    {
        private const string SkipReason = "Listed in protocol-tests-ignore-list.json or ProtocolTestData.ProductSkips (reason in the row name).";

        public static IEnumerable<object[]> Active(string file) => ProtocolTestData.Active(file);
        public static IEnumerable<object[]> Skipped(string file) => ProtocolTestData.Skipped(file);

        [SharedDataTheory(ProtocolTestData.Root)]
        [MemberData(nameof(Active), "input/query.json")]
        [MemberData(nameof(Skipped), "input/query.json", Skip = SkipReason)]
        public void InputQuery(string file, string key) => RunInput(file, key);

        [SharedDataTheory(ProtocolTestData.Root)]
        [MemberData(nameof(Active), "input/rest-json.json")]
        [MemberData(nameof(Skipped), "input/rest-json.json", Skip = SkipReason)]
        public void InputRestJson(string file, string key) => RunInput(file, key);

        [SharedDataTheory(ProtocolTestData.Root)]
        [MemberData(nameof(Active), "output/query.json")]
        [MemberData(nameof(Skipped), "output/query.json", Skip = SkipReason)]
        public void OutputQuery(string file, string key) => RunOutput(file, key);

        [SharedDataTheory(ProtocolTestData.Root)]
        [MemberData(nameof(Active), "output/rest-json.json")]
        [MemberData(nameof(Skipped), "output/rest-json.json", Skip = SkipReason)]
        public void OutputRestJson(string file, string key) => RunOutput(file, key);

        /// <summary>Every case of each file is either run or skipped with a reason (totals from the shared data README),
        /// and every entry of the product skip table names a real case.</summary>
        [SharedDataTheory(ProtocolTestData.Root)]
        [InlineData("input/query.json", 38)]
        [InlineData("input/rest-json.json", 113)]
        [InlineData("output/query.json", 38)]
        [InlineData("output/rest-json.json", 91)]
        public void CaseListCoversTheWholeFile(string file, int total)
        {
            var all = ProtocolTestData.AllCases(file).ToList();
            Assert.Equal(total, all.Count);
            Assert.Equal(total, all.Select(r => r.key).Distinct().Count());
            Assert.All(all.Where(r => r.skip != null), r => Assert.False(string.IsNullOrWhiteSpace(r.skip)));
            foreach (var entry in ProtocolTestData.ProductSkips.Where(e => e.Key.StartsWith(file + ":")))
            {
                var id = entry.Key.Substring(entry.Key.IndexOf(':') + 1);
                Assert.Contains(all, r => r.key.EndsWith(":" + id) && r.skip == entry.Value);
            }
        }

        private static ServiceModel SuiteModel(JsonObject suite)
        {
            var root = new JsonObject
            {
                ["metadata"] = suite["metadata"].DeepClone(),
                ["operations"] = new JsonObject(),
                ["shapes"] = suite["shapes"]?.DeepClone() ?? new JsonObject(),
            };
            return new ServiceModel(root);
        }

        private static void RunInput(string file, string key)
        {
            Assert.NotEqual("(no data)", key);
            var (suite, testCase) = ProtocolTestData.Find(file, key);
            var model = SuiteModel(suite);
            var op = model.OperationFrom((JsonObject)testCase["given"]);
            var input = (Dictionary<string, object>)ProtocolTestData.ToValue(testCase["params"] ?? new JsonObject());
            var request = RequestSerializer.Serialize(op, input, new SerializeOptions { AutoFillIdempotencyTokens = false });
            var expected = (JsonObject)testCase["serialized"];

            Assert.Equal((string)expected["method"] ?? "POST", request.Method);
            var protocol = model.Protocol;

            var uri = (string)expected["uri"] ?? "/";
            var q = uri.IndexOf('?');
            var expectedPath = q < 0 ? uri : uri.Substring(0, q);
            Assert.Equal(expectedPath, request.Path);
            var expectedQuery = q < 0 ? new List<string>() : ParseForm(uri.Substring(q + 1));
            var actualQuery = request.Query.Select(p => p.Key + "=" + p.Value).ToList();
            Assert.Equal(expectedQuery.OrderBy(x => x, StringComparer.Ordinal), actualQuery.OrderBy(x => x, StringComparer.Ordinal));

            if (expected["headers"] is JsonObject headers)
            {
                foreach (var h in headers)
                {
                    Assert.True(request.GetHeader(h.Key) != null, $"header {h.Key} missing; have {string.Join(", ", request.Headers.Select(x => x.Key + ": " + x.Value))}");
                    if (protocol == "query" && h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                    {
                        // botocore's cases omit "; charset=utf-8", which the AWS CLI sends and we send too: compare media types.
                        Assert.Equal((string)h.Value, request.GetHeader(h.Key).Split(';')[0]);
                        continue;
                    }
                    Assert.Equal((string)h.Value, request.GetHeader(h.Key));
                }
            }
            if (expected["forbidHeaders"] is JsonArray forbid)
            {
                foreach (var h in forbid) Assert.Null(request.GetHeader((string)h));
            }

            if (expected["host"] != null)
            {
                Assert.Equal((string)expected["host"], (request.HostPrefix ?? "") + "example.com");
            }

            if (!expected.ContainsKey("body")) return; // the case does not specify a body
            var expectedBody = (string)expected["body"] ?? "";
            var actualBody = Encoding.UTF8.GetString(request.Body);
            if (protocol == "query")
            {
                Assert.Equal(ParseForm(expectedBody).OrderBy(x => x, StringComparer.Ordinal), ParseForm(actualBody).OrderBy(x => x, StringComparer.Ordinal));
            }
            else if (LooksLikeJson(expectedBody) && request.GetHeader("Content-Type")?.Contains("json") == true)
            {
                Assert.True(LooksLikeJson(actualBody), $"expected JSON body {expectedBody}, got '{actualBody}'");
                var diff = ProtocolTestData.Diff(ParseJson(expectedBody), ParseJson(actualBody));
                Assert.True(diff == null, diff + "\nactual: " + actualBody);
            }
            else
            {
                Assert.Equal(expectedBody, actualBody);
            }
        }

        private static void RunOutput(string file, string key)
        {
            Assert.NotEqual("(no data)", key);
            var (suite, testCase) = ProtocolTestData.Find(file, key);
            var model = SuiteModel(suite);
            var op = model.OperationFrom((JsonObject)testCase["given"]);
            var resp = (JsonObject)testCase["response"];
            var response = new AwsHttpResponse { StatusCode = (int)resp["status_code"] };
            if (resp["headers"] is JsonObject hs) foreach (var h in hs) response.Headers[h.Key] = (string)h.Value;
            response.Body = Encoding.UTF8.GetBytes((string)resp["body"] ?? "");

            if (testCase["errorCode"] != null)
            {
                var error = ProtocolErrorParsers.For(model.Protocol).Parse(response);
                Assert.Equal((string)testCase["errorCode"], error.Code);
                if (testCase["errorMessage"] != null) Assert.Equal((string)testCase["errorMessage"], error.Message);
                if (testCase["error"] is JsonObject expectedError)
                {
                    var members = ErrorShapeParser.ParseMembers(op, error, response);
                    var diff = ProtocolTestData.Diff(ProtocolTestData.ToValue(expectedError), members);
                    Assert.True(diff == null, diff);
                }
                return;
            }

            var parsed = ResponseParser.Parse(op, response);
            var expected = ProtocolTestData.ToValue(testCase["result"] ?? new JsonObject());
            var d = ProtocolTestData.Diff(expected, parsed);
            Assert.True(d == null, d + "\nactual: " + ProtocolTestData.Show(parsed));
        }

        private static bool LooksLikeJson(string s)
        {
            var t = s.Trim();
            return t.StartsWith("{") || t.StartsWith("[");
        }

        private static object ParseJson(string s) => ProtocolTestData.ToValue(JsonNode.Parse(s));

        private static List<string> ParseForm(string form) =>
            form.Split('&').Where(p => p.Length > 0).Select(p =>
            {
                var eq = p.IndexOf('=');
                var k = Uri.UnescapeDataString((eq < 0 ? p : p.Substring(0, eq)).Replace('+', ' '));
                var v = eq < 0 ? "" : Uri.UnescapeDataString(p.Substring(eq + 1).Replace('+', ' '));
                return k + "=" + v;
            }).ToList();
    }
}
