using System;
using PcHpc.Aws.Http;

using PcHpc.Tests.Support;
using PcHpc.Tests.Aws.Services;

namespace PcHpc.Tests.Aws.OwnClient
{
    /// <summary>The endpoint trait's host prefix (AwsHttpRequest.HostPrefix) as the client applies it.</summary>
    public class HostPrefixTests
    {
        [Theory]
        [InlineData("https://servicediscovery.us-east-1.amazonaws.com", "data-", "https://data-servicediscovery.us-east-1.amazonaws.com/x", "data-servicediscovery.us-east-1.amazonaws.com")]
        [InlineData("https://example.com:8443/base", "abc.", "https://abc.example.com:8443/base/x", "abc.example.com:8443")]
        [InlineData("http://127.0.0.1:4566", "data-", "http://127.0.0.1:4566/x", "127.0.0.1:4566")]
        [InlineData("http://localhost:4566", "data-", "http://localhost:4566/x", "localhost:4566")]
        [InlineData("https://sts.us-east-1.amazonaws.com", null, "https://sts.us-east-1.amazonaws.com/x", "sts.us-east-1.amazonaws.com")]
        public void HostPrefix_IsPrependedToDnsHostsOnly(string endpoint, string prefix, string expectedUrl, string expectedHost)
        {
            var request = new AwsHttpRequest { Path = "/x", HostPrefix = prefix };
            var url = AwsHttpClient.BuildUrl(new Uri(endpoint), request, out _, out var host);
            Assert.Equal(expectedUrl, url.ToString());
            Assert.Equal(expectedHost, host);
        }
    }
}
