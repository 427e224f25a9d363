using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using PcHpc.Aws.Http;

namespace PcHpc.Aws.Protocols
{
    /// <summary>
    /// Parses a successful response into a value tree guided by the operation's output shape:
    /// Dictionary&lt;string, object&gt; (structures, maps), List&lt;object&gt;, string, bool, long, double,
    /// DateTimeOffset (UTC), byte[]; jsonvalue members and documents become plain value trees.
    /// </summary>
    public static class ResponseParser
    {
        public static Dictionary<string, object> Parse(Operation operation, AwsHttpResponse response)
        {
            var shape = operation.Output?.Shape;
            switch (operation.Model.Protocol)
            {
                case "query":
                    return ParseXmlBody(shape, response.Body, operation.ResultWrapper ?? operation.Name + "Result");
                case "rest-json":
                    return shape == null ? new Dictionary<string, object>() : ParseRest(shape, response);
                default:
                    throw new NotSupportedException($"Protocol '{operation.Model.Protocol}' is not supported.");
            }
        }

        /// <summary>The request id of a response: query ResponseMetadata/RequestId, else the x-amzn-RequestId header.</summary>
        public static string RequestId(string protocol, AwsHttpResponse response)
        {
            if (protocol == "query")
            {
                try
                {
                    var root = LoadXml(response.Body);
                    var meta = root?.Elements().FirstOrDefault(e => e.Name.LocalName == "ResponseMetadata");
                    var id = meta?.Elements().FirstOrDefault(e => e.Name.LocalName == "RequestId")
                             ?? root?.Elements().FirstOrDefault(e => e.Name.LocalName == "requestId" || e.Name.LocalName == "RequestId" || e.Name.LocalName == "RequestID");
                    if (id != null) return id.Value;
                }
                catch (System.Xml.XmlException)
                {
                    // fall through to the header
                }
            }
            return response.Headers.TryGetValue("x-amzn-RequestId", out var h) ? h
                 : response.Headers.TryGetValue("x-amz-request-id", out var h2) ? h2 : null;
        }

        // ---------------------------------------------------------------- XML (query)

        internal static XElement LoadXml(byte[] body)
        {
            if (body == null || body.Length == 0) return null;
            var text = Encoding.UTF8.GetString(body).TrimStart('\uFEFF');
            if (text.Trim().Length == 0) return null;
            return XDocument.Parse(text, LoadOptions.PreserveWhitespace).Root;
        }

        private static Dictionary<string, object> ParseXmlBody(Shape shape, byte[] body, string resultWrapper)
        {
            var result = new Dictionary<string, object>();
            var root = LoadXml(body);
            if (root == null || shape == null) return result;
            var node = root;
            if (resultWrapper != null)
            {
                node = root.Elements().FirstOrDefault(e => e.Name.LocalName == resultWrapper);
                if (node == null) return result;
            }
            return XmlStructure(node, shape);
        }

        internal static Dictionary<string, object> XmlStructure(XElement node, Shape shape)
        {
            var result = new Dictionary<string, object>();
            var children = node.Elements().GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var m in shape.Members)
            {
                if (m.XmlAttribute)
                {
                    var attr = node.Attributes().FirstOrDefault(a => a.Name.LocalName == (m.LocationName ?? m.Name) || a.Name.ToString() == m.LocationName);
                    if (attr != null) result[m.Name] = XmlScalar(attr.Value, m);
                    continue;
                }
                var name = XmlMemberName(m);
                if (!children.TryGetValue(name, out var nodes)) continue;
                if (m.Shape.Type == "list" && m.Flattened)
                    result[m.Name] = nodes.Select(n => XmlValue(n, m.Shape.ListMember)).ToList();
                else if (m.Shape.Type == "map" && m.Flattened)
                    result[m.Name] = XmlMapEntries(nodes, m.Shape);
                else
                    result[m.Name] = XmlValue(nodes[0], m);
            }
            return result;
        }

        private static string XmlMemberName(Member m)
        {
            if (m.Shape.Type == "list" && m.Flattened)
            {
                var n = m.Shape.ListMember.LocationName;
                if (n != null) return n;
            }
            return m.LocationName ?? m.Name;
        }

