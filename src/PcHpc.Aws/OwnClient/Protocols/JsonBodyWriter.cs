using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace PcHpc.Aws.Protocols
{
    /// <summary>JSON bodies of rest-json requests: structures by their model members, free-form documents as they are.</summary>
    internal static class JsonBodyWriter
    {
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
        internal static void JsonStructure(Utf8JsonWriter w, object value, Shape shape, ICollection<Member> only)
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

        internal static void JsonValue(Utf8JsonWriter w, object value, Member member)
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
    }
}
