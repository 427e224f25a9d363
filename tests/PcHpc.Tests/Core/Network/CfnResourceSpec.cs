using System.Collections.Generic;

namespace PcHpc.Tests.Core.Network
{
    /// <summary>
    /// Allow-list of the CloudFormation resource types the network template uses: documented property names, the
    /// properties PcHpc must always set (documented as required, or conditionally required for our use), whether the type
    /// takes Tags, and the Fn::GetAtt attributes it returns. Taken from the AWS CloudFormation resource reference
    /// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-*.html).
    /// </summary>
    internal sealed class CfnResourceSpec
    {
        public CfnResourceSpec(string[] properties, string[] required, string[] attributes)
        {
            Properties = new HashSet<string>(properties);
            Required = required;
            Attributes = new HashSet<string>(attributes);
        }

        public HashSet<string> Properties { get; }
        public string[] Required { get; }
        public HashSet<string> Attributes { get; }
        public bool Taggable => Properties.Contains("Tags");

        public static readonly IReadOnlyDictionary<string, CfnResourceSpec> Types = new Dictionary<string, CfnResourceSpec>
        {
            // aws-resource-ec2-vpc: CidrBlock is required unless an IPAM pool is used; PcHpc never uses IPAM.
            ["AWS::EC2::VPC"] = new CfnResourceSpec(
                new[] { "CidrBlock", "EnableDnsHostnames", "EnableDnsSupport", "InstanceTenancy", "Ipv4IpamPoolId", "Ipv4NetmaskLength", "Tags" },
                new[] { "CidrBlock" },
                new[] { "CidrBlock", "CidrBlockAssociations", "DefaultNetworkAcl", "DefaultSecurityGroup", "Ipv6CidrBlocks", "VpcId" }),
            ["AWS::EC2::InternetGateway"] = new CfnResourceSpec(
                new[] { "Tags" }, new string[0], new[] { "InternetGatewayId" }),
            // aws-resource-ec2-vpc-gateway-attachment: VpcId required; one of InternetGatewayId / VpnGatewayId.
            ["AWS::EC2::VPCGatewayAttachment"] = new CfnResourceSpec(
                new[] { "InternetGatewayId", "VpcId", "VpnGatewayId" }, new[] { "VpcId", "InternetGatewayId" }, new string[0]),
            ["AWS::EC2::RouteTable"] = new CfnResourceSpec(
                new[] { "Tags", "VpcId" }, new[] { "VpcId" }, new[] { "RouteTableId" }),
            ["AWS::EC2::Route"] = new CfnResourceSpec(
                new[]
                {
                    "CarrierGatewayId", "CoreNetworkArn", "DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId",
                    "EgressOnlyInternetGatewayId", "GatewayId", "InstanceId", "LocalGatewayId", "NatGatewayId", "NetworkInterfaceId",
                    "RouteTableId", "TransitGatewayId", "VpcEndpointId", "VpcPeeringConnectionId",
                },
                new[] { "RouteTableId" }, new[] { "CidrBlock" }),
            // aws-resource-ec2-subnet: VpcId required; CidrBlock required unless IPAM / IPv6-only.
            ["AWS::EC2::Subnet"] = new CfnResourceSpec(
                new[]
                {
                    "AssignIpv6AddressOnCreation", "AvailabilityZone", "AvailabilityZoneId", "CidrBlock", "EnableDns64", "EnableLniAtDeviceIndex",
                    "Ipv4IpamPoolId", "Ipv4NetmaskLength", "Ipv6CidrBlock", "Ipv6IpamPoolId", "Ipv6Native", "Ipv6NetmaskLength",
                    "MapPublicIpOnLaunch", "OutpostArn", "PrivateDnsNameOptionsOnLaunch", "Tags", "VpcId",
                },
                new[] { "VpcId", "CidrBlock", "AvailabilityZone" },
                new[] { "AvailabilityZone", "AvailabilityZoneId", "CidrBlock", "Ipv6CidrBlocks", "NetworkAclAssociationId", "OutpostArn", "SubnetId", "VpcId" }),
            ["AWS::EC2::SubnetRouteTableAssociation"] = new CfnResourceSpec(
                new[] { "RouteTableId", "SubnetId" }, new[] { "RouteTableId", "SubnetId" }, new[] { "Id" }),
            ["AWS::EC2::EIP"] = new CfnResourceSpec(
                new[] { "Address", "Domain", "InstanceId", "IpamPoolId", "NetworkBorderGroup", "PublicIpv4Pool", "Tags", "TransferAddress" },
                new string[0], new[] { "AllocationId", "PublicIp" }),
            // aws-resource-ec2-natgateway: SubnetId for a zonal gateway; AllocationId required for a public one.
            ["AWS::EC2::NatGateway"] = new CfnResourceSpec(
                new[]
                {
                    "AllocationId", "AvailabilityMode", "AvailabilityZoneAddresses", "ConnectivityType", "MaxDrainDurationSeconds",
                    "PrivateIpAddress", "SecondaryAllocationIds", "SecondaryPrivateIpAddressCount", "SecondaryPrivateIpAddresses",
                    "SubnetId", "Tags", "VpcId",
                },
                new[] { "SubnetId", "AllocationId" }, new[] { "NatGatewayId" }),
            ["AWS::EC2::SecurityGroup"] = new CfnResourceSpec(
                new[] { "GroupDescription", "GroupName", "SecurityGroupEgress", "SecurityGroupIngress", "Tags", "VpcId" },
                new[] { "GroupDescription", "VpcId" }, new[] { "GroupId", "VpcId" }),
            // aws-resource-ec2-vpcendpoint: VpcId required; ServiceName for AWS services.
            ["AWS::EC2::VPCEndpoint"] = new CfnResourceSpec(
                new[]
                {
                    "DnsOptions", "IpAddressType", "PolicyDocument", "PrivateDnsEnabled", "ResourceConfigurationArn", "RouteTableIds",
                    "SecurityGroupIds", "ServiceName", "ServiceNetworkArn", "ServiceRegion", "SubnetIds", "Tags", "VpcEndpointType", "VpcId",
                },
                new[] { "VpcId", "ServiceName", "VpcEndpointType" },
                new[] { "CreationTimestamp", "DnsEntries", "Id", "NetworkInterfaceIds" }),
        };

        /// <summary>Properties of an AWS::EC2::SecurityGroup Ingress rule (ec2-security-group-rule-1).</summary>
        public static readonly HashSet<string> IngressRuleProperties = new HashSet<string>
        {
            "CidrIp", "CidrIpv6", "Description", "FromPort", "IpProtocol", "SourcePrefixListId", "SourceSecurityGroupId",
            "SourceSecurityGroupName", "SourceSecurityGroupOwnerId", "ToPort",
        };

        /// <summary>Pseudo parameters (pseudo-parameter-reference).</summary>
        public static readonly HashSet<string> PseudoParameters = new HashSet<string>
        {
            "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
        };

        /// <summary>Top-level template sections (template-anatomy).</summary>
        public static readonly HashSet<string> TemplateSections = new HashSet<string>
        {
            "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs",
        };

        /// <summary>Resource attributes allowed beside Type/Properties (aws-product-attribute-reference).</summary>
        public static readonly HashSet<string> ResourceKeys = new HashSet<string>
        {
            "Type", "Properties", "DependsOn", "Condition", "Metadata", "DeletionPolicy", "UpdateReplacePolicy", "CreationPolicy", "UpdatePolicy",
        };
    }
}
