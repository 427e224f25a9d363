using System.Text;
using PcHpc.Aws.Http;
using PcHpc.Aws.Protocols;

namespace PcHpc.Tests.Protocols
{
    public class ErrorParserTests
    {
        private static AwsHttpResponse R(int status, string body, params (string k, string v)[] headers)
        {
            var r = new AwsHttpResponse { StatusCode = status, Body = Encoding.UTF8.GetBytes(body) };
            foreach (var (k, v) in headers) r.Headers[k] = v;
            return r;
        }

        [Fact]
        public void Ec2ErrorHasCodeMessageAndRequestId()
        {
            var e = ProtocolErrorParsers.For("ec2").Parse(R(400,
                "<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID 'vpc-1' does not exist</Message></Error></Errors><RequestID>ec2-req</RequestID></Response>"));
            Assert.Equal("InvalidVpcID.NotFound", e.Code);
            Assert.Equal("The vpc ID 'vpc-1' does not exist", e.Message);
            Assert.Equal("ec2-req", e.RequestId);
        }

        [Fact]
        public void QueryErrorHasCodeMessageAndRequestId()
        {
            var e = ProtocolErrorParsers.For("query").Parse(R(400,
                "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id x does not exist</Message></Error><RequestId>cf-req</RequestId></ErrorResponse>"));
            Assert.Equal("ValidationError", e.Code);
            Assert.Equal("Stack with id x does not exist", e.Message);
            Assert.Equal("cf-req", e.RequestId);
        }

        [Theory]
        [InlineData("com.amazonaws.ssm#InvalidInstanceId", "InvalidInstanceId")]
        [InlineData("InvalidInstanceId:http://internal.amazon.com/coral/com.amazon.coral.validate/", "InvalidInstanceId")]
        [InlineData("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError")]
        [InlineData("ThrottlingException", "ThrottlingException")]
        public void JsonErrorTypeIsSanitized(string type, string code)
        {
            var e = ProtocolErrorParsers.For("json").Parse(R(400, "{\"__type\":\"" + type + "\",\"message\":\"bad id\"}", ("x-amzn-RequestId", "ssm-req")));
            Assert.Equal(code, e.Code);
            Assert.Equal("bad id", e.Message);
            Assert.Equal("ssm-req", e.RequestId);
        }

        [Fact]
        public void JsonErrorReadsCapitalMessage()
        {
            var e = ProtocolErrorParsers.For("json").Parse(R(400, "{\"__type\":\"X\",\"Message\":\"Hi\"}"));
            Assert.Equal("Hi", e.Message);
        }

        [Fact]
        public void RestJsonFallsBackToBodyCode()
        {
            var e = ProtocolErrorParsers.For("rest-json").Parse(R(400, "{\"code\":\"BadRequestException\",\"message\":\"Bad\"}"));
            Assert.Equal("BadRequestException", e.Code);
            Assert.Equal("Bad", e.Message);
        }

        [Fact]
        public void NonXmlOrNonJsonBodiesStillGiveAnError()
        {
            var x = ProtocolErrorParsers.For("query").Parse(R(503, "<html>Service Unavailable"));
            Assert.Equal("Http503", x.Code);
            var j = ProtocolErrorParsers.For("json").Parse(R(502, "Bad Gateway"));
            Assert.Equal("Http502", j.Code);
            Assert.Equal("Bad Gateway", j.RawBody);
        }
    }
}
