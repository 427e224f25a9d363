using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Services
{
    /// <summary><see cref="IBucketStore"/>: the bucket calls staging needs.</summary>
    internal sealed partial class S3ObjectStore
    {
        public async Task<bool> BucketExistsAsync(string bucket, CancellationToken cancellationToken)
        {
            try
            {
                await Guard("ListObjectsV2", bucket, null, () =>
                    _client.Value.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 1 }, cancellationToken)).ConfigureAwait(false);
                return true;
            }
            catch (PcHpcException ex) when (ex.ErrorId == "S3.NoSuchBucket")
            {
                return false;
            }
        }

        public async Task CreatePrivateBucketAsync(string bucket, CancellationToken cancellationToken)
        {
            var create = new PutBucketRequest { BucketName = bucket, UseClientRegion = true };
            // us-east-1 takes no location constraint; every other region needs its own.
            if (_session.Region != "us-east-1") create.BucketRegionName = _session.Region;
            await Guard("CreateBucket", bucket, null, () => _client.Value.PutBucketAsync(create, cancellationToken)).ConfigureAwait(false);
            await Guard("PutPublicAccessBlock", bucket, null, () => _client.Value.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
            {
                BucketName = bucket,
                PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration
                {
                    BlockPublicAcls = true,
                    IgnorePublicAcls = true,
                    BlockPublicPolicy = true,
                    RestrictPublicBuckets = true,
                },
            }, cancellationToken)).ConfigureAwait(false);
            await Guard("PutBucketEncryption", bucket, null, () => _client.Value.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
            {
                BucketName = bucket,
                ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
                {
                    ServerSideEncryptionRules = new List<ServerSideEncryptionRule>
                    {
                        new ServerSideEncryptionRule { ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AES256 } },
                    },
                },
            }, cancellationToken)).ConfigureAwait(false);
        }

        public async Task<bool> ObjectExistsAsync(string bucket, string key, CancellationToken cancellationToken)
        {
            try
            {
                await Guard("HeadObject", bucket, key, () =>
                    _client.Value.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken)).ConfigureAwait(false);
                return true;
            }
            catch (PcHpcException ex) when (ex.Kind == ErrorKind.NotFound)
            {
                return false;
            }
        }
    }
}
