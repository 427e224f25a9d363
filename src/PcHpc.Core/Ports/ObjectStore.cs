using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace PcHpc.Core.Ports
{
    /// <summary>
    /// S3 port. The adapter switches to multipart upload for large content. A missing key/bucket surfaces as
    /// <see cref="Errors.PcHpcException"/> ErrorKind.NotFound.
    /// </summary>
    public interface IObjectStore
    {
        /// <summary>Uploads a stream (read to its end; not disposed). Returns the ETag.</summary>
        Task<string> PutObjectAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken);

        /// <summary>Uploads a local file. Returns the ETag.</summary>
        Task<string> PutFileAsync(string bucket, string key, string filePath, CancellationToken cancellationToken);

        /// <summary>Downloads an object into <paramref name="destination"/> (not disposed).</summary>
        Task<ObjectInfo> GetObjectAsync(string bucket, string key, Stream destination, CancellationToken cancellationToken);

        /// <summary>All objects under <paramref name="prefix"/> (all pages).</summary>
        Task<IReadOnlyList<ObjectInfo>> ListObjectsAsync(string bucket, string prefix, CancellationToken cancellationToken);

        /// <summary>Deletes one object; deleting a missing key succeeds.</summary>
        Task DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken);

        /// <summary>Deletes many objects (batched by the adapter); returns the keys that could not be deleted.</summary>
        Task<IReadOnlyList<string>> DeleteObjectsAsync(string bucket, IEnumerable<string> keys, CancellationToken cancellationToken);
    }

    public sealed class ObjectInfo
    {
        public string Bucket { get; set; }
        public string Key { get; set; }
        public long Size { get; set; }
        public string ETag { get; set; }
        public DateTime? LastModified { get; set; }
        public string ContentType { get; set; }
        public string StorageClass { get; set; }
    }
}
