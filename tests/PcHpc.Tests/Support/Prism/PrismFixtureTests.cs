using System.Net;
using System.Net.Http;
using System.Text;

namespace PcHpc.Tests.Support.Prism
{
    /// <summary>Proves the contract harness rejects what breaks the spec, so a passing contract test means something.</summary>
    public class PrismFixtureTests : IClassFixture<PrismFixture>
    {
        private readonly PrismFixture _prism;

        public PrismFixtureTests(PrismFixture prism) => _prism = prism;

        [PrismFact]
        public void ValidRequestPassesAndInvalidOnesAreRejected()
        {
            using var client = new HttpClient { BaseAddress = _prism.BaseUri };
            HttpResponseMessage Send(HttpMethod method, string path, string body = null)
            {
                var request = new HttpRequestMessage(method, path);
                request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00");
                if (body != null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                return client.SendAsync(request).GetAwaiter().GetResult();
            }

            var valid = Send(HttpMethod.Get, "/v3/clusters?region=us-east-1");
            Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
            Assert.Null(PrismFixture.Violations(valid));
            // clusterStatus must be one of the spec's enum values.
            var badEnum = Send(HttpMethod.Get, "/v3/clusters?clusterStatus=NOT_A_STATUS");
            Assert.Equal(HttpStatusCode.BadRequest, badEnum.StatusCode);
            Assert.Contains("clusterstatus", PrismFixture.Violations(badEnum));
            // createCluster requires clusterName and clusterConfiguration.
            var missing = Send(HttpMethod.Post, "/v3/clusters", "{\"clusterName\":\"a\"}");
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Contains("clusterConfiguration", PrismFixture.Violations(missing));
        }
    }
}
