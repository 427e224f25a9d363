using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace PcHpc.Aws.Protocols
{
    /// <summary>One botocore paginator entry: input_token, output_token, result_key (each one or several), more_results, limit_key.</summary>
    public sealed class PaginatorDefinition
    {
        public IReadOnlyList<string> InputTokens { get; set; } = Array.Empty<string>();
        /// <summary>Paths into the response (dotted, with [n] / [-1] indexes and "a || b" alternatives).</summary>
        public IReadOnlyList<string> OutputTokens { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> ResultKeys { get; set; } = Array.Empty<string>();
        public string MoreResults { get; set; }
        public string LimitKey { get; set; }

        public static PaginatorDefinition FromJson(JsonObject entry)
        {
            IReadOnlyList<string> List(string key)
            {
                var n = entry[key];
                if (n == null) return Array.Empty<string>();
                if (n is JsonArray a) return a.Select(x => (string)x).ToList();
                return new[] { (string)n };
            }
            return new PaginatorDefinition
            {
                InputTokens = List("input_token"),
                OutputTokens = List("output_token"),
                ResultKeys = List("result_key"),
                MoreResults = (string)entry["more_results"],
                LimitKey = (string)entry["limit_key"],
            };
        }

        /// <summary>The paginator of an operation in an embedded model, or null when the operation does not paginate.</summary>
        public static PaginatorDefinition For(ServiceModel model, string operation) =>
            model.Paginators?[operation] is JsonObject o ? FromJson(o) : null;
    }

    /// <summary>
    /// Calls a paginated operation until the service stops returning a next token, concatenating the result keys.
    /// Stops on a missing or empty token, on more_results false, and on a token the service already returned
    /// (a service bug that would otherwise loop forever).
    /// </summary>
    public static class Paginator
    {
        /// <summary>Runs every page and returns one response: the first page's other members, the result keys concatenated, no tokens.</summary>
        public static async Task<Dictionary<string, object>> PaginateAsync(
            PaginatorDefinition definition,
            Dictionary<string, object> input,
            Func<Dictionary<string, object>, Task<Dictionary<string, object>>> call,
            CancellationToken cancellationToken = default,
            Action<Dictionary<string, object>> onPage = null)
        {
            if (definition == null) throw new ArgumentNullException(nameof(definition));
            if (call == null) throw new ArgumentNullException(nameof(call));
            Dictionary<string, object> merged = null;
            var collected = definition.ResultKeys.ToDictionary(k => k, k => new List<object>());
            var seen = new HashSet<string>(StringComparer.Ordinal);
            List<object> tokens = null;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var request = input == null ? new Dictionary<string, object>() : new Dictionary<string, object>(input);
                if (tokens != null)
                {
                    for (int i = 0; i < definition.InputTokens.Count && i < tokens.Count; i++)
                    {
                        if (tokens[i] != null) request[definition.InputTokens[i]] = tokens[i];
                        else request.Remove(definition.InputTokens[i]);
                    }
                }
                var page = await call(request).ConfigureAwait(false) ?? new Dictionary<string, object>();
                onPage?.Invoke(page);
                if (merged == null) merged = new Dictionary<string, object>(page);
                foreach (var key in definition.ResultKeys)
                {
                    if (Search(page, key) is System.Collections.IEnumerable items && !(items is string))
                        collected[key].AddRange(items.Cast<object>());
                }

                if (definition.MoreResults != null && !IsTrue(Search(page, definition.MoreResults))) break;
                var next = definition.OutputTokens.Select(t => Search(page, t)).ToList();
                if (next.All(IsEmpty)) break;
                var signature = string.Join("\u0001", next.Select(t => Convert.ToString(t, CultureInfo.InvariantCulture)));
                if (!seen.Add(signature)) break;
                tokens = next;
            }

            foreach (var key in definition.ResultKeys) SetPath(merged, key, collected[key]);
            foreach (var t in definition.OutputTokens) RemovePath(merged, t);
            return merged;
        }

        private static bool IsEmpty(object token) => token == null || (token is string s && s.Length == 0);

        private static bool IsTrue(object v) => v is bool b ? b : v is string s && bool.TryParse(s, out var p) && p;

        /// <summary>A small subset of JMESPath: "A.B", "A[0].B", "A[-1].B", "x || y".</summary>
        public static object Search(object root, string expression)
        {
            foreach (var alternative in expression.Split(new[] { "||" }, StringSplitOptions.None))
            {
                var value = SearchOne(root, alternative.Trim());
                if (!IsEmpty(value)) return value;
            }
            return null;
        }

        private static object SearchOne(object root, string path)
        {
            object current = root;
            foreach (var rawSegment in path.Split('.'))
            {
                var segment = rawSegment;
                int? index = null;
                var bracket = segment.IndexOf('[');
                if (bracket >= 0)
                {
                    index = int.Parse(segment.Substring(bracket + 1, segment.IndexOf(']') - bracket - 1), CultureInfo.InvariantCulture);
                    segment = segment.Substring(0, bracket);
                }
                if (segment.Length > 0)
                {
                    if (!(current is IDictionary<string, object> d) || !d.TryGetValue(segment, out current)) return null;
                }
                if (index.HasValue)
                {
                    if (!(current is System.Collections.IList list) || list.Count == 0) return null;
                    var i = index.Value < 0 ? list.Count + index.Value : index.Value;
                    if (i < 0 || i >= list.Count) return null;
                    current = list[i];
                }
            }
            return current;
        }

        private static void RemovePath(Dictionary<string, object> root, string expression)
        {
            foreach (var alternative in expression.Split(new[] { "||" }, StringSplitOptions.None))
            {
                var path = alternative.Trim();
                if (path.Contains("[")) continue;
                var parts = path.Split('.');
                var parent = parts.Length == 1 ? root : SearchOne(root, string.Join(".", parts.Take(parts.Length - 1))) as IDictionary<string, object>;
                parent?.Remove(parts[parts.Length - 1]);
            }
        }

        private static void SetPath(Dictionary<string, object> root, string path, List<object> value)
        {
            var parts = path.Split('.');
            IDictionary<string, object> current = root;
            for (int i = 0; i < parts.Length - 1; i++)
            {
                if (!(current.TryGetValue(parts[i], out var next) && next is IDictionary<string, object> nd))
                {
                    nd = new Dictionary<string, object>();
                }
                else
                {
                    nd = new Dictionary<string, object>(nd); // don't change the caller's page
                }
                current[parts[i]] = nd;
                current = nd;
            }
            current[parts[parts.Length - 1]] = value;
        }
    }
}
