using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PcHpc.FakeAws;

namespace PcHpc.Tests.Support.FakeAws
{
    public class CloudFormationFakeTests : IAsyncLifetime
    {
        private FakeAwsServer _server;
        private FakeAwsClient _client;

        internal const string NetworkTemplate = @"{
  ""Description"": ""HPC network"",
  ""Parameters"": { ""Cidr"": { ""Type"": ""String"", ""Default"": ""10.1.0.0/16"" } },
  ""Resources"": {
    ""Vpc"": { ""Type"": ""AWS::EC2::VPC"", ""Properties"": { ""CidrBlock"": { ""Ref"": ""Cidr"" }, ""Tags"": [ { ""Key"": ""Name"", ""Value"": ""hpc-vpc"" } ] } },
    ""Public"": { ""Type"": ""AWS::EC2::Subnet"", ""Properties"": { ""VpcId"": { ""Ref"": ""Vpc"" }, ""CidrBlock"": ""10.1.0.0/24"",
        ""AvailabilityZone"": { ""Fn::Select"": [ 1, { ""Fn::GetAZs"": """" } ] } } },
    ""Sg"": { ""Type"": ""AWS::EC2::SecurityGroup"", ""Properties"": { ""GroupDescription"": ""hpc"", ""VpcId"": { ""Ref"": ""Vpc"" } } }
  },
  ""Outputs"": {
    ""VpcId"": { ""Value"": { ""Ref"": ""Vpc"" } },
    ""SubnetAz"": { ""Value"": { ""Fn::GetAtt"": [ ""Public"", ""AvailabilityZone"" ] } },
    ""Joined"": { ""Value"": { ""Fn::Join"": [ "","", [ { ""Ref"": ""Public"" }, { ""Ref"": ""AWS::Region"" }, ""x"" ] ] } },
    ""Literal"": { ""Value"": ""hello"" }
  }
}";

        public async Task InitializeAsync()
        {
            _server = await FakeAwsServer.StartAsync();
            _client = new FakeAwsClient(_server);
        }

        public async Task DisposeAsync()
        {
            _client.Dispose();
            await _server.DisposeAsync();
        }

        private Task<FakeAwsClient.Reply> Create(string name, string template = NetworkTemplate, params (string, string)[] extra) =>
            _client.CfnAsync("CreateStack", new[] { ("StackName", name), ("TemplateBody", template), ("Tags.member.1.Key", "project"), ("Tags.member.1.Value", "hpc") }.Concat(extra).ToArray());

        private async Task<string> StatusOf(string name) => (await _client.CfnAsync("DescribeStacks", ("StackName", name))).Xml.V("StackStatus");

        [Fact]
        public async Task CreateStack_AnswersQueryXml_AndMovesToCreateComplete_WithEvaluatedOutputs()
        {
            var created = await Create("net1", NetworkTemplate, ("Capabilities.member.1", "CAPABILITY_IAM"));
            Assert.Equal(200, created.Status);
            var root = created.Xml;
            Assert.Equal("{http://cloudformation.amazonaws.com/doc/2010-05-15/}CreateStackResponse", root.Name.ToString());
            var stackId = root.Element(root.Name.Namespace + "CreateStackResult").Element(root.Name.Namespace + "StackId").Value;
            Assert.StartsWith("arn:aws:cloudformation:us-east-1:123456789012:stack/net1/", stackId);
            Assert.False(string.IsNullOrEmpty(root.V("RequestId")));

            Assert.Equal("CREATE_IN_PROGRESS", await StatusOf("net1"));
            var described = await _client.CfnAsync("DescribeStacks", ("StackName", "net1"));
            Assert.Equal("CREATE_COMPLETE", described.Xml.V("StackStatus"));
            var outputs = described.Xml.All("Outputs").Single().Elements().ToDictionary(m => m.V("OutputKey"), m => m.V("OutputValue"));
            Assert.StartsWith("vpc-", outputs["VpcId"]);
            Assert.Equal("us-east-1b", outputs["SubnetAz"]);
            Assert.Matches("^subnet-[0-9a-f]{17},us-east-1,x$", outputs["Joined"]);
            Assert.Equal("hello", outputs["Literal"]);
            Assert.Equal("10.1.0.0/16", described.Xml.All("Parameters").Single().V("ParameterValue"));
            Assert.Equal("CAPABILITY_IAM", described.Xml.D("Capabilities").V("member"));
            Assert.Equal("hpc", described.Xml.D("Tags").V("Value"));

            // EC2 sees the VPC, subnet and security group with the stack's tags.
            var vpcs = await _client.Ec2Async("DescribeVpcs", ("Filter.1.Name", "tag:aws:cloudformation:stack-name"), ("Filter.1.Value.1", "net1"));
            var vpc = vpcs.Xml.D("vpcSet").Elements().Single();
            Assert.Equal(outputs["VpcId"], vpc.V("vpcId"));
            Assert.Equal("10.1.0.0/16", vpc.V("cidrBlock"));
            Assert.Contains(vpc.All("item"), i => i.V("key") == "project" && i.V("value") == "hpc");
            Assert.Contains(vpc.All("item"), i => i.V("key") == "Name" && i.V("value") == "hpc-vpc");
            var subnets = await _client.Ec2Async("DescribeSubnets", ("Filter.1.Name", "vpc-id"), ("Filter.1.Value.1", outputs["VpcId"]));
            Assert.Equal("us-east-1b", subnets.Xml.D("subnetSet").Elements().Single().V("availabilityZone"));
            var groups = await _client.Ec2Async("DescribeSecurityGroups", ("Filter.1.Name", "vpc-id"), ("Filter.1.Value.1", outputs["VpcId"]));
            Assert.Equal("hpc", groups.Xml.D("securityGroupInfo").Elements().Single().V("groupDescription"));

            var resources = await _client.CfnAsync("DescribeStackResources", ("StackName", "net1"));
            Assert.Equal(new[] { "Vpc", "Public", "Sg" }, resources.Xml.All("LogicalResourceId").Select(e => e.Value));
            Assert.All(resources.Xml.All("ResourceStatus"), e => Assert.Equal("CREATE_COMPLETE", e.Value));
        }

        [Fact]
        public async Task StackEvents_ArePagedTenAtATime_NewestFirst()
        {
            await Create("net2");
            await StatusOf("net2");
            await StatusOf("net2");
            var all = new List<(string Logical, string Status)>();
            string token = null;
            int pages = 0;
            do
            {
                var p = token == null ? new[] { ("StackName", "net2") } : new[] { ("StackName", "net2"), ("NextToken", token) };
                var page = (await _client.CfnAsync("DescribeStackEvents", p)).Xml;
                var members = page.D("StackEvents").Elements().ToList();
                Assert.True(members.Count <= 10);
                all.AddRange(members.Select(m => (m.V("LogicalResourceId"), m.V("ResourceStatus"))));
                token = page.V("NextToken");
                pages++;
            } while (token != null);
            // 1 stack start + 3 per resource + 1 stack complete.
            Assert.Equal(11, all.Count);
            Assert.Equal(2, pages);
            Assert.Equal(("net2", "CREATE_COMPLETE"), all[0]);
            Assert.Equal(("net2", "CREATE_IN_PROGRESS"), all[^1]);
            Assert.Equal(3, all.Count(e => e.Status == "CREATE_COMPLETE" && e.Logical != "net2"));
        }

        [Fact]
        public async Task FailureKnob_FailsTheResource_ThenRollsBack()
        {
            _server.CloudFormation.FailResource("net3", "Public", "The requested availability zone is not available");
            await Create("net3");
            await StatusOf("net3");
            var failed = await _client.CfnAsync("DescribeStacks", ("StackName", "net3"));
            Assert.Equal("ROLLBACK_IN_PROGRESS", failed.Xml.V("StackStatus"));
            Assert.Equal("The following resource(s) failed to create: [Public]. Rollback requested by user.", failed.Xml.V("StackStatusReason"));
            await StatusOf("net3");
            Assert.Equal("ROLLBACK_COMPLETE", await StatusOf("net3"));
            var events = (await _client.CfnAsync("DescribeStackEvents", ("StackName", "net3"))).Xml.D("StackEvents").Elements().ToList();
            var failure = events.Single(e => e.V("LogicalResourceId") == "Public" && e.V("ResourceStatus") == "CREATE_FAILED");
            Assert.Equal("The requested availability zone is not available", failure.V("ResourceStatusReason"));
            var vpcs = await _client.Ec2Async("DescribeVpcs", ("Filter.1.Name", "tag:aws:cloudformation:stack-name"), ("Filter.1.Value.1", "net3"));
            Assert.Empty(vpcs.Xml.D("vpcSet").Elements());
        }

        [Fact]
        public async Task DuplicateName_IsAlreadyExists_InQueryErrorFormat()
        {
            await Create("dup");
            var again = await Create("dup");
            Assert.Equal(400, again.Status);
            var x = again.Xml;
            Assert.Equal("{http://cloudformation.amazonaws.com/doc/2010-05-15/}ErrorResponse", x.Name.ToString());
            Assert.Equal("Sender", x.V("Type"));
            Assert.Equal("AlreadyExistsException", x.V("Code"));
            Assert.Equal("Stack [dup] already exists", x.V("Message"));
            Assert.False(string.IsNullOrEmpty(x.V("RequestId")));
        }

        [Fact]
        public async Task DeleteStack_GoesThroughDeleteInProgress_ThenIsGoneByName_ButVisibleById()
        {
            var id = (await Create("gone")).Xml.V("StackId");
            await StatusOf("gone");
            await StatusOf("gone");
            var vpcId = _server.Ec2.Vpcs.Single(v => v.Tags.Any(t => t.Value == "gone")).VpcId;
            var deleted = await _client.CfnAsync("DeleteStack", ("StackName", "gone"));
            Assert.Equal(200, deleted.Status);
            Assert.Equal("DeleteStackResponse", deleted.Xml.Name.LocalName);
            Assert.Equal("DELETE_IN_PROGRESS", await StatusOf("gone"));
            Assert.Equal("DELETE_COMPLETE", await StatusOf("gone"));
            var missing = await _client.CfnAsync("DescribeStacks", ("StackName", "gone"));
            Assert.Equal(400, missing.Status);
            Assert.Equal("ValidationError", missing.Xml.V("Code"));
            Assert.Equal("Stack with id gone does not exist", missing.Xml.V("Message"));
            Assert.Equal("DELETE_COMPLETE", await StatusOf(id));
            var vpcError = await _client.Ec2Async("DescribeVpcs", ("VpcId.1", vpcId));
            Assert.Equal("InvalidVpcID.NotFound", vpcError.Xml.V("Code"));
            var listed = await _client.CfnAsync("ListStacks", ("StackStatusFilter.member.1", "DELETE_COMPLETE"));
            Assert.Equal("gone", listed.Xml.D("StackSummaries").Elements().Single().V("StackName"));
        }

        [Fact]
        public async Task UpdateStack_MovesThroughUpdateInProgress_AndRejectsNoChanges()
        {
            await Create("upd");
            await StatusOf("upd");
            await StatusOf("upd");
            var same = await _client.CfnAsync("UpdateStack", ("StackName", "upd"), ("TemplateBody", NetworkTemplate));
            Assert.Equal("No updates are to be performed.", same.Xml.V("Message"));
            var updated = await _client.CfnAsync("UpdateStack", ("StackName", "upd"), ("UsePreviousTemplate", "true"),
                ("Parameters.member.1.ParameterKey", "Cidr"), ("Parameters.member.1.ParameterValue", "10.9.0.0/16"));
            Assert.Equal(200, updated.Status);
            Assert.Equal("UPDATE_IN_PROGRESS", await StatusOf("upd"));
            Assert.Equal("UPDATE_COMPLETE", await StatusOf("upd"));
        }

        [Fact]
        public async Task YamlTemplate_WithShortFormFunctions_IsEvaluated()
        {
            const string yaml = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.7.0.0/16\nOutputs:\n  VpcId:\n    Value: !Ref Vpc\n  Cidr:\n    Value: !GetAtt Vpc.CidrBlock\n  Name:\n    Value: !Sub '${AWS::StackName}-vpc'\n";
            await Create("yaml1", yaml);
            await StatusOf("yaml1");
            var d = await _client.CfnAsync("DescribeStacks", ("StackName", "yaml1"));
            var outputs = d.Xml.All("Outputs").Single().Elements().ToDictionary(m => m.V("OutputKey"), m => m.V("OutputValue"));
            Assert.StartsWith("vpc-", outputs["VpcId"]);
            Assert.Equal("10.7.0.0/16", outputs["Cidr"]);
            Assert.Equal("yaml1-vpc", outputs["Name"]);
        }

        [Fact]
        public async Task IamResources_WithoutCapabilities_AreRejected()
        {
            const string t = @"{""Resources"":{""Role"":{""Type"":""AWS::IAM::Role"",""Properties"":{}}}}";
            var r = await Create("iam1", t);
            Assert.Equal("InsufficientCapabilitiesException", r.Xml.V("Code"));
            Assert.Equal("Requires capabilities : [CAPABILITY_IAM]", r.Xml.V("Message"));
        }

        [Fact]
        public async Task MissingAuthorization_IsRejected_AndCallsAreLoggedPerOperation()
        {
            _client.SendAuthorization = false;
            var r = await _client.CfnAsync("DescribeStacks");
            Assert.Equal(403, r.Status);
            Assert.Equal("MissingAuthenticationToken", r.Xml.V("Code"));
            _client.SendAuthorization = true;
            _client.Region = "eu-west-1";
            await _client.CfnAsync("DescribeStacks");
            await _client.CfnAsync("DescribeStacks");
            Assert.Equal(3, _server.Calls.Count("DescribeStacks"));
            var signed = _server.Calls.All.Where(c => c.AccessKey != null).ToList();
            Assert.Equal(2, signed.Count);
            Assert.All(signed, c => Assert.Equal(("cloudformation", "eu-west-1", FakeProtocol.Query), (c.Service, c.Region, c.Protocol)));
        }
    }
}
