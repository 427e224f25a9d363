using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using PcHpc.Core.Network;

namespace PcHpc.Tests.Core.Network
{
    public class VpcTemplateTests
    {
        public static IEnumerable<object[]> Matrix()
        {
            foreach (var nat in new[] { NatGatewayMode.Single, NatGatewayMode.PerAz, NatGatewayMode.None })
                foreach (var zones in new[] { 2, 3 })
                    foreach (var endpoints in new[] { false, true })
                        yield return new object[] { nat, zones, endpoints };
        }

        private static readonly Dictionary<string, string> UserTags = new Dictionary<string, string> { ["team"] = "cfd", ["cost-center"] = "42" };

        private static (NetworkPlan Plan, CfnTemplate Template) Build(NatGatewayMode nat, int zones, bool endpoints, string[] ssh = null, string cidr = "10.0.0.0/16")
        {
            var plan = NetworkPlanner.Plan(NetworkPlannerTests.Request(cidr, zones, nat, endpoints, ssh, UserTags));
            return (plan, new CfnTemplate(VpcTemplateBuilder.Build(plan)));
        }

        [Theory]
        [MemberData(nameof(Matrix))]
        public void Every_reference_resolves(NatGatewayMode nat, int zones, bool endpoints)
        {
            var (_, t) = Build(nat, zones, endpoints, new[] { "203.0.113.0/24" });
            var declared = new HashSet<string>(t.Resources.Select(p => p.Key));
            var parameters = new HashSet<string>((t.Root["Parameters"] as JsonObject)?.Select(p => p.Key) ?? Enumerable.Empty<string>());
            var refs = t.References().ToList();
            Assert.NotEmpty(refs);
            foreach (var (where, name, attribute) in refs)
            {
                if (attribute == null)
                {
                    Assert.True(declared.Contains(name) || parameters.Contains(name) || CfnResourceSpec.PseudoParameters.Contains(name),
                        where + " refers to undeclared '" + name + "'");
                }
                else
                {
                    Assert.True(declared.Contains(name), where + " gets an attribute of undeclared '" + name + "'");
                    var spec = CfnResourceSpec.Types[t.TypeOf(name)];
                    Assert.True(spec.Attributes.Contains(attribute), where + ": " + t.TypeOf(name) + " has no attribute " + attribute);
                }
            }
            foreach (var id in declared)
                foreach (var dep in t.DependsOn(id))
                    Assert.True(declared.Contains(dep), id + " DependsOn undeclared " + dep);
            Assert.Subset(new HashSet<string> { "Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join" }, new HashSet<string>(t.FunctionsUsed()));
        }

        [Theory]
        [MemberData(nameof(Matrix))]
        public void Resource_types_and_properties_are_the_documented_ones(NatGatewayMode nat, int zones, bool endpoints)
        {
            var (_, t) = Build(nat, zones, endpoints, new[] { "203.0.113.0/24" });
            foreach (var key in t.Root.Select(p => p.Key))
                Assert.Contains(key, CfnResourceSpec.TemplateSections);
            Assert.Equal("2010-09-09", CfnTemplate.Str(t.Root["AWSTemplateFormatVersion"]));
            Assert.True(Encoding.UTF8.GetByteCount(CfnTemplate.Str(t.Root["Description"])) <= 1024);
            Assert.True(t.Resources.Count <= 500);
            foreach (var pair in t.Resources)
            {
                Assert.Matches("^[A-Za-z0-9]{1,255}$", pair.Key);
                var resource = pair.Value.AsObject();
                foreach (var key in resource.Select(p => p.Key)) Assert.Contains(key, CfnResourceSpec.ResourceKeys);
                var type = CfnTemplate.Str(resource["Type"]);
                Assert.True(CfnResourceSpec.Types.TryGetValue(type, out var spec), pair.Key + " has unexpected type " + type);
                var props = t.Props(pair.Key);
                foreach (var prop in props.Select(p => p.Key))
                    Assert.True(spec.Properties.Contains(prop), pair.Key + " (" + type + ") uses undocumented property " + prop);
                foreach (var required in spec.Required)
                    Assert.True(props.ContainsKey(required), pair.Key + " (" + type + ") lacks required property " + required);
                if (type == "AWS::EC2::SecurityGroup")
                {
                    foreach (var rule in props["SecurityGroupIngress"].AsArray())
                    {
                        foreach (var key in rule.AsObject().Select(p => p.Key)) Assert.Contains(key, CfnResourceSpec.IngressRuleProperties);
                        Assert.NotNull(rule["IpProtocol"]);
                    }
                    Assert.Matches(@"^[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]{1,255}$", CfnTemplate.Str(props["GroupDescription"]));
                }
            }
        }

