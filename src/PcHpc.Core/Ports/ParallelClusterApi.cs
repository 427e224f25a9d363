using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PcHpc.Core.Ports
{
    /// <summary>
    /// The AWS ParallelCluster v3 REST API (cluster operations of ParallelCluster.openapi.yaml). Every call names
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
    public partial interface IParallelClusterApi
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
    }

    /// <summary>
    /// A ParallelCluster API error answer. For 400 on create/update the API adds configurationValidationErrors
    /// (and for update updateValidationErrors/changeSet); for a dryrun 412 it carries validationMessages and changeSet.
    /// </summary>
    public class ParallelClusterApiException : Errors.PcHpcException
    {
        public ParallelClusterApiException(int statusCode, string message, Exception inner = null)
            : this(KindOf(statusCode), "ParallelCluster.Http" + statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), statusCode, message, inner)
        {
        }

        public ParallelClusterApiException(Errors.ErrorKind kind, string errorId, int statusCode, string message, Exception inner = null)
            : base(kind, errorId, message, inner)
        {
            StatusCode = statusCode;
            Transient = statusCode == 429 || statusCode >= 500 || kind == Errors.ErrorKind.Connection || kind == Errors.ErrorKind.Timeout;
        }

        /// <summary>The error kind of an API status code: 400 Validation, 401 Authentication, 403 PermissionDenied, 404 NotFound, 409 AlreadyExists, 412 InvalidState, 429 Throttled, 504 Timeout, else ServiceError.</summary>
        public static Errors.ErrorKind KindOf(int statusCode)
        {
            switch (statusCode)
            {
                case 400: return Errors.ErrorKind.Validation;
                case 401: return Errors.ErrorKind.Authentication;
                case 403: return Errors.ErrorKind.PermissionDenied;
                case 404: return Errors.ErrorKind.NotFound;
                case 409: return Errors.ErrorKind.AlreadyExists;
                case 412: return Errors.ErrorKind.InvalidState;
                case 429: return Errors.ErrorKind.Throttled;
                case 504: return Errors.ErrorKind.Timeout;
                default: return Errors.ErrorKind.ServiceError;
            }
        }

        /// <summary>The x-amzn-RequestId of the answer, when sent.</summary>
        public string RequestId { get; set; }

        /// <summary>HTTP status code (400, 401, 403, 404, 409, 412, 429, 500, 502, 504, ...).</summary>
        public int StatusCode { get; }

        /// <summary>x-amzn-ErrorType without the ":http..." suffix (e.g. "BadRequestException"), when the API sent it.</summary>
        public string ErrorType { get; set; }

        public IList<ConfigValidationMessage> ConfigurationValidationErrors { get; set; } = new List<ConfigValidationMessage>();
        /// <summary>validationMessages of a dryrun answer.</summary>
        public IList<ConfigValidationMessage> ValidationMessages { get; set; } = new List<ConfigValidationMessage>();
        public IList<UpdateError> UpdateValidationErrors { get; set; } = new List<UpdateError>();
        public IList<ConfigChange> ChangeSet { get; set; } = new List<ConfigChange>();

        /// <summary>True for the 412 "Request would have succeeded, but DryRun flag is set." answer.</summary>
        public bool IsDryRunSuccess => StatusCode == 412;
    }

    public sealed class CreateClusterRequest
    {
        /// <summary>^[a-zA-Z][a-zA-Z0-9-]+$, at most 60 characters.</summary>
        public string ClusterName { get; set; }
        public string Region { get; set; }
        /// <summary>The cluster configuration YAML text.</summary>
        public string ClusterConfiguration { get; set; }
        public bool DryRun { get; set; }
        /// <summary>"ALL" or "type:ValidatorName".</summary>
        public IList<string> SuppressValidators { get; set; } = new List<string>();
        /// <summary>INFO | WARNING | ERROR; null for the API default (ERROR).</summary>
        public string ValidationFailureLevel { get; set; }
        /// <summary>Null for the API default (true).</summary>
        public bool? RollbackOnFailure { get; set; }
    }

    public sealed class CreateClusterResult
    {
        /// <summary>The new cluster; null for a successful dryrun.</summary>
        public ClusterInfoSummary Cluster { get; set; }
        public IList<ConfigValidationMessage> ValidationMessages { get; set; } = new List<ConfigValidationMessage>();
        /// <summary>True when this was a dryrun that would have succeeded.</summary>
        public bool DryRunSucceeded { get; set; }
    }

    public sealed class UpdateClusterRequest
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        public string ClusterConfiguration { get; set; }
        public bool DryRun { get; set; }
        public bool? ForceUpdate { get; set; }
        public IList<string> SuppressValidators { get; set; } = new List<string>();
        public string ValidationFailureLevel { get; set; }
    }

    public sealed class UpdateClusterResult
    {
        /// <summary>The cluster; null for a dryrun.</summary>
        public ClusterInfoSummary Cluster { get; set; }
        public IList<ConfigValidationMessage> ValidationMessages { get; set; } = new List<ConfigValidationMessage>();
        public IList<ConfigChange> ChangeSet { get; set; } = new List<ConfigChange>();
        public bool DryRunSucceeded { get; set; }
    }

    /// <summary>
    /// ClusterInfoSummary. Note the spec spells the stack status <c>cloudformationStackStatus</c> here but
    /// <c>cloudFormationStackStatus</c> in DescribeClusterResponse; the adapter accepts both spellings in both places.
    /// </summary>
    public sealed class ClusterInfoSummary
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        public string Version { get; set; }
        public string CloudFormationStackArn { get; set; }
        public string CloudFormationStackStatus { get; set; }
        /// <summary>CREATE_IN_PROGRESS | CREATE_FAILED | CREATE_COMPLETE | DELETE_IN_PROGRESS | DELETE_FAILED | DELETE_COMPLETE | UPDATE_IN_PROGRESS | UPDATE_COMPLETE | UPDATE_FAILED.</summary>
        public string ClusterStatus { get; set; }
        public ClusterScheduler Scheduler { get; set; }
    }

    /// <summary>DescribeClusterResponseContent (see <see cref="ClusterInfoSummary"/> about the stack-status spelling).</summary>
    public sealed class DescribeClusterResult
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        public string Version { get; set; }
        public string CloudFormationStackStatus { get; set; }
        public string ClusterStatus { get; set; }
        public ClusterScheduler Scheduler { get; set; }
        public string CloudFormationStackArn { get; set; }
        public DateTime? CreationTime { get; set; }
        public DateTime? LastUpdatedTime { get; set; }
        /// <summary>Pre-signed S3 URL of the cluster configuration (clusterConfiguration.url).</summary>
        public string ClusterConfigurationUrl { get; set; }
        public string ComputeFleetStatus { get; set; }
        public IList<ResourceTag> Tags { get; set; } = new List<ResourceTag>();
        public Ec2InstanceInfo HeadNode { get; set; }
        public IList<LoginNodesPool> LoginNodes { get; set; } = new List<LoginNodesPool>();
        public IList<ClusterFailure> Failures { get; set; } = new List<ClusterFailure>();
    }

    public sealed class ClusterScheduler
    {
        /// <summary>slurm | awsbatch.</summary>
        public string Type { get; set; }
        public string MetadataName { get; set; }
        public string MetadataVersion { get; set; }
    }

    /// <summary>EC2Instance schema (head node).</summary>
    public sealed class Ec2InstanceInfo
    {
        public string InstanceId { get; set; }
        public string InstanceType { get; set; }
        public DateTime? LaunchTime { get; set; }
        public string PrivateIpAddress { get; set; }
        public string PublicIpAddress { get; set; }
        /// <summary>pending | running | shutting-down | terminated | stopping | stopped.</summary>
        public string State { get; set; }
    }

    public sealed class ClusterInstance
    {
        public string InstanceId { get; set; }
        public string InstanceType { get; set; }
        public DateTime? LaunchTime { get; set; }
        public string PrivateIpAddress { get; set; }
        public string PublicIpAddress { get; set; }
        public string State { get; set; }
        /// <summary>HeadNode | ComputeNode | LoginNode.</summary>
        public string NodeType { get; set; }
        public string QueueName { get; set; }
        public string PoolName { get; set; }
    }

    public sealed class LoginNodesPool
    {
        /// <summary>pending | active | failed.</summary>
        public string Status { get; set; }
        public string PoolName { get; set; }
        public string Address { get; set; }
        public string Scheme { get; set; }
        public int? HealthyNodes { get; set; }
        public int? UnhealthyNodes { get; set; }
    }

    public sealed class ClusterFailure
    {
        public string FailureCode { get; set; }
        public string FailureReason { get; set; }
    }

    public sealed class ConfigValidationMessage
    {
        public string Id { get; set; }
        public string Type { get; set; }
        /// <summary>INFO | WARNING | ERROR.</summary>
        public string Level { get; set; }
        public string Message { get; set; }
    }

    /// <summary>Change schema (one entry of a changeSet).</summary>
    public sealed class ConfigChange
    {
        public string Parameter { get; set; }
        public string CurrentValue { get; set; }
        public string RequestedValue { get; set; }
    }

    public sealed class UpdateError
    {
        public string Parameter { get; set; }
        public string CurrentValue { get; set; }
        public string RequestedValue { get; set; }
        public string Message { get; set; }
    }

    public sealed class ComputeFleetStatusInfo
    {
        /// <summary>START_REQUESTED | STARTING | RUNNING | PROTECTED | STOP_REQUESTED | STOPPING | STOPPED | UNKNOWN | ENABLED | DISABLED.</summary>
        public string Status { get; set; }
        public DateTime? LastStatusUpdatedTime { get; set; }
    }

    public sealed class LogStream
    {
        public string LogStreamName { get; set; }
        public DateTime? CreationTime { get; set; }
        public DateTime? FirstEventTimestamp { get; set; }
        public DateTime? LastEventTimestamp { get; set; }
        public DateTime? LastIngestionTime { get; set; }
        public string UploadSequenceToken { get; set; }
        public string LogStreamArn { get; set; }
    }

    public sealed class GetClusterLogEventsRequest
    {
        public string ClusterName { get; set; }
        public string Region { get; set; }
        public string LogStreamName { get; set; }
        public bool? StartFromHead { get; set; }
        /// <summary>Max events (API allows up to 10000).</summary>
        public int? Limit { get; set; }
        public DateTime? StartTime { get; set; }
        public DateTime? EndTime { get; set; }
        public string NextToken { get; set; }
    }

    public sealed class LogEventsPage
    {
        public IList<LogEvent> Events { get; set; } = new List<LogEvent>();
        public string NextToken { get; set; }
        public string PrevToken { get; set; }
    }

    public sealed class LogEvent
    {
        public DateTime Timestamp { get; set; }
        public string Message { get; set; }
    }

    public sealed class AmiInfo
    {
        public string Architecture { get; set; }
        public string AmiId { get; set; }
        public string Name { get; set; }
        public string Os { get; set; }
        public string Version { get; set; }
    }
}
