using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Network
{
    /// <summary>Everything CreateStack needs for a network: name, inline template body and stack tags.</summary>
    public sealed class NetworkStackDefinition
    {
        private NetworkStackDefinition(string stackName, string templateBody, IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            StackName = stackName;
            TemplateBody = templateBody;
            Tags = tags;
        }

        public string StackName { get; }
        /// <summary>Compact JSON, checked against the inline size limit.</summary>
        public string TemplateBody { get; }
        /// <summary>User tags plus the PcHpc marker (CloudFormation also propagates these to the resources).</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }

        /// <summary>How many resources the template declares (the total for create progress; 0 when it cannot be read).</summary>
        public int ResourceCount
        {
            get
            {
                try
                {
                    return (JsonNode.Parse(TemplateBody)?["Resources"] as JsonObject)?.Count ?? 0;
                }
                catch (JsonException)
                {
                    return 0;
                }
            }
        }
        /// <summary>The template creates no IAM resources, so no capabilities are needed.</summary>
        public IReadOnlyList<string> Capabilities => new string[0];

        public static NetworkStackDefinition From(NetworkPlan plan) =>
            new NetworkStackDefinition(plan.StackName, VpcTemplateBuilder.BuildTemplateBody(plan), plan.StackTags);
    }

    /// <summary>What New-HpcVpc should do when a stack with the requested name already exists.</summary>
    public static class NetworkIdempotency
    {
        /// <summary>
        /// Returns the existing network when it was built by PcHpc from the same settings and is usable (Ready, or still
        /// Creating/Updating: the caller may wait for it). Throws a <see cref="PcHpcException"/> saying what to do otherwise:
        /// a foreign stack, different settings, a failed or deleting network.
        /// </summary>
        public static Vpc ResolveExisting(NetworkRequest request, NetworkStackInfo existing, string existingTemplateBody)
        {
            if (!VpcMapper.IsNetworkStack(existing))
                throw new PcHpcException(ErrorKind.AlreadyExists, "StackNameTaken",
                    "A CloudFormation stack named '" + existing?.StackName + "' already exists and is not a PcHpc network; choose another -Name.")
                { Target = existing?.StackName };
            var vpc = VpcMapper.ToVpc(existing);
            switch (vpc.Status)
            {
                case VpcStatus.Failed:
                    throw new PcHpcException(ErrorKind.InvalidState, "NetworkFailed",
                        "The network '" + vpc.Name + "' already exists but is in state " + existing.StackStatus + " (" + vpc.FailureReason
                        + "); remove it with Remove-HpcVpc and run New-HpcVpc again.")
                    { Target = vpc.Name };
                case VpcStatus.Deleting:
                case VpcStatus.Deleted:
                    throw new PcHpcException(ErrorKind.InvalidState, "NetworkDeleting",
                        "The network '" + vpc.Name + "' is being deleted; wait until Get-HpcVpc no longer lists it, then run New-HpcVpc again.")
                    { Target = vpc.Name };
            }
            NetworkMatcher.Compare(request, existingTemplateBody, existing.StackName).EnsureMatches();
            return vpc;
        }

        /// <summary>
        /// Like <see cref="ResolveExisting(NetworkRequest, NetworkStackInfo, string)"/>, reading the settings from the stack's
        /// NetworkSettings output and tags (DescribeStacks alone, no GetTemplate).
        /// </summary>
        public static Vpc ResolveExisting(NetworkRequest request, NetworkStackInfo existing)
        {
            if (!VpcMapper.IsNetworkStack(existing))
                return ResolveExisting(request, existing, (string)null);
            var status = VpcMapper.StatusOf(existing.StackStatus);
            if (status == VpcStatus.Failed || status == VpcStatus.Deleting || status == VpcStatus.Deleted)
                return ResolveExisting(request, existing, (string)null);
            NetworkMatcher.Compare(request, NetworkMetadata.FromStack(existing)).EnsureMatches();
            return VpcMapper.ToVpc(existing);
        }
    }
}
