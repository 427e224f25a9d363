using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text.Json;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>
    /// Applies the official schema table to a raw YAML tree the way marshmallow (ParallelCluster's loader) does:
    /// unknown keys rejected at every depth, required fields, nulls, type coercion (Int takes "4" and truncates 4.7,
    /// Bool takes yes/no/1/0/"true", Str takes only text), OneOf/Regexp/Range/Length validators, and the
    /// @validates_schema / @validates methods (run, as in marshmallow, only when the section had no field errors).
    /// The methods themselves are in <see cref="SchemaMethods"/>. Values that load are kept (coerced) for the rule
    /// validators in <see cref="RuleValidators"/>.
    /// </summary>
    internal sealed class SchemaValidator
    {
        private readonly ConfigSchema _schema;
        private readonly List<ConfigProblem> _problems;
        private readonly Dictionary<PyNode, object> _loaded = new Dictionary<PyNode, object>();
        private readonly HashSet<PyNode> _loadedSections = new HashSet<PyNode>();
        private readonly SchemaMethods _methods;

        public SchemaValidator(ConfigSchema schema, List<ConfigProblem> problems)
        {
            _schema = schema;
            _problems = problems;
            _methods = new SchemaMethods(schema, this);
        }

        /// <summary>The coerced value of a scalar that loaded (string, BigInteger, double, bool), or null.</summary>
        public object Loaded(PyNode node) => node != null && _loaded.TryGetValue(node, out var v) ? v : null;

        /// <summary>True when the node is a section (mapping) that loaded without errors inside it.</summary>
        public bool SectionLoaded(PyNode node) => node != null && _loadedSections.Contains(node);

        internal static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

        private int _errors;

        internal void Error(string path, PyNode value, string rule, string message, string line = null)
        {
            _errors++;
            _problems.Add(new ConfigProblem(path, SchemaWording.Show(value), rule, ConfigProblemSeverity.Error,
                line == null ? message : $"{message} (ParallelCluster {line})"));
        }

        /// <summary>Loads <paramref name="node"/> against schema <paramref name="schemaName"/>; false when anything inside failed.</summary>
        public bool Section(string schemaName, PyNode node, string path)
        {
            var def = _schema[schemaName];
            var before = _errors;
            if (node.Kind != PyKind.Map)
            {
                Error(path.Length == 0 ? "(root)" : path, node, "ValueType", $"{(path.Length == 0 ? "The configuration" : path)} must be a section of keys (found {SchemaWording.Describe(node)}).", def.Source);
                return false;
            }

            foreach (var pair in node.Map)
            {
                var key = pair.Key.Kind == PyKind.Str ? pair.Key.Str : null;
                if (key != null && def.ByKey(key) != null) continue;
                var shown = key ?? pair.Key.Text;
                var keyPath = Join(path, shown);
                var guess = SchemaWording.Suggest(shown, def.Fields.Select(f => f.Key));
                _errors++;
                _problems.Add(new ConfigProblem(keyPath, shown, "UnknownKey", ConfigProblemSeverity.Error,
                    $"{keyPath}: unknown field; ParallelCluster rejects keys its schema ({def.Name}, {def.Source}) does not define here." +
                    (guess != null ? $" Did you mean {guess}?" : $" Allowed keys: {string.Join(", ", def.Fields.Select(f => f.Key))}.")));
            }

            var present = new Dictionary<string, PyNode>(StringComparer.Ordinal);
            var fieldOk = new HashSet<string>(StringComparer.Ordinal);
            foreach (var field in def.Fields)
            {
                var value = node.Get(field.Key);
                var fieldPath = Join(path, field.Key);
                if (value == null)
                {
                    if (field.Required)
                    {
                        Error(fieldPath, null, "Required", $"{fieldPath} is required (missing data for required field).", field.Line);
                    }
                    continue;
                }
                present[field.Attr] = value;
                if (Field(field, value, fieldPath)) fieldOk.Add(field.Attr);
            }

            // @validates(field) methods run on fields that loaded; @validates_schema only when the section had no errors.
            foreach (var rule in def.Rules.Where(r => r.Kind == "validates"))
            {
                if (rule.Field != null && fieldOk.Contains(rule.Field)) _methods.FieldMethod(def, rule, present[rule.Field], Join(path, def.ByAttr(rule.Field).Key));
            }
            if (_errors == before)
            {
                foreach (var rule in def.Rules.Where(r => r.Kind == "validates_schema"))
                {
                    _methods.SchemaMethod(def, rule, present, node, path);
                }
            }
            var ok = _errors == before;
            if (ok) _loadedSections.Add(node);
            return ok;
        }

        private bool Field(SchemaField field, PyNode value, string path)
        {
            if (value.Kind == PyKind.Null)
            {
                Error(path, value, "NotNull", $"{path} may not be empty (null); give a value or remove the key.", field.Line);
                return false;
            }
            switch (field.Type)
            {
                case "nested":
                    if (field.Many)
                    {
                        if (value.Kind != PyKind.Seq)
                        {
                            Error(path, value, "ValueType", $"{path} must be a list of sections (found {SchemaWording.Describe(value)}).", field.Line);
                            return false;
                        }
                        var ok = true;
                        for (var i = 0; i < value.Seq.Count; i++) ok &= Section(field.Schema, value.Seq[i], $"{path}[{i}]");
                        return ok && Validators(field, value, path);
                    }
                    return Section(field.Schema, value, path);
                case "list":
                    if (value.Kind != PyKind.Seq)
                    {
                        Error(path, value, "ValueType", $"{path} must be a list (found {SchemaWording.Describe(value)}).", field.Line);
                        return false;
                    }
                    var itemsOk = true;
                    for (var i = 0; i < value.Seq.Count; i++)
                    {
                        var item = value.Seq[i];
                        var itemPath = $"{path}[{i}]";
                        if (item.Kind == PyKind.Null)
                        {
                            Error(itemPath, item, "NotNull", $"{itemPath} may not be empty (null).", field.Line);
                            itemsOk = false;
                            continue;
                        }
                        itemsOk &= Field(field.Item, item, itemPath);
                    }
                    return itemsOk && Validators(field, value, path);
                case "customAction":
                    return CustomAction(field, value, path);
                default:
                    if (!PythonValues.Coerce(field.Type, value, out var coerced))
                    {
                        Error(path, value, "ValueType", $"{path} must be {SchemaWording.TypeName(field.Type)} (found {SchemaWording.Describe(value)}).", field.Line);
                        return false;
                    }
                    _loaded[value] = coerced;
                    if (Validators(field, value, path)) return true;
                    _loaded.Remove(value); // like marshmallow, a value that fails its validators is not loaded
                    return false;
            }
        }

        // OneOrManyCustomActionField._deserialize: a Script section, or a Sequence of Script sections.
        private bool CustomAction(SchemaField field, PyNode value, string path)
        {
            bool Contains(string word) =>
                value.Kind == PyKind.Map ? value.Get(word) != null
                : value.Kind == PyKind.Seq ? value.Seq.Any(s => s.Kind == PyKind.Str && s.Str == word)
                : value.Kind == PyKind.Str && value.Str.Contains(word);
            if (value.Kind != PyKind.Map && value.Kind != PyKind.Seq && value.Kind != PyKind.Str)
            {
                Error(path, value, "ValueType", $"{path} must be a section with Script or Sequence (found {SchemaWording.Describe(value)}).", field.Line);
                return false;
            }
            var hasScript = Contains("Script");
            var hasSequence = Contains("Sequence");
            if (hasScript && hasSequence)
            {
                Error(path, value, "CustomActionScriptOrSequence", $"{path}: both Script and Sequence fields are provided; only one is allowed.", field.Line);
                return false;
            }
            if (hasScript) return Section(field.Schema, value, path);
            if (hasSequence)
            {
                var sequence = value.Kind == PyKind.Map ? value.Get("Sequence") : null;
                if (sequence == null || sequence.Kind != PyKind.Seq)
                {
                    Error(Join(path, "Sequence"), sequence, "ValueType", $"{path}.Sequence must be a list of sections with Script (invalid input type for Sequence, expected list).", field.Line);
                    return false;
                }
                var ok = true;
                for (var i = 0; i < sequence.Seq.Count; i++) ok &= Section(field.Schema, sequence.Seq[i], $"{path}.Sequence[{i}]");
                return ok;
            }
            Error(path, value, "CustomActionScriptOrSequence", $"{path}: either Script or Sequence must be provided.", field.Line);
            return false;
        }


        private bool Validators(SchemaField field, PyNode node, string path)
        {
            var ok = true;
            var value = node.Kind == PyKind.Seq ? null : Loaded(node);
            if (field.Enum != null && value != null && !field.Enum.Any(e => EnumEquals(e, value)))
            {
                var choices = field.Enum.Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()).ToList();
                var caseHint = value is string s ? choices.FirstOrDefault(c => string.Equals(c, s, StringComparison.OrdinalIgnoreCase)) : null;
                Error(path, node, "AllowedValue",
                    $"{path} must be one of: {string.Join(", ", choices)} (case-sensitive)." + (caseHint != null ? $" Did you mean {caseHint}?" : string.Empty), field.Line);
                ok = false;
            }
            if (field.Pattern != null && value is string text && !PythonValues.PyMatch(field.Pattern, text))
            {
                Error(path, node, "Pattern", $"{path} '{text}' does not match the pattern {field.Pattern}" + (field.Error != null ? $" ({field.Error})." : "."), field.Line);
                ok = false;
            }
            if (field.PatternAny != null && value is string any && !field.PatternAny.Any(p => PythonValues.PyMatch(p, any)))
            {
                Error(path, node, "Pattern", $"{path} '{any}' is neither a valid CIDR (such as 203.0.113.0/24) nor a valid prefix-list id (pl-...).", field.Line);
                ok = false;
            }
            if ((field.RangeMin != null || field.RangeMax != null) && value != null && (value is BigInteger || value is double))
            {
                var number = value is BigInteger b ? (double)b : (double)value;
                var low = field.RangeMin == null || (field.MinInclusive ? number >= field.RangeMin : number > field.RangeMin);
                var high = field.RangeMax == null || (field.MaxInclusive ? number <= field.RangeMax : number < field.RangeMax);
                if (value is BigInteger big)
                {
                    // Exact comparison for integers beyond double precision.
                    if (field.RangeMin != null) low = field.MinInclusive ? big >= new BigInteger(field.RangeMin.Value) : big > new BigInteger(field.RangeMin.Value);
                    if (field.RangeMax != null) high = field.MaxInclusive ? big <= new BigInteger(field.RangeMax.Value) : big < new BigInteger(field.RangeMax.Value);
                }
                if (!low || !high)
                {
                    var bounds = field.RangeMin != null && field.RangeMax != null ? $"between {Num(field.RangeMin)} and {Num(field.RangeMax)}"
                        : field.RangeMin != null ? $"{(field.MinInclusive ? "at least" : "more than")} {Num(field.RangeMin)}" : $"at most {Num(field.RangeMax)}";
                    Error(path, node, "Range", $"{path} must be {bounds}" + (field.Error != null ? $" ({field.Error})." : "."), field.Line);
                    ok = false;
                }
            }
            if (field.LengthMin != null || field.LengthMax != null || field.LengthEqual != null)
            {
                int? length = node.Kind == PyKind.Seq ? node.Seq.Count : value is string str ? PythonValues.CodePoints(str) : (int?)null;
                if (length != null)
                {
                    var bad = (field.LengthEqual != null && length != field.LengthEqual) || (field.LengthMin != null && length < field.LengthMin) || (field.LengthMax != null && length > field.LengthMax);
                    if (bad)
                    {
                        var want = field.LengthEqual != null ? $"exactly {field.LengthEqual}" : field.LengthMin != null && field.LengthMax != null ? $"{field.LengthMin} to {field.LengthMax}" : field.LengthMin != null ? $"at least {field.LengthMin}" : $"at most {field.LengthMax}";
                        var unit = node.Kind == PyKind.Seq ? "items" : "characters";
                        Error(path, node.Kind == PyKind.Seq ? PyNode.Scalar(length.Value.ToString(CultureInfo.InvariantCulture), false) : node, "Length",
                            $"{path} has {length} {unit}; it must have {want}" + (field.Error != null ? $" ({field.Error})." : "."), field.Line);
                        ok = false;
                    }
                }
            }
            return ok;
        }

        private static string Num(double? d) => d.Value.ToString("0.################", CultureInfo.InvariantCulture);

        private static bool EnumEquals(JsonElement e, object value)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String: return value is string s && s == e.GetString();
                case JsonValueKind.Number:
                    if (value is BigInteger b) return e.TryGetInt64(out var l) && b == l;
                    if (value is double d) return e.GetDouble() == d;
                    return false;
                default: return false;
            }
        }
    }
}