        [Theory]
        [MemberData(nameof(Matrix))]
        public void Subnets_route_where_they_should(NatGatewayMode nat, int zones, bool endpoints)
        {
            var (plan, t) = Build(nat, zones, endpoints);
            var vpcId = t.OfType("AWS::EC2::VPC").Single();
            var igw = t.OfType("AWS::EC2::InternetGateway").Single();
            var attachment = t.OfType("AWS::EC2::VPCGatewayAttachment").Single();
            Assert.Equal(vpcId, CfnTemplate.RefOf(t.Props(attachment)["VpcId"]));
            Assert.Equal(igw, CfnTemplate.RefOf(t.Props(attachment)["InternetGatewayId"]));
            Assert.True(t.Props(vpcId)["EnableDnsSupport"].GetValue<bool>());
            Assert.True(t.Props(vpcId)["EnableDnsHostnames"].GetValue<bool>());

            var subnets = t.OfType("AWS::EC2::Subnet").ToList();
            Assert.Equal(2 * zones, subnets.Count);
            var publicSubnets = subnets.Where(s => t.Props(s)["MapPublicIpOnLaunch"].GetValue<bool>()).ToList();
            var privateSubnets = subnets.Except(publicSubnets).ToList();
            Assert.Equal(zones, publicSubnets.Count);
            Assert.Equal(plan.Zones.Select(z => z.AvailabilityZone), publicSubnets.Select(s => CfnTemplate.Str(t.Props(s)["AvailabilityZone"])));
            Assert.Equal(plan.Zones.Select(z => z.AvailabilityZone), privateSubnets.Select(s => CfnTemplate.Str(t.Props(s)["AvailabilityZone"])));
            foreach (var s in subnets) Assert.Equal(vpcId, CfnTemplate.RefOf(t.Props(s)["VpcId"]));

            string AzOf(string subnet) => CfnTemplate.Str(t.Props(subnet)["AvailabilityZone"]);

            foreach (var subnet in publicSubnets)
            {
                var table = Assert.Single(t.RouteTablesOf(subnet));
                Assert.Equal("AWS::EC2::RouteTable", t.TypeOf(table));
                var route = Assert.Single(t.DefaultRoutesIn(table));
                Assert.Equal(igw, CfnTemplate.RefOf(t.Props(route)["GatewayId"]));
                Assert.Contains(attachment, t.DependsOn(route));
            }

            var nats = t.OfType("AWS::EC2::NatGateway").ToList();
            Assert.Equal(nat == NatGatewayMode.Single ? 1 : nat == NatGatewayMode.PerAz ? zones : 0, nats.Count);
            Assert.Equal(nats.Count, t.OfType("AWS::EC2::EIP").Count());
            foreach (var n in nats)
            {
                var natSubnet = CfnTemplate.RefOf(t.Props(n)["SubnetId"]);
                Assert.Contains(natSubnet, publicSubnets);
                var eip = CfnTemplate.GetAttOf(t.Props(n)["AllocationId"]);
                Assert.Equal("AWS::EC2::EIP", t.TypeOf(eip));
                Assert.Equal("vpc", CfnTemplate.Str(t.Props(eip)["Domain"]));
                Assert.Contains(attachment, t.DependsOn(eip));
            }
            if (nat == NatGatewayMode.Single)
                Assert.Equal(publicSubnets[0], CfnTemplate.RefOf(t.Props(nats[0])["SubnetId"]));

            var privateTables = new List<string>();
            foreach (var subnet in privateSubnets)
            {
                var table = Assert.Single(t.RouteTablesOf(subnet));
                privateTables.Add(table);
                Assert.DoesNotContain(table, publicSubnets.SelectMany(t.RouteTablesOf));
                var defaults = t.DefaultRoutesIn(table).ToList();
                if (nat == NatGatewayMode.None)
                {
                    Assert.Empty(defaults);
                    continue;
                }
                var route = Assert.Single(defaults);
                Assert.Null(t.Props(route)["GatewayId"]);
                var natId = CfnTemplate.RefOf(t.Props(route)["NatGatewayId"]);
                Assert.Equal("AWS::EC2::NatGateway", t.TypeOf(natId));
                var natAz = AzOf(CfnTemplate.RefOf(t.Props(natId)["SubnetId"]));
                Assert.Equal(nat == NatGatewayMode.PerAz ? AzOf(subnet) : plan.Zones[0].AvailabilityZone, natAz);
            }
            Assert.Equal(zones, privateTables.Distinct().Count());
            // Every route table in the template is used by some subnet.
            Assert.Equal(t.OfType("AWS::EC2::RouteTable").OrderBy(x => x),
                subnets.SelectMany(t.RouteTablesOf).Distinct().OrderBy(x => x));
        }

