using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PcHpc.Core.Ports
{
    /// <summary>
    /// Systems Manager Run Command. An unknown/unmanaged instance in SendCommand surfaces as
    /// <see cref="Errors.PcHpcException"/> ErrorKind.InvalidState ErrorId "SsmInvalidInstanceId"; GetCommandInvocation
    /// right after SendCommand may be NotFound ("InvocationDoesNotExist") for a short while: callers retry.
    /// </summary>
    public interface ISsm
    {
        /// <summary>Sends a command and returns its command id.</summary>
        Task<string> SendCommandAsync(SendCommandRequest request, CancellationToken cancellationToken);

        /// <summary>The invocation of a command on one instance (output cut at 24,000 characters by the service).</summary>
        Task<CommandInvocation> GetCommandInvocationAsync(string commandId, string instanceId, CancellationToken cancellationToken);

        /// <summary>Invocations of a command (all instances, all pages); with null commandId, recent invocations for <paramref name="instanceId"/>.</summary>
        Task<IReadOnlyList<CommandInvocation>> ListCommandInvocationsAsync(string commandId, string instanceId, CancellationToken cancellationToken);

        /// <summary>
        /// Commands sent to <paramref name="instanceId"/> since <paramref name="invokedAfter"/> (SSM ListCommands with the
        /// InvokedAfter filter; all pages): how a sender finds out whether a SendCommand whose answer was lost ran.
        /// </summary>
        Task<IReadOnlyList<CommandInvocation>> ListCommandsAsync(string instanceId, DateTime invokedAfter, CancellationToken cancellationToken);

        /// <summary>Managed-instance information for the given instance ids (all managed instances when null/empty); all pages.</summary>
        Task<IReadOnlyList<ManagedInstance>> DescribeInstanceInformationAsync(IEnumerable<string> instanceIds, CancellationToken cancellationToken);
    }

    public sealed class SendCommandRequest
    {
        public IList<string> InstanceIds { get; set; } = new List<string>();
        /// <summary>E.g. AWS-RunShellScript.</summary>
        public string DocumentName { get; set; } = "AWS-RunShellScript";
        /// <summary>Document parameters, e.g. commands → lines, workingDirectory → [dir], executionTimeout → ["3600"].</summary>
        public IDictionary<string, IList<string>> Parameters { get; set; } = new Dictionary<string, IList<string>>();
        public string Comment { get; set; }
        /// <summary>Seconds the command may wait to be delivered (SSM's TimeoutSeconds); null for the service default.</summary>
        public int? TimeoutSeconds { get; set; }
        public string OutputS3BucketName { get; set; }
        public string OutputS3KeyPrefix { get; set; }
    }

    public sealed class CommandInvocation
    {
        public string CommandId { get; set; }
        public string InstanceId { get; set; }
        public string DocumentName { get; set; }
        public string Comment { get; set; }
        /// <summary>Pending | InProgress | Delayed | Success | Cancelled | TimedOut | Failed | Cancelling.</summary>
        public string Status { get; set; }
        /// <summary>Finer status, e.g. "Undeliverable", "ExecutionTimedOut", "DeliveryTimedOut".</summary>
        public string StatusDetails { get; set; }
        /// <summary>Exit code of the script; -1 while running.</summary>
        public int ResponseCode { get; set; } = -1;
        public string StandardOutputContent { get; set; }
        public string StandardErrorContent { get; set; }
        /// <summary>S3 URL of the full stdout when an output bucket was given.</summary>
        public string StandardOutputUrl { get; set; }
        public string StandardErrorUrl { get; set; }
        public DateTime? RequestedDateTime { get; set; }
        public DateTime? ExecutionStartDateTime { get; set; }
        public DateTime? ExecutionEndDateTime { get; set; }

        /// <summary>True once the status is terminal (Success, Failed, TimedOut, Cancelled).</summary>
        public bool IsFinished => Status == "Success" || Status == "Failed" || Status == "TimedOut" || Status == "Cancelled";
    }

    public sealed class ManagedInstance
    {
        public string InstanceId { get; set; }
        /// <summary>Online | ConnectionLost | Inactive.</summary>
        public string PingStatus { get; set; }
        /// <summary>Linux | Windows | MacOS.</summary>
        public string PlatformType { get; set; }
        public string PlatformName { get; set; }
        public string PlatformVersion { get; set; }
        public string AgentVersion { get; set; }
        public DateTime? LastPingDateTime { get; set; }
        public string ComputerName { get; set; }
        public string IpAddress { get; set; }
    }
}