        private static object XmlValue(XElement node, Member member)
        {
            var shape = member.Shape;
            switch (shape.Type)
            {
                case "structure":
                    return XmlStructure(node, shape);
                case "list":
                    var itemName = shape.ListMember.LocationName ?? "member";
                    return node.Elements().Where(e => e.Name.LocalName == itemName).Select(e => XmlValue(e, shape.ListMember)).ToList();
                case "map":
                    return XmlMapEntries(node.Elements().Where(e => e.Name.LocalName == "entry"), shape);
                default:
                    return XmlScalar(node.Value, member);
            }
        }

        private static Dictionary<string, object> XmlMapEntries(IEnumerable<XElement> entries, Shape map)
        {
            var keyName = map.MapKey.LocationName ?? "key";
            var valueName = map.MapValue.LocationName ?? "value";
            var d = new Dictionary<string, object>();
            foreach (var e in entries)
            {
                var k = e.Elements().FirstOrDefault(x => x.Name.LocalName == keyName);
                var v = e.Elements().FirstOrDefault(x => x.Name.LocalName == valueName);
                if (k == null) continue;
                d[k.Value] = v == null ? null : XmlValue(v, map.MapValue);
            }
            return d;
        }

        private static object XmlScalar(string text, Member member)
        {
            switch (member.Shape.Type)
            {
                case "boolean": return string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase);
                case "integer": case "long": case "short": case "byte": case "biginteger":
                    return long.Parse(text.Trim(), CultureInfo.InvariantCulture);
                case "float": case "double": case "bigdecimal":
                    return WireValues.ParseDouble(text.Trim());
                case "timestamp": return WireValues.ParseTimestamp(text, member.TimestampFormat);
                case "blob": return Convert.FromBase64String(text.Trim());
                default: return text;
            }
        }

        // ---------------------------------------------------------------- JSON (json, rest-json)

        internal static Dictionary<string, object> ParseJsonBody(Shape shape, byte[] body)
        {
            if (body == null || body.Length == 0) return null;
            var text = Encoding.UTF8.GetString(body);
            if (text.Trim().Length == 0) return null;
            using (var doc = JsonDocument.Parse(text))
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
                return JsonStructure(doc.RootElement, shape);
            }
        }

        private static Dictionary<string, object> JsonStructure(JsonElement e, Shape shape)
        {
            var result = new Dictionary<string, object>();
            foreach (var m in shape.Members)
            {
                if (m.Location != null) continue;
                if (!e.TryGetProperty(m.LocationName ?? m.Name, out var v) || v.ValueKind == JsonValueKind.Null)
                {
                    var found = false;
                    foreach (var alias in m.Aliases)
                    {
                        if (e.TryGetProperty(alias, out v) && v.ValueKind != JsonValueKind.Null) { found = true; break; }
                    }
                    if (!found) continue;
                }
                result[m.Name] = JsonValue(v, m);
            }
            return result;
        }

        internal static object JsonValue(JsonElement e, Member member)
        {
            if (e.ValueKind == JsonValueKind.Null) return null;
            var shape = member.Shape;
            if (shape.IsDocument) return Any(e);
            switch (shape.Type)
            {
                case "structure":
                    return JsonStructure(e, shape);
                case "list":
                    var list = new List<object>();
                    foreach (var item in e.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.Null) continue;
                        list.Add(JsonValue(item, shape.ListMember));
                    }
                    return list;
                case "map":
                    var map = new Dictionary<string, object>();
                    foreach (var p in e.EnumerateObject())
                    {
                        if (p.Value.ValueKind == JsonValueKind.Null) continue;
                        map[p.Name] = JsonValue(p.Value, shape.MapValue);
                    }
                    return map;
                case "timestamp":
                    return e.ValueKind == JsonValueKind.Number
                        ? WireValues.FromEpoch(e.GetDouble())
                        : WireValues.ParseTimestamp(e.GetString(), member.TimestampFormat);
                case "blob":
                    return Convert.FromBase64String(e.GetString());
                case "boolean":
                    return e.ValueKind == JsonValueKind.String ? bool.Parse(e.GetString()) : e.GetBoolean();
                case "integer": case "long": case "short": case "byte": case "biginteger":
                    return e.ValueKind == JsonValueKind.String ? long.Parse(e.GetString(), CultureInfo.InvariantCulture) : e.GetInt64();
                case "float": case "double": case "bigdecimal":
                    return e.ValueKind == JsonValueKind.String ? WireValues.ParseDouble(e.GetString()) : e.GetDouble();
                default:
                    if (member.JsonValue && e.ValueKind == JsonValueKind.String)
                    {
                        using (var doc = JsonDocument.Parse(e.GetString())) return Any(doc.RootElement);
                    }
                    return e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText();
            }
        }

        /// <summary>Converts untyped JSON into a value tree (objects, arrays, strings, bool, long or double, null).</summary>
        public static object Any(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    var d = new Dictionary<string, object>();
                    foreach (var p in e.EnumerateObject()) d[p.Name] = Any(p.Value);
                    return d;
                case JsonValueKind.Array:
                    return e.EnumerateArray().Select(Any).ToList();
                case JsonValueKind.String: return e.GetString();
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.Number: return e.TryGetInt64(out var l) ? (object)l : e.GetDouble();
                default: return null;
            }
        }

        private static Dictionary<string, object> ParseRest(Shape shape, AwsHttpResponse response)
        {
            Dictionary<string, object> result;
            var payload = shape.Payload;
            if (payload != null)
            {
                result = new Dictionary<string, object>();
                var pm = shape.FindMember(payload);
                var type = pm.Shape.Type;
                if (type == "blob") result[pm.Name] = response.Body ?? Array.Empty<byte>();
                else if (type == "string") result[pm.Name] = Encoding.UTF8.GetString(response.Body ?? Array.Empty<byte>());
                else if (response.Body != null && response.Body.Length > 0)
                {
                    using (var doc = JsonDocument.Parse(response.Body))
                    {
                        result[pm.Name] = JsonValue(doc.RootElement, pm);
                    }
                }
            }
            else
            {
                result = ParseJsonBody(shape, response.Body) ?? new Dictionary<string, object>();
            }
            ParseRestLocations(shape, response, result);
            return result;
        }

        internal static void ParseRestLocations(Shape shape, AwsHttpResponse response, Dictionary<string, object> result)
        {
            foreach (var m in shape.Members)
            {
                switch (m.Location)
                {
                    case "statusCode":
                        result[m.Name] = (long)response.StatusCode;
                        break;
                    case "header":
                        if (response.Headers.TryGetValue(m.LocationName ?? m.Name, out var hv))
                            result[m.Name] = HeaderValue(hv, m);
                        break;
                    case "headers":
                        var prefix = m.LocationName ?? "";
                        var map = new Dictionary<string, object>();
                        foreach (var h in response.Headers)
                        {
                            if (h.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                                map[h.Key.Substring(prefix.Length)] = h.Value;
                        }
                        result[m.Name] = map;
                        break;
                }
            }
        }

        private static object HeaderValue(string text, Member m)
        {
            var shape = m.Shape;
            if (shape.Type == "list")
            {
                var items = SplitHeaderList(text, shape.ListMember.Type == "timestamp");
                return items.Select(i => HeaderScalar(i, shape.ListMember)).ToList();
            }
            if (m.JsonValue)
            {
                var json = Encoding.UTF8.GetString(Convert.FromBase64String(text));
                using (var doc = JsonDocument.Parse(json)) return Any(doc.RootElement);
            }
            return HeaderScalar(text, m);
        }

        private static object HeaderScalar(string text, Member m)
        {
            switch (m.Shape.Type)
            {
                case "timestamp": return WireValues.ParseTimestamp(text, m.TimestampFormat ?? "rfc822");
                case "boolean": return string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase);
                case "integer": case "long": case "short": case "byte": return long.Parse(text.Trim(), CultureInfo.InvariantCulture);
                case "float": case "double": return WireValues.ParseDouble(text.Trim());
                case "blob": return Convert.FromBase64String(text.Trim());
                default: return text;
            }
        }

        /// <summary>Splits a comma-separated header list, honouring double quotes; HTTP dates contain a comma, so they pair up.</summary>
        internal static List<string> SplitHeaderList(string text, bool httpDates)
        {
            var parts = new List<string>();
            if (httpDates)
            {
                var raw = text.Split(',');
                for (int i = 0; i + 1 < raw.Length; i += 2) parts.Add((raw[i] + "," + raw[i + 1]).Trim());
                return parts;
            }
            var sb = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '\\' && i + 1 < text.Length) sb.Append(text[++i]);
                    else if (c == '"') quoted = false;
                    else sb.Append(c);
                }
                else if (c == '"' && sb.ToString().Trim().Length == 0) { sb.Clear(); quoted = true; }
                else if (c == ',') { parts.Add(sb.ToString().Trim()); sb.Clear(); }
                else sb.Append(c);
            }
            parts.Add(sb.ToString().Trim());
            return parts;
        }
    }
}
