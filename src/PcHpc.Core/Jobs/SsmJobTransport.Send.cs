using System;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Jobs
{
    /// <summary>
    /// The outcome of an SSM command could not be learnt: SSM accepted it (<see cref="CommandId"/>) but every poll
    /// failed, or the SendCommand answer was lost and looking for it failed too (<see cref="RequestId"/> only).
    /// </summary>
    public sealed class SsmOutcomeUnknownException : PcHpcException
    {
        public SsmOutcomeUnknownException(string commandId, string requestId, string message, Exception inner = null)
            : base(ErrorKind.Timeout, "SsmOutcomeUnknown", message, inner)
        {
            CommandId = commandId;
            RequestId = requestId;
        }

        /// <summary>The SSM command id, when SSM's answer to SendCommand arrived.</summary>
        public string CommandId { get; }

        /// <summary>PcHpc's request id in the command's comment (finds the command when its id is unknown).</summary>
        public string RequestId { get; }

        public string InstanceId { get; set; }
    }

    public sealed partial class SsmJobTransport
    {
        /// <summary>A unique id for one logical command, carried in the SendCommand comment (SSM has no client token).</summary>
        internal static string NewRequestId() => "pchpc-" + Guid.NewGuid().ToString("N").Substring(0, 20);

        /// <summary>The SendCommand comment (at most 100 characters): "PcHpc &lt;request id&gt; (cluster)".</summary>
        internal static string CommentFor(string requestId, string clusterName) =>
            "PcHpc " + requestId + " (" + Trunc(clusterName ?? "cluster", 60) + ")";

        /// <summary>
        /// SendCommand with check-then-act: after a failure that may hide an accepted command (5xx, reset, timeout) the
        /// command is looked for by its request id (ListCommands) before it is sent again, so it never runs twice.
        /// </summary>
        private async Task<string> SendOnceAsync(HeadNode node, SendCommandRequest request, string requestId, CancellationToken token)
        {
            var since = DateTime.UtcNow - TimeSpan.FromMinutes(5); // room for clock skew with the service
            PcHpcException last = null;
            for (var send = 1; ; send++)
            {
                try
                {
                    Interlocked.Increment(ref _sendCalls);
                    return await _ssm.SendCommandAsync(request, token).ConfigureAwait(false);
                }
                catch (PcHpcException ex) when (ex.ErrorId == "SsmInvalidInstanceId" || (ex.Message ?? string.Empty).IndexOf("InvalidInstanceId", StringComparison.Ordinal) >= 0)
                {
                    throw NotManaged(node.InstanceId, ex);
                }
                catch (PcHpcException ex) when (ex.Transient)
                {
                    last = ex;
                }
                await Task.Delay(SendCheckDelay, token).ConfigureAwait(false);
                var found = await FindSentAsync(node, requestId, since, last, token).ConfigureAwait(false);
                if (found != null)
                {
                    _sink.Verbose($"SendCommand to {node.InstanceId} failed ({last.Message}), but SSM has the command ({found}, PcHpc request {requestId}): not sending it again.");
                    return found;
                }
                if (send >= MaxSends)
                {
                    throw new PcHpcException(last.Kind, "SsmSendFailed",
                        $"SSM did not accept the command for head node {node.InstanceId} of {Target} in {send} attempts, and it did not run (no command with PcHpc request {requestId}): {last.Message}") { Target = requestId };
                }
                _sink.Verbose($"SendCommand to {node.InstanceId} failed ({last.Message}) and the command is not in SSM: sending it again.");
            }
        }

        /// <summary>The id of the command with this request id, or null when SSM has none; unknown after the budget → <see cref="SsmOutcomeUnknownException"/>.</summary>
        private async Task<string> FindSentAsync(HeadNode node, string requestId, DateTime since, PcHpcException sendFailure, CancellationToken token)
        {
            var started = DateTime.UtcNow;
            for (var n = 0; ; n++)
            {
                try
                {
                    return await FindCommandAsync(_ssm, node.InstanceId, requestId, since, token).ConfigureAwait(false);
                }
                catch (PcHpcException ex) when (ex.Transient)
                {
                    if (DateTime.UtcNow - started >= OutcomeBudget)
                    {
                        throw new SsmOutcomeUnknownException(null, requestId,
                            $"PcHpc cannot tell whether SSM accepted the command for head node {node.InstanceId} of {Target} (PcHpc request {requestId}): SendCommand failed ({sendFailure.Message}) and looking for the command kept failing ({ex.Message}). PcHpc recorded it: Get-HpcJob -ClusterName {Target.ClusterName} picks it up later.", ex)
                        { Target = requestId, InstanceId = node.InstanceId };
                    }
                    await Task.Delay(PollDelay(n), token).ConfigureAwait(false);
                }
            }
        }

        /// <summary>The command id of the command sent with <paramref name="requestId"/> in its comment, or null.</summary>
        internal static async Task<string> FindCommandAsync(ISsm ssm, string instanceId, string requestId, DateTime since, CancellationToken token)
        {
            var commands = await ssm.ListCommandsAsync(instanceId, since, token).ConfigureAwait(false);
            foreach (var c in commands)
            {
                if ((c.Comment ?? string.Empty).IndexOf(requestId, StringComparison.Ordinal) >= 0) return c.CommandId;
            }
            return null;
        }

        /// <summary>
        /// What became of a command whose outcome was unknown: looked up by its request id when its command id never
        /// arrived. <see cref="CommandOutcome.NeverSent"/> when SSM has no such command.
        /// </summary>
        public async Task<CommandOutcome> OutcomeOfAsync(string commandId, string requestId, string instanceId, DateTime sent, CancellationToken token)
        {
            if (string.IsNullOrEmpty(commandId))
            {
                commandId = await FindCommandAsync(_ssm, instanceId, requestId, sent - TimeSpan.FromMinutes(5), token).ConfigureAwait(false);
                if (commandId == null) return new CommandOutcome { NeverSent = true };
            }
            CommandInvocation inv = null;
            for (var n = 0; inv == null; n++)
            {
                try
                {
                    inv = await _ssm.GetCommandInvocationAsync(commandId, instanceId, token).ConfigureAwait(false);
                }
                catch (PcHpcException ex) when (ex.Kind == ErrorKind.NotFound)
                {
                    // Like right after SendCommand: the invocation may not be visible yet.
                    if (n >= 3) return new CommandOutcome { CommandId = commandId };
                    await Task.Delay(PollDelay(n), token).ConfigureAwait(false);
                }
            }
            if (!inv.IsFinished) return new CommandOutcome { CommandId = commandId };
            return new CommandOutcome
            {
                CommandId = commandId, Finished = true, Status = inv.Status,
                Result = new RemoteResult(inv.ResponseCode, inv.StandardOutputContent, inv.StandardErrorContent),
            };
        }
    }

    /// <summary>See <see cref="SsmJobTransport.OutcomeOfAsync"/>.</summary>
    public sealed class CommandOutcome
    {
        public string CommandId { get; set; }
        public bool NeverSent { get; set; }
        public bool Finished { get; set; }
        public string Status { get; set; }
        public RemoteResult Result { get; set; }
    }
}
