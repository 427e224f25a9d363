using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>
    /// One value checked against one field of the rule table (cluster-schema.json), for the builders: allowed values in
    /// the table's spelling, patterns (ids, CIDRs, ARNs) and ranges. Used at parameter binding and in ConfigBuilder.
    /// </summary>
    public static class SchemaValues
    {
        public const string ManagedPolicyArnPrefix = "arn:aws:iam::aws:policy/";

        // IAM policy names and paths (letters, digits, +=,.@_- and / between path parts).
        private static readonly Regex PolicyName = new Regex(@"^(?:[\w+=,.@-]+/)*[\w+=,.@-]+$", RegexOptions.CultureInvariant);

        /// <summary>The field <paramref name="key"/> of the schema <paramref name="schema"/> (a list's item when it is a list).</summary>
        public static SchemaField Field(string schema, string key)
        {
            var def = ConfigSchema.Official.Schemas.TryGetValue(schema, out var d) ? d : throw new ArgumentException($"No schema {schema} in the table.", nameof(schema));
            var field = def.ByKey(key) ?? throw new ArgumentException($"No field {key} in {schema}.", nameof(key));
            return field.Item ?? field;
        }

        /// <summary>The allowed values of a field as the service spells them (empty when the field has none).</summary>
        public static IReadOnlyList<string> AllowedValues(string schema, string key) =>
            (Field(schema, key).Enum ?? new List<JsonElement>()).Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()).ToList();

        /// <summary>
        /// <paramref name="value"/> in the table's spelling: an allowed value matched ignoring case, '_' and '-' (spot →
        /// SPOT, OnDemand → ONDEMAND, delete → Delete), else checked against the field's patterns. Null stays null.
        /// Throws <see cref="PcHpcException"/> (InvalidArgument) naming <paramref name="parameter"/> when the value can't be used.
        /// </summary>
        public static string Canonical(string schema, string key, string value, string parameter)
        {
            var error = Check(schema, key, value, out var canonical);
            if (error != null) throw new PcHpcException(ErrorKind.InvalidArgument, "ParameterValueInvalid", $"-{parameter}: {error}") { Target = value };
            return canonical;
        }

        /// <summary>The problem with <paramref name="value"/> for a field (null when it is fine); <paramref name="canonical"/> is its table spelling.</summary>
        public static string Check(string schema, string key, string value, out string canonical) => Check(schema, key, value, out canonical, null);

        /// <summary>As above; messages name the field <paramref name="path"/> (its config path) instead of its key.</summary>
        public static string Check(string schema, string key, string value, out string canonical, string path)
        {
            canonical = value;
            var name = path ?? key;
            if (value == null) return null;
            var field = Field(schema, key);
            var allowed = AllowedValues(schema, key);
            if (allowed.Count > 0)
            {
                var exact = allowed.FirstOrDefault(a => a == value)
                    ?? allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
                    ?? allowed.FirstOrDefault(a => Loose(a) == Loose(value));
                if (exact == null) return $"'{value}' is not one of the values ParallelCluster allows for {name}: {string.Join(", ", allowed)}.";
                canonical = exact;
                return null;
            }
            if (field.Pattern != null && !PythonValues.PyMatch(field.Pattern, value))
            {
                return $"'{value}' is not a valid {name} (it must match {field.Pattern}" + (field.Error != null ? $": {field.Error}" : string.Empty) + ").";
            }
            if (field.PatternAny != null && !field.PatternAny.Any(p => PythonValues.PyMatch(p, value)))
            {
                return field.Validator == "is_cidr_or_prefix_list"
                    ? $"{name}: '{value}' is neither a valid CIDR (such as 203.0.113.0/24) nor a valid prefix-list id (pl-...)."
                    : $"'{value}' is not a valid {name}.";
            }
            return null;
        }

        /// <summary>The problem with a number for a field's range (null when it is fine or the field has no range).</summary>
        public static string CheckRange(string schema, string key, double value)
        {
            var field = Field(schema, key);
            var low = field.RangeMin == null || (field.MinInclusive ? value >= field.RangeMin : value > field.RangeMin);
            var high = field.RangeMax == null || (field.MaxInclusive ? value <= field.RangeMax : value < field.RangeMax);
            if (low && high) return null;
            string Num(double? d) => d.Value.ToString(CultureInfo.InvariantCulture);
            var bounds = field.RangeMin != null && field.RangeMax != null ? $"between {Num(field.RangeMin)} and {Num(field.RangeMax)}"
                : field.RangeMin != null ? $"{(field.MinInclusive ? "at least" : "more than")} {Num(field.RangeMin)}" : $"at most {Num(field.RangeMax)}";
            return $"{value.ToString(CultureInfo.InvariantCulture)} is out of range for {key}: it must be {bounds}.";
        }

        /// <summary>
        /// An IAM policy for AdditionalIamPolicies: an ARN as is, or an AWS managed-policy name (optionally with its path,
        /// such as service-role/AmazonEC2RoleforSSM) turned into arn:aws:iam::aws:policy/NAME. Throws for anything else.
        /// </summary>
        public static string PolicyArn(string value, string parameter)
        {
            if (value == null) return null;
            var text = value.Trim();
            if (!text.StartsWith("arn:", StringComparison.Ordinal) && PolicyName.IsMatch(text)) text = ManagedPolicyArnPrefix + text;
            var error = Check("AdditionalIamPolicySchema", "Policy", text, out _);
            if (error != null)
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "ParameterValueInvalid",
                    $"-{parameter}: '{value}' is neither a policy ARN (arn:...:policy/...) nor an AWS managed-policy name (such as AmazonSSMManagedInstanceCore).") { Target = value };
            }
            return text;
        }

        private static string Loose(string s) => s.Replace("_", string.Empty).Replace("-", string.Empty).ToLowerInvariant();
    }
}
