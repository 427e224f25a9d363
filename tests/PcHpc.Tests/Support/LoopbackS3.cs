using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using PcHpc.Tests.Aws.OwnClient;
using PcHpc.Tests.Aws.Services;

namespace PcHpc.Tests.Support
{
    /// <summary>
    /// A minimal path-style S3 on 127.0.0.1 for the S3ObjectStore adapter: objects, ListObjectsV2 (pages of
    /// <see cref="PageSize"/>), DeleteObject(s), multipart uploads, NoSuchKey/NoSuchBucket. Keys under "locked/" refuse deletion.
    /// </summary>
    internal sealed class LoopbackS3 : IAsyncDisposable
    {
        private const string Ns = "http://s3.amazonaws.com/doc/2006-03-01/";
        private WebApplication _app;
        public ConcurrentDictionary<string, (byte[] Data, string ETag, string ContentType, DateTime Modified)> Objects { get; } = new();
        private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, byte[]>> _uploads = new();
        public HashSet<string> Buckets { get; } = new() { "pchpc-bucket" };
        public ConcurrentQueue<string> Requests { get; } = new();
        public int PageSize { get; set; } = 2;
        public Uri Url { get; private set; }

        public static async Task<LoopbackS3> StartAsync()
        {
            var s3 = new LoopbackS3();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            s3._app = builder.Build();
            s3._app.Run(s3.HandleAsync);
            await s3._app.StartAsync();
            s3.Url = new Uri(s3._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First());
            return s3;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private static string ETagOf(byte[] data) => "\"" + Convert.ToHexString(MD5.HashData(data)).ToLowerInvariant() + "\"";

        private async Task HandleAsync(HttpContext ctx)
        {
            var req = ctx.Request;
            var parts = (req.Path.Value ?? "/").TrimStart('/').Split('/', 2);
            var bucket = Uri.UnescapeDataString(parts[0]);
            var key = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
            var q = req.Query;
            Requests.Enqueue(req.Method + " " + req.Path + req.QueryString);
            if (!req.Headers.Authorization.ToString().StartsWith("AWS4-HMAC-SHA256 Credential=" + WireKit.AccessKey + "/"))
            {
                await Error(ctx, 403, "AccessDenied", "Access Denied");
                return;
            }
            if (!Buckets.Contains(bucket))
            {
                await Error(ctx, 404, "NoSuchBucket", "The specified bucket does not exist");
                return;
            }
            var body = await ReadBody(req);
            var id = bucket + "/" + key;
            switch (req.Method)
            {
                case "PUT" when q.ContainsKey("partNumber"):
                    _uploads[q["uploadId"]][int.Parse(q["partNumber"])] = body;
                    ctx.Response.Headers.ETag = ETagOf(body);
                    return;
                case "PUT":
                    Objects[id] = (body, ETagOf(body), req.ContentType ?? "binary/octet-stream", DateTime.UtcNow);
                    ctx.Response.Headers.ETag = Objects[id].ETag;
                    return;
                case "POST" when q.ContainsKey("uploads"):
                {
                    var uploadId = Guid.NewGuid().ToString("N");
                    _uploads[uploadId] = new ConcurrentDictionary<int, byte[]>();
                    await Xml(ctx, new XElement(XName.Get("InitiateMultipartUploadResult", Ns), E("Bucket", bucket), E("Key", key), E("UploadId", uploadId)));
                    return;
                }
                case "POST" when q.ContainsKey("uploadId"):
                {
                    var all = _uploads[q["uploadId"]].OrderBy(p => p.Key).SelectMany(p => p.Value).ToArray();
                    var etag = "\"" + Convert.ToHexString(MD5.HashData(all)).ToLowerInvariant() + "-" + _uploads[q["uploadId"]].Count + "\"";
                    Objects[id] = (all, etag, "binary/octet-stream", DateTime.UtcNow);
                    await Xml(ctx, new XElement(XName.Get("CompleteMultipartUploadResult", Ns), E("Bucket", bucket), E("Key", key), E("ETag", etag)));
                    return;
                }
                case "POST" when q.ContainsKey("delete"):
                {
                    var doc = XDocument.Parse(Encoding.UTF8.GetString(body));
                    var result = new XElement(XName.Get("DeleteResult", Ns));
                    foreach (var k in doc.Descendants().Where(e => e.Name.LocalName == "Key").Select(e => e.Value))
                    {
                        if (k.StartsWith("locked/")) { result.Add(new XElement(XName.Get("Error", Ns), E("Key", k), E("Code", "AccessDenied"), E("Message", "Access Denied"))); continue; }
                        Objects.TryRemove(bucket + "/" + k, out _);
                    }
                    await Xml(ctx, result);
                    return;
                }
                case "DELETE":
                    Objects.TryRemove(id, out _);
                    ctx.Response.StatusCode = 204;
                    return;
                case "GET" when key == null || key.Length == 0:
                {
                    var prefix = q["prefix"].ToString() ?? "";
                    var keys = Objects.Keys.Where(k => k.StartsWith(bucket + "/" + prefix)).Select(k => k.Substring(bucket.Length + 1)).OrderBy(k => k, StringComparer.Ordinal).ToList();
                    var start = q.ContainsKey("continuation-token") ? int.Parse(q["continuation-token"]) : 0;
                    var page = keys.Skip(start).Take(PageSize).ToList();
                    var truncated = start + page.Count < keys.Count;
                    var list = new XElement(XName.Get("ListBucketResult", Ns), E("Name", bucket), E("Prefix", prefix), E("KeyCount", page.Count.ToString()), E("IsTruncated", truncated ? "true" : "false"));
                    if (truncated) list.Add(E("NextContinuationToken", (start + page.Count).ToString()));
                    foreach (var k in page)
                    {
                        var o = Objects[bucket + "/" + k];
                        list.Add(new XElement(XName.Get("Contents", Ns), E("Key", k), E("LastModified", o.Modified.ToString("yyyy-MM-ddTHH:mm:ss.fffZ")), E("ETag", o.ETag), E("Size", o.Data.Length.ToString()), E("StorageClass", "STANDARD")));
                    }
                    await Xml(ctx, list);
                    return;
                }
                case "GET":
                case "HEAD":
                {
                    if (!Objects.TryGetValue(id, out var o))
                    {
                        await Error(ctx, 404, "NoSuchKey", "The specified key does not exist.");
                        return;
                    }
                    ctx.Response.Headers.ETag = o.ETag;
                    ctx.Response.ContentType = o.ContentType;
                    ctx.Response.Headers.LastModified = o.Modified.ToString("R");
                    ctx.Response.ContentLength = o.Data.Length;
                    if (req.Method == "GET") await ctx.Response.Body.WriteAsync(o.Data);
                    return;
                }
            }
            await Error(ctx, 400, "NotImplemented", "Not implemented by the loopback S3");
        }

        /// <summary>The body, decoded when the SDK sent it aws-chunked (size;chunk-signature=...\r\n data \r\n ... 0).</summary>
        private static async Task<byte[]> ReadBody(HttpRequest req)
        {
            using var ms = new MemoryStream();
            await req.Body.CopyToAsync(ms);
            var raw = ms.ToArray();
            var sha = req.Headers["x-amz-content-sha256"].ToString();
            if (!sha.StartsWith("STREAMING-") && !req.Headers.ContentEncoding.ToString().Contains("aws-chunked")) return raw;
            var output = new MemoryStream();
            int pos = 0;
            while (pos < raw.Length)
            {
                var lineEnd = IndexOf(raw, pos);
                var header = Encoding.ASCII.GetString(raw, pos, lineEnd - pos);
                var size = Convert.ToInt32(header.Split(';')[0], 16);
                pos = lineEnd + 2;
                if (size == 0) break;
                output.Write(raw, pos, size);
                pos += size + 2;
            }
            return output.ToArray();
        }

        private static int IndexOf(byte[] data, int from)
        {
            for (int i = from; i < data.Length - 1; i++) if (data[i] == '\r' && data[i + 1] == '\n') return i;
            return data.Length;
        }

        private static XElement E(string name, string value) => new XElement(XName.Get(name, Ns), value);

        private static Task Xml(HttpContext ctx, XElement root)
        {
            ctx.Response.ContentType = "application/xml";
            return ctx.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + root.ToString(SaveOptions.DisableFormatting));
        }

        private static Task Error(HttpContext ctx, int status, string code, string message)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.Headers["x-amz-request-id"] = "S3REQ" + Guid.NewGuid().ToString("N").Substring(0, 12).ToUpperInvariant();
            if (ctx.Request.Method == "HEAD") return Task.CompletedTask;
            ctx.Response.ContentType = "application/xml";
            return ctx.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>{ctx.Response.Headers["x-amz-request-id"]}</RequestId></Error>");
        }
    }
}
