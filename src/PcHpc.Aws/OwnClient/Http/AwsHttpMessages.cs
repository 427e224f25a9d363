using System;
using System.Collections.Generic;

namespace PcHpc.Aws.Http
{
    /// <summary>
    /// A request as a protocol serializer produces it and the signer/HTTP client send it.
    /// Path is in wire form (percent-encoded, starting with '/'); query values are raw (unencoded) pairs in order.
    /// </summary>
    public sealed class AwsHttpRequest
    {
        public string Method { get; set; } = "POST";
        public string Path { get; set; } = "/";
        public List<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();
        /// <summary>Headers to send (case preserved, order kept). Host and X-Amz-Date are added by the signer.</summary>
        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();
        public byte[] Body { get; set; } = Array.Empty<byte>();

        /// <summary>
        /// Host prefix from the operation's endpoint trait (e.g. "foo.bar."), already expanded; the HTTP client
        /// prepends it to the endpoint host. Null when the operation has none.
        /// </summary>
        public string HostPrefix { get; set; }

        public void SetHeader(string name, string value)
        {
            Headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            Headers.Add(new KeyValuePair<string, string>(name, value));
        }

        public string GetHeader(string name)
        {
            foreach (var h in Headers)
            {
                if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) return h.Value;
            }
            return null;
        }
    }

    /// <summary>A response as the HTTP client received it.</summary>
    public sealed class AwsHttpResponse
    {
        public int StatusCode { get; set; }
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public byte[] Body { get; set; } = Array.Empty<byte>();
    }

    /// <summary>An error as the service reported it (code, message, request id), parsed by the protocol's error parser.</summary>
    public sealed class AwsServiceError
    {
        public int StatusCode { get; set; }
        public string Code { get; set; }
        public string Message { get; set; }
        public string RequestId { get; set; }
        /// <summary>Extra fields of the error body (e.g. ParallelCluster's configurationValidationErrors as raw JSON).</summary>
        public string RawBody { get; set; }
    }

    /// <summary>Reads a service error out of a non-2xx response; one implementation per wire protocol.</summary>
    public interface IProtocolErrorParser
    {
        AwsServiceError Parse(AwsHttpResponse response);
    }
}
