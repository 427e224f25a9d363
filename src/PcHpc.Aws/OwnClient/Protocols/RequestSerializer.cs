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
    /// (query for CloudFormation, rest-json for the ParallelCluster API).
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
                    request = SerializeQuery(operation, input);
                    break;
                case "rest-json":
                    request = SerializeRestJson(operation, input);
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

        // ---------------------------------------------------------------- query

        private static AwsHttpRequest SerializeQuery(Operation operation, IDictionary<string, object> input)
        {
            var pairs = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("Action", operation.Name),
                new KeyValuePair<string, string>("Version", operation.Model.ApiVersion),
            };
            if (operation.Input != null) QueryStructure(pairs, input, operation.Input.Shape, "");
            var request = new AwsHttpRequest { Method = "POST", Path = "/" };
            request.SetHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
            request.Body = Encoding.UTF8.GetBytes(FormEncode(pairs));
            return request;
        }

        public static string FormEncode(IEnumerable<KeyValuePair<string, string>> pairs) =>
            string.Join("&", pairs.Select(p => WireValues.PercentEncode(p.Key) + "=" + WireValues.PercentEncode(p.Value ?? "")));

        private static void QueryValue(List<KeyValuePair<string, string>> pairs, object value, Member member, string prefix)
        {
            var shape = member.Shape;
            switch (shape.Type)
            {
                case "structure":
                    QueryStructure(pairs, value, shape, prefix);
                    break;
                case "list":
                    QueryList(pairs, value, member, prefix);
                    break;
                case "map":
                    QueryMap(pairs, value, member, prefix);
                    break;
                default:
                    pairs.Add(new KeyValuePair<string, string>(prefix, WireValues.FormatScalar(value, member, "iso8601")));
                    break;
            }
        }

        private static void QueryStructure(List<KeyValuePair<string, string>> pairs, object value, Shape shape, string prefix)
        {
            var dict = value as IDictionary<string, object> ?? WireValues.Entries(value).ToDictionary(kv => kv.Key, kv => kv.Value);
            foreach (var m in shape.Members)
            {
                if (!dict.TryGetValue(m.Name, out var v) || v == null) continue;
                var name = m.LocationName ?? m.Name;
                var p = prefix.Length == 0 ? name : prefix + "." + name;
                QueryValue(pairs, v, m, p);
            }
        }

        private static void QueryList(List<KeyValuePair<string, string>> pairs, object value, Member member, string prefix)
        {
            var items = WireValues.Items(value).ToList();
            var element = member.Shape.ListMember;
            if (items.Count == 0)
            {
                pairs.Add(new KeyValuePair<string, string>(prefix, ""));
                return;
            }
            string listPrefix;
            if (member.Flattened)
            {
                listPrefix = prefix;
                var n = element.LocationName;
                if (!string.IsNullOrEmpty(n))
                {
                    var dot = prefix.LastIndexOf('.');
                    listPrefix = dot < 0 ? n : prefix.Substring(0, dot + 1) + n;
                }
            }
            else
            {
                listPrefix = prefix + "." + (element.LocationName ?? "member");
            }
            for (int i = 0; i < items.Count; i++) QueryValue(pairs, items[i], element, listPrefix + "." + (i + 1));
        }

        private static void QueryMap(List<KeyValuePair<string, string>> pairs, object value, Member member, string prefix)
        {
            var full = member.Flattened ? prefix : prefix + ".entry";
            var key = member.Shape.MapKey;
            var val = member.Shape.MapValue;
            var keyName = key.LocationName ?? "key";
            var valName = val.LocationName ?? "value";
            int i = 1;
            foreach (var kv in WireValues.Entries(value))
            {
                QueryValue(pairs, kv.Key, key, full + "." + i + "." + keyName);
                QueryValue(pairs, kv.Value, val, full + "." + i + "." + valName);
                i++;
            }
        }

        // ---------------------------------------------------------------- json bodies (rest-json)

        internal static byte[] WriteJson(Action<Utf8JsonWriter> write)
        {
            using (var ms = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    write(w);
                }
                return ms.ToArray();
            }
        }

        /// <summary>Writes a structure; when <paramref name="only"/> is given, only those members (the body members of a REST input).</summary>
        private static void JsonStructure(Utf8JsonWriter w, object value, Shape shape, ICollection<Member> only)
        {
            w.WriteStartObject();
            var entries = value as IDictionary<string, object> ?? WireValues.Entries(value).ToDictionary(kv => kv.Key, kv => kv.Value);
            foreach (var m in only ?? (ICollection<Member>)shape.Members.ToList())
            {
                if (!entries.TryGetValue(m.Name, out var v) || v == null) continue;
                w.WritePropertyName(m.LocationName ?? m.Name);
                JsonValue(w, v, m);
            }
            w.WriteEndObject();
        }

        private static void JsonValue(Utf8JsonWriter w, object value, Member member)
        {
            var shape = member.Shape;
            if (shape.IsDocument)
            {
                JsonAny(w, value);
                return;
            }
            switch (shape.Type)
            {
                case "structure":
                    JsonStructure(w, value, shape, null);
                    break;
                case "list":
                    w.WriteStartArray();
                    foreach (var item in WireValues.Items(value))
                    {
                        if (item == null) w.WriteNullValue();
                        else JsonValue(w, item, shape.ListMember);
                    }
                    w.WriteEndArray();
                    break;
                case "map":
                    w.WriteStartObject();
                    foreach (var kv in WireValues.Entries(value))
                    {
                        w.WritePropertyName(kv.Key);
                        if (kv.Value == null) w.WriteNullValue();
                        else JsonValue(w, kv.Value, shape.MapValue);
                    }
                    w.WriteEndObject();
                    break;
                case "timestamp":
                    var fmt = member.TimestampFormat ?? "unixTimestamp";
                    if (fmt == "unixTimestamp") w.WriteRawValue(WireValues.FormatEpoch(WireValues.ToTimestamp(value)));
                    else w.WriteStringValue(WireValues.FormatTimestamp(value, fmt));
                    break;
                case "blob":
                    w.WriteStringValue(Convert.ToBase64String(WireValues.ToBytes(value)));
                    break;
                case "boolean":
                    w.WriteBooleanValue(value is bool b ? b : bool.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)));
                    break;
                case "integer": case "long": case "short": case "byte": case "biginteger":
                    w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case "float": case "double": case "bigdecimal":
                    var text = WireValues.FormatNumber(value, shape.Type == "bigdecimal" ? "double" : shape.Type);
                    if (text == "NaN" || text == "Infinity" || text == "-Infinity") w.WriteStringValue(text);
                    else w.WriteRawValue(text);
                    break;
                default:
                    if (member.JsonValue && !(value is string)) JsonAny(w, value);
                    else w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }

        /// <summary>Writes an untyped value tree (documents, jsonvalue strings).</summary>
        internal static void JsonAny(Utf8JsonWriter w, object value)
        {
            switch (value)
            {
                case null: w.WriteNullValue(); break;
                case string s: w.WriteStringValue(s); break;
                case bool b: w.WriteBooleanValue(b); break;
                case DateTimeOffset _: case DateTime _: w.WriteStringValue(WireValues.FormatTimestamp(value, "iso8601")); break;
                case byte[] bytes: w.WriteStringValue(Convert.ToBase64String(bytes)); break;
                case JsonElement je: je.WriteTo(w); break;
                case System.Collections.IDictionary _:
                case IDictionary<string, object> _:
                    w.WriteStartObject();
                    foreach (var kv in WireValues.Entries(value)) { w.WritePropertyName(kv.Key); JsonAny(w, kv.Value); }
                    w.WriteEndObject();
                    break;
                case System.Collections.IEnumerable e:
                    w.WriteStartArray();
                    foreach (var o in e) JsonAny(w, o);
                    w.WriteEndArray();
                    break;
                default:
                    if (WireValues.IsNumber(value))
                    {
                        if (value is double || value is float || value is decimal) w.WriteRawValue(WireValues.FormatNumber(value, "double"));
                        else w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    }
                    else w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }

        // ---------------------------------------------------------------- rest-json

        private static AwsHttpRequest SerializeRestJson(Operation operation, IDictionary<string, object> input)
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
                    request.Body = pv != null ? WriteJson(w => JsonValue(w, pv, pm)) : Encoding.UTF8.GetBytes("{}");
                    if (!contentTypeSet) request.SetHeader("Content-Type", "application/json");
                }
            }
            else if (bodyMembers.Count > 0)
            {
                var any = bodyMembers.Any(m => input.TryGetValue(m.Name, out var v) && v != null);
                request.Body = any ? WriteJson(w => JsonStructure(w, input, shape, bodyMembers)) : Encoding.UTF8.GetBytes("{}");
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
                return Convert.ToBase64String(WriteJson(w => JsonAny(w, v)));
            }
            return HeaderScalar(m, v);
        }

        private static string HeaderScalar(Member m, object v) => WireValues.FormatScalar(v, m, "rfc822");
    }
}
