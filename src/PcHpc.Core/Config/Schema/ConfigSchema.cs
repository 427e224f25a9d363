using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text.Json;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>One field of an official marshmallow schema, as the generator wrote it into cluster-schema.json.</summary>
    public sealed class SchemaField
    {
        public string Attr { get; internal set; }
        public string Key { get; internal set; }
        /// <summary>string, integer, float, boolean, dict, any, list, nested, customAction.</summary>
        public string Type { get; internal set; }
        public string Line { get; internal set; }
        public string Schema { get; internal set; }
        public bool Many { get; internal set; }
        public bool Required { get; internal set; }
        public SchemaField Item { get; internal set; }
        public IReadOnlyList<JsonElement> Enum { get; internal set; }
        public string Pattern { get; internal set; }
        public IReadOnlyList<string> PatternAny { get; internal set; }
        public double? RangeMin { get; internal set; }
        public double? RangeMax { get; internal set; }
        public bool MinInclusive { get; internal set; } = true;
        public bool MaxInclusive { get; internal set; } = true;
        public int? LengthMin { get; internal set; }
        public int? LengthMax { get; internal set; }
        public int? LengthEqual { get; internal set; }
        public string Error { get; internal set; }
        public string Validator { get; internal set; }
    }

    /// <summary>A @validates_schema / @validates method of an official schema (groups from fields_coexist, string lists it tests).</summary>
    public sealed class SchemaRule
    {
        public string Method { get; internal set; }
        public string Kind { get; internal set; }
        public string Line { get; internal set; }
        public string Field { get; internal set; }
        public IReadOnlyList<(IReadOnlyList<string> Fields, bool OneRequired)> Groups { get; internal set; }
        public IReadOnlyList<IReadOnlyList<string>> Lists { get; internal set; }
        public IReadOnlyList<string> Messages { get; internal set; }
    }

    public sealed class SchemaDef
    {
        public string Name { get; internal set; }
        public string Source { get; internal set; }
        public IReadOnlyList<SchemaField> Fields { get; internal set; }
        public IReadOnlyList<SchemaRule> Rules { get; internal set; }
        public SchemaField ByKey(string key) => Fields.FirstOrDefault(f => f.Key == key);
        public SchemaField ByAttr(string attr) => Fields.FirstOrDefault(f => f.Attr == attr);
    }

    /// <summary>One row per field path reachable from ClusterSchema (lists marked with []).</summary>
    public sealed class SchemaPath
    {
        public string Path { get; internal set; }
        public string Schema { get; internal set; }
        public string Attr { get; internal set; }
        public string Type { get; internal set; }
        public bool Required { get; internal set; }
    }

    /// <summary>
    /// The rule table derived from the official ParallelCluster schema by tools/schema/generate-config-schema.py
    /// (embedded resource PcHpc.Config.cluster-schema.json).
    /// </summary>
    public sealed class ConfigSchema
    {
        public const string ResourceName = "PcHpc.Config.cluster-schema.json";
        /// <summary>The build-image config table (generate-config-schema.py --schema image).</summary>
        public const string ImageResourceName = "PcHpc.Config.image-schema.json";

        private static readonly Lazy<ConfigSchema> Embedded = new Lazy<ConfigSchema>(() => Load(ResourceName));
        private static readonly Lazy<ConfigSchema> EmbeddedImage = new Lazy<ConfigSchema>(() => Load(ImageResourceName));

        private static ConfigSchema Load(string resource)
        {
            using (var stream = typeof(ConfigSchema).Assembly.GetManifestResourceStream(resource))
            {
                if (stream == null) throw new InvalidOperationException($"Embedded resource {resource} is missing.");
                using (var reader = new StreamReader(stream)) return Parse(reader.ReadToEnd());
            }
        }

        /// <summary>The cluster configuration table (root ClusterSchema).</summary>
        public static ConfigSchema Official => Embedded.Value;

        /// <summary>The build-image configuration table (root ImageBuilderSchema).</summary>
        public static ConfigSchema Image => EmbeddedImage.Value;

        public string Root { get; private set; }
        public IReadOnlyDictionary<string, SchemaDef> Schemas { get; private set; }
        public IReadOnlyList<SchemaPath> Paths { get; private set; }
        private JsonElement _constants;

        public SchemaDef this[string name] => Schemas[name];

        public JsonElement Constant(string name) => _constants.GetProperty(name);

        public IReadOnlyList<string> StringList(string name) => Constant(name).EnumerateArray().Select(e => e.GetString()).ToList();

        public long Long(string name) => Constant(name).GetInt64();

        public string Text(string name) => Constant(name).GetString();

        public static ConfigSchema Parse(string json)
        {
            var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var schemas = new Dictionary<string, SchemaDef>(StringComparer.Ordinal);
            foreach (var s in root.GetProperty("schemas").EnumerateObject())
            {
                schemas[s.Name] = new SchemaDef
                {
                    Name = s.Name,
                    Source = s.Value.GetProperty("source").GetString(),
                    Fields = s.Value.GetProperty("fields").EnumerateArray().Select(ReadField).ToList(),
                    Rules = s.Value.GetProperty("rules").EnumerateArray().Select(ReadRule).ToList(),
                };
            }
            return new ConfigSchema
            {
                Root = root.GetProperty("root").GetString(),
                Schemas = schemas,
                Paths = root.GetProperty("paths").EnumerateArray().Select(p => new SchemaPath
                {
                    Path = p.GetProperty("path").GetString(),
                    Schema = p.GetProperty("schema").GetString(),
                    Attr = p.GetProperty("attr").GetString(),
                    Type = p.GetProperty("type").GetString(),
                    Required = p.GetProperty("required").GetBoolean(),
                }).ToList(),
                _constants = root.GetProperty("constants").Clone(),
            };
        }

        private static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static SchemaField ReadField(JsonElement e)
        {
            var f = new SchemaField
            {
                Attr = Str(e, "attr"),
                Key = Str(e, "key"),
                Type = Str(e, "type"),
                Line = Str(e, "line"),
                Schema = Str(e, "schema"),
                Many = e.TryGetProperty("many", out var many) && many.GetBoolean(),
                Required = e.TryGetProperty("required", out var req) && req.GetBoolean(),
                Pattern = Str(e, "pattern"),
                Error = Str(e, "error"),
                Validator = Str(e, "validator"),
            };
            if (e.TryGetProperty("item", out var item)) f.Item = ReadField(item);
            if (e.TryGetProperty("enum", out var en)) f.Enum = en.EnumerateArray().Select(x => x.Clone()).ToList();
            if (e.TryGetProperty("patternAny", out var pa)) f.PatternAny = pa.EnumerateArray().Select(x => x.GetString()).ToList();
            if (e.TryGetProperty("range", out var range))
            {
                if (range.TryGetProperty("min", out var min)) f.RangeMin = min.GetDouble();
                if (range.TryGetProperty("max", out var max)) f.RangeMax = max.GetDouble();
                if (range.TryGetProperty("min_inclusive", out var mi)) f.MinInclusive = mi.GetBoolean();
                if (range.TryGetProperty("max_inclusive", out var ma)) f.MaxInclusive = ma.GetBoolean();
            }
            if (e.TryGetProperty("length", out var length))
            {
                if (length.TryGetProperty("min", out var min)) f.LengthMin = min.GetInt32();
                if (length.TryGetProperty("max", out var max)) f.LengthMax = max.GetInt32();
                if (length.TryGetProperty("equal", out var eq)) f.LengthEqual = eq.GetInt32();
            }
            return f;
        }

        private static SchemaRule ReadRule(JsonElement e)
        {
            return new SchemaRule
            {
                Method = Str(e, "method"),
                Kind = Str(e, "kind"),
                Line = Str(e, "line"),
                Field = Str(e, "field"),
                Groups = e.TryGetProperty("groups", out var g)
                    ? g.EnumerateArray().Select(x => ((IReadOnlyList<string>)x.GetProperty("fields").EnumerateArray().Select(s => s.GetString()).ToList(), x.GetProperty("oneRequired").GetBoolean())).ToList()
                    : new List<(IReadOnlyList<string>, bool)>(),
                Lists = e.TryGetProperty("lists", out var l)
                    ? l.EnumerateArray().Select(x => (IReadOnlyList<string>)x.EnumerateArray().Select(s => s.GetString()).ToList()).ToList()
                    : new List<IReadOnlyList<string>>(),
                Messages = e.TryGetProperty("messages", out var m) ? m.EnumerateArray().Select(s => s.GetString()).ToList() : new List<string>(),
            };
        }
    }
}
