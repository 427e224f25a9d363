using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Services
{
    /// <summary><see cref="ICloudFormation"/> over the CloudFormation query protocol (2010-05-15).</summary>
    internal sealed class CloudFormationService : ICloudFormation
    {
        private readonly ModelInvoker _invoker;

        public CloudFormationService(ModelInvoker invoker) { _invoker = invoker; }

        public async Task<string> CreateStackAsync(CreateStackRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var input = new Dictionary<string, object> { ["StackName"] = request.StackName };
            input.PutIf("TemplateBody", request.TemplateBody);
            input.PutIf("TemplateURL", request.TemplateUrl);
            input.PutIf("Parameters", Parameters(request.Parameters));
            input.PutIf("Tags", Tags(request.Tags));
            input.PutIf("Capabilities", ValueTree.ListOf(request.Capabilities));
            if (request.DisableRollback) input["DisableRollback"] = true;
            else input.PutIf("OnFailure", request.OnFailure);
            if (request.TimeoutInMinutes.HasValue) input["TimeoutInMinutes"] = request.TimeoutInMinutes.Value;
            input.PutIf("ClientRequestToken", request.ClientRequestToken);
            var output = await Call("CreateStack", input, cancellationToken).ConfigureAwait(false);
            return output.Str("StackId");
        }

        public async Task<string> UpdateStackAsync(UpdateStackRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var input = new Dictionary<string, object> { ["StackName"] = request.StackName };
            if (request.UsePreviousTemplate && request.TemplateBody == null) input["UsePreviousTemplate"] = true;
            else input.PutIf("TemplateBody", request.TemplateBody);
            input.PutIf("Parameters", Parameters(request.Parameters));
            if (request.Tags != null) input["Tags"] = Tags(request.Tags);
            input.PutIf("Capabilities", ValueTree.ListOf(request.Capabilities));
            if (request.DisableRollback) input["DisableRollback"] = true;
            try
            {
                var output = await Call("UpdateStack", input, cancellationToken).ConfigureAwait(false);
                return output.Str("StackId");
            }
            catch (AwsServiceException ex) when ((ex.ServiceMessage ?? string.Empty).IndexOf("No updates are to be performed", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                throw ModelInvoker.Remap(ex, ErrorKind.InvalidState, "CloudFormationNoUpdates",
                    "Stack " + request.StackName + " is already up to date: CloudFormation found no updates to perform (request id " + ex.RequestId + "). Change a parameter or the template, or leave the stack as it is.");
            }
        }

        public Task DeleteStackAsync(string stackNameOrId, CancellationToken cancellationToken) =>
            Call("DeleteStack", new Dictionary<string, object> { ["StackName"] = stackNameOrId }, cancellationToken);

        public async Task<IReadOnlyList<StackDescription>> DescribeStacksAsync(string stackNameOrId, CancellationToken cancellationToken)
        {
            var input = new Dictionary<string, object>();
            input.PutIf("StackName", stackNameOrId);
            var output = await Pages("DescribeStacks", input, cancellationToken).ConfigureAwait(false);
            return output.Items("Stacks").Select(s => new StackDescription
            {
                StackId = s.Str("StackId"),
                StackName = s.Str("StackName"),
                StackStatus = s.Str("StackStatus"),
                StackStatusReason = s.Str("StackStatusReason"),
                Description = s.Str("Description"),
                CreationTime = s.Date("CreationTime") ?? default(DateTime),
                LastUpdatedTime = s.Date("LastUpdatedTime"),
                DeletionTime = s.Date("DeletionTime"),
                DisableRollback = s.Bool("DisableRollback"),
                Outputs = ToDictionary(s.Items("Outputs"), "OutputKey", "OutputValue"),
                Parameters = ToDictionary(s.Items("Parameters"), "ParameterKey", "ParameterValue"),
                Tags = s.Tags("Tags"),
                Capabilities = s.Strings("Capabilities"),
            }).ToList();
        }

        public async Task<IReadOnlyList<StackEvent>> DescribeStackEventsAsync(string stackNameOrId, CancellationToken cancellationToken)
        {
            var output = await Pages("DescribeStackEvents", new Dictionary<string, object> { ["StackName"] = stackNameOrId }, cancellationToken).ConfigureAwait(false);
            return output.Items("StackEvents").Select(StackEventReader.Read).ToList();
        }

        public async Task<IReadOnlyList<StackEvent>> DescribeStackResourcesAsync(string stackNameOrId, CancellationToken cancellationToken)
        {
            var output = await Call("DescribeStackResources", new Dictionary<string, object> { ["StackName"] = stackNameOrId }, cancellationToken).ConfigureAwait(false);
            return output.Items("StackResources").Select(StackEventReader.Read).ToList();
        }

        public async Task<IReadOnlyList<StackSummary>> ListStacksAsync(IEnumerable<string> statusFilter, CancellationToken cancellationToken)
        {
            var input = new Dictionary<string, object>();
            if (ValueTree.HasAny(statusFilter)) input["StackStatusFilter"] = ValueTree.ListOf(statusFilter.Where(s => !string.IsNullOrEmpty(s)));
            var output = await Pages("ListStacks", input, cancellationToken).ConfigureAwait(false);
            return output.Items("StackSummaries").Select(s => new StackSummary
            {
                StackId = s.Str("StackId"),
                StackName = s.Str("StackName"),
                StackStatus = s.Str("StackStatus"),
                StackStatusReason = s.Str("StackStatusReason"),
                TemplateDescription = s.Str("TemplateDescription"),
                CreationTime = s.Date("CreationTime") ?? default(DateTime),
                LastUpdatedTime = s.Date("LastUpdatedTime"),
                DeletionTime = s.Date("DeletionTime"),
            }).ToList();
        }

        private async Task<Dictionary<string, object>> Call(string operation, Dictionary<string, object> input, CancellationToken ct)
        {
            try
            {
                return await _invoker.CallAsync(operation, input, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.Code == "AlreadyExistsException" && ex.Kind != ErrorKind.AlreadyExists)
            {
                throw ModelInvoker.Remap(ex, ErrorKind.AlreadyExists, ex.ErrorId);
            }
        }

        private Task<Dictionary<string, object>> Pages(string operation, Dictionary<string, object> input, CancellationToken ct) =>
            _invoker.CallAllPagesAsync(operation, input, ct);

        private static List<object> Parameters(IDictionary<string, string> parameters) =>
            parameters == null ? null : parameters.Select(p => (object)new Dictionary<string, object> { ["ParameterKey"] = p.Key, ["ParameterValue"] = p.Value ?? string.Empty }).ToList();

        private static List<object> Tags(IEnumerable<ResourceTag> tags) =>
            tags == null ? null : tags.Select(t => (object)new Dictionary<string, object> { ["Key"] = t.Key, ["Value"] = t.Value ?? string.Empty }).ToList();

        private static IDictionary<string, string> ToDictionary(IEnumerable<IDictionary<string, object>> items, string key, string value)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var i in items)
            {
                var k = i.Str(key);
                if (k != null) result[k] = i.Str(value);
            }
            return result;
        }
    }
}
