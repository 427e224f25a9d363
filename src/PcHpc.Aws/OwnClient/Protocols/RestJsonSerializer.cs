using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using PcHpc.Aws.Http;

namespace PcHpc.Aws.Protocols
{
    /// <summary>The rest-json protocol (ParallelCluster API): URI labels, query string, headers and the JSON body of the remaining members.</summary>
    internal static class RestJsonSerializer
    {
        internal static AwsHttpRequest Serialize(Operation operation, IDictionary<string, object> input)
        {
            var request = new AwsHttpRequest { Method = operation.Method };
            var uri = operation.RequestUri;
            string literalQuery = null;
            var q = uri.IndexOf('?');
            if (q >= 0)
            {
                literalQuery = uri.Substring(q + 1);
                uri = uri.Substring(0, q);
            }
            var shape = operation.Input?.Shape;
            var bodyMembers = new List<Member>();
            var queryPairs = new List<KeyValuePair<string, string>>();
            var literalKeys = new HashSet<string>(StringComparer.Ordinal);
            if (!string.IsNullOrEmpty(literalQuery))
            {
                foreach (var part in literalQuery.Split('&'))
                {
                    if (part.Length == 0) continue;
                    var eq = part.IndexOf('=');
                    var k = Uri.UnescapeDataString(eq < 0 ? part : part.Substring(0, eq));
                    var v = eq < 0 ? "" : Uri.UnescapeDataString(part.Substring(eq + 1));
                    literalKeys.Add(k);
                    request.Query.Add(new KeyValuePair<string, string>(k, v));
                }
            }
            bool contentTypeSet = false;
            if (shape != null)
            {
                foreach (var m in shape.Members)
                {
                    input.TryGetValue(m.Name, out var v);
                    switch (m.Location)
                    {
                        case "uri":
                            if (v == null) continue;
                            var label = m.LocationName ?? m.Name;
                            var text = WireValues.FormatScalar(v, m, "iso8601");
                            uri = uri.Replace("{" + label + "+}", WireValues.PercentEncode(text, "/"));
                            uri = uri.Replace("{" + label + "}", WireValues.PercentEncode(text));
                            break;
                        case "querystring":
                            if (v == null) continue;
                            AddQuery(queryPairs, m, v, literalKeys);
                            break;
                        case "header":
                            if (v == null) continue;
                            var hv = HeaderValue(m, v);
                            if (hv == null) continue;
                            request.Headers.Add(new KeyValuePair<string, string>(m.LocationName ?? m.Name, hv));
                            if (string.Equals(m.LocationName, "Content-Type", StringComparison.OrdinalIgnoreCase)) contentTypeSet = true;
                            break;
                        case "headers":
                            if (v == null) continue;
                            var hp = m.LocationName ?? "";
                            foreach (var kv in WireValues.Entries(v))
                            {
                                if (kv.Value == null) continue;
                                request.Headers.Add(new KeyValuePair<string, string>(hp + kv.Key, Convert.ToString(kv.Value, CultureInfo.InvariantCulture)));
                            }
                            break;
                        case "statusCode":
                            break;
                        default:
                            bodyMembers.Add(m);
                            break;
                    }
                }
            }
            request.Query.AddRange(queryPairs);
            request.Path = uri;

            // body
            var payloadName = shape?.Payload;
            if (payloadName != null)
            {
                var pm = shape.FindMember(payloadName);
                input.TryGetValue(payloadName, out var pv);
                var type = pm.Shape.Type;
                if (type == "blob" || type == "string")
                {
                    if (pv != null)
                    {
                        request.Body = type == "blob" ? WireValues.ToBytes(pv) : Encoding.UTF8.GetBytes(Convert.ToString(pv, CultureInfo.InvariantCulture));
                        if (!contentTypeSet) request.SetHeader("Content-Type", type == "blob" ? "application/octet-stream" : "text/plain");
                    }
                }
                else
                {
                    request.Body = pv != null ? JsonBodyWriter.WriteJson(w => JsonBodyWriter.JsonValue(w, pv, pm)) : Encoding.UTF8.GetBytes("{}");
                    if (!contentTypeSet) request.SetHeader("Content-Type", "application/json");
                }
            }
            else if (bodyMembers.Count > 0)
            {
                var any = bodyMembers.Any(m => input.TryGetValue(m.Name, out var v) && v != null);
                request.Body = any ? JsonBodyWriter.WriteJson(w => JsonBodyWriter.JsonStructure(w, input, shape, bodyMembers)) : Encoding.UTF8.GetBytes("{}");
                if (!contentTypeSet) request.SetHeader("Content-Type", "application/json");
            }
            return request;
        }

        private static void AddQuery(List<KeyValuePair<string, string>> pairs, Member m, object v, HashSet<string> literalKeys)
        {
            var name = m.LocationName ?? m.Name;
            var shape = m.Shape;
            if (shape.Type == "list")
            {
                if (literalKeys.Contains(name)) return;
                var joinWith = ServiceModel.Str(m.Raw, "joinWith"); // PcHpc extension (OpenAPI spaceDelimited / explode=false)
                if (joinWith != null)
                {
                    var joined = string.Join(joinWith, WireValues.Items(v).Select(item => WireValues.FormatScalar(item, shape.ListMember, "iso8601")));
                    pairs.Add(new KeyValuePair<string, string>(name, joined));
                    return;
                }
                foreach (var item in WireValues.Items(v))
                    pairs.Add(new KeyValuePair<string, string>(name, WireValues.FormatScalar(item, shape.ListMember, "iso8601")));
            }
            else if (shape.Type == "map")
            {
                foreach (var kv in WireValues.Entries(v))
                {
                    if (literalKeys.Contains(kv.Key) || pairs.Any(p => p.Key == kv.Key)) continue;
                    if (shape.MapValue.Shape.Type == "list")
                    {
                        foreach (var item in WireValues.Items(kv.Value))
                            pairs.Add(new KeyValuePair<string, string>(kv.Key, WireValues.FormatScalar(item, shape.MapValue.Shape.ListMember, "iso8601")));
                    }
                    else pairs.Add(new KeyValuePair<string, string>(kv.Key, WireValues.FormatScalar(kv.Value, shape.MapValue, "iso8601")));
                }
            }
            else
            {
                if (literalKeys.Contains(name)) return;
                pairs.RemoveAll(p => p.Key == name); // a named member wins over a map entry with the same key
                pairs.Add(new KeyValuePair<string, string>(name, WireValues.FormatScalar(v, m, "iso8601")));
            }
        }

        private static string HeaderValue(Member m, object v)
        {
            var shape = m.Shape;
            if (shape.Type == "list")
            {
                var parts = new List<string>();
                foreach (var item in WireValues.Items(v))
                {
                    if (item == null) continue;
                    var s = HeaderScalar(shape.ListMember, item);
                    if (shape.ListMember.Type == "string" && (s.IndexOf(',') >= 0 || s.IndexOf('"') >= 0))
                        s = "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
                    parts.Add(s);
                }
                return string.Join(", ", parts);
            }
            if (m.JsonValue)
            {
                return Convert.ToBase64String(JsonBodyWriter.WriteJson(w => JsonBodyWriter.JsonAny(w, v)));
            }
            return HeaderScalar(m, v);
        }

        private static string HeaderScalar(Member m, object v) => WireValues.FormatScalar(v, m, "rfc822");
    }
}
