using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using PcHpc.Aws.Http;
using PcHpc.Aws.Session;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Services
{
    /// <summary>
    /// <see cref="IObjectStore"/> on AWSSDK.S3 with the session's credentials and region (path-style addressing at
    /// -EndpointUrl when given). Content above <see cref="MultipartThreshold"/> goes up in parts via TransferUtility.
    /// AWSSDK types never leave this class.
    /// </summary>
    internal sealed partial class S3ObjectStore : IObjectStore, IBucketStore, IDisposable
    {
        internal const long DefaultMultipartThreshold = 16L * 1024 * 1024;
        private readonly AwsSession _session;
        private readonly Lazy<AmazonS3Client> _client;

        /// <summary>Content larger than this goes up in parts of this size (S3's minimum part is 5 MiB).</summary>
        internal long MultipartThreshold { get; set; } = DefaultMultipartThreshold;

        public S3ObjectStore(AwsSession session)
        {
            _session = session;
            _client = new Lazy<AmazonS3Client>(() => new AmazonS3Client(new SessionCredentials(session), CreateConfig(session.Region, session.EndpointOverride)));
        }

        internal static AmazonS3Config CreateConfig(string region, string endpointOverride)
        {
            var config = new AmazonS3Config();
            if (!string.IsNullOrEmpty(endpointOverride))
            {
                config.ServiceURL = endpointOverride;
                config.ForcePathStyle = true;
                config.AuthenticationRegion = region;
                // S3-compatible stores and private endpoints often reject the newer default trailing checksums.
                config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
                config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
            }
            else
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            }
            return config;
        }

        public async Task<string> PutObjectAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken)
        {
            if (content == null) throw new ArgumentNullException(nameof(content));
            return await Guard("PutObject", bucket, key, async () =>
            {
                if (content.CanSeek && content.Length - content.Position > MultipartThreshold)
                {
                    using (var transfer = new TransferUtility(_client.Value, new TransferUtilityConfig { MinSizeBeforePartUpload = MultipartThreshold }))
                    {
                        await transfer.UploadAsync(new TransferUtilityUploadRequest
                        {
                            BucketName = bucket,
                            Key = key,
                            InputStream = content,
                            ContentType = contentType,
                            AutoCloseStream = false,
                            PartSize = MultipartThreshold,
                        }, cancellationToken).ConfigureAwait(false);
                    }
                    return await ETagAsync(bucket, key, cancellationToken).ConfigureAwait(false);
                }
                var response = await _client.Value.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = key,
                    InputStream = content,
                    ContentType = contentType,
                    AutoCloseStream = false,
                }, cancellationToken).ConfigureAwait(false);
                return response.ETag;
            }).ConfigureAwait(false);
        }

        public async Task<string> PutFileAsync(string bucket, string key, string filePath, CancellationToken cancellationToken)
        {
            if (!File.Exists(filePath))
                throw new PcHpcException(ErrorKind.NotFound, "S3.FileNotFound", "File '" + filePath + "' does not exist; give the path of an existing file to upload.");
            if (new FileInfo(filePath).Length <= MultipartThreshold)
            {
                using (var stream = File.OpenRead(filePath)) return await PutObjectAsync(bucket, key, stream, null, cancellationToken).ConfigureAwait(false);
            }
            return await Guard("PutObject", bucket, key, async () =>
            {
                using (var transfer = new TransferUtility(_client.Value, new TransferUtilityConfig { MinSizeBeforePartUpload = MultipartThreshold }))
                {
                    await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = bucket, Key = key, FilePath = filePath, PartSize = MultipartThreshold }, cancellationToken).ConfigureAwait(false);
                }
                return await ETagAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        public Task<ObjectInfo> GetObjectAsync(string bucket, string key, Stream destination, CancellationToken cancellationToken)
        {
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            return Guard("GetObject", bucket, key, async () =>
            {
                using (var response = await _client.Value.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false))
                {
                    await response.ResponseStream.CopyToAsync(destination, 81920, cancellationToken).ConfigureAwait(false);
                    return new ObjectInfo
                    {
                        Bucket = bucket,
                        Key = key,
                        Size = response.ContentLength,
                        ETag = response.ETag,
                        LastModified = response.LastModified?.ToUniversalTime(),
                        ContentType = response.Headers?.ContentType,
                        StorageClass = response.StorageClass?.Value,
                    };
                }
            });
        }

        public Task<IReadOnlyList<ObjectInfo>> ListObjectsAsync(string bucket, string prefix, CancellationToken cancellationToken)
        {
            return Guard<IReadOnlyList<ObjectInfo>>("ListObjectsV2", bucket, prefix, async () =>
            {
                var result = new List<ObjectInfo>();
                string token = null;
                do
                {
                    var response = await _client.Value.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
                    foreach (var o in response.S3Objects ?? new List<S3Object>())
                    {
                        result.Add(new ObjectInfo
                        {
                            Bucket = bucket,
                            Key = o.Key,
                            Size = o.Size ?? 0,
                            ETag = o.ETag,
                            LastModified = o.LastModified?.ToUniversalTime(),
                            StorageClass = o.StorageClass?.Value,
                        });
                    }
                    token = response.IsTruncated == true ? response.NextContinuationToken : null;
                }
                while (!string.IsNullOrEmpty(token));
                return result;
            });
        }

        public Task DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken) =>
            Guard("DeleteObject", bucket, key, async () =>
            {
                await _client.Value.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
                return true;
            });

        public Task<IReadOnlyList<string>> DeleteObjectsAsync(string bucket, IEnumerable<string> keys, CancellationToken cancellationToken)
        {
            var all = (keys ?? Enumerable.Empty<string>()).Where(k => !string.IsNullOrEmpty(k)).Distinct(StringComparer.Ordinal).ToList();
            return Guard<IReadOnlyList<string>>("DeleteObjects", bucket, null, async () =>
            {
                var failed = new List<string>();
                for (int i = 0; i < all.Count; i += 1000)
                {
                    var batch = all.Skip(i).Take(1000).Select(k => new KeyVersion { Key = k }).ToList();
                    try
                    {
                        var response = await _client.Value.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = batch, Quiet = true }, cancellationToken).ConfigureAwait(false);
                        failed.AddRange((response.DeleteErrors ?? new List<DeleteError>()).Select(e => e.Key));
                    }
                    catch (DeleteObjectsException ex)
                    {
                        failed.AddRange((ex.Response?.DeleteErrors ?? new List<DeleteError>()).Select(e => e.Key));
                    }
                }
                return failed;
            });
        }

        private async Task<string> ETagAsync(string bucket, string key, CancellationToken ct)
        {
            var head = await _client.Value.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, ct).ConfigureAwait(false);
            return head.ETag;
        }

        /// <summary>Runs an SDK call and turns its failures into the engine's errors (kind, one sentence, request id).</summary>
        private async Task<T> Guard<T>(string operation, string bucket, string key, Func<Task<T>> action)
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex)
            {
                var error = new AwsServiceError { StatusCode = (int)ex.StatusCode, Code = ex.ErrorCode, Message = ex.Message, RequestId = ex.RequestId };
                var kind = AwsErrorMapper.KindOf(error, false);
                if (ex.StatusCode == System.Net.HttpStatusCode.NotFound) kind = ErrorKind.NotFound;
                var what = "s3://" + bucket + (string.IsNullOrEmpty(key) ? "/" : "/" + key);
                var text = "S3 " + operation + " of " + what + " failed in " + _session.Region + ": " + (ex.ErrorCode ?? ("HTTP " + (int)ex.StatusCode))
                    + (string.IsNullOrEmpty(ex.Message) ? string.Empty : ": " + ex.Message.Trim().TrimEnd('.')) + (string.IsNullOrEmpty(ex.RequestId) ? string.Empty : " (request id " + ex.RequestId + ")") + ".";
                text += kind == ErrorKind.NotFound ? " Check the bucket name, key and region."
                    : kind == ErrorKind.PermissionDenied ? " Your identity may not use this bucket; ask an administrator for s3:" + operation + "."
                    : kind == ErrorKind.Authentication ? " Check your credentials, then run Get-HpcAwsIdentity."
                    : " Try again later.";
                throw new AwsServiceException(kind, "S3." + (ex.ErrorCode ?? ("Http" + (int)ex.StatusCode)), text, "S3", operation, _session.Region, error, ex);
            }
            catch (AmazonServiceException ex) when (!(ex is AmazonS3Exception))
            {
                var error = new AwsServiceError { StatusCode = (int)ex.StatusCode, Code = ex.ErrorCode ?? "ConnectionError", Message = ex.Message, RequestId = ex.RequestId };
                throw new AwsServiceException(ErrorKind.Connection, "S3.ConnectionError",
                    "S3 " + operation + " of s3://" + bucket + "/" + key + " failed in " + _session.Region + ": " + ex.Message.Trim().TrimEnd('.') + ". Check your network and -EndpointUrl, then try again.",
                    "S3", operation, _session.Region, error, ex);
            }
        }

        public void Dispose()
        {
            if (_client.IsValueCreated) _client.Value.Dispose();
        }

        /// <summary>The session's credentials (including assumed-role ones, refreshed) as AWSSDK credentials.</summary>
        private sealed class SessionCredentials : AWSCredentials
        {
            private readonly AwsSession _session;

            public SessionCredentials(AwsSession session) { _session = session; }

            public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

            public override async Task<ImmutableCredentials> GetCredentialsAsync()
            {
                var s = await _session.CredentialsAsync(CancellationToken.None).ConfigureAwait(false);
                return new ImmutableCredentials(s.AccessKey, s.SecretKey, s.SessionToken);
            }
        }
    }
}
