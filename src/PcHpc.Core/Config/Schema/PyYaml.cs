using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>The Python type a YAML node becomes when ParallelCluster reads it (PyYAML safe_load, YAML 1.1).</summary>
    public enum PyKind { Null, Bool, Int, Float, Str, Other, Map, Seq }

    /// <summary>
    /// A YAML node as PyYAML's safe_load (the reader ParallelCluster uses) would give it to marshmallow: YAML 1.1
    /// booleans (yes/no/on/off/true/false), integers (decimal, 0x, 0b, leading-zero octal, underscores, sexagesimal,
    /// any size), floats (which need a dot), null (~, null, empty), timestamps (not strings). Quoted scalars are strings.
    /// </summary>
    public sealed class PyNode
    {
        public PyKind Kind { get; private set; }
        public bool Bool { get; private set; }
        public BigInteger Int { get; private set; }
        public double Float { get; private set; }
        public string Str { get; private set; }
        /// <summary>The scalar as written (for messages), or the node kind.</summary>
        public string Text { get; private set; }
        public List<KeyValuePair<PyNode, PyNode>> Map { get; private set; }
        public List<PyNode> Seq { get; private set; }
        public YamlNode Source { get; private set; }

        // The implicit resolvers of PyYAML's resolver.py (YAML 1.1), restated.
        private static readonly Regex BoolRe = new Regex("^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", RegexOptions.CultureInvariant);
        private static readonly Regex FloatRe = new Regex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", RegexOptions.CultureInvariant);
        private static readonly Regex IntRe = new Regex(@"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$", RegexOptions.CultureInvariant);
        private static readonly Regex NullRe = new Regex("^(?:~|null|Null|NULL|)$", RegexOptions.CultureInvariant);
        private static readonly Regex TimestampRe = new Regex(@"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$", RegexOptions.CultureInvariant);

        private PyNode() { }

        public static PyNode From(YamlNode node)
        {
            switch (node)
            {
                case null:
                    return new PyNode { Kind = PyKind.Null, Text = "null" };
                case YamlMappingNode mapping:
                    return new PyNode
                    {
                        Kind = PyKind.Map, Text = "a mapping", Source = node,
                        Map = mapping.Children.Select(p => new KeyValuePair<PyNode, PyNode>(From(p.Key), From(p.Value))).ToList(),
                    };
                case YamlSequenceNode sequence:
                    return new PyNode { Kind = PyKind.Seq, Text = "a list", Source = node, Seq = sequence.Children.Select(From).ToList() };
                case YamlScalarNode scalar:
                    var n = Scalar(scalar.Value ?? string.Empty, scalar.Style == ScalarStyle.Plain || scalar.Style == ScalarStyle.Any, scalar.Tag.IsEmpty ? null : scalar.Tag.Value);
                    n.Source = node;
                    return n;
                default:
                    return new PyNode { Kind = PyKind.Other, Text = node.ToString(), Source = node };
            }
        }

        /// <summary>The value PyYAML gives a scalar; plain scalars are resolved, quoted ones are strings.</summary>
        public static PyNode Scalar(string text, bool plain, string tag = null)
        {
            var n = new PyNode { Text = text };
            if (tag != null)
            {
                switch (tag)
                {
                    case "tag:yaml.org,2002:str": n.Kind = PyKind.Str; n.Str = text; return n;
                    case "tag:yaml.org,2002:int": return IntOrOther(n, text);
                    case "tag:yaml.org,2002:float": return FloatOrOther(n, text);
                    case "tag:yaml.org,2002:bool": if (BoolRe.IsMatch(text)) { n.Kind = PyKind.Bool; n.Bool = IsTrue(text); return n; } break;
                    case "tag:yaml.org,2002:null": n.Kind = PyKind.Null; return n;
                }
                n.Kind = PyKind.Other;
                return n;
            }
            if (!plain) { n.Kind = PyKind.Str; n.Str = text; return n; }
            if (BoolRe.IsMatch(text)) { n.Kind = PyKind.Bool; n.Bool = IsTrue(text); return n; }
            if (IntRe.IsMatch(text)) return IntOrOther(n, text);
            if (FloatRe.IsMatch(text)) return FloatOrOther(n, text);
            if (NullRe.IsMatch(text)) { n.Kind = PyKind.Null; return n; }
            if (TimestampRe.IsMatch(text)) { n.Kind = PyKind.Other; return n; }
            n.Kind = PyKind.Str;
            n.Str = text;
            return n;
        }

        /// <summary>True when a plain scalar with this text is not a string for PyYAML (bool, number, null, timestamp).</summary>
        public static bool PlainIsNotString(string text) => Scalar(text ?? string.Empty, true).Kind != PyKind.Str;

        private static bool IsTrue(string text) => text.StartsWith("y", StringComparison.OrdinalIgnoreCase) || text.StartsWith("t", StringComparison.OrdinalIgnoreCase) || text.Equals("on", StringComparison.OrdinalIgnoreCase);

        private static PyNode IntOrOther(PyNode n, string text)
        {
            if (TryInt(text, out var value)) { n.Kind = PyKind.Int; n.Int = value; }
            else n.Kind = PyKind.Other;
            return n;
        }

        private static PyNode FloatOrOther(PyNode n, string text)
        {
            if (TryFloat(text, out var value)) { n.Kind = PyKind.Float; n.Float = value; }
            else n.Kind = PyKind.Other;
            return n;
        }

        // PyYAML construct_yaml_int.
        private static bool TryInt(string text, out BigInteger value)
        {
            value = BigInteger.Zero;
            var s = text.Replace("_", string.Empty);
            var sign = BigInteger.One;
            if (s.StartsWith("-", StringComparison.Ordinal)) { sign = BigInteger.MinusOne; s = s.Substring(1); }
            else if (s.StartsWith("+", StringComparison.Ordinal)) s = s.Substring(1);
            if (s.Length == 0) return false;
            if (s == "0") { value = 0; return true; }
            if (s.StartsWith("0b", StringComparison.Ordinal)) return Based(s.Substring(2), 2, sign, out value);
            if (s.StartsWith("0x", StringComparison.Ordinal)) return Based(s.Substring(2), 16, sign, out value);
            if (s[0] == '0') return Based(s.Substring(1), 8, sign, out value);
            if (s.Contains(":"))
            {
                var digits = s.Split(':').Select(d => BigInteger.Parse(d, CultureInfo.InvariantCulture)).Reverse().ToList();
                var baseValue = BigInteger.One;
                foreach (var d in digits) { value += d * baseValue; baseValue *= 60; }
                value *= sign;
                return true;
            }
            if (!BigInteger.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return false;
            value = sign * v;
            return true;
        }

        private static bool Based(string digits, int radix, BigInteger sign, out BigInteger value)
        {
            value = BigInteger.Zero;
            if (digits.Length == 0) return false;
            foreach (var ch in digits.ToLowerInvariant())
            {
                var d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : 99;
                if (d >= radix) return false;
                value = value * radix + d;
            }
            value *= sign;
            return true;
        }

        // PyYAML construct_yaml_float.
        private static bool TryFloat(string text, out double value)
        {
            var s = text.Replace("_", string.Empty).ToLowerInvariant();
            var sign = 1.0;
            if (s.StartsWith("-", StringComparison.Ordinal)) { sign = -1; s = s.Substring(1); }
            else if (s.StartsWith("+", StringComparison.Ordinal)) s = s.Substring(1);
            if (s == ".inf") { value = sign * double.PositiveInfinity; return true; }
            if (s == ".nan") { value = double.NaN; return true; }
            if (s.Contains(":"))
            {
                var parts = s.Split(':').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).Reverse().ToList();
                double baseValue = 1, total = 0;
                foreach (var p in parts) { total += p * baseValue; baseValue *= 60; }
                value = sign * total;
                return true;
            }
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) { value = sign * v; return true; }
            value = 0;
            return false;
        }

        /// <summary>Python's truthiness (what marshmallow's fields_coexist tests with data.get(...)).</summary>
        public bool Truthy
        {
            get
            {
                switch (Kind)
                {
                    case PyKind.Null: return false;
                    case PyKind.Bool: return Bool;
                    case PyKind.Int: return !Int.IsZero;
                    case PyKind.Float: return Float != 0;
                    case PyKind.Str: return Str.Length > 0;
                    case PyKind.Map: return true; // a loaded nested section is an object
                    case PyKind.Seq: return Seq.Count > 0;
                    default: return true;
                }
            }
        }

        /// <summary>The node's value looked up by string key (first match), or null.</summary>
        public PyNode Get(string key)
        {
            if (Kind != PyKind.Map) return null;
            PyNode found = null;
            foreach (var pair in Map)
            {
                // PyYAML builds a dict: with a repeated key the last value wins.
                if (pair.Key.Kind == PyKind.Str && pair.Key.Str == key) found = pair.Value;
            }
            return found;
        }

        public override string ToString() => Text;
    }
}