        [Theory]
        [MemberData(nameof(Matrix))]
        public void Cidrs_do_not_overlap_and_lie_within_the_vpc(NatGatewayMode nat, int zones, bool endpoints)
        {
            var (plan, t) = Build(nat, zones, endpoints, cidr: "10.42.0.0/20");
            var vpc = Ipv4Cidr.Parse(CfnTemplate.Str(t.Props("Vpc")["CidrBlock"]));
            Assert.Equal(plan.VpcCidr, vpc);
            var blocks = t.OfType("AWS::EC2::Subnet").Select(s => Ipv4Cidr.Parse(CfnTemplate.Str(t.Props(s)["CidrBlock"]))).ToList();
            foreach (var b in blocks) Assert.True(vpc.Contains(b), b + " outside " + vpc);
            for (int i = 0; i < blocks.Count; i++)
                for (int j = i + 1; j < blocks.Count; j++)
                    Assert.False(blocks[i].Overlaps(blocks[j]), blocks[i] + " overlaps " + blocks[j]);
        }

        private static IEnumerable<(string Group, JsonObject Rule)> IngressRules(CfnTemplate t) =>
            t.OfType("AWS::EC2::SecurityGroup").SelectMany(g => t.Props(g)["SecurityGroupIngress"].AsArray().Select(r => (g, r.AsObject())));

        [Theory]
        [MemberData(nameof(Matrix))]
        public void No_ingress_from_anywhere_unless_asked(NatGatewayMode nat, int zones, bool endpoints)
        {
            var (plan, t) = Build(nat, zones, endpoints);
            Assert.Empty(t.OfType("AWS::EC2::SecurityGroupIngress"));
            Assert.DoesNotContain("SshSecurityGroup", t.Resources.Select(p => p.Key));
            foreach (var (group, rule) in IngressRules(t))
            {
                Assert.Equal(plan.VpcCidr.ToString(), CfnTemplate.Str(rule["CidrIp"]));
                Assert.Null(rule["CidrIpv6"]);
                Assert.NotEqual(22, rule["FromPort"].GetValue<int>());
            }
            Assert.DoesNotContain("0.0.0.0/0\"", t.Json.Replace("\"DestinationCidrBlock\": \"0.0.0.0/0\"", string.Empty));
            Assert.DoesNotContain("::/0", t.Json);
        }

