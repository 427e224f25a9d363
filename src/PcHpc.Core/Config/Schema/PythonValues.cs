using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>Python's and marshmallow's reading of values: marshmallow field coercion, int()/float() of text, re.match, len() in code points, urlparse's scheme.</summary>
    internal static class PythonValues
    {
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

        internal static int CodePoints(string s)
        {
            var n = 0;
            for (var i = 0; i < s.Length; i++) { if (!char.IsHighSurrogate(s[i]) || i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) n++; else { n++; i++; } }
            return n;
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

        /// <summary>urllib.parse.urlparse(url).scheme: letters first, then letters, digits, + - . before a colon; lower case.</summary>
        internal static string UrlScheme(string url)
        {
            var m = Regex.Match(url ?? string.Empty, "^([A-Za-z][A-Za-z0-9+.-]*):");
            return m.Success ? m.Groups[1].Value.ToLowerInvariant() : string.Empty;
        }
    }
}
