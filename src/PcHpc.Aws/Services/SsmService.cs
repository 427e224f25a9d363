using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement;
using PcHpc.Aws.AwsSdk;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using Sdk = Amazon.SimpleSystemsManagement.Model;

namespace PcHpc.Aws.Services
{
    /// <summary><see cref="ISsm"/> on AWSSDK.SimpleSystemsManagement (Run Command).</summary>
    internal sealed class SsmService : ISsm, IDisposable
    {
        private readonly AmazonSimpleSystemsManagementClient _client;

        public SsmService(AmazonSimpleSystemsManagementClient client) { _client = client; }

        public async Task<string> SendCommandAsync(SendCommandRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var sdk = new Sdk.SendCommandRequest
            {
                InstanceIds = (request.InstanceIds ?? new List<string>()).ToList(),
                DocumentName = string.IsNullOrEmpty(request.DocumentName) ? "AWS-RunShellScript" : request.DocumentName,
                Comment = NullIfEmpty(request.Comment),
                TimeoutSeconds = request.TimeoutSeconds,
                OutputS3BucketName = NullIfEmpty(request.OutputS3BucketName),
                OutputS3KeyPrefix = NullIfEmpty(request.OutputS3KeyPrefix),
            };
            if (request.Parameters != null && request.Parameters.Count > 0)
            {
                sdk.Parameters = request.Parameters.ToDictionary(p => p.Key, p => (p.Value ?? new List<string>()).ToList());
            }
            try
            {
                var response = await SdkHooks.Call(_client.Config, "SendCommand", () => _client.SendCommandAsync(sdk, cancellationToken), cancellationToken).ConfigureAwait(false);
                return response.Command?.CommandId;
            }
            catch (AwsServiceException ex) when (ex.Code == "InvalidInstanceId")
            {
                throw Remap(ex, ErrorKind.InvalidState, "SsmInvalidInstanceId",
                    "SSM cannot run commands on " + string.Join(", ", request.InstanceIds ?? new List<string>()) + " in " + ex.Region
                    + ": the instance is not running, not managed by Systems Manager, or not in this region (request id " + ex.RequestId
                    + "). Check that the instance is running and its SSM agent is online (Get-HpcClusterInstance / DescribeInstanceInformation).");
            }
        }

