using System;
using System.Linq;
using PcHpc.Cmdlets;
using PcHpc.Core.Network;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.VpcCmdlets
{
    public class VpcCmdletMetadataTests
    {
        private static readonly string[] AwsParameters = { "Region", "ProfileName", "ProfileLocation", "AccessKey", "SecretKey", "SessionToken", "EndpointUrl" };

        [Theory]
        [InlineData(typeof(NewHpcVpc))]
        [InlineData(typeof(GetHpcVpc))]
        [InlineData(typeof(RemoveHpcVpc))]
        public void Every_networking_cmdlet_takes_the_common_AWS_parameters_and_outputs_Vpc(Type type)
        {
            var names = ParameterMetadata.Parameters(type).Select(p => p.Name).ToList();
            foreach (var aws in AwsParameters) Assert.Contains(aws, names);
            Assert.Contains("PcHpc.Vpc", ParameterMetadata.Cmdlet(type).OutputTypes);
            Assert.True(ParameterMetadata.Parameter(type, "Region").ValueFromPipelineByPropertyName);
        }

        [Fact]
        public void New_HpcVpc_has_zone_count_and_pinned_zone_sets_and_supports_WhatIf()
        {
            var info = ParameterMetadata.Cmdlet(typeof(NewHpcVpc));
            Assert.Equal("New-HpcVpc", info.Name);
            Assert.True(info.SupportsShouldProcess);
            Assert.Equal("AvailabilityZoneCount", info.DefaultParameterSetName);
            Assert.Contains("System.IO.FileInfo", info.OutputTypes);

            var name = ParameterMetadata.Parameter(typeof(NewHpcVpc), "Name");
            Assert.True(name.Mandatory);
            Assert.Equal(0, name.Position);
            Assert.Equal(new[] { "AvailabilityZoneCount" }, ParameterMetadata.Parameter(typeof(NewHpcVpc), "AvailabilityZoneCount").ParameterSets);
            var zones = ParameterMetadata.Parameter(typeof(NewHpcVpc), "AvailabilityZone");
            Assert.Equal(new[] { "AvailabilityZone" }, zones.ParameterSets);
            Assert.True(zones.Mandatory);
            Assert.Equal(typeof(NatGatewayMode), ParameterMetadata.Parameter(typeof(NewHpcVpc), "NatGateway").Property.PropertyType);
            foreach (var sw in new[] { "PrivateEndpoints", "Wait" })
                Assert.True(ParameterMetadata.Parameter(typeof(NewHpcVpc), sw).IsSwitch);
        }

        [Fact]
        public void The_engine_message_parameter_names_exist_on_New_HpcVpc()
        {
            var names = ParameterMetadata.Parameters(typeof(NewHpcVpc)).Select(p => p.Name).ToList();
            foreach (var f in typeof(NetworkParameters).GetFields().Where(f => f.IsLiteral))
                Assert.Contains((string)f.GetRawConstantValue(), names);
        }

        [Fact]
        public void Get_HpcVpc_takes_wildcard_names_and_a_Cached_switch()
        {
            var info = ParameterMetadata.Cmdlet(typeof(GetHpcVpc));
            Assert.False(info.SupportsShouldProcess);
            var name = ParameterMetadata.Parameter(typeof(GetHpcVpc), "Name");
            Assert.False(name.Mandatory);
            Assert.Equal(0, name.Position);
            Assert.Contains(typeof(GetHpcVpc).GetProperty("Name").CustomAttributes, a => a.AttributeType.Name == "SupportsWildcardsAttribute");
            Assert.True(ParameterMetadata.Parameter(typeof(GetHpcVpc), "Cached").IsSwitch);
        }

        [Fact]
        public void Remove_HpcVpc_is_high_impact_with_Force_and_binds_Name_and_Region_by_property_name()
        {
            var info = ParameterMetadata.Cmdlet(typeof(RemoveHpcVpc));
            Assert.True(info.SupportsShouldProcess);
            Assert.Equal("High", info.ConfirmImpact);
            var name = ParameterMetadata.Parameter(typeof(RemoveHpcVpc), "Name");
            Assert.True(name.Mandatory);
            Assert.True(name.ValueFromPipelineByPropertyName);
            foreach (var sw in new[] { "Force", "Wait", "PassThru" })
                Assert.True(ParameterMetadata.Parameter(typeof(RemoveHpcVpc), sw).IsSwitch);
            // The pipeline-bound names are properties of the objects Get-HpcVpc and New-HpcVpc emit.
            Assert.NotNull(typeof(PcHpc.Vpc).GetProperty("Name"));
            Assert.NotNull(typeof(PcHpc.Vpc).GetProperty("Region"));
        }

        [Fact]
        public void Switch_flags_set_the_switches()
        {
            var cmdlet = new RemoveHpcVpc { ForceFlag = true, WaitFlag = true };
            Assert.True(cmdlet.ForceFlag);
            Assert.True(cmdlet.WaitFlag);
            Assert.False(cmdlet.PassThruFlag);
            var get = new GetHpcVpc { CachedFlag = true };
            Assert.True(get.CachedFlag);
        }
    }
}
