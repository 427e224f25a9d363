using System.Threading;
using System.Threading.Tasks;

namespace PcHpc.Core.Ports
{
    /// <summary>S3 bucket administration for staging bootstrap scripts (objects go up through <see cref="IObjectStore"/>).</summary>
    public interface IBucketStore
    {
        /// <summary>False when the bucket does not exist (S3 NoSuchBucket); other failures throw.</summary>
        Task<bool> BucketExistsAsync(string bucket, CancellationToken cancellationToken);

        /// <summary>Creates a private bucket in the session's region: all public access blocked, default encryption SSE-S3 (AES256).</summary>
        Task CreatePrivateBucketAsync(string bucket, CancellationToken cancellationToken);

        /// <summary>True when the key exists (S3 HeadObject).</summary>
        Task<bool> ObjectExistsAsync(string bucket, string key, CancellationToken cancellationToken);
    }
}
