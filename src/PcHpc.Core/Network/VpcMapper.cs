using System;
using System.Collections.Generic;
using System.Linq;

namespace PcHpc.Core.Network
{
    /// <summary>What the engine needs from DescribeStacks for one stack (the cmdlet maps the AWS port's type to this).</summary>
    public sealed class NetworkStackInfo
    {
        public string StackName { get; set; }
        public string StackId { get; set; }
        public string StackStatus { get; set; }
        public string StackStatusReason { get; set; }
        /// <summary>The template description (DescribeStacks returns it while the stack is still being created).</summary>
        public string Description { get; set; }
        public DateTime? CreationTime { get; set; }
        public string Region { get; set; }
        public IDictionary<string, string> Outputs { get; set; } = new Dictionary<string, string>();
        public IDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();
    }

    /// <summary>Maps CloudFormation stack status and outputs to a <see cref="PcHpc.Vpc"/>.</summary>
    public static class VpcMapper
    {
        /// <summary>True when the stack carries the PcHpc network marker tag (Get-HpcVpc lists only these).</summary>
        public static bool IsNetworkStack(NetworkStackInfo stack) =>
            stack?.Tags != null && stack.Tags.ContainsKey(VpcTemplateBuilder.MarkerTagKey);

        public static VpcStatus StatusOf(string stackStatus)
        {
            switch (stackStatus ?? string.Empty)
            {
                case "CREATE_IN_PROGRESS":
                case "REVIEW_IN_PROGRESS":
                    return VpcStatus.Creating;
                case "CREATE_COMPLETE":
                case "UPDATE_COMPLETE":
                case "UPDATE_ROLLBACK_COMPLETE":
                case "IMPORT_COMPLETE":
                case "IMPORT_ROLLBACK_COMPLETE":
                    return VpcStatus.Ready;
                case "UPDATE_IN_PROGRESS":
                case "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS":
                case "UPDATE_ROLLBACK_IN_PROGRESS":
                case "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS":
                case "IMPORT_IN_PROGRESS":
                case "IMPORT_ROLLBACK_IN_PROGRESS":
                    return VpcStatus.Updating;
                case "DELETE_IN_PROGRESS":
                    return VpcStatus.Deleting;
                case "DELETE_COMPLETE":
                    return VpcStatus.Deleted;
                default:
                    // CREATE_FAILED, ROLLBACK_*, DELETE_FAILED, UPDATE_FAILED, UPDATE_ROLLBACK_FAILED, IMPORT_ROLLBACK_FAILED, unknown.
                    return VpcStatus.Failed;
            }
        }

        public static Vpc ToVpc(NetworkStackInfo stack)
        {
            if (stack == null) throw new ArgumentNullException(nameof(stack));
            var outputs = stack.Outputs ?? new Dictionary<string, string>();
            var status = StatusOf(stack.StackStatus);
            var vpc = new Vpc
            {
                Name = stack.Tags != null && stack.Tags.TryGetValue(VpcTemplateBuilder.MarkerTagKey, out var tagged) && !string.IsNullOrEmpty(tagged)
                    ? tagged : Get(outputs, VpcTemplateBuilder.OutputNames.NetworkName) ?? stack.StackName,
                Region = stack.Region,
                Status = status,
                StackId = stack.StackId,
                StackStatus = stack.StackStatus,
                CreatedTime = stack.CreationTime,
                VpcId = Get(outputs, VpcTemplateBuilder.OutputNames.VpcId),
                CidrBlock = Get(outputs, VpcTemplateBuilder.OutputNames.VpcCidr),
                AvailabilityZones = Split(Get(outputs, VpcTemplateBuilder.OutputNames.AvailabilityZones)),
                PublicSubnetIds = Split(Get(outputs, VpcTemplateBuilder.OutputNames.PublicSubnetIds)),
                PrivateSubnetIds = Split(Get(outputs, VpcTemplateBuilder.OutputNames.PrivateSubnetIds)),
                StorageSecurityGroupId = Get(outputs, VpcTemplateBuilder.OutputNames.StorageSecurityGroupId),
                SshSecurityGroupId = Get(outputs, VpcTemplateBuilder.OutputNames.SshSecurityGroupId),
                PrivateEndpoints = string.Equals(Get(outputs, VpcTemplateBuilder.OutputNames.PrivateEndpoints), "true", StringComparison.OrdinalIgnoreCase),
            };
            if (Enum.TryParse(Get(outputs, VpcTemplateBuilder.OutputNames.NatGateway) ?? string.Empty, false, out NatGatewayMode mode)
                && Enum.IsDefined(typeof(NatGatewayMode), mode))
                vpc.NatGateway = mode;

            bool failedish = status == VpcStatus.Failed || stack.StackStatus == "UPDATE_ROLLBACK_COMPLETE" || stack.StackStatus == "IMPORT_ROLLBACK_COMPLETE";
            if (failedish)
            {
                vpc.FailureReason = !string.IsNullOrWhiteSpace(stack.StackStatusReason)
                    ? stack.StackStatusReason
                    : "Stack " + stack.StackName + " is " + (stack.StackStatus ?? "in an unknown state") + "; see its CloudFormation events for the cause.";
            }
            return vpc;
        }

        private static string Get(IDictionary<string, string> outputs, string key) =>
            outputs.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value) ? value : null;

        private static string[] Split(string joined) =>
            string.IsNullOrEmpty(joined) ? Array.Empty<string>()
            : joined.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
    }
}
