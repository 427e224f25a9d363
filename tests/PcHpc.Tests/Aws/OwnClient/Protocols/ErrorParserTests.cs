using System.Text;
using PcHpc.Aws.Http;
using PcHpc.Aws.Protocols;

namespace PcHpc.Tests.Aws.OwnClient.Protocols
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
        public void QueryErrorHasCodeMessageAndRequestId()
        {
            var e = ProtocolErrorParsers.For("query").Parse(R(400,
                "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id x does not exist</Message></Error><RequestId>cf-req</RequestId></ErrorResponse>"));
            Assert.Equal("ValidationError", e.Code);
            Assert.Equal("Stack with id x does not exist", e.Message);
            Assert.Equal("cf-req", e.RequestId);
        }

        [Theory]
        [InlineData("com.amazonaws.parallelcluster#NotFoundException", "NotFoundException")]
        [InlineData("InvalidInstanceId:http://internal.amazon.com/coral/com.amazon.coral.validate/", "InvalidInstanceId")]
        [InlineData("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError")]
        [InlineData("ThrottlingException", "ThrottlingException")]
        public void JsonErrorTypeIsSanitized(string type, string code)
        {
            var e = ProtocolErrorParsers.For("rest-json").Parse(R(400, "{\"__type\":\"" + type + "\",\"message\":\"bad id\"}", ("x-amzn-RequestId", "pc-req")));
            Assert.Equal(code, e.Code);
            Assert.Equal("bad id", e.Message);
            Assert.Equal("pc-req", e.RequestId);
        }

        [Fact]
        public void JsonErrorReadsCapitalMessage()
        {
            var e = ProtocolErrorParsers.For("rest-json").Parse(R(400, "{\"__type\":\"X\",\"Message\":\"Hi\"}"));
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
            var j = ProtocolErrorParsers.For("rest-json").Parse(R(502, "Bad Gateway"));
            Assert.Equal("Http502", j.Code);
            Assert.Equal("Bad Gateway", j.RawBody);
        }
    }
}
