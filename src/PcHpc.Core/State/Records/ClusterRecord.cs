using System;
using System.Collections.Generic;

namespace PcHpc.Core.State.Records
{
    /// <summary>What we last knew about a ParallelCluster cluster. Key: "region/name".</summary>
    public class ClusterRecord : StateRecord
    {
        public string Name { get; set; }
        public string Region { get; set; }
        /// <summary>ParallelCluster clusterStatus, e.g. CREATE_COMPLETE.</summary>
        public string ClusterStatus { get; set; }
        /// <summary>CloudFormation stack status of the cluster stack.</summary>
        public string StackStatus { get; set; }
        public string CloudFormationStackArn { get; set; }
        /// <summary>ParallelCluster version the cluster was created with.</summary>
        public string Version { get; set; }
        public string Scheduler { get; set; }
        public string Os { get; set; }
        public string HeadNodeInstanceId { get; set; }
        public string HeadNodeState { get; set; }
        public string HeadNodePublicIp { get; set; }
        public string HeadNodePrivateIp { get; set; }
        /// <summary>The ParallelCluster API the cluster was managed through.</summary>
        public string ApiUri { get; set; }
        /// <summary>The network (NetworkRecord name) the cluster runs in, if PcHpc built it.</summary>
        public string NetworkName { get; set; }
        /// <summary>The VPC the cluster runs in (Remove-HpcVpc refuses to delete it while the cluster exists).</summary>
        public string VpcId { get; set; }
        /// <summary>Head node and queue subnets of the cluster; empty when unknown (records written before this field).</summary>
        public List<string> SubnetIds { get; set; } = new List<string>();
        /// <summary>The custom-action scripts the cluster was created with ("HeadNode.CustomActions.OnNodeConfigured.Script=s3://..."), named when one fails.</summary>
        public List<string> BootstrapScripts { get; set; } = new List<string>();
        public DateTimeOffset? CreatedTime { get; set; }
        public DateTimeOffset? LastUpdatedTime { get; set; }
        /// <summary>When the API last reported this cluster.</summary>
        public DateTimeOffset? LastSeen { get; set; }
        /// <summary>True once the API no longer knows the cluster (deleted outside PcHpc, or removal finished).</summary>
        public bool Gone { get; set; }

        public static string KeyFor(string region, string name) => JoinKey("cluster", ("Region", region), ("Name", name));

        public override string GetKey() => KeyFor(Region, Name);
    }
}
