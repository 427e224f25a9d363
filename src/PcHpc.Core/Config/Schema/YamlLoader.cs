using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>
    /// Loads the first YAML document into a node tree the way PyYAML's safe_load (ParallelCluster's reader) accepts it:
    /// a key repeated in a mapping keeps its first position and takes the last value (YamlStream would reject the file).
    /// Aliases resolve to the anchored node.
    /// </summary>
    public static class YamlLoader
    {
        /// <summary>The root node (null for an empty stream); repeated keys are listed in <paramref name="duplicateKeys"/> as "path: key (line n)".</summary>
        public static YamlNode Load(string text, List<string> duplicateKeys = null)
        {
            var parser = new Parser(new StringReader(text ?? string.Empty));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            if (parser.Accept<DocumentEnd>(out _)) return null;
            var anchors = new Dictionary<string, YamlNode>();
            return Read(parser, anchors, string.Empty, duplicateKeys);
        }

        private static YamlNode Read(IParser parser, Dictionary<string, YamlNode> anchors, string path, List<string> duplicates)
        {
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    throw new AnchorNotFoundException(alias.Start, alias.End, $"Alias ${alias.Value} cannot precede anchor declaration");
                return target;
            }
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                var node = new YamlScalarNode(scalar.Value) { Style = scalar.Style };
                if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific) node.Tag = scalar.Tag;
                Anchor(scalar.Anchor, node, anchors);
                return node;
            }
            if (parser.TryConsume<SequenceStart>(out var seqStart))
            {
                var node = new YamlSequenceNode { Style = seqStart.Style };
                Anchor(seqStart.Anchor, node, anchors);
                var i = 0;
                while (!parser.TryConsume<SequenceEnd>(out _)) node.Add(Read(parser, anchors, $"{path}[{i++}]", duplicates));
                return node;
            }
            if (parser.TryConsume<MappingStart>(out var mapStart))
            {
                var node = new YamlMappingNode { Style = mapStart.Style };
                Anchor(mapStart.Anchor, node, anchors);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyStart = parser.Current?.Start;
                    var key = Read(parser, anchors, path, duplicates);
                    var keyText = (key as YamlScalarNode)?.Value ?? key.ToString();
                    var value = Read(parser, anchors, path.Length == 0 ? keyText : path + "." + keyText, duplicates);
                    if (node.Children.ContainsKey(key))
                    {
                        duplicates?.Add($"{(path.Length == 0 ? keyText : path + "." + keyText)} (line {keyStart?.Line})");
                        node.Children[key] = value;
                    }
                    else node.Add(key, value);
                }
                return node;
            }
            throw new YamlException(parser.Current?.Start ?? Mark.Empty, parser.Current?.End ?? Mark.Empty, "Unexpected YAML event " + parser.Current);
        }

        private static void Anchor(AnchorName anchor, YamlNode node, Dictionary<string, YamlNode> anchors)
        {
            if (anchor.IsEmpty) return;
            node.Anchor = anchor;
            anchors[anchor.Value] = node;
        }
    }
}
