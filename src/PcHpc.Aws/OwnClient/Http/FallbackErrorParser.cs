using System;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace PcHpc.Aws.Http
{
    /// <summary>
    /// Reads an error when the protocol's parser gives nothing (empty 5xx bodies, HTML from a proxy, ...): tries a JSON
    /// body (__type/code/message), then an XML body (Code/Message/RequestId anywhere), then headers
    /// (x-amzn-ErrorType, request id headers), and finally names the HTTP status.
    /// </summary>
    public sealed class FallbackErrorParser : IProtocolErrorParser
    {
        public static readonly FallbackErrorParser Instance = new FallbackErrorParser();

        public AwsServiceError Parse(AwsHttpResponse response)
        {
            var error = new AwsServiceError { StatusCode = response.StatusCode };
            var body = response.Body ?? Array.Empty<byte>();
            string text = null;
            try { text = Encoding.UTF8.GetString(body).Trim(); } catch (ArgumentException) { }
            if (!string.IsNullOrEmpty(text))
            {
                error.RawBody = text;
                if (text[0] == '{') TryJson(text, error);
                else if (text[0] == '<') TryXml(text, error);
            }

            if (string.IsNullOrEmpty(error.Code) && response.Headers.TryGetValue("x-amzn-ErrorType", out var errorType) && !string.IsNullOrEmpty(errorType))
            {
                error.Code = CleanCode(errorType);
            }
            if (string.IsNullOrEmpty(error.RequestId)) error.RequestId = RequestIdOf(response);
            if (string.IsNullOrEmpty(error.Code)) error.Code = StatusCodeName(response.StatusCode);
            return error;
        }

        /// <summary>The request id from the usual headers, or null.</summary>
        public static string RequestIdOf(AwsHttpResponse response)
        {
            foreach (var name in new[] { "x-amzn-RequestId", "x-amz-request-id", "x-amzn-request-id", "x-amz-id-2" })
            {
                if (response.Headers.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v)) return v;
            }
            return null;
        }

        /// <summary>"aws.protocoltests#FooError:http://..." → "FooError".</summary>
        public static string CleanCode(string code)
        {
            if (string.IsNullOrEmpty(code)) return code;
            var colon = code.IndexOf(':');
            if (colon >= 0) code = code.Substring(0, colon);
            var hash = code.LastIndexOf('#');
            if (hash >= 0) code = code.Substring(hash + 1);
            return code.Trim();
        }

        private static void TryJson(string text, AwsServiceError error)
        {
            try
            {
                using (var doc = JsonDocument.Parse(text))
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Object) return;
                    foreach (var p in doc.RootElement.EnumerateObject())
                    {
                        if (p.Value.ValueKind != JsonValueKind.String) continue;
                        var name = p.Name.ToLowerInvariant();
                        if ((name == "__type" || name == "code") && string.IsNullOrEmpty(error.Code)) error.Code = CleanCode(p.Value.GetString());
                        else if (name == "message" && string.IsNullOrEmpty(error.Message)) error.Message = p.Value.GetString();
                        else if (name == "requestid" && string.IsNullOrEmpty(error.RequestId)) error.RequestId = p.Value.GetString();
                    }
                }
            }
            catch (JsonException) { }
        }

        private static void TryXml(string text, AwsServiceError error)
        {
            try
            {
                var doc = XDocument.Parse(text);
                foreach (var e in doc.Descendants())
                {
                    if (e.HasElements) continue;
                    switch (e.Name.LocalName)
                    {
                        case "Code": if (string.IsNullOrEmpty(error.Code)) error.Code = e.Value.Trim(); break;
                        case "Message": if (string.IsNullOrEmpty(error.Message)) error.Message = e.Value.Trim(); break;
                        case "RequestId":
                        case "RequestID": if (string.IsNullOrEmpty(error.RequestId)) error.RequestId = e.Value.Trim(); break;
                    }
                }
            }
            catch (System.Xml.XmlException) { }
        }

        private static string StatusCodeName(int status)
        {
            switch (status)
            {
                case 400: return "BadRequest";
                case 401: return "Unauthorized";
                case 403: return "Forbidden";
                case 404: return "NotFound";
                case 408: return "RequestTimeout";
                case 409: return "Conflict";
                case 429: return "TooManyRequests";
                case 500: return "InternalServerError";
                case 502: return "BadGateway";
                case 503: return "ServiceUnavailable";
                case 504: return "GatewayTimeout";
                default: return "Http" + status;
            }
        }
    }
}
