using System;
using System.Collections.Generic;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>How findings name what they found: a value as shown, a type as a user reads it, the nearest known key.</summary>
    internal static class SchemaWording
    {
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
    }
}
