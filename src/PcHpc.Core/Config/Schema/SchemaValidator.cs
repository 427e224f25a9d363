using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>
    /// Applies the official schema table to a raw YAML tree the way marshmallow (ParallelCluster's loader) does:
    /// unknown keys rejected at every depth, required fields, nulls, type coercion (Int takes "4" and truncates 4.7,
    /// Bool takes yes/no/1/0/"true", Str takes only text), OneOf/Regexp/Range/Length validators, and the
    /// @validates_schema / @validates methods (run, as in marshmallow, only when the section had no field errors).
    /// Values that load are kept (coerced) for the rule validators in <see cref="RuleValidators"/>.
    /// </summary>
    internal sealed class SchemaValidator
    {
        private readonly ConfigSchema _schema;
        private readonly List<ConfigProblem> _problems;
        private readonly Dictionary<PyNode, object> _loaded = new Dictionary<PyNode, object>();
        private readonly HashSet<PyNode> _loadedSections = new HashSet<PyNode>();

        public SchemaValidator(ConfigSchema schema, List<ConfigProblem> problems)
        {
            _schema = schema;
            _problems = problems;
        }

        /// <summary>The coerced value of a scalar that loaded (string, BigInteger, double, bool), or null.</summary>
        public object Loaded(PyNode node) => node != null && _loaded.TryGetValue(node, out var v) ? v : null;

        /// <summary>True when the node is a section (mapping) that loaded without errors inside it.</summary>
        public bool SectionLoaded(PyNode node) => node != null && _loadedSections.Contains(node);

        private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

        private int _errors;

        private void Error(string path, PyNode value, string rule, string message, string line = null)
        {
            _errors++;
            _problems.Add(new ConfigProblem(path, Show(value), rule, ConfigProblemSeverity.Error,
                line == null ? message : $"{message} (ParallelCluster {line})"));
        }

        internal static string Show(PyNode node)
        {
            if (node == null) return null;
            switch (node.Kind)
            {
                case PyKind.Map: return "{...}";
                case PyKind.Seq: return "[...]";
                case PyKind.Null: return null;
                default: return node.Text;
            }
        }

        /// <summary>Loads <paramref name="node"/> against schema <paramref name="schemaName"/>; false when anything inside failed.</summary>
        public bool Section(string schemaName, PyNode node, string path)
        {
            var def = _schema[schemaName];
            var before = _errors;
            if (node.Kind != PyKind.Map)
            {
                Error(path.Length == 0 ? "(root)" : path, node, "ValueType", $"{(path.Length == 0 ? "The configuration" : path)} must be a section of keys (found {Describe(node)}).", def.Source);
                return false;
            }

            foreach (var pair in node.Map)
            {
                var key = pair.Key.Kind == PyKind.Str ? pair.Key.Str : null;
                if (key != null && def.ByKey(key) != null) continue;
                var shown = key ?? pair.Key.Text;
                var keyPath = Join(path, shown);
                var guess = Suggest(shown, def.Fields.Select(f => f.Key));
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
                if (rule.Field != null && fieldOk.Contains(rule.Field)) FieldMethod(def, rule, present[rule.Field], Join(path, def.ByAttr(rule.Field).Key));
            }
            if (_errors == before)
            {
                foreach (var rule in def.Rules.Where(r => r.Kind == "validates_schema"))
                {
                    SchemaMethod(def, rule, present, node, path);
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
                            Error(path, value, "ValueType", $"{path} must be a list of sections (found {Describe(value)}).", field.Line);
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
                        Error(path, value, "ValueType", $"{path} must be a list (found {Describe(value)}).", field.Line);
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
                    if (!Coerce(field.Type, value, out var coerced))
                    {
                        Error(path, value, "ValueType", $"{path} must be {TypeName(field.Type)} (found {Describe(value)}).", field.Line);
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
                Error(path, value, "ValueType", $"{path} must be a section with Script or Sequence (found {Describe(value)}).", field.Line);
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

        private static readonly HashSet<string> Truthy = new HashSet<string>(StringComparer.Ordinal) { "t", "T", "true", "True", "TRUE", "on", "On", "ON", "y", "Y", "yes", "Yes", "YES", "1" };
        private static readonly HashSet<string> Falsy = new HashSet<string>(StringComparer.Ordinal) { "f", "F", "false", "False", "FALSE", "off", "Off", "OFF", "n", "N", "no", "No", "NO", "0" };

        /// <summary>marshmallow's deserialization of a scalar into String, Integer, Float, Boolean, Dict or Raw.</summary>
        internal static bool Coerce(string type, PyNode v, out object value)
        {
            value = null;
            switch (type)
            {
                case "string":
                    if (v.Kind != PyKind.Str) return false;
                    value = v.Str;
                    return true;
                case "integer":
                    switch (v.Kind)
                    {
                        case PyKind.Int: value = v.Int; return true;
                        case PyKind.Float:
                            if (double.IsNaN(v.Float) || double.IsInfinity(v.Float)) return false;
                            value = new BigInteger(Math.Truncate(v.Float)); // int(4.7) == 4
                            return true;
                        case PyKind.Str:
                            if (!PythonInt(v.Str, out var parsed)) return false;
                            value = parsed;
                            return true;
                        default: return false;
                    }
                case "float":
                    switch (v.Kind)
                    {
                        case PyKind.Int: value = (double)v.Int; return true;
                        case PyKind.Float: value = v.Float; return true;
                        case PyKind.Str:
                            if (!PythonFloat(v.Str, out var f)) return false;
                            value = f;
                            return true;
                        default: return false;
                    }
                case "boolean":
                    switch (v.Kind)
                    {
                        case PyKind.Bool: value = v.Bool; return true;
                        case PyKind.Int:
                            if (v.Int.IsOne) { value = true; return true; }
                            if (v.Int.IsZero) { value = false; return true; }
                            return false;
                        case PyKind.Float:
                            if (v.Float == 1) { value = true; return true; }
                            if (v.Float == 0) { value = false; return true; }
                            return false;
                        case PyKind.Str:
                            if (Truthy.Contains(v.Str)) { value = true; return true; }
                            if (Falsy.Contains(v.Str)) { value = false; return true; }
                            return false;
                        default: return false;
                    }
                case "dict":
                    if (v.Kind != PyKind.Map) return false;
                    value = v;
                    return true;
                case "any":
                    value = v;
                    return true;
                default:
                    return false;
            }
        }

        private static readonly Regex PyIntText = new Regex(@"^[+-]?[0-9](?:_?[0-9])*$", RegexOptions.CultureInvariant);
        private static readonly Regex PyFloatText = new Regex(@"^[+-]?(?:(?:[0-9](?:_?[0-9])*)?\.?[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$", RegexOptions.CultureInvariant);
        private static readonly Regex PyFloatSpecial = new Regex(@"^[+-]?(?:inf|infinity|nan)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>Python's int(str): surrounding whitespace, a sign, digits with single underscores between them.</summary>
        internal static bool PythonInt(string text, out BigInteger value)
        {
            value = BigInteger.Zero;
            var s = text.Trim();
            if (!PyIntText.IsMatch(s)) return false;
            return BigInteger.TryParse(s.Replace("_", string.Empty), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        /// <summary>Python's float(str).</summary>
        internal static bool PythonFloat(string text, out double value)
        {
            value = 0;
            var s = text.Trim();
            if (PyFloatSpecial.IsMatch(s))
            {
                var neg = s.StartsWith("-", StringComparison.Ordinal);
                value = s.IndexOf("nan", StringComparison.OrdinalIgnoreCase) >= 0 ? double.NaN : neg ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }
            if (!PyFloatText.IsMatch(s)) return false;
            return double.TryParse(s.Replace("_", string.Empty), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
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
            if (field.Pattern != null && value is string text && !PyMatch(field.Pattern, text))
            {
                Error(path, node, "Pattern", $"{path} '{text}' does not match the pattern {field.Pattern}" + (field.Error != null ? $" ({field.Error})." : "."), field.Line);
                ok = false;
            }
            if (field.PatternAny != null && value is string any && !field.PatternAny.Any(p => PyMatch(p, any)))
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
                int? length = node.Kind == PyKind.Seq ? node.Seq.Count : value is string str ? CodePoints(str) : (int?)null;
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

        internal static int CodePoints(string s)
        {
            var n = 0;
            for (var i = 0; i < s.Length; i++) { if (!char.IsHighSurrogate(s[i]) || i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) n++; else { n++; i++; } }
            return n;
        }

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

        private static readonly Dictionary<string, Regex> RegexCache = new Dictionary<string, Regex>();

        /// <summary>Python re.match: anchored at the start only ($ also matches before a final newline, as in .NET).</summary>
        internal static bool PyMatch(string pattern, string text)
        {
            Regex re;
            lock (RegexCache)
            {
                if (!RegexCache.TryGetValue(pattern, out re))
                {
                    re = new Regex(@"\G(?:" + ToDotNet(pattern) + ")", RegexOptions.CultureInvariant);
                    RegexCache[pattern] = re;
                }
            }
            return re.Match(text).Success;
        }

        /// <summary>Python re syntax to .NET: Python lets any punctuation be escaped (\_ too), and spells end-of-text \Z.</summary>
        internal static string ToDotNet(string pattern)
        {
            var sb = new System.Text.StringBuilder(pattern.Length);
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '\\' && i + 1 < pattern.Length)
                {
                    var next = pattern[i + 1];
                    if (next == '_') { sb.Append('_'); i++; continue; }
                    if (next == 'Z') { sb.Append("\\z"); i++; continue; }
                    sb.Append(c).Append(next);
                    i++;
                    continue;
                }
                sb.Append(c);
            }
            return sb.ToString();
        }

        internal static string TypeName(string type)
        {
            switch (type)
            {
                case "string": return "text (a number, true/false or a date is not text: quote it)";
                case "integer": return "a whole number";
                case "float": return "a number";
                case "boolean": return "true or false";
                case "dict": return "a section of keys";
                default: return type;
            }
        }

        internal static string Describe(PyNode v)
        {
            switch (v.Kind)
            {
                case PyKind.Null: return "nothing";
                case PyKind.Bool: return $"the boolean {v.Text}";
                case PyKind.Int: return $"the number {v.Text}";
                case PyKind.Float: return $"the number {v.Text}";
                case PyKind.Str: return $"the text '{v.Str}'";
                case PyKind.Map: return "a section of keys";
                case PyKind.Seq: return "a list";
                default: return $"'{v.Text}' (not text for YAML 1.1, e.g. a date)";
            }
        }

        internal static string Suggest(string key, IEnumerable<string> candidates)
        {
            string best = null;
            var bestDistance = int.MaxValue;
            foreach (var c in candidates)
            {
                var d = Distance(c, key);
                if (d < bestDistance) { best = c; bestDistance = d; }
            }
            return best != null && bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
        }

        private static int Distance(string a, string b)
        {
            a = a.ToLowerInvariant();
            b = b.ToLowerInvariant();
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (var j = 0; j <= b.Length; j++) d[0, j] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                for (var j = 1; j <= b.Length; j++)
                {
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                }
            }
            return d[a.Length, b.Length];
        }

        // ------------------------------------------------------------------ schema methods

        private bool IsTruthy(PyNode node)
        {
            if (node == null) return false;
            var v = Loaded(node);
            switch (v)
            {
                case string s: return s.Length > 0;
                case BigInteger b: return !b.IsZero;
                case double d: return d != 0;
                case bool flag: return flag;
            }
            return node.Truthy;
        }

        private void FieldMethod(SchemaDef def, SchemaRule rule, PyNode value, string path)
        {
            var where = rule.Line;
            switch (rule.Method)
            {
                case "validate_tags":
                {
                    // validate_no_reserved_tag + validate_no_duplicate_tag (common_schema.py)
                    var prefix = _schema.Text("PCLUSTER_PREFIX");
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    for (var i = 0; i < value.Seq.Count; i++)
                    {
                        var keyNode = value.Seq[i].Get("Key");
                        var key = Loaded(keyNode) as string ?? string.Empty;
                        if (key.StartsWith(prefix, StringComparison.Ordinal) && key != "parallelcluster:custom_resource")
                        {
                            Error($"{path}[{i}].Key", keyNode, "validate_no_reserved_tag", $"The tag key prefix '{prefix}' is reserved and cannot be used.", where);
                            return;
                        }
                    }
                    // The image schema's ImageSchema.validate_tags checks only the reserved prefix (imagebuilder_schema.py:80).
                    if (def.Name == "ImageSchema") break;
                    for (var i = 0; i < value.Seq.Count; i++)
                    {
                        var keyNode = value.Seq[i].Get("Key");
                        var key = Loaded(keyNode) as string ?? string.Empty;
                        if (!seen.Add(key))
                        {
                            Error($"{path}[{i}].Key", keyNode, "validate_no_duplicate_tag", $"Duplicate tag key ({key}) detected. Tags keys should be unique within the Tags section.", where);
                            return;
                        }
                    }
                    break;
                }
                case "shared_dir_validator":
                {
                    var dir = Loaded(value) as string;
                    if (dir != null && Regex.IsMatch(dir, "^/?NONE(?:$|\n\\z)"))
                    {
                        Error(path, value, "shared_dir_validator", $"{dir} cannot be used as a shared directory.", where);
                    }
                    break;
                }
                case "no_duplicate_instance_types":
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    for (var i = 0; i < value.Seq.Count; i++)
                    {
                        var typeNode = value.Seq[i].Get("InstanceType");
                        var type = Loaded(typeNode) as string;
                        if (type != null && !seen.Add(type))
                        {
                            Error($"{path}[{i}].InstanceType", typeNode, "no_duplicate_instance_types", $"Duplicate instance type ({type}) detected. Instances should not have duplicate instance types.", where);
                            return;
                        }
                    }
                    break;
                }
                case "validate_launch_permission":
                case "validate_extra_chef_attributes":
                {
                    var text = Loaded(value) as string;
                    if (!string.IsNullOrEmpty(text))
                    {
                        try { using (JsonDocument.Parse(text)) { } }
                        catch (JsonException) { Error(path, value, rule.Method, $"'{text}' is invalid (not JSON).", where); }
                    }
                    break;
                }
                case "validate_security_group_ids":
                {
                    // re.match of ALLOWED_VALUES["security_group_id"] on every id (imagebuilder_schema.py BuildSchema)
                    var pattern = _schema.Constant("ALLOWED_VALUES").GetProperty("security_group_id").GetString();
                    for (var i = 0; i < value.Seq.Count; i++)
                    {
                        var id = Loaded(value.Seq[i]) as string;
                        if (id != null && !PyMatch(pattern, id))
                        {
                            Error($"{path}[{i}]", value.Seq[i], rule.Method, "The SecurityGroupIds contains invalid security group id.", where);
                            return;
                        }
                    }
                    break;
                }
            }
        }

        /// <summary>urllib.parse.urlparse(url).scheme: letters first, then letters, digits, + - . before a colon; lower case.</summary>
        internal static string UrlScheme(string url)
        {
            var m = Regex.Match(url ?? string.Empty, "^([A-Za-z][A-Za-z0-9+.-]*):");
            return m.Success ? m.Groups[1].Value.ToLowerInvariant() : string.Empty;
        }

        private void SchemaMethod(SchemaDef def, SchemaRule rule, Dictionary<string, PyNode> data, PyNode node, string path)
        {
            var where = rule.Line;
            PyNode Get(string attr) => data.TryGetValue(attr, out var v) ? v : null;
            string KeyOf(string attr) => def.ByAttr(attr)?.Key ?? attr;
            string PathOf(string attr) => Join(path, KeyOf(attr));
            string Message(int i, string fallback) => rule.Messages.Count > i ? rule.Messages[i] : fallback;

            switch (rule.Method)
            {
                case "no_coexist_schedulers":
                {
                    var scheduler = Loaded(Get("scheduler")) as string;
                    var g = rule.Groups;
                    if (g[0].Fields.Count(f => IsTruthy(Get(f))) > 1)
                    {
                        Error(path.Length == 0 ? "Scheduling" : path, null, rule.Method, Message(0, "Multiple *Settings sections cannot be specified in the Scheduling section."), where);
                        return;
                    }
                    var queueSections = g[1].Fields.Count(f => IsTruthy(Get(f)));
                    if (queueSections != 1)
                    {
                        var prefix = scheduler == "awsbatch" ? "AwsBatch" : scheduler == null ? "" : char.ToUpperInvariant(scheduler[0]) + scheduler.Substring(1);
                        // None at all is a missing required section (Rule Required); two is a conflict.
                        Error(Join(path, prefix + "Queues"), null, queueSections == 0 ? "Required" : rule.Method, $"{prefix}Queues section must be specified in the Scheduling section ({rule.Method}).", where);
                    }
                    return;
                }
                case "right_scheduler_schema":
                {
                    var scheduler = Loaded(Get("scheduler")) as string;
                    foreach (var (name, settings, queues) in new[] { ("awsbatch", "aws_batch_settings", "aws_batch_queues"), ("slurm", "slurm_settings", "slurm_queues") })
                    {
                        if (data.ContainsKey(settings) && name != scheduler)
                        {
                            Error(PathOf(settings), null, rule.Method, $"Scheduling > *Settings section is not appropriate to the Scheduler: {scheduler}.", where);
                            return;
                        }
                        if (data.ContainsKey(queues) && name != scheduler)
                        {
                            Error(PathOf(queues), null, rule.Method, $"Scheduling > *Queues section is not appropriate to the Scheduler: {scheduler}.", where);
                            return;
                        }
                    }
                    return;
                }
                case "no_settings_for_batch":
                {
                    var scheduling = Get("scheduling");
                    if (scheduling == null || Loaded(scheduling.Get("Scheduler")) as string != "awsbatch") return;
                    const string text = "The use of the {0} configuration is not supported when using awsbatch as the scheduler.";
                    var intel = Get("additional_packages")?.Get("IntelSoftware")?.Get("IntelHpcPlatform");
                    if (intel != null && Loaded(intel) is bool on && on)
                    {
                        Error("AdditionalPackages.IntelSoftware.IntelHpcPlatform", intel, rule.Method, string.Format(CultureInfo.InvariantCulture, text, "IntelSoftware"), where);
                        return;
                    }
                    var updated = Get("head_node")?.Get("CustomActions")?.Get("OnNodeUpdated");
                    if (updated != null)
                    {
                        Error("HeadNode.CustomActions.OnNodeUpdated", null, rule.Method, string.Format(CultureInfo.InvariantCulture, text, "OnNodeUpdated"), where);
                        return;
                    }
                    if (Get("directory_service") != null)
                    {
                        Error("DirectoryService", null, rule.Method, string.Format(CultureInfo.InvariantCulture, text, "DirectoryService"), where);
                    }
                    return;
                }
                case "right_storage_settings":
                {
                    var type = Loaded(Get("storage_type")) as string;
                    foreach (var (storageType, settings) in new[] { ("Ebs", "ebs_settings"), ("Efs", "efs_settings"), ("FsxLustre", "fsx_lustre_settings"), ("FsxOpenZfs", "fsx_open_zfs_settings"), ("FsxOntap", "fsx_ontap_settings"), ("FileCache", "file_cache_settings") })
                    {
                        if (IsTruthy(Get(settings)) && storageType != type)
                        {
                            Error(PathOf(settings), null, rule.Method, $"SharedStorage > *Settings section is not appropriate to the StorageType {type}.", where);
                            return;
                        }
                    }
                    return;
                }
                case "instance_type_declaration":
                {
                    if (IsTruthy(Get("instances"))) return;
                    var reservation = Get("capacity_reservation_target")?.Get("CapacityReservationId");
                    if (!IsTruthy(Get("instance_type")) && !IsTruthy(reservation))
                    {
                        Error(Join(path, "InstanceType"), null, rule.Method, Message(0, "A Compute Resource needs to specify Instances, InstanceType or CapacityReservationId."), where);
                    }
                    return;
                }
                case "validate_file_system_id_ignored_parameters":
                {
                    if (Get("file_system_id") == null) return;
                    var allowed = rule.Lists.Count > 0 ? rule.Lists[0] : new List<string> { "file_system_id" };
                    var what = def.Name.StartsWith("Efs", StringComparison.Ordinal) ? "an existing EFS file system" : "an existing Lustre file system";
                    foreach (var attr in data.Keys.Where(k => !allowed.Contains(k)))
                    {
                        // marshmallow raises one ValidationError listing every ignored key: one finding per key.
                        Error(PathOf(attr), data[attr], rule.Method, $"{KeyOf(attr)} cannot be specified when {what} is used (FileSystemId).", where);
                    }
                    return;
                }
                case "validate_backup_id_unsupported_parameters":
                {
                    if (Get("backup_id") == null) return;
                    var unsupported = rule.Lists.Count > 0 ? rule.Lists[0] : new List<string>();
                    foreach (var attr in data.Keys.Where(k => unsupported.Contains(k)))
                    {
                        Error(PathOf(attr), data[attr], rule.Method, $"When restoring an FSx Lustre file system from backup, '{KeyOf(attr)}' cannot be specified.", where);
                    }
                    return;
                }
                case "validate_component_value":
                {
                    // ComponentSchema: an arn component's value starts with "arn"; a script's is an https or s3 URL.
                    var type = Loaded(Get("type")) as string;
                    var value = Loaded(Get("value")) as string ?? string.Empty;
                    if (type == "arn" && !value.StartsWith("arn", StringComparison.Ordinal))
                    {
                        Error(PathOf("value"), Get("value"), rule.Method, $"The Type in Component is arn, the value '{value}' is invalid. Choose a value with 'arn' prefix.", where);
                    }
                    else if (type == "script" && UrlScheme(value) != "https" && UrlScheme(value) != "s3")
                    {
                        Error(PathOf("value"), Get("value"), rule.Method, $"The Type in Component is script, the value '{value}' is invalid. Choose a value with 'https' or 's3' prefix url.", where);
                    }
                    return;
                }
                case "validate_existence_of_mode_throughput":
                {
                    var mode = Loaded(Get("throughput_mode")) as string;
                    var provisioned = IsTruthy(Get("provisioned_throughput"));
                    if (mode != "provisioned" && provisioned)
                    {
                        Error(PathOf("throughput_mode"), Get("throughput_mode"), rule.Method, "When specifying provisioned throughput, the throughput mode must be set to provisioned.", where);
                    }
                    else if (mode == "provisioned" && !provisioned)
                    {
                        Error(PathOf("provisioned_throughput"), null, rule.Method, "When specifying throughput mode to provisioned, the provisioned throughput option must be specified.", where);
                    }
                    return;
                }
            }

            // Generic fields_coexist groups (no_coexist_* methods).
            for (var i = 0; i < rule.Groups.Count; i++)
            {
                var (fields, oneRequired) = rule.Groups[i];
                var set = fields.Where(f => IsTruthy(Get(f))).ToList();
                var bad = oneRequired ? set.Count != 1 : set.Count > 1;
                if (!bad) continue;
                var keys = fields.Select(KeyOf).ToList();
                var target = set.Count > 1 ? PathOf(set[set.Count - 1]) : PathOf(fields[0]);
                var fallback = oneRequired ? $"Exactly one of {string.Join(", ", keys)} must be set." : $"{string.Join(" and ", set.Select(KeyOf))} can not be configured together.";
                var message = rule.Messages.Count == rule.Groups.Count ? rule.Messages[i] : rule.Messages.Count > 0 ? rule.Messages[Math.Min(i, rule.Messages.Count - 1)] : fallback;
                Error(target, set.Count > 1 ? Get(set[set.Count - 1]) : null, set.Count == 0 ? "Required" : rule.Method, $"{message} ({rule.Method})", where);
                return; // marshmallow raises on the first failing check of a method
            }
        }
    }
}
