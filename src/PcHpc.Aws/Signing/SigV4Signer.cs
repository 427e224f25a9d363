using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using PcHpc.Aws.Http;

namespace PcHpc.Aws.Signing
{
    /// <summary>How to sign: the knobs that differ between services.</summary>
    public sealed class SigV4Options
    {
        /// <summary>Add an <c>X-Amz-Content-Sha256</c> header (S3 style). The other services don't send it.</summary>
        public bool AddContentSha256Header { get; set; }

        /// <summary>
        /// S3 rules for the canonical URI: use the wire path as it is (encoded once, no dot-segment or slash
        /// normalization). Otherwise (every other service) the path is normalized and each segment encoded again.
        /// </summary>
        public bool S3PathRules { get; set; }

        /// <summary>
        /// Which headers to sign (gets the lower-case name). Null: every header except the ones the AWS CLI leaves
        /// unsigned (see <see cref="SigV4Signer.IsSignedByDefault"/>).
        /// </summary>
        public Func<string, bool> SignHeader { get; set; }

        public static readonly SigV4Options Default = new SigV4Options();
        public static readonly SigV4Options S3 = new SigV4Options { AddContentSha256Header = true, S3PathRules = true };
    }

    /// <summary>The pieces of one signature, for tests and debugging (contains no secret).</summary>
    public sealed class SigV4Result
    {
        public string CanonicalRequest { get; internal set; }
        public string StringToSign { get; internal set; }
        public string SignedHeaders { get; internal set; }
        public string Signature { get; internal set; }
        public string Authorization { get; internal set; }
        public string AmzDate { get; internal set; }
        public string CredentialScope { get; internal set; }
    }

    /// <summary>
    /// AWS Signature Version 4 (header form). Adds Host (when given), X-Amz-Date, X-Amz-Security-Token (temporary
    /// credentials), X-Amz-Content-Sha256 (only when asked) and Authorization to the request.
    /// </summary>
    public static class SigV4Signer
    {
        public const string Algorithm = "AWS4-HMAC-SHA256";
        public const string EmptyBodySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        // Headers botocore (and so the AWS CLI) never signs, plus those the HTTP layer adds after signing
        // (Content-Length, Accept-Encoding, Connection) and Authorization itself.
        private static readonly HashSet<string> UnsignedHeaders = new HashSet<string>(StringComparer.Ordinal)
        {
            "authorization", "expect", "transfer-encoding", "user-agent", "x-amzn-trace-id",
            "content-length", "accept-encoding", "connection", "amz-sdk-invocation-id", "amz-sdk-request",
        };

        /// <summary>Whether a header (lower-case name) is signed when no filter is given.</summary>
        public static bool IsSignedByDefault(string lowerName) => !UnsignedHeaders.Contains(lowerName);

        /// <summary>
        /// Signs <paramref name="request"/> in place and returns the intermediate strings.
        /// </summary>
        /// <param name="host">Value for the Host header (host[:port]); null keeps the request's own Host header.</param>
        public static SigV4Result Sign(AwsHttpRequest request, string service, string region, AwsCredentialsSnapshot credentials,
            DateTime signingTimeUtc, string host = null, SigV4Options options = null)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (credentials == null) throw new ArgumentNullException(nameof(credentials));
            if (string.IsNullOrEmpty(service)) throw new ArgumentException("A signing service name is required.", nameof(service));
            if (string.IsNullOrEmpty(region)) throw new ArgumentException("A region is required.", nameof(region));
            options = options ?? SigV4Options.Default;

            var time = signingTimeUtc.Kind == DateTimeKind.Local ? signingTimeUtc.ToUniversalTime() : signingTimeUtc;
            var amzDate = time.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var dateStamp = amzDate.Substring(0, 8);

            request.Headers.RemoveAll(h => string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase));
            if (host != null) request.SetHeader("Host", host);
            else if (request.GetHeader("Host") == null) throw new ArgumentException("The request has no Host header and no host was given.", nameof(host));
            request.SetHeader("X-Amz-Date", amzDate);
            if (credentials.SessionToken != null) request.SetHeader("X-Amz-Security-Token", credentials.SessionToken);

            var payloadHash = request.GetHeader("X-Amz-Content-Sha256");
            if (string.IsNullOrEmpty(payloadHash))
            {
                payloadHash = HexSha256(request.Body ?? Array.Empty<byte>());
                if (options.AddContentSha256Header) request.SetHeader("X-Amz-Content-Sha256", payloadHash);
            }

            var filter = options.SignHeader ?? IsSignedByDefault;
            var headers = CanonicalHeaders(request.Headers, filter, out var signedHeaders);

            var canonicalRequest = string.Join("\n",
                request.Method.ToUpperInvariant(),
                CanonicalUri(request.Path, options.S3PathRules),
                CanonicalQuery(request.Query),
                headers,
                signedHeaders,
                payloadHash);

