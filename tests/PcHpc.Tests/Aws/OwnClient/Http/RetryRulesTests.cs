using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PcHpc.Aws.Http;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Aws.OwnClient.Http
{
    public class RetryRulesTests
    {
        private const string RetryFile = "aws-protocol-tests/models/_retry.json";

        /// <summary>Every (service, code, status) "applies_when.response" rule of botocore's _retry.json, refs resolved.</summary>
        private static List<(string Service, string Code, int? Status)> RulesFromFile()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(TestEnvironment.Shared(RetryFile)));
            var definitions = doc.RootElement.GetProperty("definitions");
            var rules = new List<(string, string, int?)>();
            foreach (var service in doc.RootElement.GetProperty("retry").EnumerateObject())
            {
                var serviceName = service.Name == "__default__" ? "*" : service.Name;
                var config = service.Name == "__default__" ? service.Value : service.Value.GetProperty("__default__");
                if (!config.TryGetProperty("policies", out var policies)) continue;
                foreach (var policy in policies.EnumerateObject())
                {
                    var p = policy.Value;
                    if (p.TryGetProperty("$ref", out var r)) p = definitions.GetProperty(r.GetString());
                    var when = p.GetProperty("applies_when");
                    if (!when.TryGetProperty("response", out var response)) continue; // socket errors: checked separately
                    if (response.TryGetProperty("crc32body", out _)) continue;          // DynamoDB CRC32 check: not an error rule
                    var code = response.TryGetProperty("service_error_code", out var c) ? c.GetString() : null;
                    int? status = response.TryGetProperty("http_status_code", out var s) ? s.GetInt32() : null;
                    rules.Add((serviceName, code, status));
                }
            }
            return rules;
        }

        [SharedDataFact(RetryFile)]
        public void Our_table_holds_every_rule_of_the_shared_retry_file()
        {
            var fromFile = RulesFromFile();
            Assert.True(fromFile.Count >= 20, "expected the full rule set, got " + fromFile.Count);
            var ours = RetryRules.Table.Select(r => (r.Service, r.Code, r.Status)).ToHashSet();
            foreach (var rule in fromFile)
            {
                Assert.True(ours.Contains(rule), $"missing retry rule {rule}");
                var service = rule.Service == "*" ? "cloudformation" : rule.Service;
                Assert.NotEqual(RetryClass.None, RetryRules.Classify(service, rule.Code, rule.Status ?? 400));
            }
            Assert.Equal(fromFile.Count, RetryRules.Table.Count);
        }

        [SharedDataFact(RetryFile)]
        public async System.Threading.Tasks.Task Socket_errors_are_retried_as_in_the_shared_file()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(TestEnvironment.Shared(RetryFile)));
            var policies = doc.RootElement.GetProperty("retry").GetProperty("__default__").GetProperty("policies");
            var socketRef = policies.EnumerateObject()
                .Select(p => p.Value.TryGetProperty("$ref", out var r) ? r.GetString() : null)
                .Where(r => r != null)
                .Select(r => doc.RootElement.GetProperty("definitions").GetProperty(r).GetProperty("applies_when"))
                .Single(w => w.TryGetProperty("socket_errors", out _));
            Assert.Equal("GENERAL_CONNECTION_ERROR", socketRef.GetProperty("socket_errors")[0].GetString());

            using var kit = new ClientKit();
            kit.Handler.ThenThrow(new System.IO.IOException("Connection reset by peer")).ThenRespond(System.Net.HttpStatusCode.OK);
            var response = await kit.Client.SendAsync(ClientKit.Call());
            Assert.Equal(200, response.StatusCode);
            Assert.Equal(2, kit.Handler.Requests.Count);
        }

        [Theory]
        [InlineData("ec2", "RequestLimitExceeded", 503, RetryClass.Throttling)]
        [InlineData("cloudformation", "Throttling", 400, RetryClass.Throttling)]
        [InlineData("ssm", "ThrottlingException", 400, RetryClass.Throttling)]
        [InlineData("execute-api", "TooManyRequestsException", 429, RetryClass.Throttling)]
        [InlineData("execute-api", null, 429, RetryClass.Throttling)]
        [InlineData("sts", "IDPCommunicationError", 400, RetryClass.Transient)]
        [InlineData("ssm", "InternalServerError", 500, RetryClass.Transient)]
        [InlineData("ec2", null, 503, RetryClass.Transient)]
        [InlineData("ec2", null, 504, RetryClass.Transient)]
        [InlineData("cloudformation", "ValidationError", 400, RetryClass.None)]
        [InlineData("cloudformation", "AccessDenied", 403, RetryClass.None)]
        [InlineData("ssm", null, 404, RetryClass.None)]
        [InlineData("ssm", "RequestThrottled", 403, RetryClass.Throttling)]
        public void Classifies_errors(string service, string code, int status, RetryClass expected)
        {
            Assert.Equal(expected, RetryRules.Classify(service, code, status));
        }
    }
}
