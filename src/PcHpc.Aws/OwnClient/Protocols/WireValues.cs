using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PcHpc.Aws.Protocols
{
    /// <summary>Scalar conversions shared by the protocol codecs (timestamps, numbers, blobs, booleans).</summary>
    public static class WireValues
    {
        private static readonly DateTimeOffset Epoch = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public static DateTimeOffset ToTimestamp(object value)
        {
            switch (value)
            {
                case DateTimeOffset dto: return dto.ToUniversalTime();
                case DateTime dt: return new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt).ToUniversalTime();
                case string s: return ParseTimestamp(s, null);
                default:
                    if (IsNumber(value)) return FromEpoch(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    throw new ArgumentException($"Cannot use a {value?.GetType().Name ?? "null"} as a timestamp.");
            }
        }

        public static DateTimeOffset FromEpoch(double seconds)
        {
            return Epoch.AddTicks((long)Math.Round(seconds * 1000.0) * TimeSpan.TicksPerMillisecond);
        }

        public static double ToEpoch(DateTimeOffset value) => (value.ToUniversalTime() - Epoch).Ticks / (double)TimeSpan.TicksPerSecond;

        public static bool IsNumber(object v) =>
            v is int || v is long || v is double || v is float || v is decimal || v is short || v is byte || v is uint || v is ulong || v is sbyte || v is ushort;

        /// <summary>Formats a timestamp: "iso8601" (default where null and defaultFormat null), "unixTimestamp", "rfc822".</summary>
        public static string FormatTimestamp(object value, string format)
        {
            var t = ToTimestamp(value).ToUniversalTime();
            switch (format)
            {
                case "unixTimestamp":
                    return FormatEpoch(t);
                case "rfc822":
                    return t.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);
                default:
                    var ms = t.Millisecond;
                    return ms > 0
                        ? t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
                        : t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            }
        }

        public static string FormatEpoch(DateTimeOffset t)
        {
            var secs = ToEpoch(t);
            if (Math.Abs(secs - Math.Round(secs)) < 1e-9) return ((long)Math.Round(secs)).ToString(CultureInfo.InvariantCulture);
            return secs.ToString("0.###", CultureInfo.InvariantCulture);
        }

        /// <summary>Parses any timestamp form AWS sends: ISO 8601 (with offset or Z, optional fraction), RFC 822/1123, epoch seconds.</summary>
        public static DateTimeOffset ParseTimestamp(string text, string format)
        {
            var s = text.Trim();
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var secs) && !s.Contains("-") && !s.Contains(":"))
            {
                return FromEpoch(secs);
            }
            if (DateTimeOffset.TryParseExact(s, new[] { "ddd, dd MMM yyyy HH:mm:ss 'GMT'", "ddd, d MMM yyyy HH:mm:ss 'GMT'", "r" },
                    CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var r))
            {
                return r;
            }
            if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d))
            {
                return d;
            }
            throw new FormatException($"'{text}' is not a timestamp.");
        }

        public static string FormatNumber(object value, string type)
        {
            if (type == "float" || type == "double")
            {
                if (value is string str) return str;
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d)) return "NaN";
                if (double.IsPositiveInfinity(d)) return "Infinity";
                if (double.IsNegativeInfinity(d)) return "-Infinity";
                if (value is float f) return f.ToString("R", CultureInfo.InvariantCulture);
                return d.ToString("R", CultureInfo.InvariantCulture);
            }
            if (value is string s2) return s2;
            return Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        public static double ParseDouble(string s)
        {
            switch (s)
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
                default: return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        public static byte[] ToBytes(object value)
        {
            switch (value)
            {
                case byte[] b: return b;
                case string s: return Encoding.UTF8.GetBytes(s);
                default: throw new ArgumentException($"Cannot use a {value?.GetType().Name ?? "null"} as a blob.");
            }
        }

        public static string FormatBool(object value) =>
            value is bool b ? (b ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture).ToLowerInvariant();

        /// <summary>The string form of a scalar for query strings, URI labels and headers.</summary>
        public static string FormatScalar(object value, Member member, string defaultTimestampFormat)
        {
            switch (member.Type)
            {
                case "timestamp": return FormatTimestamp(value, member.TimestampFormat ?? defaultTimestampFormat);
                case "boolean": return FormatBool(value);
                case "integer": case "long": case "float": case "double": case "short": case "byte": case "bigdecimal": case "biginteger":
                    return FormatNumber(value, member.Type);
                case "blob": return Convert.ToBase64String(ToBytes(value));
                default: return value is string s ? s : Convert.ToString(value, CultureInfo.InvariantCulture);
            }
        }

        internal static IEnumerable<KeyValuePair<string, object>> Entries(object map)
        {
            if (map is IDictionary<string, object> d) return d;
            if (map is IDictionary nd)
            {
                var list = new List<KeyValuePair<string, object>>();
                foreach (DictionaryEntry e in nd) list.Add(new KeyValuePair<string, object>(Convert.ToString(e.Key, CultureInfo.InvariantCulture), e.Value));
                return list;
            }
            throw new ArgumentException($"Expected a dictionary, got {map?.GetType().Name ?? "null"}.");
        }

        internal static IEnumerable<object> Items(object list)
        {
            if (list is string || list is byte[]) throw new ArgumentException("Expected a list.");
            if (list is IEnumerable e) { foreach (var o in e) yield return o; yield break; }
            throw new ArgumentException($"Expected a list, got {list?.GetType().Name ?? "null"}.");
        }

        /// <summary>RFC 3986 percent-encoding of UTF-8; characters in <paramref name="safe"/> plus unreserved stay as they are.</summary>
        public static string PercentEncode(string value, string safe = "")
        {
            var sb = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                var c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~' || (b < 128 && safe.IndexOf(c) >= 0))
                    sb.Append(c);
                else
                    sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }
    }
}