        [Fact]
        public void Storage_group_opens_nfs_and_lustre_to_the_vpc_only()
        {
            var (plan, t) = Build(NatGatewayMode.Single, 2, false);
            var rules = t.Props("StorageSecurityGroup")["SecurityGroupIngress"].AsArray()
                .Select(r => (CfnTemplate.Str(r["IpProtocol"]), r["FromPort"].GetValue<int>(), r["ToPort"].GetValue<int>(), CfnTemplate.Str(r["CidrIp"])))
                .OrderBy(x => x.Item2).ToList();
            var vpc = plan.VpcCidr.ToString();
            Assert.Equal(new[] { ("tcp", 988, 988, vpc), ("tcp", 1018, 1023, vpc), ("tcp", 2049, 2049, vpc) }, rules);
            Assert.Equal("Vpc", CfnTemplate.RefOf(t.Props("StorageSecurityGroup")["VpcId"]));
        }

        [Theory]
        [InlineData("203.0.113.0/24")]
        [InlineData("203.0.113.0/24,198.51.100.7/32")]
        [InlineData("0.0.0.0/0")]
        public void Ssh_group_allows_exactly_the_requested_sources(string joined)
        {
            var sources = joined.Split(',');
            var (_, t) = Build(NatGatewayMode.Single, 2, false, sources);
            var rules = t.Props("SshSecurityGroup")["SecurityGroupIngress"].AsArray();
            Assert.Equal(sources, rules.Select(r => CfnTemplate.Str(r["CidrIp"])));
            foreach (var r in rules)
            {
                Assert.Equal("tcp", CfnTemplate.Str(r["IpProtocol"]));
                Assert.Equal(22, r["FromPort"].GetValue<int>());
                Assert.Equal(22, r["ToPort"].GetValue<int>());
            }
            // Only the SSH group may carry a source outside the VPC.
            foreach (var (group, rule) in IngressRules(t).Where(x => x.Group != "SshSecurityGroup"))
                Assert.Equal("10.0.0.0/16", CfnTemplate.Str(rule["CidrIp"]));
            Assert.Equal("SshSecurityGroup", CfnTemplate.GetAttOf(t.Outputs["SshSecurityGroupId"]["Value"]));
        }

        [Theory]
        [MemberData(nameof(Matrix))]
        public void Every_taggable_resource_carries_the_marker_name_and_user_tags(NatGatewayMode nat, int zones, bool endpoints)
        {
            var (plan, t) = Build(nat, zones, endpoints, new[] { "203.0.113.0/24" });
            int tagged = 0;
            foreach (var pair in t.Resources)
            {
                var spec = CfnResourceSpec.Types[t.TypeOf(pair.Key)];
                var tags = t.TagsOf(pair.Key);
                if (!spec.Taggable)
                {
                    Assert.Null(t.Props(pair.Key)["Tags"]);
                    continue;
                }
                tagged++;
                Assert.Equal("hpc-net", tags[VpcTemplateBuilder.MarkerTagKey]);
                Assert.StartsWith("hpc-net", tags["Name"]);
                Assert.Equal("cfd", tags["team"]);
                Assert.Equal("42", tags["cost-center"]);
                Assert.Equal(4, tags.Count);
            }
            Assert.True(tagged >= 3 + 3 * zones);
            foreach (var zone in plan.Zones)
            {
                Assert.Equal("hpc-net-public-" + zone.AvailabilityZone, t.TagsOf("PublicSubnet" + zone.Index)["Name"]);
                Assert.Equal("hpc-net-private-" + zone.AvailabilityZone, t.TagsOf("PrivateSubnet" + zone.Index)["Name"]);
            }
        }