            var scope = dateStamp + "/" + region + "/" + service + "/aws4_request";
            var stringToSign = Algorithm + "\n" + amzDate + "\n" + scope + "\n" + HexSha256(Encoding.UTF8.GetBytes(canonicalRequest));

            var key = SigningKey(credentials.SecretKey, dateStamp, region, service);
            var signature = ToHex(HmacSha256(key, stringToSign));
            var authorization = Algorithm + " Credential=" + credentials.AccessKey + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
            request.Headers.Add(new KeyValuePair<string, string>("Authorization", authorization));

            return new SigV4Result
            {
                CanonicalRequest = canonicalRequest,
                StringToSign = stringToSign,
                SignedHeaders = signedHeaders,
                Signature = signature,
                Authorization = authorization,
                AmzDate = amzDate,
                CredentialScope = scope,
            };
        }

        /// <summary>The derived key: HMAC chain of date, region, service, "aws4_request".</summary>
        public static byte[] SigningKey(string secretKey, string dateStamp, string region, string service)
        {
            var kDate = HmacSha256(Encoding.UTF8.GetBytes("AWS4" + secretKey), dateStamp);
            var kRegion = HmacSha256(kDate, region);
            var kService = HmacSha256(kRegion, service);
            return HmacSha256(kService, "aws4_request");
        }

        /// <summary>Canonical URI. Non-S3: normalize '.', '..' and empty segments, then encode each segment (again).</summary>
        public static string CanonicalUri(string path, bool s3Rules)
        {
            if (string.IsNullOrEmpty(path)) return "/";
            if (s3Rules) return path[0] == '/' ? path : "/" + path;

            var segments = new List<string>();
            foreach (var segment in path.Split('/'))
            {
                if (segment.Length == 0 || segment == ".") continue;
                if (segment == "..")
                {
                    if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                    continue;
                }
                segments.Add(segment);
            }
            var sb = new StringBuilder();
            foreach (var s in segments)
            {
                sb.Append('/');
                UriEncode(s, sb);
            }
            if (segments.Count == 0) return "/";
            if (path.EndsWith("/", StringComparison.Ordinal)) sb.Append('/');
            return sb.ToString();
        }

        /// <summary>Canonical query: each raw key and value encoded, sorted by key then value, empty values kept as "k=".</summary>
        public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query)
        {
            if (query == null) return string.Empty;
            var pairs = query
                .Select(p => new KeyValuePair<string, string>(UriEncode(p.Key ?? string.Empty), UriEncode(p.Value ?? string.Empty)))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .ThenBy(p => p.Value, StringComparer.Ordinal);
            return string.Join("&", pairs.Select(p => p.Key + "=" + p.Value));
        }

        private static string CanonicalHeaders(List<KeyValuePair<string, string>> headers, Func<string, bool> filter, out string signedHeaders)
        {
            // Same name several times: values joined with ',' in the order they appear.
            var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var h in headers)
            {
                var name = h.Key.Trim().ToLowerInvariant();
                if (!filter(name)) continue;
                if (!byName.TryGetValue(name, out var values)) byName[name] = values = new List<string>();
                values.Add(FoldValue(h.Value));
            }
            var sb = new StringBuilder();
            foreach (var kv in byName)
            {
                sb.Append(kv.Key).Append(':').Append(string.Join(",", kv.Value)).Append('\n');
            }
            signedHeaders = string.Join(";", byName.Keys);
            return sb.ToString();
        }

        /// <summary>Trim and fold every run of whitespace (including line breaks) into one space.</summary>
        private static string FoldValue(string value)
        {
            if (string.IsNullOrEmpty(value)) return string.Empty;
            var sb = new StringBuilder(value.Length);
            var pendingSpace = false;
            foreach (var c in value)
            {
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v')
                {
                    pendingSpace = sb.Length > 0;
                    continue;
                }
                if (pendingSpace) sb.Append(' ');
                pendingSpace = false;
                sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>RFC 3986 encoding of the UTF-8 bytes: everything except A-Z a-z 0-9 - _ . ~ becomes %XX (upper-case hex).</summary>
        public static string UriEncode(string value)
        {
            var sb = new StringBuilder(value.Length + 8);
            UriEncode(value, sb);
            return sb.ToString();
        }

        private static void UriEncode(string value, StringBuilder sb)
        {
            const string hex = "0123456789ABCDEF";
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                var c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
                {
                    sb.Append(c);
                }
                else
                {
                    sb.Append('%').Append(hex[b >> 4]).Append(hex[b & 0xF]);
                }
            }
        }

        public static string HexSha256(byte[] data)
        {
            using (var sha = SHA256.Create()) return ToHex(sha.ComputeHash(data));
        }

        private static byte[] HmacSha256(byte[] key, string data)
        {
            using (var hmac = new HMACSHA256(key)) return hmac.ComputeHash(Encoding.UTF8.GetBytes(data));
        }

        private static string ToHex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
