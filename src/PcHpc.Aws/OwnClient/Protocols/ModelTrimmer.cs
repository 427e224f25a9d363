using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PcHpc.Aws.Protocols
{
    /// <summary>
    /// Cuts a full botocore service model down to the operations PcHpc calls and every shape they reach (input, output,
    /// errors; transitively through members, list members, map keys and values), drops documentation, and attaches the
    /// operations' paginator entries. The result is what src/PcHpc.Aws/OwnClient/Protocols/Models/*.json embeds.
    /// </summary>
    public static class ModelTrimmer
    {
        private static readonly HashSet<string> DroppedKeys = new HashSet<string>(StringComparer.Ordinal)
        {
            "documentation", "documentationUrl", "examples", "deprecatedMessage",
        };

        /// <param name="model">The full service-2.json.</param>
        /// <param name="operations">Operation names to keep (all must exist).</param>
        /// <param name="paginators">paginators-1.json (or null), and optional sdk-extras files whose "merge" is applied on top.</param>
        public static JsonObject Trim(JsonObject model, IEnumerable<string> operations, JsonObject paginators = null, params JsonObject[] paginatorExtras)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            var wanted = operations.Distinct().OrderBy(o => o, StringComparer.Ordinal).ToList();
            var allOps = (JsonObject)model["operations"];
            var allShapes = (JsonObject)model["shapes"];
            var reached = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            void Reach(JsonNode reference)
            {
                var name = (reference as JsonObject)?["shape"]?.GetValue<string>();
                if (name != null && reached.Add(name)) queue.Enqueue(name);
            }

            var ops = new JsonObject();
            foreach (var name in wanted)
            {
                if (!(allOps[name] is JsonObject op))
                    throw new ArgumentException($"Operation '{name}' is not in the model.", nameof(operations));
                ops[name] = Clean(op);
                Reach(op["input"]);
                Reach(op["output"]);
                if (op["errors"] is JsonArray errs) foreach (var e in errs) Reach(e);
            }
            while (queue.Count > 0)
            {
                var shape = allShapes[queue.Dequeue()] as JsonObject;
                if (shape == null) continue;
                if (shape["members"] is JsonObject members) foreach (var m in members) Reach(m.Value);
                Reach(shape["member"]);
                Reach(shape["key"]);
                Reach(shape["value"]);
            }
            var shapes = new JsonObject();
            foreach (var name in reached.OrderBy(n => n, StringComparer.Ordinal)) shapes[name] = Clean(allShapes[name]);

            var result = new JsonObject();
            if (model["version"] != null) result["version"] = model["version"].DeepClone();
            result["metadata"] = Clean(model["metadata"]);
            result["operations"] = ops;
            result["shapes"] = shapes;

            var pagination = new JsonObject();
            var source = paginators?["pagination"] as JsonObject;
            foreach (var name in wanted)
            {
                if (source?[name] is JsonObject entry)
                {
                    var copy = (JsonObject)entry.DeepClone();
                    foreach (var extra in paginatorExtras ?? Array.Empty<JsonObject>())
                    {
                        if (extra?["merge"]?["pagination"]?[name] is JsonObject add)
                            foreach (var kv in add) copy[kv.Key] = kv.Value?.DeepClone();
                    }
                    pagination[name] = copy;
                }
            }
            result["pagination"] = pagination;
            return result;
        }

        private static JsonNode Clean(JsonNode node)
        {
            switch (node)
            {
                case JsonObject o:
                    var r = new JsonObject();
                    foreach (var kv in o)
                    {
                        if (DroppedKeys.Contains(kv.Key)) continue;
                        r[kv.Key] = Clean(kv.Value);
                    }
                    return r;
                case JsonArray a:
                    var ra = new JsonArray();
                    foreach (var x in a) ra.Add(Clean(x));
                    return ra;
                default:
                    return node?.DeepClone();
            }
        }

        /// <summary>The stable text form the embedded files are written in (indented, LF line ends, final newline).</summary>
        public static string ToText(JsonObject trimmed) =>
            trimmed.ToJsonString(new JsonSerializerOptions
            {
                WriteIndented = true,
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            }).Replace("\r\n", "\n") + "\n";
    }
}
