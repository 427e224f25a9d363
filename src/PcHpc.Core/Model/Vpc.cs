using System;

namespace PcHpc
{
    /// <summary>Lifecycle of a PcHpc network, derived from its CloudFormation stack status.</summary>
    public enum VpcStatus
    {
        Creating,
        Ready,
        Updating,
        Deleting,
        Deleted,
        Failed,
    }

    /// <summary>How private subnets reach the internet.</summary>
    public enum NatGatewayMode
    {
        /// <summary>One NAT gateway in the first public subnet serves every private subnet (cheapest).</summary>
        Single,
        /// <summary>One NAT gateway per availability zone; each private subnet uses its own zone's gateway.</summary>
        PerAz,
        /// <summary>No NAT gateway: private subnets have no default route (use -PrivateEndpoints for SSM).</summary>
        None,
    }

    /// <summary>A network built by New-HpcVpc: one CloudFormation stack holding a VPC and its subnets.</summary>
    public sealed class Vpc
    {
        public string Name { get; set; }
        public string Region { get; set; }
        public VpcStatus Status { get; set; }
        public string VpcId { get; set; }
        public string CidrBlock { get; set; }
        public string[] AvailabilityZones { get; set; } = Array.Empty<string>();
        /// <summary>Public subnet IDs in availability-zone order (head node, NAT).</summary>
        public string[] PublicSubnetIds { get; set; } = Array.Empty<string>();
        /// <summary>Private subnet IDs in availability-zone order (compute nodes).</summary>
        public string[] PrivateSubnetIds { get; set; } = Array.Empty<string>();
        /// <summary>Security group to attach to shared storage (EFS NFS 2049, FSx for Lustre 988 and 1018-1023), open to the VPC only.</summary>
        public string StorageSecurityGroupId { get; set; }
        /// <summary>Security group allowing SSH from -AllowSshFrom, or null when SSH was not opened.</summary>
        public string SshSecurityGroupId { get; set; }
        public NatGatewayMode NatGateway { get; set; }
        public bool PrivateEndpoints { get; set; }
        public string StackId { get; set; }
        /// <summary>The raw CloudFormation stack status, e.g. CREATE_COMPLETE.</summary>
        public string StackStatus { get; set; }
        public DateTime? CreatedTime { get; set; }
        /// <summary>Why the stack failed, when Status is Failed (or an update rolled back); otherwise null.</summary>
        public string FailureReason { get; set; }

        public override string ToString() => Name;
    }
}
