using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace PcHpc.FakeAws
{
    /// <summary>A bucket of the fake S3, with the settings PcHpc applies to the buckets it creates.</summary>
    public sealed class FakeBucket
    {
        public string Name { get; init; }
        public string Region { get; init; }
        public bool PublicAccessBlocked { get; set; }
        /// <summary>The SSE algorithm of the default encryption (AES256, aws:kms), null when none was set.</summary>
        public string Encryption { get; set; }
        public SortedDictionary<string, FakeObject> Objects { get; } = new SortedDictionary<string, FakeObject>(StringComparer.Ordinal);
    }

    public sealed class FakeObject
    {
        public string Key { get; init; }
        public string Content { get; init; }
        public string ETag { get; init; }
        public DateTime LastModified { get; init; }
    }

    /// <summary>
    /// Fake S3, path-style (/bucket/key) REST-XML: CreateBucket, PutPublicAccessBlock, PutBucketEncryption, HeadObject,
    /// PutObject, GetObject and ListObjectsV2 (text objects only, one page).
    /// </summary>
    public sealed class FakeS3
    {
        private const string Ns = "http://s3.amazonaws.com/doc/2006-03-01/";
        private readonly object _lock = new object();
        private readonly Dictionary<string, FakeBucket> _buckets = new Dictionary<string, FakeBucket>(StringComparer.Ordinal);

        public FakeBucket Bucket(string name) { lock (_lock) return _buckets.TryGetValue(name, out var b) ? b : null; }

        public IReadOnlyList<FakeBucket> Buckets { get { lock (_lock) return _buckets.Values.ToList(); } }

        /// <summary>The operation name of a request (for the call log), from method, path and query.</summary>
        internal static string OperationOf(string method, string path, Dictionary<string, List<string>> query)
        {
            var (bucket, key) = Split(path);
            if (bucket == null) return "ListBuckets";
            if (key == null)
            {
                if (method == "PUT" && query.ContainsKey("publicAccessBlock")) return "PutPublicAccessBlock";
                if (method == "PUT" && query.ContainsKey("encryption")) return "PutBucketEncryption";
                if (method == "PUT") return "CreateBucket";
                if (method == "HEAD") return "HeadBucket";
                if (method == "GET") return query.ContainsKey("list-type") ? "ListObjectsV2" : "ListObjects";
                return method + "Bucket";
            }
            return method switch { "PUT" => "PutObject", "HEAD" => "HeadObject", "GET" => "GetObject", "DELETE" => "DeleteObject", _ => method + "Object" };
        }

        private static (string Bucket, string Key) Split(string path)
        {
            var p = Uri.UnescapeDataString(path ?? "/").TrimStart('/');
            if (p.Length == 0) return (null, null);
            var slash = p.IndexOf('/');
            if (slash < 0 || slash == p.Length - 1) return (p.TrimEnd('/'), null);
            return (p.Substring(0, slash), p.Substring(slash + 1));
        }

        internal FakeResponse Handle(FakeRequest r, string method, string path)
        {
            var (bucketName, key) = Split(path);
            lock (_lock)
            {
                switch (r.Action)
                {
                    case "CreateBucket":
                        if (_buckets.ContainsKey(bucketName))
                            throw new FakeAwsError(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.");
                        _buckets[bucketName] = new FakeBucket { Name = bucketName, Region = r.Region };
                        return new FakeResponse { Headers = { ["Location"] = "/" + bucketName } };
                    case "PutPublicAccessBlock":
                        var block = Existing(bucketName);
                        block.PublicAccessBlocked = new[] { "BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets" }
                            .All(flag => r.Body.Contains("<" + flag + ">true</" + flag + ">"));
                        return new FakeResponse();
                    case "PutBucketEncryption":
                        var enc = Existing(bucketName);
                        var start = r.Body.IndexOf("<SSEAlgorithm>", StringComparison.Ordinal);
                        if (start < 0) throw new FakeAwsError(400, "MalformedXML", "The XML you provided was not well-formed.");
                        start += "<SSEAlgorithm>".Length;
                        enc.Encryption = r.Body.Substring(start, r.Body.IndexOf('<', start) - start);
                        return new FakeResponse();
                    case "PutObject":
                        var target = Existing(bucketName);
                        var content = r.Http.Request.Headers["x-amz-content-sha256"].ToString().StartsWith("STREAMING-", StringComparison.Ordinal) ? Unchunk(r.Body) : r.Body;
                        var etag = "\"" + Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(content))).ToLowerInvariant() + "\"";
                        target.Objects[key] = new FakeObject { Key = key, Content = content, ETag = etag, LastModified = DateTime.UtcNow };
                        return new FakeResponse { Headers = { ["ETag"] = etag } };
                    case "HeadObject":
                    case "GetObject":
                        var holder = Existing(bucketName, headless: r.Action == "HeadObject");
                        if (!holder.Objects.TryGetValue(key, out var o))
                            throw r.Action == "HeadObject" ? new FakeAwsError(404, "NotFound", null) : new FakeAwsError(404, "NoSuchKey", "The specified key does not exist.");
                        var response = new FakeResponse { Headers = { ["ETag"] = o.ETag, ["Last-Modified"] = o.LastModified.ToString("R") } };
                        if (r.Action == "GetObject") { response.Body = o.Content; response.ContentType = "application/octet-stream"; }
                        else response.Headers["Content-Length"] = Encoding.UTF8.GetByteCount(o.Content).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        return response;
                    case "ListObjectsV2":
                        var listed = Existing(bucketName);
                        var prefix = r.Param("prefix") ?? string.Empty;
                        var max = int.TryParse(r.Param("max-keys"), out var m) ? m : 1000;
                        var all = listed.Objects.Values.Where(x => x.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                        var page = all.Take(max).ToList();
                        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"" + Ns + "\">");
                        Xml.E(sb, "Name", bucketName);
                        Xml.E(sb, "Prefix", prefix);
                        Xml.E(sb, "KeyCount", Xml.N(page.Count));
                        Xml.E(sb, "MaxKeys", Xml.N(max));
                        Xml.E(sb, "IsTruncated", Xml.B(all.Count > page.Count));
                        foreach (var x in page)
                        {
                            Xml.E(sb, "Contents", c =>
                            {
                                Xml.E(c, "Key", x.Key);
                                Xml.E(c, "LastModified", Xml.Time(x.LastModified));
                                Xml.E(c, "ETag", x.ETag);
                                Xml.E(c, "Size", Xml.N(Encoding.UTF8.GetByteCount(x.Content)));
                                Xml.E(c, "StorageClass", "STANDARD");
                            });
                        }
                        sb.Append("</ListBucketResult>");
                        return new FakeResponse { ContentType = "application/xml", Body = sb.ToString() };
                    default:
                        throw new FakeAwsError(501, "NotImplemented", "The fake S3 does not implement " + r.Action + ".");
                }
            }
        }

        /// <summary>The payload of an aws-chunked body (SigV4 streaming upload: "HEX;chunk-signature=SIG\r\nDATA\r\n" ... "0;...").</summary>
        private static string Unchunk(string body)
        {
            var result = new StringBuilder();
            var at = 0;
            while (at < body.Length)
            {
                var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
                if (lineEnd < 0) break;
                var header = body.Substring(at, lineEnd - at);
                var size = Convert.ToInt32(header.Split(';')[0], 16);
                if (size == 0) break;
                result.Append(body, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
            return result.ToString();
        }

        private FakeBucket Existing(string name, bool headless = false)
        {
            if (_buckets.TryGetValue(name, out var b)) return b;
            throw new FakeAwsError(404, headless ? "NotFound" : "NoSuchBucket", headless ? null : "The specified bucket does not exist");
        }

        internal static FakeResponse Error(FakeAwsError error, string requestId, bool head)
        {
            var r = new FakeResponse { Status = error.Status };
            if (head) return r; // HEAD answers carry no body
            r.ContentType = "application/xml";
            r.Body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + Xml.Esc(error.Code) + "</Code><Message>" + Xml.Esc(error.ErrorMessage)
                     + "</Message><RequestId>" + requestId + "</RequestId></Error>";
            return r;
        }
    }
}