        [Theory]
        [MemberData(nameof(Matrix))]
        public void Outputs_are_present_and_in_zone_order(NatGatewayMode nat, int zones, bool endpoints)
        {
            var (plan, t) = Build(nat, zones, endpoints);
            foreach (var name in new[] { "VpcId", "PublicSubnetIds", "PrivateSubnetIds", "AvailabilityZones", "StorageSecurityGroupId", "VpcCidr", "NatGateway", "PrivateEndpoints", "NetworkName", "NetworkSettings" })
                Assert.True(t.Outputs.ContainsKey(name), "missing output " + name);
            Assert.Equal("Vpc", CfnTemplate.RefOf(t.Outputs["VpcId"]["Value"]));
            Assert.Equal("10.0.0.0/16", CfnTemplate.Str(t.Outputs["VpcCidr"]["Value"]));
            Assert.Equal(string.Join(",", plan.Zones.Select(z => z.AvailabilityZone)), CfnTemplate.Str(t.Outputs["AvailabilityZones"]["Value"]));
            Assert.Equal(nat.ToString(), CfnTemplate.Str(t.Outputs["NatGateway"]["Value"]));
            Assert.Equal(endpoints ? "true" : "false", CfnTemplate.Str(t.Outputs["PrivateEndpoints"]["Value"]));
            Assert.Equal("StorageSecurityGroup", CfnTemplate.GetAttOf(t.Outputs["StorageSecurityGroupId"]["Value"]));
            foreach (var kind in new[] { "Public", "Private" })
            {
                var join = t.Outputs[kind + "SubnetIds"]["Value"]["Fn::Join"].AsArray();
                Assert.Equal(",", CfnTemplate.Str(join[0]));
                var ids = join[1].AsArray().Select(CfnTemplate.RefOf).ToList();
                Assert.Equal(plan.Zones.Select(z => kind + "Subnet" + z.Index), ids);
                Assert.Equal(plan.Zones.Select(z => z.AvailabilityZone), ids.Select(id => CfnTemplate.Str(t.Props(id)["AvailabilityZone"])));
                foreach (var zone in plan.Zones)
                    Assert.Equal(kind + "Subnet" + zone.Index, CfnTemplate.RefOf(t.Outputs[kind + "Subnet" + zone.Index + "Id"]["Value"]));
            }
            Assert.Equal(10 + 2 * zones, t.Outputs.Count);
            foreach (var o in t.Outputs) Assert.Matches("^[A-Za-z0-9]+$", o.Key);
        }

