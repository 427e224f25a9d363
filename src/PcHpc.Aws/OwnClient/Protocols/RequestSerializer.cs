using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using PcHpc.Aws.Http;

namespace PcHpc.Aws.Protocols
{
    /// <summary>Options for serializing a request.</summary>
    public sealed class SerializeOptions
    {
        /// <summary>Fill idempotency-token members the caller left out with a new GUID (what the AWS SDKs do).</summary>
        public bool AutoFillIdempotencyTokens { get; set; } = true;
    }

    /// <summary>
    /// Turns an operation's input value tree (Dictionary&lt;string, object&gt;, List&lt;object&gt;, string, bool, numbers,
    /// DateTime/DateTimeOffset, byte[]) into an <see cref="AwsHttpRequest"/> for the model's wire protocol
    /// (query for CloudFormation: <see cref="QuerySerializer"/>; rest-json for the ParallelCluster API: <see cref="RestJsonSerializer"/>).
    /// </summary>
    public static class RequestSerializer
    {
        public static AwsHttpRequest Serialize(Operation operation, IDictionary<string, object> input, SerializeOptions options = null)
        {
            options = options ?? new SerializeOptions();
            input = input ?? new Dictionary<string, object>();
            if (options.AutoFillIdempotencyTokens && operation.Input != null)
            {
                input = FillTokens(operation.Input.Shape, input);
            }
            AwsHttpRequest request;
            switch (operation.Model.Protocol)
            {
                case "query":
                    request = QuerySerializer.Serialize(operation, input);
                    break;
                case "rest-json":
                    request = RestJsonSerializer.Serialize(operation, input);
                    break;
                default:
                    throw new NotSupportedException($"Protocol '{operation.Model.Protocol}' is not supported.");
            }
            request.HostPrefix = ExpandHostPrefix(operation, input);
            return request;
        }

        private static IDictionary<string, object> FillTokens(Shape shape, IDictionary<string, object> input)
        {
            Dictionary<string, object> copy = null;
            foreach (var m in shape.Members)
            {
                if (m.IdempotencyToken && (!input.TryGetValue(m.Name, out var v) || v == null))
                {
                    copy = copy ?? new Dictionary<string, object>(input);
                    copy[m.Name] = Guid.NewGuid().ToString();
                }
            }
            return copy ?? input;
        }

        private static string ExpandHostPrefix(Operation operation, IDictionary<string, object> input)
        {
            var prefix = operation.HostPrefix;
            if (prefix == null) return null;
            if (operation.Input != null)
            {
                foreach (var m in operation.Input.Shape.Members)
                {
                    if (!m.HostLabel) continue;
                    var token = "{" + m.Name + "}";
                    if (prefix.Contains(token))
                    {
                        if (!input.TryGetValue(m.Name, out var v) || v == null || (v is string s && s.Length == 0))
                            throw new ArgumentException($"Host label '{m.Name}' must be set.");
                        prefix = prefix.Replace(token, Convert.ToString(v, CultureInfo.InvariantCulture));
                    }
                }
            }
            return prefix;
        }
    }
}
