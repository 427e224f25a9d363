using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using PcHpc.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PcHpc.Core.Config
{
    /// <summary>
    /// Reads and writes ParallelCluster v3 YAML. Typed keys map to the model's properties; every other key, and any
    /// typed key whose value has an unexpected shape, is carried through as the original YAML node.
    /// </summary>
    public static class ConfigYaml
    {
        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PropertyCache = new ConcurrentDictionary<Type, PropertyInfo[]>();

        // Plain scalars that a YAML 1.1 reader (ParallelCluster uses PyYAML) would not read back as a string.
        private static readonly Regex NonStringPlain = new Regex(
            @"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|" +
            @"[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9_]+([eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0b[01_]+|" +
            @"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|" +
            @"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$",
            RegexOptions.CultureInvariant);

        /// <summary>The typed keys of a section type, in declaration order.</summary>
        public static PropertyInfo[] TypedProperties(Type sectionType)
        {
            return PropertyCache.GetOrAdd(sectionType, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.DeclaringType == t && p.CanRead && p.GetSetMethod() != null)
                .OrderBy(p => p.MetadataToken)
                .ToArray());
        }

        /// <summary>Keys ParallelCluster accepts in a section that the model carries through untyped.</summary>
        public static string[] KnownUntypedKeys(Type sectionType)
        {
            return sectionType.GetCustomAttribute<UntypedKeysAttribute>()?.Keys ?? new string[0];
        }

        public static ClusterConfig Parse(string yaml, string source = null)
        {
            YamlNode rootNode;
            try
            {
                // As PyYAML (ParallelCluster's reader): a repeated key takes the last value instead of failing the file.
                rootNode = Schema.YamlLoader.Load(yaml ?? string.Empty);
            }
            catch (YamlException ex)
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "ConfigYamlInvalid",
                    $"{source ?? "The YAML text"} is not valid YAML ({ex.Message.Trim()}, line {ex.Start.Line}); fix the file and import it again.", ex)
                { Target = source };
            }
            if (rootNode == null)
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "ConfigYamlEmpty",
                    $"{source ?? "The YAML text"} is empty; give a ParallelCluster v3 cluster configuration.") { Target = source };
            }
            if (!(rootNode is YamlMappingNode root))
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "ConfigYamlNotMapping",
                    $"{source ?? "The YAML text"} is not a ParallelCluster cluster configuration (its top level is not a set of keys such as Region, HeadNode, Scheduling).") { Target = source };
            }
            var config = new ClusterConfig();
            ReadSection(root, config);
            config.SourcePath = source;
            config.Comments = ConfigComments.Read(yaml);
            return config;
        }

        public static string Serialize(ClusterConfig config)
        {
            if (config == null) throw new ArgumentNullException(nameof(config));
            var root = WriteSection(config);
            var writer = new StringWriter(CultureInfo.InvariantCulture);
            var emitter = new Emitter(writer, new EmitterSettings().WithIndentedSequences().WithMaxSimpleKeyLength(1024));
            emitter.Emit(new StreamStart());
            emitter.Emit(new DocumentStart(null, null, true));
            EmitNode(emitter, root, string.Empty, config.Comments);
            if (config.Comments != null) EmitComments(emitter, config.Comments.Trailer);
            emitter.Emit(new DocumentEnd(true));
            emitter.Emit(new StreamEnd());
            return writer.ToString();
        }

        private static void EmitNode(IEmitter emitter, YamlNode node, string path, ConfigComments comments)
        {
            switch (node)
            {
                case YamlScalarNode scalar:
                    var plain = scalar.Style == ScalarStyle.Any || scalar.Style == ScalarStyle.Plain;
                    emitter.Emit(new Scalar(AnchorName.Empty, scalar.Tag, scalar.Value ?? string.Empty, scalar.Style, plain && scalar.Tag.IsEmpty, !plain || scalar.Tag.IsEmpty));
                    break;
                case YamlSequenceNode sequence:
                    emitter.Emit(new SequenceStart(AnchorName.Empty, sequence.Tag, sequence.Tag.IsEmpty, sequence.Style));
                    var index = 0;
                    foreach (var child in sequence.Children)
                    {
                        var itemPath = ConfigComments.ItemPath(path, index++, ConfigComments.ItemName(child));
                        EmitComments(emitter, comments?.LeadingAt(itemPath));
                        EmitNode(emitter, child, itemPath, comments);
                    }
                    emitter.Emit(new SequenceEnd());
                    break;
                case YamlMappingNode mapping:
                    emitter.Emit(new MappingStart(AnchorName.Empty, mapping.Tag, mapping.Tag.IsEmpty, mapping.Style));
                    foreach (var pair in mapping.Children)
                    {
                        var keyPath = ConfigComments.KeyPath(path, (pair.Key as YamlScalarNode)?.Value ?? pair.Key.ToString());
                        var inline = comments?.InlineAt(keyPath);
                        EmitComments(emitter, comments?.LeadingAt(keyPath));
                        // An end-of-line comment after a key whose value is a block goes on its own line above the key.
                        if (inline != null && !(pair.Value is YamlScalarNode)) EmitComments(emitter, new[] { inline });
                        EmitNode(emitter, pair.Key, keyPath, null);
                        EmitNode(emitter, pair.Value, keyPath, comments);
                        if (inline != null && pair.Value is YamlScalarNode) emitter.Emit(new Comment(inline, true));
                    }
                    emitter.Emit(new MappingEnd());
                    break;
            }
        }

        private static void EmitComments(IEmitter emitter, IEnumerable<string> lines)
        {
            if (lines == null) return;
            foreach (var line in lines) emitter.Emit(new Comment(line, false));
        }

        internal static void ReadSection(YamlMappingNode mapping, ConfigSection section)
        {
            var properties = TypedProperties(section.GetType());
            section.KeyOrder = new List<string>();
            foreach (var pair in mapping.Children)
            {
                if (pair.Key is YamlScalarNode keyNode) section.KeyOrder.Add(keyNode.Value);
                var key = (pair.Key as YamlScalarNode)?.Value;
                var property = key == null ? null : properties.FirstOrDefault(p => p.Name == key);
                if (property != null && TryRead(pair.Value, property.PropertyType, out var value))
                {
                    property.SetValue(section, value);
                }
                else
                {
                    section.Untyped.Add(new KeyValuePair<string, YamlNode>(key ?? pair.Key.ToString(), pair.Value));
                }
            }
        }

        private static bool TryRead(YamlNode node, Type type, out object value)
        {
            value = null;
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            if (typeof(ConfigSection).IsAssignableFrom(type))
            {
                if (!(node is YamlMappingNode mapping)) return false;
                var section = (ConfigSection)Activator.CreateInstance(type);
                ReadSection(mapping, section);
                value = section;
                return true;
            }
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            {
                if (!(node is YamlSequenceNode sequence)) return false;
                var itemType = type.GetGenericArguments()[0];
                var list = (IList)Activator.CreateInstance(type);
                foreach (var child in sequence.Children)
                {
                    if (!TryRead(child, itemType, out var item) || item == null) return false;
                    list.Add(item);
                }
                value = list;
                return true;
            }
            if (!(node is YamlScalarNode scalar) || scalar.Value == null) return false;
            var text = scalar.Value;
            var quoted = scalar.Style == ScalarStyle.SingleQuoted || scalar.Style == ScalarStyle.DoubleQuoted;
            if (underlying == typeof(string))
            {
                // A plain scalar that YAML 1.1 (PyYAML, as ParallelCluster reads it) takes for null, a bool, a number or a
                // date is not text: keep the node as it is, so the validator reports it instead of quietly quoting it.
                if (!quoted && Schema.PyNode.PlainIsNotString(text)) return false;
                value = text;
                return true;
            }
            if (quoted) return false;
            if (underlying == typeof(int))
            {
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) { value = i; return true; }
                return false;
            }
            if (underlying == typeof(double))
            {
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) { value = d; return true; }
                return false;
            }
            if (underlying == typeof(bool))
            {
                switch (text)
                {
                    case "true": case "True": case "TRUE": value = true; return true;
                    case "false": case "False": case "FALSE": value = false; return true;
                    default: return false;
                }
            }
            return false;
        }

        internal static YamlMappingNode WriteSection(ConfigSection section)
        {
            var entries = new List<KeyValuePair<string, YamlNode>>();
            foreach (var property in TypedProperties(section.GetType()))
            {
                var node = WriteValue(property.GetValue(section));
                if (node != null) entries.Add(new KeyValuePair<string, YamlNode>(property.Name, node));
            }
            foreach (var pair in section.Untyped)
            {
                if (entries.Any(e => e.Key == pair.Key)) continue; // a typed value set later wins
                entries.Add(pair);
            }
            if (section.KeyOrder != null)
            {
                // Keys from the imported file keep their place; keys added since go after them in model order.
                var order = section.KeyOrder;
                entries = entries
                    .Select((e, i) => (Entry: e, Rank: order.IndexOf(e.Key) is int r && r >= 0 ? r : order.Count + i))
                    .OrderBy(x => x.Rank)
                    .Select(x => x.Entry)
                    .ToList();
            }
            var mapping = new YamlMappingNode();
            foreach (var entry in entries) mapping.Add(new YamlScalarNode(entry.Key), entry.Value);
            return mapping;
        }

        private static YamlNode WriteValue(object value)
        {
            switch (value)
            {
                case null: return null;
                case ConfigSection section: return WriteSection(section);
                case string s: return StringScalar(s);
                case bool b: return new YamlScalarNode(b ? "true" : "false");
                case int i: return new YamlScalarNode(i.ToString(CultureInfo.InvariantCulture));
                case double d: return new YamlScalarNode(FloatText(d));
                case IEnumerable items:
                    var sequence = new YamlSequenceNode();
                    foreach (var item in items)
                    {
                        var child = WriteValue(item);
                        if (child != null) sequence.Add(child);
                    }
                    return sequence;
                default: return StringScalar(Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }

        /// <summary>
        /// A float as YAML 1.1 (PyYAML) reads a float back: 2.0 stays 2.0 (not 2, an int), 1E+20 becomes 1.0E+20 (PyYAML
        /// needs the dot), infinities and NaN are .inf, -.inf and .nan.
        /// </summary>
        public static string FloatText(double d)
        {
            if (double.IsNaN(d)) return ".nan";
            if (double.IsPositiveInfinity(d)) return ".inf";
            if (double.IsNegativeInfinity(d)) return "-.inf";
            var text = d.ToString("R", CultureInfo.InvariantCulture);
            if (text.IndexOf('.') >= 0) return text;
            var e = text.IndexOfAny(new[] { 'E', 'e' });
            return e < 0 ? text + ".0" : text.Substring(0, e) + ".0" + text.Substring(e);
        }

        /// <summary>A string scalar, quoted when a YAML 1.1 reader would otherwise take it for a bool, number or null.</summary>
        public static YamlScalarNode StringScalar(string value)
        {
            var node = new YamlScalarNode(value);
            if (value.Length == 0 || NonStringPlain.IsMatch(value)) node.Style = ScalarStyle.SingleQuoted;
            return node;
        }

        /// <summary>A deep copy through YAML text (keeps untyped keys).</summary>
        public static ClusterConfig Clone(ClusterConfig config)
        {
            var copy = Parse(Serialize(config));
            copy.SourcePath = config.SourcePath;
            return copy;
        }
    }
}
