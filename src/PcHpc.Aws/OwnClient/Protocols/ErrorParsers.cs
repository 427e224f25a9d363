using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using PcHpc.Aws.Http;

namespace PcHpc.Aws.Protocols
{
    /// <summary>The error parser for a protocol name (query, rest-json).</summary>
    public static class ProtocolErrorParsers
    {
        public static IProtocolErrorParser For(string protocol)
        {
            switch (protocol)
            {
                case "query": return new QueryErrorParser();
                case "rest-json": return new RestJsonErrorParser();
                default: throw new NotSupportedException($"Protocol '{protocol}' is not supported.");
            }
        }

        internal static string Body(AwsHttpResponse r) => r.Body == null ? "" : Encoding.UTF8.GetString(r.Body);

        internal static string Header(AwsHttpResponse r, string name) => r.Headers.TryGetValue(name, out var v) ? v : null;

        internal static XElement Child(XElement e, string name) => e?.Elements().FirstOrDefault(x => x.Name.LocalName == name);

        /// <summary>Strips a json error type down to its code: "ns#Code:http://uri" → "Code".</summary>
        public static string SanitizeErrorCode(string raw)
        {
            if (string.IsNullOrEmpty(raw)) return raw;
            var code = raw;
            var colon = code.IndexOf(':');
            if (colon >= 0) code = code.Substring(0, colon);
            var hash = code.LastIndexOf('#');
            if (hash >= 0) code = code.Substring(hash + 1);
            return code.Trim();
        }

        internal static AwsServiceError Fallback(AwsHttpResponse r, string code = null) => new AwsServiceError
        {
            StatusCode = r.StatusCode,
            Code = code ?? ("Http" + r.StatusCode),
            Message = null,
            RequestId = Header(r, "x-amzn-RequestId") ?? Header(r, "x-amz-request-id"),
            RawBody = Body(r),
        };

        /// <summary>The element under which an XML error's fields sit (for parsing error shape members).</summary>
        internal static XElement XmlErrorNode(AwsHttpResponse r)
        {
            XElement root;
            try { root = ResponseParser.LoadXml(r.Body); } catch (System.Xml.XmlException) { return null; }
            if (root == null) return null;
            if (root.Name.LocalName == "Response") return Child(Child(root, "Errors"), "Error");
            if (root.Name.LocalName == "ErrorResponse") return Child(root, "Error");
            return root.Name.LocalName == "Error" ? root : null;
        }
    }

    /// <summary>Query (CloudFormation): &lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;.</summary>
    public sealed class QueryErrorParser : IProtocolErrorParser
    {
        public AwsServiceError Parse(AwsHttpResponse response)
        {
            XElement root;
            try { root = ResponseParser.LoadXml(response.Body); }
            catch (System.Xml.XmlException) { return ProtocolErrorParsers.Fallback(response); }
            var error = root?.Name.LocalName == "Error" ? root : ProtocolErrorParsers.Child(root, "Error");
            if (error == null) return ProtocolErrorParsers.Fallback(response);
            return new AwsServiceError
            {
                StatusCode = response.StatusCode,
                Code = ProtocolErrorParsers.Child(error, "Code")?.Value,
                Message = ProtocolErrorParsers.Child(error, "Message")?.Value,
                RequestId = ProtocolErrorParsers.Child(root, "RequestId")?.Value ?? ProtocolErrorParsers.Header(response, "x-amzn-RequestId"),
                RawBody = ProtocolErrorParsers.Body(response),
            };
        }
    }

    /// <summary>REST-JSON (ParallelCluster): x-amzn-ErrorType header, else body code/__type; message/Message.</summary>
    public sealed class RestJsonErrorParser : IProtocolErrorParser
    {
        public AwsServiceError Parse(AwsHttpResponse response) => JsonErrors.Parse(response, preferHeader: true);
    }

    internal static class JsonErrors
    {
        public static AwsServiceError Parse(AwsHttpResponse response, bool preferHeader)
        {
            var error = new AwsServiceError
            {
                StatusCode = response.StatusCode,
                RequestId = ProtocolErrorParsers.Header(response, "x-amzn-RequestId"),
                RawBody = ProtocolErrorParsers.Body(response),
            };
            string bodyCode = null;
            try
            {
                if (error.RawBody.Trim().Length > 0)
                {
                    using (var doc = JsonDocument.Parse(error.RawBody))
                    {
                        var root = doc.RootElement;
                        if (root.ValueKind == JsonValueKind.Object)
                        {
                            bodyCode = Str(root, "__type") ?? Str(root, "code") ?? Str(root, "Code");
                            error.Message = Str(root, "message") ?? Str(root, "Message") ?? Str(root, "errorMessage");
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // not JSON (e.g. a proxy's HTML page): keep the raw body
            }
            var headerCode = ProtocolErrorParsers.Header(response, "x-amzn-ErrorType");
            var raw = preferHeader ? (headerCode ?? bodyCode) : (bodyCode ?? headerCode);
            error.Code = ProtocolErrorParsers.SanitizeErrorCode(raw) ?? ("Http" + response.StatusCode);
            return error;
        }

        private static string Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    /// <summary>Parses the members of a modeled error shape (the fields next to code and message).</summary>
    public static class ErrorShapeParser
    {
        public static Dictionary<string, object> ParseMembers(Operation operation, AwsServiceError error, AwsHttpResponse response)
        {
            var member = operation.Errors.FirstOrDefault(e => e.Shape.ErrorCode == error.Code || e.ShapeName == error.Code);
            var result = new Dictionary<string, object>();
            if (member != null)
            {
                var shape = member.Shape;
                switch (operation.Model.Protocol)
                {
                    case "query":
                        var node = ProtocolErrorParsers.XmlErrorNode(response);
                        if (node != null) result = ResponseParser.XmlStructure(node, shape);
                        break;
                    default:
                        try { result = ResponseParser.ParseJsonBody(shape, response.Body) ?? result; } catch (JsonException) { }
                        if (operation.Model.Protocol == "rest-json") ResponseParser.ParseRestLocations(shape, response, result);
                        break;
                }
            }
            if (error.Message != null && !result.ContainsKey("Message") && !result.ContainsKey("message")) result["Message"] = error.Message;
            return result;
        }
    }
}
