using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws;
using PcHpc.Aws.Services;
using PcHpc.Aws.Session;
using PcHpc.Core.Errors;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;

using PcHpc.Tests.Support;
using PcHpc.Tests.Aws.OwnClient;

namespace PcHpc.Tests.Aws.Services
{
    /// <summary>The S3 adapter (AWSSDK.S3 with the session's credentials, path style at -EndpointUrl) against a loopback S3.</summary>
    public class ObjectStoreTests : IAsyncLifetime
    {
        private static readonly CancellationToken None = CancellationToken.None;
        private LoopbackS3 _s3;
        private IAwsSession _session;
        private IObjectStore _store;

        public async Task InitializeAsync()
        {
            _s3 = await LoopbackS3.StartAsync();
            _session = new AwsSessionFactory(null, WireKit.InstantClient()).Create(new AwsConnectionOptions
            {
                AccessKey = WireKit.AccessKey, SecretKey = WireKit.SecretKey, Region = "eu-west-1", EndpointUrl = _s3.Url.ToString(),
            }, new RecordingSink());
            _store = _session.ObjectStore;
        }

        public async Task DisposeAsync()
        {
            _session.Dispose();
            await _s3.DisposeAsync();
        }

        [Fact]
        public void EndpointOverride_UsesPathStyleAndTheSessionRegion()
        {
            var config = S3ObjectStore.CreateConfig("eu-west-1", "http://127.0.0.1:9000");
            Assert.True(config.ForcePathStyle);
            Assert.Equal("http://127.0.0.1:9000", config.ServiceURL.TrimEnd('/'));
            Assert.Equal("eu-west-1", config.AuthenticationRegion);
            var regional = S3ObjectStore.CreateConfig("eu-west-1", null);
            Assert.Equal("eu-west-1", regional.RegionEndpoint.SystemName);
            Assert.False(regional.ForcePathStyle);
        }

        [Fact]
        public async Task PutGetListDelete_RoundTrip()
        {
            var etag = await _store.PutObjectAsync("pchpc-bucket", "clusters/demo/config.yaml", new MemoryStream(Encoding.UTF8.GetBytes("Region: eu-west-1\n")), "application/x-yaml", None);
            Assert.Equal("\"" + Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes("Region: eu-west-1\n"))).ToLowerInvariant() + "\"", etag);
            Assert.Equal("Region: eu-west-1\n", Encoding.UTF8.GetString(_s3.Objects["pchpc-bucket/clusters/demo/config.yaml"].Data));
            Assert.Contains(_s3.Requests, r => r.StartsWith("PUT /pchpc-bucket/clusters/demo/config.yaml"));

            var file = Path.GetTempFileName();
            try
            {
                File.WriteAllText(file, "#!/bin/bash\necho hi\n");
                await _store.PutFileAsync("pchpc-bucket", "clusters/demo/post-install.sh", file, None);
            }
            finally { File.Delete(file); }
            for (int i = 0; i < 3; i++) await _store.PutObjectAsync("pchpc-bucket", "other/" + i, new MemoryStream(new byte[] { 1, 2, 3 }), null, None);

            var into = new MemoryStream();
            var info = await _store.GetObjectAsync("pchpc-bucket", "clusters/demo/config.yaml", into, None);
            Assert.Equal("Region: eu-west-1\n", Encoding.UTF8.GetString(into.ToArray()));
            Assert.Equal(18, info.Size);
            Assert.Equal(etag, info.ETag);
            Assert.Equal("application/x-yaml", info.ContentType);

            var listed = await _store.ListObjectsAsync("pchpc-bucket", "clusters/", None);
            Assert.Equal(new[] { "clusters/demo/config.yaml", "clusters/demo/post-install.sh" }, listed.Select(o => o.Key));
            var all = await _store.ListObjectsAsync("pchpc-bucket", null, None);
            Assert.Equal(5, all.Count); // pages of 2
            Assert.True(_s3.Requests.Count(r => r.StartsWith("GET /pchpc-bucket?") || r.StartsWith("GET /pchpc-bucket/?")) >= 4);
            Assert.All(all, o => Assert.Equal("pchpc-bucket", o.Bucket));

            await _store.DeleteObjectAsync("pchpc-bucket", "clusters/demo/config.yaml", None);
            await _store.DeleteObjectAsync("pchpc-bucket", "never/there", None); // deleting a missing key succeeds
            _s3.Objects["pchpc-bucket/locked/keep"] = (new byte[1], "\"x\"", "binary/octet-stream", DateTime.UtcNow);
            var failed = await _store.DeleteObjectsAsync("pchpc-bucket", new[] { "other/0", "other/1", "other/2", "locked/keep" }, None);
            Assert.Equal(new[] { "locked/keep" }, failed);
            Assert.Equal(new[] { "pchpc-bucket/clusters/demo/post-install.sh", "pchpc-bucket/locked/keep" }, _s3.Objects.Keys.OrderBy(k => k));
        }

        [Fact]
        public async Task LargeContent_GoesUpInParts()
        {
            ((S3ObjectStore)_store).MultipartThreshold = 5L * 1024 * 1024;
            var data = new byte[11 * 1024 * 1024 + 17];
            new Random(5).NextBytes(data);
            var file = Path.GetTempFileName();
            try
            {
                File.WriteAllBytes(file, data);
                var etag = await _store.PutFileAsync("pchpc-bucket", "big/file.bin", file, None);
                Assert.EndsWith("-3\"", etag); // three parts: 5 + 5 + 1 MiB
            }
            finally { File.Delete(file); }
            Assert.Equal(data, _s3.Objects["pchpc-bucket/big/file.bin"].Data);
            Assert.Equal(3, _s3.Requests.Count(r => r.StartsWith("PUT /pchpc-bucket/big/file.bin?") && r.Contains("partNumber")));

            var etag2 = await _store.PutObjectAsync("pchpc-bucket", "big/stream.bin", new MemoryStream(data), null, None);
            Assert.EndsWith("-3\"", etag2);
            Assert.Equal(data, _s3.Objects["pchpc-bucket/big/stream.bin"].Data);
        }

        [Fact]
        public async Task MissingKeyAndBucket_AreNotFound_WithAClearMessage()
        {
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => _store.GetObjectAsync("pchpc-bucket", "nope.txt", new MemoryStream(), None));
            Assert.Equal(ErrorKind.NotFound, ex.Kind);
            Assert.Equal("NoSuchKey", ex.Code);
            Assert.Contains("S3 GetObject of s3://pchpc-bucket/nope.txt failed in eu-west-1", ex.Message);
            Assert.Contains("request id S3REQ", ex.Message);
            Assert.Contains("Check the bucket name, key and region", ex.Message);

            var bucket = await Assert.ThrowsAsync<AwsServiceException>(() => _store.ListObjectsAsync("no-such-bucket", null, None));
            Assert.Equal(ErrorKind.NotFound, bucket.Kind);
            Assert.Equal("NoSuchBucket", bucket.Code);

            var local = await Assert.ThrowsAsync<PcHpcException>(() => _store.PutFileAsync("pchpc-bucket", "k", "/nonexistent/file.txt", None));
            Assert.Equal(ErrorKind.NotFound, local.Kind);
        }
    }
}
