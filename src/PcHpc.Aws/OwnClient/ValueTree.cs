using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Services
{
    /// <summary>Typed reads out of the value trees <see cref="Protocols.ResponseParser"/> produces (member name → value).</summary>
    internal static class ValueTree
    {
        public static object Get(this IDictionary<string, object> d, string path)
        {
            object current = d;
            foreach (var part in path.Split('.'))
            {
                if (!(current is IDictionary<string, object> map) || !map.TryGetValue(part, out current)) return null;
            }
            return current;
        }

        public static string Str(this IDictionary<string, object> d, string path)
        {
            var v = d?.Get(path);
            switch (v)
            {
                case null: return null;
                case string s: return s;
                case bool b: return b ? "true" : "false";
                case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
                default: return v.ToString();
            }
        }

        /// <summary>The first present key among spellings (e.g. cloudFormationStackStatus / cloudformationStackStatus).</summary>
        public static string FirstStr(this IDictionary<string, object> d, params string[] paths)
        {
            foreach (var p in paths)
            {
                var s = d.Str(p);
                if (s != null) return s;
            }
            return null;
        }

        public static long? Long(this IDictionary<string, object> d, string path)
        {
            var v = d?.Get(path);
            switch (v)
            {
                case null: return null;
                case long l: return l;
                case int i: return i;
                case double x: return (long)x;
                case string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p): return p;
                default: return null;
            }
        }

        public static int? Int(this IDictionary<string, object> d, string path)
        {
            var l = d.Long(path);
            return l.HasValue ? (int?)(int)Math.Max(int.MinValue, Math.Min(int.MaxValue, l.Value)) : null;
        }

        public static bool Bool(this IDictionary<string, object> d, string path)
        {
            var v = d?.Get(path);
            return v is bool b ? b : v is string s && bool.TryParse(s, out var p) && p;
        }

        public static DateTime? Date(this IDictionary<string, object> d, string path)
        {
            var v = d?.Get(path);
            switch (v)
            {
                case null: return null;
                case DateTimeOffset o: return o.UtcDateTime;
                case DateTime t: return t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime();
                case string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var p): return p.UtcDateTime;
                case long l: return DateTimeOffset.FromUnixTimeMilliseconds(l).UtcDateTime;
                default: return null;
            }
        }

        public static IDictionary<string, object> Map(this IDictionary<string, object> d, string path) => d?.Get(path) as IDictionary<string, object>;

        public static IEnumerable<IDictionary<string, object>> Items(this IDictionary<string, object> d, string path)
        {
            if (d?.Get(path) is IEnumerable list && !(list is string))
            {
                foreach (var item in list)
                {
                    if (item is IDictionary<string, object> m) yield return m;
                }
            }
        }

        public static List<string> Strings(this IDictionary<string, object> d, string path)
        {
            var result = new List<string>();
            if (d?.Get(path) is IEnumerable list && !(list is string))
            {
                foreach (var item in list)
                {
                    if (item != null) result.Add(Convert.ToString(item, CultureInfo.InvariantCulture));
                }
            }
            return result;
        }

        public static List<ResourceTag> Tags(this IDictionary<string, object> d, string path, string keyName = "Key", string valueName = "Value") =>
            d.Items(path).Select(t => new ResourceTag(t.Str(keyName), t.Str(valueName))).ToList();

        // Building requests.
        public static List<object> ListOf(IEnumerable<string> values) => values == null ? null : values.Where(v => v != null).Cast<object>().ToList();

        public static bool HasAny(IEnumerable<string> values) => values != null && values.Any(v => !string.IsNullOrEmpty(v));

        public static void PutIf(this Dictionary<string, object> d, string key, object value)
        {
            if (value == null) return;
            if (value is string s && s.Length == 0) return;
            if (value is ICollection c && c.Count == 0) return;
            d[key] = value;
        }
    }
}