        [Theory]
        [MemberData(nameof(Matrix))]
        public void Private_endpoints_exist_only_when_asked(NatGatewayMode nat, int zones, bool endpoints)
        {
            var (_, t) = Build(nat, zones, endpoints);
            var endpointIds = t.OfType("AWS::EC2::VPCEndpoint").ToList();
            if (!endpoints)
            {
                Assert.Empty(endpointIds);
                Assert.DoesNotContain("EndpointSecurityGroup", t.Resources.Select(p => p.Key));
                return;
            }
            Assert.Equal(4, endpointIds.Count);
            var byService = endpointIds.ToDictionary(id => CfnTemplate.Str(t.Props(id)["ServiceName"]["Fn::Sub"]));
            Assert.Equal(new[] { "com.amazonaws.${AWS::Region}.ec2messages", "com.amazonaws.${AWS::Region}.s3", "com.amazonaws.${AWS::Region}.ssm", "com.amazonaws.${AWS::Region}.ssmmessages" },
                byService.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
            var privateSubnets = t.OfType("AWS::EC2::Subnet").Where(s => !t.Props(s)["MapPublicIpOnLaunch"].GetValue<bool>()).OrderBy(x => x).ToList();
            var privateTables = privateSubnets.SelectMany(t.RouteTablesOf).OrderBy(x => x).ToList();
            foreach (var service in new[] { "ssm", "ssmmessages", "ec2messages" })
            {
                var p = t.Props(byService["com.amazonaws.${AWS::Region}." + service]);
                Assert.Equal("Interface", CfnTemplate.Str(p["VpcEndpointType"]));
                Assert.True(p["PrivateDnsEnabled"].GetValue<bool>());
                Assert.Equal(privateSubnets, p["SubnetIds"].AsArray().Select(CfnTemplate.RefOf).OrderBy(x => x));
                var group = Assert.Single(p["SecurityGroupIds"].AsArray().Select(CfnTemplate.Target));
                var rule = Assert.Single(t.Props(group)["SecurityGroupIngress"].AsArray());
                Assert.Equal(443, rule["FromPort"].GetValue<int>());
                Assert.Equal(443, rule["ToPort"].GetValue<int>());
                Assert.Equal("10.0.0.0/16", CfnTemplate.Str(rule["CidrIp"]));
                Assert.Null(p["RouteTableIds"]);
            }
            var s3 = t.Props(byService["com.amazonaws.${AWS::Region}.s3"]);
            Assert.Equal("Gateway", CfnTemplate.Str(s3["VpcEndpointType"]));
            Assert.Equal(privateTables, s3["RouteTableIds"].AsArray().Select(CfnTemplate.RefOf).OrderBy(x => x));
            Assert.Null(s3["SubnetIds"]);
            Assert.Null(s3["PrivateDnsEnabled"]);
        }

        [Fact]
        public void Output_is_deterministic_and_independent_of_tag_order()
        {
            var a = NetworkPlannerTests.Request(tags: new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
            var b = NetworkPlannerTests.Request(tags: new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
            var first = VpcTemplateBuilder.Build(NetworkPlanner.Plan(a));
            Assert.Equal(first, VpcTemplateBuilder.Build(NetworkPlanner.Plan(a)));
            Assert.Equal(first, VpcTemplateBuilder.Build(NetworkPlanner.Plan(b)));
            Assert.Contains("\n  \"Resources\": {", first);
            Assert.DoesNotContain("\r", first);
            Assert.EndsWith("}\n", first);
        }

        [Fact]
        public void Non_ascii_tag_values_are_written_unescaped_and_round_trip()
        {
            var request = NetworkPlannerTests.Request(tags: new Dictionary<string, string> { ["owner"] = "Zoë Müller" });
            var json = VpcTemplateBuilder.Build(NetworkPlanner.Plan(request));
            Assert.Contains("Zoë Müller", json);
            Assert.Equal("Zoë Müller", new CfnTemplate(json).TagsOf("Vpc")["owner"]);
        }

        [Fact]
        public void Large_configuration_fits_a_CreateStack_template_body()
        {
            // CreateStack accepts a TemplateBody of at most 51,200 bytes.
            var tags = Enumerable.Range(0, 10).ToDictionary(i => "tag-key-" + i, i => "a-fairly-long-tag-value-" + i);
            var plan = NetworkPlanner.Plan(NetworkPlannerTests.Request("10.0.0.0/16", 6, NatGatewayMode.PerAz, true, new[] { "203.0.113.0/24" }, tags));
            var body = VpcTemplateBuilder.BuildCompact(plan);
            Assert.True(Encoding.UTF8.GetByteCount(body) <= VpcTemplateBuilder.MaxTemplateBodyBytes, "template body is " + Encoding.UTF8.GetByteCount(body) + " bytes");
            Assert.Equal(JsonNode.Parse(VpcTemplateBuilder.Build(plan)).ToJsonString(), JsonNode.Parse(body).ToJsonString());
        }
    }
}

namespace PcHpc.Tests.Core.Network
{
    public class VpcTemplateBodySizeTests
    {
        [Fact]
        public void Template_body_over_the_inline_limit_is_rejected_with_advice()
        {
            var tags = System.Linq.Enumerable.Range(0, 48).ToDictionary(i => "tag-key-" + i + new string('k', 100), i => new string('v', 250));
            var plan = NetworkPlanner.Plan(NetworkPlannerTests.Request("10.0.0.0/16", 6, NatGatewayMode.PerAz, true, null, tags));
            var ex = Assert.Throws<PcHpc.Core.Errors.PcHpcException>(() => VpcTemplateBuilder.BuildTemplateBody(plan));
            Assert.Equal("NetworkTemplateTooLarge", ex.ErrorId);
            Assert.Contains("-Tag", ex.Message);

            var small = NetworkPlanner.Plan(NetworkPlannerTests.Request());
            Assert.Equal(VpcTemplateBuilder.BuildCompact(small), VpcTemplateBuilder.BuildTemplateBody(small));
        }
    }
}
