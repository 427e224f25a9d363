using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using PcHpc.Aws.Http;
using PcHpc.Aws.Protocols;

namespace PcHpc.Tests.Aws.OwnClient.Protocols
{
    public class SerializerTests
    {
        private static readonly ServiceModel Model = ServiceModel.Parse(@"{
  ""metadata"": {""protocol"": ""rest-json"", ""apiVersion"": ""2020-01-01""},
  ""operations"": {""Put"": {""name"": ""Put"", ""http"": {""method"": ""POST"", ""requestUri"": ""/""}, ""input"": {""shape"": ""PutIn""}}},
  ""shapes"": {
    ""PutIn"": {""type"": ""structure"", ""members"": {""Token"": {""shape"": ""S"", ""idempotencyToken"": true}, ""Name"": {""shape"": ""S""}}},
    ""S"": {""type"": ""string""}
  }
}");

        private static string Body(AwsHttpRequest r) => Encoding.UTF8.GetString(r.Body);

        [Fact]
        public void IdempotencyTokenIsFilledOnlyWhenMissingAndEnabled()
        {
            var op = Model.Operation("Put");
            var filled = RequestSerializer.Serialize(op, new Dictionary<string, object> { ["Name"] = "n" });
            var token = System.Text.Json.JsonDocument.Parse(filled.Body).RootElement.GetProperty("Token").GetString();
            Assert.True(Guid.TryParse(token, out _));

            var given = RequestSerializer.Serialize(op, new Dictionary<string, object> { ["Token"] = "mine" });
            Assert.Equal("{\"Token\":\"mine\"}", Body(given));

            var off = RequestSerializer.Serialize(op, new Dictionary<string, object> { ["Name"] = "n" }, new SerializeOptions { AutoFillIdempotencyTokens = false });
            Assert.Equal("{\"Name\":\"n\"}", Body(off));
        }

        [Fact]
        public void RequestIdComesFromBodyOrHeader()
        {
            var q = new AwsHttpResponse { Body = Encoding.UTF8.GetBytes("<X><XResult/><ResponseMetadata><RequestId>q-1</RequestId></ResponseMetadata></X>") };
            Assert.Equal("q-1", ResponseParser.RequestId("query", q));
            var j = new AwsHttpResponse();
            j.Headers["X-Amzn-RequestId"] = "j-1";
            Assert.Equal("j-1", ResponseParser.RequestId("rest-json", j));
        }

        [Theory]
        [InlineData("2026-01-02T03:04:05Z", 1767323045.0)]
        [InlineData("2026-01-02T03:04:05.250Z", 1767323045.25)]
        [InlineData("2026-01-02T04:04:05+01:00", 1767323045.0)]
        [InlineData("Fri, 02 Jan 2026 03:04:05 GMT", 1767323045.0)]
        [InlineData("1767323045", 1767323045.0)]
        public void TimestampsParseInEveryWireForm(string text, double epoch)
        {
            Assert.Equal(epoch, WireValues.ToEpoch(WireValues.ParseTimestamp(text, null)), 3);
        }

        [Fact]
        public void TimestampsFormatPerFormat()
        {
            var t = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 250, TimeSpan.Zero);
            Assert.Equal("2026-01-02T03:04:05.250Z", WireValues.FormatTimestamp(t, "iso8601"));
            Assert.Equal("1767323045.25", WireValues.FormatTimestamp(t, "unixTimestamp"));
            Assert.Equal("Fri, 02 Jan 2026 03:04:05 GMT", WireValues.FormatTimestamp(t, "rfc822"));
        }
    }
}
