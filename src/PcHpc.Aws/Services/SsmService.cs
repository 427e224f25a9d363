using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;
using PcHpc.Core.Remote;

namespace PcHpc.Aws.Services
{
    /// <summary><see cref="ISsm"/> over the SSM JSON 1.1 protocol (Run Command).</summary>
    internal sealed class SsmService : ISsm
    {
        private readonly ModelInvoker _invoker;

        public SsmService(ModelInvoker invoker) { _invoker = invoker; }

        public async Task<string> SendCommandAsync(SendCommandRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var input = new Dictionary<string, object>
            {
                ["InstanceIds"] = ValueTree.ListOf(request.InstanceIds ?? new List<string>()),
                ["DocumentName"] = string.IsNullOrEmpty(request.DocumentName) ? "AWS-RunShellScript" : request.DocumentName,
            };
            if (request.Parameters != null && request.Parameters.Count > 0)
            {
                input["Parameters"] = request.Parameters.ToDictionary(p => p.Key, p => (object)ValueTree.ListOf(p.Value ?? new List<string>()));
            }
            input.PutIf("Comment", request.Comment);
            if (request.TimeoutSeconds.HasValue) input["TimeoutSeconds"] = request.TimeoutSeconds.Value;
            input.PutIf("OutputS3BucketName", request.OutputS3BucketName);
            input.PutIf("OutputS3KeyPrefix", request.OutputS3KeyPrefix);
            try
            {
                var output = await _invoker.CallAsync("SendCommand", input, cancellationToken).ConfigureAwait(false);
                return output.Str("Command.CommandId");
            }
            catch (AwsServiceException ex) when (ex.Code == "InvalidInstanceId")
            {
                throw ModelInvoker.Remap(ex, ErrorKind.InvalidState, "SsmInvalidInstanceId",
                    "SSM cannot run commands on " + string.Join(", ", request.InstanceIds ?? new List<string>()) + " in " + ex.Region
                    + ": the instance is not running, not managed by Systems Manager, or not in this region (request id " + ex.RequestId
                    + "). Check that the instance is running and its SSM agent is online (Get-HpcClusterInstance / DescribeInstanceInformation).");
            }
        }

        public async Task<CommandInvocation> GetCommandInvocationAsync(string commandId, string instanceId, CancellationToken cancellationToken)
        {
            var input = new Dictionary<string, object> { ["CommandId"] = commandId, ["InstanceId"] = instanceId };
            try
            {
                var o = await _invoker.CallAsync("GetCommandInvocation", input, cancellationToken).ConfigureAwait(false);
                return new CommandInvocation
                {
                    CommandId = o.Str("CommandId"),
                    InstanceId = o.Str("InstanceId"),
                    DocumentName = o.Str("DocumentName"),
                    Comment = o.Str("Comment"),
                    Status = o.Str("Status"),
                    StatusDetails = o.Str("StatusDetails"),
                    ResponseCode = o.Int("ResponseCode") ?? -1,
                    StandardOutputContent = o.Str("StandardOutputContent"),
                    StandardErrorContent = o.Str("StandardErrorContent"),
                    StandardOutputUrl = NullIfEmpty(o.Str("StandardOutputUrl")),
                    StandardErrorUrl = NullIfEmpty(o.Str("StandardErrorUrl")),
                    ExecutionStartDateTime = ParseSsmTime(o.Str("ExecutionStartDateTime")),
                    ExecutionEndDateTime = ParseSsmTime(o.Str("ExecutionEndDateTime")),
                };
            }
            catch (AwsServiceException ex) when (ex.Code == "InvocationDoesNotExist" && ex.Kind != ErrorKind.NotFound)
            {
                throw ModelInvoker.Remap(ex, ErrorKind.NotFound, ex.ErrorId);
            }
        }

        public async Task<IReadOnlyList<CommandInvocation>> ListCommandInvocationsAsync(string commandId, string instanceId, CancellationToken cancellationToken)
        {
            var input = new Dictionary<string, object> { ["Details"] = true };
            input.PutIf("CommandId", commandId);
            input.PutIf("InstanceId", instanceId);
            var output = await _invoker.CallAllPagesAsync("ListCommandInvocations", input, cancellationToken).ConfigureAwait(false);
            return output.Items("CommandInvocations").Select(i =>
            {
                var plugin = i.Items("CommandPlugins").FirstOrDefault();
                return new CommandInvocation
                {
                    CommandId = i.Str("CommandId"),
                    InstanceId = i.Str("InstanceId"),
                    DocumentName = i.Str("DocumentName"),
                    Comment = i.Str("Comment"),
                    Status = i.Str("Status"),
                    StatusDetails = i.Str("StatusDetails"),
                    ResponseCode = plugin?.Int("ResponseCode") ?? -1,
                    StandardOutputContent = plugin?.Str("Output"),
                    StandardOutputUrl = NullIfEmpty(i.Str("StandardOutputUrl")),
                    StandardErrorUrl = NullIfEmpty(i.Str("StandardErrorUrl")),
                    RequestedDateTime = i.Date("RequestedDateTime"),
                    ExecutionStartDateTime = plugin?.Date("ResponseStartDateTime"),
                    ExecutionEndDateTime = plugin?.Date("ResponseFinishDateTime"),
                };
            }).ToList();
        }

        public async Task<IReadOnlyList<ManagedInstance>> DescribeInstanceInformationAsync(IEnumerable<string> instanceIds, CancellationToken cancellationToken)
        {
            var input = new Dictionary<string, object>();
            if (ValueTree.HasAny(instanceIds))
            {
                input["Filters"] = new List<object>
                {
                    new Dictionary<string, object> { ["Key"] = "InstanceIds", ["Values"] = ValueTree.ListOf(instanceIds.Where(i => !string.IsNullOrEmpty(i))) },
                };
            }
            var output = await _invoker.CallAllPagesAsync("DescribeInstanceInformation", input, cancellationToken).ConfigureAwait(false);
            return output.Items("InstanceInformationList").Select(i => new ManagedInstance
            {
                InstanceId = i.Str("InstanceId"),
                PingStatus = i.Str("PingStatus"),
                PlatformType = i.Str("PlatformType"),
                PlatformName = i.Str("PlatformName"),
                PlatformVersion = i.Str("PlatformVersion"),
                AgentVersion = i.Str("AgentVersion"),
                LastPingDateTime = i.Date("LastPingDateTime"),
                ComputerName = i.Str("ComputerName"),
                IpAddress = i.Str("IPAddress"),
            }).ToList();
        }

        /// <summary>GetCommandInvocation sends its times as strings ("2024-01-01T00:00:00.000Z"); empty while not started.</summary>
        private static DateTime? ParseSsmTime(string s)
        {
            if (string.IsNullOrEmpty(s)) return null;
            return DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var t) ? t.UtcDateTime : (DateTime?)null;
        }

        private static string NullIfEmpty(string s) => string.IsNullOrEmpty(s) ? null : s;
    }
}
