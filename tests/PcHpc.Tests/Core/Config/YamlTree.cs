using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PcHpc.Tests.Core.Config
{
    /// <summary>Compares YAML documents as trees: mappings by key, sequences in order, scalars by value.</summary>
    public static class YamlTree
    {
        public static YamlNode Load(string yaml)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return stream.Documents[0].RootNode;
        }

        /// <summary>The differences between two documents, each as "path: what"; empty when they are equal.</summary>
        public static List<string> Differences(string expectedYaml, string actualYaml)
        {
            var diffs = new List<string>();
            Compare(Load(expectedYaml), Load(actualYaml), "$", diffs);
            return diffs;
        }

        public static YamlNode At(string yaml, string path)
        {
            YamlNode node = Load(yaml);
            foreach (var part in path.Split('.'))
            {
                var name = part;
                int? index = null;
                var bracket = part.IndexOf('[');
                if (bracket >= 0)
                {
                    name = part.Substring(0, bracket);
                    index = int.Parse(part.Substring(bracket + 1, part.Length - bracket - 2), CultureInfo.InvariantCulture);
                }
                if (!(node is YamlMappingNode map) || !map.Children.TryGetValue(new YamlScalarNode(name), out node)) return null;
                if (index != null)
                {
                    if (!(node is YamlSequenceNode seq) || seq.Children.Count <= index) return null;
                    node = seq.Children[index.Value];
                }
            }
            return node;
        }

        public static string Scalar(string yaml, string path) => (At(yaml, path) as YamlScalarNode)?.Value;

        private static void Compare(YamlNode expected, YamlNode actual, string path, List<string> diffs)
        {
            switch (expected)
            {
                case YamlMappingNode em:
                    if (!(actual is YamlMappingNode am)) { diffs.Add($"{path}: expected a mapping, got {actual?.NodeType}"); return; }
                    var ekeys = em.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();
                    var akeys = am.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();
                    foreach (var missing in ekeys.Except(akeys)) diffs.Add($"{path}.{missing}: missing");
                    foreach (var extra in akeys.Except(ekeys)) diffs.Add($"{path}.{extra}: unexpected");
                    foreach (var key in ekeys.Intersect(akeys))
                    {
                        Compare(em.Children[new YamlScalarNode(key)], am.Children[new YamlScalarNode(key)], $"{path}.{key}", diffs);
                    }
                    break;
                case YamlSequenceNode es:
                    if (!(actual is YamlSequenceNode aseq)) { diffs.Add($"{path}: expected a sequence, got {actual?.NodeType}"); return; }
                    if (es.Children.Count != aseq.Children.Count) { diffs.Add($"{path}: {es.Children.Count} items expected, got {aseq.Children.Count}"); return; }
                    for (var i = 0; i < es.Children.Count; i++) Compare(es.Children[i], aseq.Children[i], $"{path}[{i}]", diffs);
                    break;
                case YamlScalarNode escalar:
                    if (!(actual is YamlScalarNode ascalar)) { diffs.Add($"{path}: expected a scalar, got {actual?.NodeType}"); return; }
                    if (Normalize(escalar) != Normalize(ascalar)) diffs.Add($"{path}: expected '{escalar.Value}', got '{ascalar.Value}'");
                    break;
            }
        }

        /// <summary>The value a scalar stands for: bools and numbers in one spelling, strings as they are (quoted keeps them strings).</summary>
        private static string Normalize(YamlScalarNode node)
        {
            var v = node.Value ?? string.Empty;
            if (node.Style == ScalarStyle.SingleQuoted || node.Style == ScalarStyle.DoubleQuoted
                || node.Style == ScalarStyle.Literal || node.Style == ScalarStyle.Folded) return "str:" + v;
            if (v == "true" || v == "True" || v == "TRUE") return "bool:true";
            if (v == "false" || v == "False" || v == "FALSE") return "bool:false";
            if (v == "" || v == "~" || v == "null" || v == "Null" || v == "NULL") return "null";
            if (decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return "num:" + d.ToString(CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
            return "str:" + v;
        }
    }
}