        public async Task<CommandInvocation> GetCommandInvocationAsync(string commandId, string instanceId, CancellationToken cancellationToken)
        {
            var request = new Sdk.GetCommandInvocationRequest { CommandId = commandId, InstanceId = instanceId };
            try
            {
                var o = await SdkHooks.Call(_client.Config, "GetCommandInvocation", () => _client.GetCommandInvocationAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
                return new CommandInvocation
                {
                    CommandId = o.CommandId,
                    InstanceId = o.InstanceId,
                    DocumentName = o.DocumentName,
                    Comment = o.Comment,
                    Status = o.Status?.Value,
                    StatusDetails = o.StatusDetails,
                    ResponseCode = o.ResponseCode ?? -1,
                    StandardOutputContent = o.StandardOutputContent,
                    StandardErrorContent = o.StandardErrorContent,
                    StandardOutputUrl = NullIfEmpty(o.StandardOutputUrl),
                    StandardErrorUrl = NullIfEmpty(o.StandardErrorUrl),
                    ExecutionStartDateTime = ParseSsmTime(o.ExecutionStartDateTime),
                    ExecutionEndDateTime = ParseSsmTime(o.ExecutionEndDateTime),
                };
            }
            catch (AwsServiceException ex) when (ex.Code == "InvocationDoesNotExist" && ex.Kind != ErrorKind.NotFound)
            {
                throw Remap(ex, ErrorKind.NotFound, ex.ErrorId);
            }
        }

        public async Task<IReadOnlyList<CommandInvocation>> ListCommandInvocationsAsync(string commandId, string instanceId, CancellationToken cancellationToken)
        {
            var result = new List<CommandInvocation>();
            string token = null;
            do
            {
                var request = new Sdk.ListCommandInvocationsRequest { CommandId = NullIfEmpty(commandId), InstanceId = NullIfEmpty(instanceId), Details = true, NextToken = token };
                var page = await SdkHooks.Call(_client.Config, "ListCommandInvocations", () => _client.ListCommandInvocationsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
                result.AddRange(Ec2Service.List(page.CommandInvocations).Select(i =>
                {
                    var plugin = Ec2Service.List(i.CommandPlugins).FirstOrDefault();
                    return new CommandInvocation
                    {
                        CommandId = i.CommandId,
                        InstanceId = i.InstanceId,
                        DocumentName = i.DocumentName,
                        Comment = i.Comment,
                        Status = i.Status?.Value,
                        StatusDetails = i.StatusDetails,
                        ResponseCode = plugin?.ResponseCode ?? -1,
                        StandardOutputContent = plugin?.Output,
                        StandardOutputUrl = NullIfEmpty(i.StandardOutputUrl),
                        StandardErrorUrl = NullIfEmpty(i.StandardErrorUrl),
                        RequestedDateTime = Ec2Service.Utc(i.RequestedDateTime),
                        ExecutionStartDateTime = Ec2Service.Utc(plugin?.ResponseStartDateTime),
                        ExecutionEndDateTime = Ec2Service.Utc(plugin?.ResponseFinishDateTime),
                    };
                }));
                token = string.IsNullOrEmpty(page.NextToken) || page.NextToken == token ? null : page.NextToken;
            }
            while (token != null);
            return result;
        }

        public async Task<IReadOnlyList<CommandInvocation>> ListCommandsAsync(string instanceId, DateTime invokedAfter, CancellationToken cancellationToken)
        {
            var result = new List<CommandInvocation>();
            var filters = new List<Sdk.CommandFilter>
            {
                new Sdk.CommandFilter { Key = CommandFilterKey.InvokedAfter, Value = invokedAfter.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) },
            };
            string token = null;
            do
            {
                var request = new Sdk.ListCommandsRequest { InstanceId = NullIfEmpty(instanceId), Filters = filters, NextToken = token };
                var page = await SdkHooks.Call(_client.Config, "ListCommands", () => _client.ListCommandsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
                result.AddRange(Ec2Service.List(page.Commands).Select(c => new CommandInvocation
                {
                    CommandId = c.CommandId,
                    InstanceId = instanceId,
                    DocumentName = c.DocumentName,
                    Comment = c.Comment,
                    Status = c.Status?.Value,
                    StatusDetails = c.StatusDetails,
                    RequestedDateTime = Ec2Service.Utc(c.RequestedDateTime),
                }));
                token = string.IsNullOrEmpty(page.NextToken) || page.NextToken == token ? null : page.NextToken;
            }
            while (token != null);
            return result;
        }

        public async Task<IReadOnlyList<ManagedInstance>> DescribeInstanceInformationAsync(IEnumerable<string> instanceIds, CancellationToken cancellationToken)
        {
            var ids = instanceIds?.Where(i => !string.IsNullOrEmpty(i)).ToList();
            var filters = ids != null && ids.Count > 0
                ? new List<Sdk.InstanceInformationStringFilter> { new Sdk.InstanceInformationStringFilter { Key = "InstanceIds", Values = ids } }
                : null;
            var result = new List<ManagedInstance>();
            string token = null;
            do
            {
                var request = new Sdk.DescribeInstanceInformationRequest { Filters = filters, NextToken = token };
                var page = await SdkHooks.Call(_client.Config, "DescribeInstanceInformation", () => _client.DescribeInstanceInformationAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
                result.AddRange(Ec2Service.List(page.InstanceInformationList).Select(i => new ManagedInstance
                {
                    InstanceId = i.InstanceId,
                    PingStatus = i.PingStatus?.Value,
                    PlatformType = i.PlatformType?.Value,
                    PlatformName = i.PlatformName,
                    PlatformVersion = i.PlatformVersion,
                    AgentVersion = i.AgentVersion,
                    LastPingDateTime = Ec2Service.Utc(i.LastPingDateTime),
                    ComputerName = i.ComputerName,
                    IpAddress = i.IPAddress,
                }));
                token = string.IsNullOrEmpty(page.NextToken) || page.NextToken == token ? null : page.NextToken;
            }
            while (token != null);
            return result;
        }

        public void Dispose() => _client.Dispose();

        /// <summary>The same failure with another kind/id and, optionally, a better sentence (keeps service, operation, code, request id).</summary>
        internal static AwsServiceException Remap(AwsServiceException ex, ErrorKind kind, string errorId, string message = null) =>
            new AwsServiceException(kind, errorId, message ?? ex.Message, ex.Service, ex.Operation, ex.Region, ex.Error, ex) { Attempts = ex.Attempts };

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
