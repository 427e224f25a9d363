using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PcHpc.Aws.Http;
using PcHpc.Aws.Protocols;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Aws.OwnClient.Protocols
{
    /// <summary>The embedded models used the way the product uses them: requests match what the AWS CLI sends, responses parse.</summary>
    public class ProductModelTests
    {
        private static Dictionary<string, object> D(params (string k, object v)[] items) => items.ToDictionary(i => i.k, i => i.v);

        private static string Body(AwsHttpRequest r) => Encoding.UTF8.GetString(r.Body);

        private static List<JsonObject> Captures() =>
            File.ReadAllLines(TestEnvironment.Shared("aws-protocol-tests/golden/aws-cli-2.9.19-captures.jsonl"))
                .Where(l => l.Trim().Length > 0).Select(l => (JsonObject)JsonNode.Parse(l)).ToList();

        private static string CapturedHeader(JsonObject capture, string name)
        {
            foreach (var h in (JsonArray)capture["headers"])
            {
                if (string.Equals((string)h[0], name, StringComparison.OrdinalIgnoreCase)) return (string)h[1];
            }
            return null;
        }

        private static void AssertMatchesCapture(JsonObject capture, AwsHttpRequest request)
        {
            Assert.Equal((string)capture["method"], request.Method);
            Assert.Equal((string)capture["path"], request.Path);
            Assert.Equal(CapturedHeader(capture, "Content-Type"), request.GetHeader("Content-Type"));
            Assert.Equal(CapturedHeader(capture, "X-Amz-Target"), request.GetHeader("X-Amz-Target"));
            var expected = (string)capture["body"];
            if (expected.StartsWith("{"))
                Assert.Null(ProtocolTestData.Diff(ProtocolTestData.ToValue(JsonNode.Parse(expected)), ProtocolTestData.ToValue(JsonNode.Parse(Body(request)))));
            else
                Assert.Equal(expected.Split('&').OrderBy(x => x), Body(request).Split('&').OrderBy(x => x));
        }

        [SharedDataFact("aws-protocol-tests/golden")]
        public void RequestsMatchAwsCliCaptures()
        {
            var captures = Captures();
            // Only CloudFormation is serialized by us; EC2, SSM and STS requests are the AWSSDK clients' (AwsCliComparisonTests).
            AssertMatchesCapture(captures[1], RequestSerializer.Serialize(ServiceModels.CloudFormation.Operation("DescribeStacks"), D(("StackName", "x"))));
        }

        [Fact]
        public void CloudFormationCreateStackUsesQueryMemberLists()
        {
            var request = RequestSerializer.Serialize(ServiceModels.CloudFormation.Operation("CreateStack"), D(
                ("StackName", "hpc-vpc"),
                ("TemplateBody", "{\"Resources\": {}}"),
                ("Parameters", new List<object> { D(("ParameterKey", "Cidr"), ("ParameterValue", "10.0.0.0/16")) }),
                ("Capabilities", new List<object> { "CAPABILITY_IAM" }),
                ("Tags", new List<object> { D(("Key", "pchpc:owner"), ("Value", "ü")) })));
            var pairs = Body(request).Split('&').Select(p => Uri.UnescapeDataString(p)).ToList();
            Assert.Contains("Action=CreateStack", pairs);
            Assert.Contains("Version=2010-05-15", pairs);
            Assert.Contains("Parameters.member.1.ParameterKey=Cidr", pairs);
            Assert.Contains("Parameters.member.1.ParameterValue=10.0.0.0/16", pairs);
            Assert.Contains("Capabilities.member.1=CAPABILITY_IAM", pairs);
            Assert.Contains("Tags.member.1.Value=ü", pairs);
            Assert.Contains("TemplateBody={\"Resources\": {}}", pairs);
            Assert.Contains("Tags.member.1.Key=pchpc%3Aowner", Body(request).Split('&'));
        }

        [Fact]
        public void CloudFormationDescribeStacksResponseParses()
        {
            var xml = @"<DescribeStacksResponse xmlns=""http://cloudformation.amazonaws.com/doc/2010-05-15/"">
  <DescribeStacksResult>
    <Stacks>
      <member>
        <StackName>hpc-vpc</StackName>
        <StackStatus>CREATE_COMPLETE</StackStatus>
        <CreationTime>2026-01-02T03:04:05.678Z</CreationTime>
        <Outputs>
          <member><OutputKey>VpcId</OutputKey><OutputValue>vpc-1</OutputValue></member>
        </Outputs>
        <Tags/>
      </member>
    </Stacks>
    <NextToken>tok</NextToken>
  </DescribeStacksResult>
  <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
</DescribeStacksResponse>";
            var parsed = ResponseParser.Parse(ServiceModels.CloudFormation.Operation("DescribeStacks"), new AwsHttpResponse { StatusCode = 200, Body = Encoding.UTF8.GetBytes(xml) });
            var stack = (Dictionary<string, object>)((List<object>)parsed["Stacks"]).Single();
            Assert.Equal("hpc-vpc", stack["StackName"]);
            Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), stack["CreationTime"]);
            Assert.Equal("vpc-1", ((Dictionary<string, object>)((List<object>)stack["Outputs"])[0])["OutputValue"]);
            Assert.Empty((List<object>)stack["Tags"]);
            Assert.Equal("tok", parsed["NextToken"]);
        }

    }
}
