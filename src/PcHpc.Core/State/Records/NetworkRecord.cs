using System;
using System.Collections.Generic;

namespace PcHpc.Core.State.Records
{
    /// <summary>A network built by New-HpcVpc (one CloudFormation stack). Key: "region/name".</summary>
    public class NetworkRecord : StateRecord
    {
        public string Name { get; set; }
        public string Region { get; set; }
        public string StackId { get; set; }
        public string StackName { get; set; }
        /// <summary>CloudFormation stack status.</summary>
        public string Status { get; set; }
        public string VpcId { get; set; }
        public List<string> PublicSubnetIds { get; set; } = new List<string>();
        public List<string> PrivateSubnetIds { get; set; } = new List<string>();
        public List<string> AvailabilityZones { get; set; } = new List<string>();
        public string StorageSecurityGroupId { get; set; }
        public string SshSecurityGroupId { get; set; }
        public string CidrBlock { get; set; }
        /// <summary>NAT gateway mode name (Single, PerAz, None).</summary>
        public string NatGateway { get; set; }
        public bool PrivateEndpoints { get; set; }
        /// <summary>Why the stack failed (first failed resource and its reason), when it did.</summary>
        public string FailureReason { get; set; }
        public DateTimeOffset? CreatedTime { get; set; }
        public DateTimeOffset? LastSeen { get; set; }
        public bool Gone { get; set; }

        public static string KeyFor(string region, string name) => JoinKey("network", ("Region", region), ("Name", name));

        public override string GetKey() => KeyFor(Region, Name);
    }
}
