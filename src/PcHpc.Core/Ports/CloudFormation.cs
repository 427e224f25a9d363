using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PcHpc.Core.Ports
{
    /// <summary>
    /// CloudFormation port. Errors surface as <see cref="Errors.PcHpcException"/>: a missing stack is
    /// <c>ErrorKind.NotFound</c> (the service's ValidationError "Stack with id X does not exist"), a duplicate name
    /// <c>ErrorKind.AlreadyExists</c>, "No updates are to be performed" <c>ErrorKind.InvalidState</c> with ErrorId
    /// "CloudFormationNoUpdates".
    /// </summary>
    public interface ICloudFormation
    {
        /// <summary>Starts creating a stack and returns its stack id (ARN) at once; poll <see cref="DescribeStacksAsync"/> for progress.</summary>
        Task<string> CreateStackAsync(CreateStackRequest request, CancellationToken cancellationToken);

        /// <summary>Starts updating a stack and returns its stack id.</summary>
        Task<string> UpdateStackAsync(UpdateStackRequest request, CancellationToken cancellationToken);

        /// <summary>Starts deleting a stack (name or id). Deleting a stack that does not exist succeeds, as in CloudFormation.</summary>
        Task DeleteStackAsync(string stackNameOrId, CancellationToken cancellationToken);

        /// <summary>One stack by name or id, or, with null, every stack that is not DELETE_COMPLETE (all pages).</summary>
        Task<IReadOnlyList<StackDescription>> DescribeStacksAsync(string stackNameOrId, CancellationToken cancellationToken);

        /// <summary>All events of a stack, newest first (all pages).</summary>
        Task<IReadOnlyList<StackEvent>> DescribeStackEventsAsync(string stackNameOrId, CancellationToken cancellationToken);

        /// <summary>The resources of a stack, each as its latest status (no EventId).</summary>
        Task<IReadOnlyList<StackEvent>> DescribeStackResourcesAsync(string stackNameOrId, CancellationToken cancellationToken);

        /// <summary>Stack summaries, optionally only those in one of <paramref name="statusFilter"/> (e.g. CREATE_COMPLETE); all pages. Includes deleted stacks unless filtered.</summary>
        Task<IReadOnlyList<StackSummary>> ListStacksAsync(IEnumerable<string> statusFilter, CancellationToken cancellationToken);
    }

    public sealed class CreateStackRequest
    {
        public string StackName { get; set; }
        /// <summary>Template body (JSON or YAML text).</summary>
        public string TemplateBody { get; set; }
        /// <summary>Template location (an S3 HTTPS URL) instead of <see cref="TemplateBody"/>.</summary>
        public string TemplateUrl { get; set; }
        public IDictionary<string, string> Parameters { get; set; } = new Dictionary<string, string>();
        public IList<ResourceTag> Tags { get; set; } = new List<ResourceTag>();
        /// <summary>E.g. CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND.</summary>
        public IList<string> Capabilities { get; set; } = new List<string>();
        /// <summary>ROLLBACK (default when null), DELETE or DO_NOTHING. Ignored when <see cref="DisableRollback"/> is true.</summary>
        public string OnFailure { get; set; }
        public bool DisableRollback { get; set; }
        /// <summary>Minutes; null for none.</summary>
        public int? TimeoutInMinutes { get; set; }

        /// <summary>
        /// CloudFormation's idempotency token, one per logical request: a CreateStack resent after a lost answer (same
        /// token) is recognised as the same request instead of failing with AlreadyExists.
        /// </summary>
        public string ClientRequestToken { get; set; } = "pchpc-" + Guid.NewGuid().ToString("N");
    }

    public sealed class UpdateStackRequest
    {
        public string StackName { get; set; }
        /// <summary>New template body; null with <see cref="UsePreviousTemplate"/> to keep the current one.</summary>
        public string TemplateBody { get; set; }
        public bool UsePreviousTemplate { get; set; }
        public IDictionary<string, string> Parameters { get; set; } = new Dictionary<string, string>();
        /// <summary>Null keeps the stack's tags.</summary>
        public IList<ResourceTag> Tags { get; set; }
        public IList<string> Capabilities { get; set; } = new List<string>();
        public bool DisableRollback { get; set; }
    }

    public sealed class StackDescription
    {
        public string StackId { get; set; }
        public string StackName { get; set; }
        public string StackStatus { get; set; }
        public string StackStatusReason { get; set; }
        public string Description { get; set; }
        public DateTime CreationTime { get; set; }
        public DateTime? LastUpdatedTime { get; set; }
        public DateTime? DeletionTime { get; set; }
        public bool DisableRollback { get; set; }
        /// <summary>Output key → value.</summary>
        public IDictionary<string, string> Outputs { get; set; } = new Dictionary<string, string>();
        /// <summary>Parameter key → value.</summary>
        public IDictionary<string, string> Parameters { get; set; } = new Dictionary<string, string>();
        public IList<ResourceTag> Tags { get; set; } = new List<ResourceTag>();
        public IList<string> Capabilities { get; set; } = new List<string>();
    }

    public sealed class StackSummary
    {
        public string StackId { get; set; }
        public string StackName { get; set; }
        public string StackStatus { get; set; }
        public string StackStatusReason { get; set; }
        public string TemplateDescription { get; set; }
        public DateTime CreationTime { get; set; }
        public DateTime? LastUpdatedTime { get; set; }
        public DateTime? DeletionTime { get; set; }
    }
}
