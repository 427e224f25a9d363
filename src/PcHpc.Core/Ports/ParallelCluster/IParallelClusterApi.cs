using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PcHpc.Core.Ports
{
    /// <summary>
    /// The AWS ParallelCluster v3 REST API (ParallelCluster.openapi.yaml): clusters, then custom images. Every call names
    /// its region (the API's <c>?region=</c>; null means the session region). List methods follow <c>nextToken</c>
    /// to the end. Error mapping by the adapter:
    /// 400 → <see cref="ParallelClusterApiException"/> (with <see cref="ParallelClusterApiException.ConfigurationValidationErrors"/>,
    /// <see cref="ParallelClusterApiException.UpdateValidationErrors"/> and <see cref="ParallelClusterApiException.ChangeSet"/>);
    /// 412 on dryrun → a normal result with DryRunSucceeded (validation messages, change set), not an exception;
    /// 404/409/429/5xx → <see cref="ParallelClusterApiException"/> (a PcHpcException: NotFound, AlreadyExists, Throttled,
    /// ServiceError) with the status code, the service message and the request id; 429 and 5xx are retried first.
    /// A 504 on create is never resent: the adapter describes the cluster and succeeds (with a verbose line) when the
    /// create started, else throws a Timeout. Connection failures surface as AwsServiceException (ErrorKind.Connection).
    /// </summary>
    public interface IParallelClusterApi
    {
        /// <summary>POST /v3/clusters. With DryRun the adapter returns normally (validation messages only) when the API answers 412.</summary>
        Task<CreateClusterResult> CreateClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken);

        /// <summary>GET /v3/clusters, all pages; <paramref name="clusterStatus"/> null/empty for all (except DELETE_COMPLETE).</summary>
        Task<IReadOnlyList<ClusterInfoSummary>> ListClustersAsync(string region, IEnumerable<string> clusterStatus, CancellationToken cancellationToken);

        /// <summary>GET /v3/clusters/{name}. NotFound → ParallelClusterApiException 404.</summary>
        Task<DescribeClusterResult> DescribeClusterAsync(string clusterName, string region, CancellationToken cancellationToken);

        /// <summary>PUT /v3/clusters/{name}. With DryRun the adapter returns the change set from the 412 answer.</summary>
        Task<UpdateClusterResult> UpdateClusterAsync(UpdateClusterRequest request, CancellationToken cancellationToken);

        /// <summary>DELETE /v3/clusters/{name}; returns the summary (clusterStatus DELETE_IN_PROGRESS).</summary>
        Task<ClusterInfoSummary> DeleteClusterAsync(string clusterName, string region, CancellationToken cancellationToken);

        /// <summary>GET /v3/clusters/{name}/computefleet.</summary>
        Task<ComputeFleetStatusInfo> DescribeComputeFleetAsync(string clusterName, string region, CancellationToken cancellationToken);

        /// <summary>PATCH /v3/clusters/{name}/computefleet with START_REQUESTED | STOP_REQUESTED (slurm) or ENABLED | DISABLED (awsbatch).</summary>
        Task<ComputeFleetStatusInfo> UpdateComputeFleetAsync(string clusterName, string region, string status, CancellationToken cancellationToken);

        /// <summary>GET /v3/clusters/{name}/instances, all pages. nodeType: HeadNode | ComputeNode | LoginNode or null.</summary>
        Task<IReadOnlyList<ClusterInstance>> DescribeClusterInstancesAsync(string clusterName, string region, string nodeType, string queueName, CancellationToken cancellationToken);

        /// <summary>DELETE /v3/clusters/{name}/instances (terminates compute nodes).</summary>
        Task DeleteClusterInstancesAsync(string clusterName, string region, bool force, CancellationToken cancellationToken);

        /// <summary>GET /v3/clusters/{name}/logstreams, all pages. Filters like "Name=private-dns-name,Values=ip-10-0-0-101" or "Name=node-type,Values=HeadNode".</summary>
        Task<IReadOnlyList<LogStream>> ListClusterLogStreamsAsync(string clusterName, string region, IEnumerable<string> filters, CancellationToken cancellationToken);

        /// <summary>GET /v3/clusters/{name}/logstreams/{stream}: ONE page (callers page with NextToken/PrevToken).</summary>
        Task<LogEventsPage> GetClusterLogEventsAsync(GetClusterLogEventsRequest request, CancellationToken cancellationToken);

        /// <summary>GET /v3/clusters/{name}/stackevents, all pages, newest first.</summary>
        Task<IReadOnlyList<StackEvent>> GetClusterStackEventsAsync(string clusterName, string region, CancellationToken cancellationToken);

        /// <summary>GET /v3/images/official; os (alinux2, alinux2023, ubuntu2004, ubuntu2204, rhel8, rocky8, ...) and architecture (x86_64, arm64) may be null.</summary>
        Task<IReadOnlyList<AmiInfo>> ListOfficialImagesAsync(string region, string os, string architecture, CancellationToken cancellationToken);

        // The image operations (/v3/images/custom), with the same error mapping.

        /// <summary>POST /v3/images/custom. With DryRun the adapter returns normally (DryRunSucceeded) when the API answers 412.</summary>
        Task<BuildImageResult> BuildImageAsync(BuildImageRequest request, CancellationToken cancellationToken);

        /// <summary>GET /v3/images/custom?imageStatus=AVAILABLE|PENDING|FAILED: ONE page (callers follow NextToken).</summary>
        Task<ImageListPage> ListImagesAsync(string region, string imageStatus, string nextToken, CancellationToken cancellationToken);

        /// <summary>GET /v3/images/custom/{imageId}. NotFound → ParallelClusterApiException 404.</summary>
        Task<DescribeImageResult> DescribeImageAsync(string imageId, string region, CancellationToken cancellationToken);

        /// <summary>DELETE /v3/images/custom/{imageId}; force also deletes an AMI that instances use or that is shared.</summary>
        Task<ImageInfoSummary> DeleteImageAsync(string imageId, string region, bool force, CancellationToken cancellationToken);

        /// <summary>GET /v3/images/custom/{imageId}/logstreams, all pages.</summary>
        Task<IReadOnlyList<LogStream>> ListImageLogStreamsAsync(string imageId, string region, CancellationToken cancellationToken);

        /// <summary>GET /v3/images/custom/{imageId}/logstreams/{stream}: ONE page.</summary>
        Task<LogEventsPage> GetImageLogEventsAsync(GetImageLogEventsRequest request, CancellationToken cancellationToken);

        /// <summary>GET /v3/images/custom/{imageId}/stackevents, all pages, newest first.</summary>
        Task<IReadOnlyList<StackEvent>> GetImageStackEventsAsync(string imageId, string region, CancellationToken cancellationToken);
    }
}
