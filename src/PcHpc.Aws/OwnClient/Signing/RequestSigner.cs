using System;
using System.Collections.Generic;
using System.Net.Http;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using PcHpc.Aws.Http;

namespace PcHpc.Aws.Signing
{
    /// <summary>
    /// Signs our own requests (CloudFormation query, ParallelCluster execute-api) with AWSSDK.Core's public SigV4 signer
    /// (<see cref="AWSSigV4Signer"/>); PcHpc has no signing code of its own. The SDK adds and signs
    /// <c>X-Amz-Content-SHA256</c> on every request (the AWS CLI does so only for S3) and double-encodes non-S3 paths.
    /// </summary>
    public static class RequestSigner
    {
        // Hop-by-hop and transport headers our HTTP layer adds or changes after signing: never signed.
        private static readonly HashSet<string> Unsigned = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Authorization", "Host", "User-Agent", "Content-Length", "Expect", "Transfer-Encoding", "Accept-Encoding", "Connection",
            "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-SHA256",
        };

        /// <summary>
        /// Signs <paramref name="request"/> (sent to <paramref name="url"/>) in place: replaces Authorization, X-Amz-Date,
        /// X-Amz-Content-SHA256 and X-Amz-Security-Token with the SDK's, and returns the Authorization value.
        /// </summary>
        public static string Sign(AwsHttpRequest request, Uri url, string service, string region, AwsCredentialsSnapshot credentials, DateTime signingTimeUtc)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (url == null) throw new ArgumentNullException(nameof(url));
            if (credentials == null) throw new ArgumentNullException(nameof(credentials));
            if (string.IsNullOrEmpty(service)) throw new ArgumentException("A signing service name is required.", nameof(service));
            if (string.IsNullOrEmpty(region)) throw new ArgumentException("A region is required.", nameof(region));

            var toSign = new AWSSigningRequest
            {
                HttpMethod = new HttpMethod((request.Method ?? "GET").ToUpperInvariant()),
                RequestUri = url,
                Content = request.Body ?? Array.Empty<byte>(),
            };
            foreach (var h in request.Headers)
            {
                if (Unsigned.Contains(h.Key)) continue;
                // Same name several times: one value joined with ',' (as SigV4 canonicalizes it).
                toSign.Headers[h.Key] = toSign.Headers.TryGetValue(h.Key, out var previous) ? previous + "," + h.Value : h.Value;
            }
            var parameters = new AWSSigV4Parameters
            {
                Credentials = credentials.SessionToken == null
                    ? (AWSCredentials)new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey)
                    : new SessionAWSCredentials(credentials.AccessKey, credentials.SecretKey, credentials.SessionToken),
                Region = RegionEndpoint.GetBySystemName(region),
                Service = service,
                SignedAt = signingTimeUtc.Kind == DateTimeKind.Local ? signingTimeUtc.ToUniversalTime() : DateTime.SpecifyKind(signingTimeUtc, DateTimeKind.Utc),
            };
            var result = AWSSigV4Signer.Sign(toSign, parameters);
            foreach (var name in new[] { "Authorization", "X-Amz-Date", "X-Amz-Content-SHA256", "X-Amz-Security-Token" })
            {
                request.Headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            }
            string authorization = null;
            foreach (var h in result.Headers)
            {
                request.Headers.Add(new KeyValuePair<string, string>(h.Key, h.Value));
                if (string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase)) authorization = h.Value;
            }
            return authorization;
        }

        /// <summary>RFC 3986 encoding (A-Z a-z 0-9 - _ . ~ kept) of a query key or value, as AWS expects on the wire.</summary>
        public static string UriEncode(string value) => Amazon.Util.AWSSDKUtils.UrlEncode(value ?? string.Empty, false);
    }
}
