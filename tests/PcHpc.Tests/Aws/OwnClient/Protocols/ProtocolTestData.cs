using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PcHpc.Tests.Support;

namespace PcHpc.Tests.Aws.OwnClient.Protocols
{
    /// <summary>Loads the botocore protocol test suites and the ignore list; builds theory rows at run time.</summary>
    internal static class ProtocolTestData
    {
        public const string Root = "aws-protocol-tests/protocols";

        /// <summary>
        /// Cases we skip beyond botocore's own ignore list, each because it needs a feature PcHpc never uses.
        /// Key: "direction/file.json:caseId".
        /// </summary>
        public static readonly IReadOnlyDictionary<string, string> ProductSkips = new Dictionary<string, string>
        {
        };

        public static string FilePath(string relative) => TestEnvironment.Shared(Path.Combine(Root, relative));

        public static JsonArray Suites(string relative) => (JsonArray)JsonNode.Parse(File.ReadAllText(FilePath(relative)));

        private static (HashSet<string> suites, HashSet<string> cases) Ignored(string relative)
        {
            var parts = relative.Split('/');
            var direction = parts[0];
            var protocol = Path.GetFileNameWithoutExtension(parts[1]);
            var ignore = JsonNode.Parse(File.ReadAllText(FilePath("protocol-tests-ignore-list.json")));
            var suites = new HashSet<string>();
            var cases = new HashSet<string>();
            void Add(JsonNode section)
            {
                if (section?[direction] is JsonObject d)
                {
                    if (d["suites"] is JsonArray s) foreach (var x in s) suites.Add((string)x);
                    if (d["cases"] is JsonArray c) foreach (var x in c) cases.Add((string)x);
                }
            }
            Add(ignore["general"]);
            Add(ignore["protocols"]?[protocol]);
            return (suites, cases);
        }

        /// <summary>Rows (file, case key, skip reason or null) for every case of a file.</summary>
        public static IEnumerable<(string key, string skip)> AllCases(string relative)
        {
            if (!File.Exists(FilePath(relative))) yield break;
            var (ignoredSuites, ignoredCases) = Ignored(relative);
            var suites = Suites(relative);
            for (int s = 0; s < suites.Count; s++)
            {
                var suite = suites[s];
                var cases = (JsonArray)suite["cases"];
                for (int c = 0; c < cases.Count; c++)
                {
                    var id = (string)cases[c]["id"];
                    var key = $"{s}.{c}:{id}";
                    string skip = null;
                    if (ignoredSuites.Contains((string)suite["description"])) skip = "botocore ignore list (suite)";
                    else if (ignoredCases.Contains(id)) skip = "botocore ignore list (case)";
                    else if (ProductSkips.TryGetValue(relative + ":" + id, out var reason)) skip = reason;
                    yield return (key, skip);
                }
            }
        }

        public static IEnumerable<object[]> Active(string relative)
        {
            var rows = AllCases(relative).Where(r => r.skip == null).Select(r => new object[] { relative, r.key }).ToList();
            if (rows.Count == 0) rows.Add(new object[] { relative, "(no data)" });
            return rows;
        }

        public static IEnumerable<object[]> Skipped(string relative)
        {
            var rows = AllCases(relative).Where(r => r.skip != null).Select(r => new object[] { relative, r.key + " — " + r.skip }).ToList();
            if (rows.Count == 0) rows.Add(new object[] { relative, "(none)" });
            return rows;
        }

        public static (JsonObject suite, JsonObject testCase) Find(string relative, string key)
        {
            var idx = key.Substring(0, key.IndexOf(':')).Split('.');
            var suite = (JsonObject)Suites(relative)[int.Parse(idx[0], CultureInfo.InvariantCulture)];
            var testCase = (JsonObject)((JsonArray)suite["cases"])[int.Parse(idx[1], CultureInfo.InvariantCulture)];
            return (suite, testCase);
        }

        /// <summary>Turns test JSON into the value tree the codec takes (objects, lists, strings, bools, long/double).</summary>
        public static object ToValue(JsonNode node)
        {
            switch (node)
            {
                case null: return null;
                case JsonObject o: return o.ToDictionary(kv => kv.Key, kv => ToValue(kv.Value));
                case JsonArray a: return a.Select(ToValue).ToList();
                default:
                    var e = node.GetValue<JsonElement>();
                    switch (e.ValueKind)
                    {
                        case JsonValueKind.String: return e.GetString();
                        case JsonValueKind.True: return true;
                        case JsonValueKind.False: return false;
                        case JsonValueKind.Number: return e.TryGetInt64(out var l) ? (object)l : e.GetDouble();
                        default: return null;
                    }
            }
        }

        /// <summary>Normalizes a parsed value tree for comparison with a test's expected JSON: timestamps to epoch seconds,
        /// blobs to their UTF-8 text, numbers to double, special floats to their names.</summary>
        public static object Normalize(object v)
        {
            switch (v)
            {
                case null: return null;
                case string s: return s;
                case bool b: return b;
                case DateTimeOffset t: return Math.Round(PcHpc.Aws.Protocols.WireValues.ToEpoch(t), 3);
                case byte[] bytes: return Encoding.UTF8.GetString(bytes);
                case IDictionary<string, object> d: return d.Where(kv => kv.Value != null).ToDictionary(kv => kv.Key, kv => Normalize(kv.Value));
                case System.Collections.IEnumerable list: return list.Cast<object>().Select(Normalize).ToList();
                default:
                    var x = Convert.ToDouble(v, CultureInfo.InvariantCulture);
                    if (double.IsNaN(x)) return "NaN";
                    if (double.IsPositiveInfinity(x)) return "Infinity";
                    if (double.IsNegativeInfinity(x)) return "-Infinity";
                    return x;
            }
        }

        /// <summary>Deep equality of normalized value trees; returns a path to the first difference, or null.</summary>
        public static string Diff(object expected, object actual, string path = "$")
        {
            expected = Normalize(expected);
            actual = Normalize(actual);
            if (expected is double ed && actual is double ad)
                return Math.Abs(ed - ad) <= 1e-6 * Math.Max(1, Math.Abs(ed)) ? null : $"{path}: expected {ed}, got {ad}";
            if (expected is IDictionary<string, object> e && actual is IDictionary<string, object> a)
            {
                foreach (var k in e.Keys.Union(a.Keys))
                {
                    if (!e.ContainsKey(k)) return $"{path}.{k}: unexpected {Show(a[k])}";
                    if (!a.ContainsKey(k)) return $"{path}.{k}: missing (expected {Show(e[k])})";
                    var d = Diff(e[k], a[k], path + "." + k);
                    if (d != null) return d;
                }
                return null;
            }
            if (expected is List<object> el && actual is List<object> al)
            {
                if (el.Count != al.Count) return $"{path}: expected {el.Count} items, got {al.Count}: {Show(al)}";
                for (int i = 0; i < el.Count; i++)
                {
                    var d = Diff(el[i], al[i], $"{path}[{i}]");
                    if (d != null) return d;
                }
                return null;
            }
            return Equals(expected, actual) ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }

        public static string Show(object v) => JsonSerializer.Serialize(Normalize(v));
    }
}
