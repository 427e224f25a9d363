using System.Collections.Generic;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PcHpc.Core.Config
{
    /// <summary>
    /// The comments of an imported YAML file, keyed by where they stood, so that Export writes them back. A comment on
    /// its own line belongs to the key or list item that follows it; a comment after a value on the same line belongs to
    /// that key; comments after the last key are the trailer. List items that have a Name are keyed by it
    /// (<c>Scheduling.SlurmQueues[Name=q1]</c>), so a comment stays with its queue when queues are added or reordered.
    /// </summary>
    public sealed class ConfigComments
    {
        private readonly Dictionary<string, List<string>> _leading = new Dictionary<string, List<string>>();
        private readonly Dictionary<string, string> _inline = new Dictionary<string, string>();
        private readonly List<string> _trailer = new List<string>();

        public bool IsEmpty => _leading.Count == 0 && _inline.Count == 0 && _trailer.Count == 0;

        public IReadOnlyList<string> LeadingAt(string path) =>
            _leading.TryGetValue(path, out var lines) ? lines : (IReadOnlyList<string>)new string[0];

        public string InlineAt(string path) => _inline.TryGetValue(path, out var text) ? text : null;

        public IReadOnlyList<string> Trailer => _trailer;

        /// <summary>The comments of <paramref name="yaml"/>; none when it is not YAML (the parser reports that).</summary>
        public static ConfigComments Read(string yaml)
        {
            var comments = new ConfigComments();
            List<ParsingEvent> events;
            try
            {
                var parser = new Parser(new Scanner(new StringReader(yaml ?? string.Empty), skipComments: false));
                events = new List<ParsingEvent>();
                while (parser.MoveNext()) events.Add(parser.Current);
            }
            catch (YamlException)
            {
                return comments;
            }
            new Reader(events, comments).ReadDocument();
            return comments;
        }

        /// <summary>The path of a list item: by its Name when it is a mapping with one, else by position.</summary>
        public static string ItemPath(string listPath, int index, string name) =>
            listPath + "[" + (name != null ? "Name=" + name : index.ToString(System.Globalization.CultureInfo.InvariantCulture)) + "]";

        public static string ItemName(YamlNode item) =>
            item is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode("Name"), out var name) && name is YamlScalarNode scalar
                ? scalar.Value : null;

        public static string KeyPath(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

        private sealed class Reader
        {
            private readonly List<ParsingEvent> _events;
            private readonly ConfigComments _comments;
            private readonly List<string> _pending = new List<string>();
            private int _at;
            private string _lastKey = string.Empty;

            public Reader(List<ParsingEvent> events, ConfigComments comments)
            {
                _events = events;
                _comments = comments;
            }

            public void ReadDocument()
            {
                while (_at < _events.Count && !(_events[_at] is DocumentStart)) _at++;
                if (_at >= _events.Count) return;
                _at++;
                TakeComments();
                if (_at < _events.Count && !(_events[_at] is DocumentEnd)) ReadNode(string.Empty);
                TakeComments();
                _comments._trailer.AddRange(_pending);
                _pending.Clear();
            }

            private void TakeComments()
            {
                while (_at < _events.Count && _events[_at] is Comment comment)
                {
                    if (comment.IsInline && _lastKey.Length > 0 && _pending.Count == 0) _comments._inline[_lastKey] = comment.Value;
                    else _pending.Add(comment.Value);
                    _at++;
                }
            }

            private void Attach(string path)
            {
                if (_pending.Count == 0) return;
                if (!_comments._leading.TryGetValue(path, out var lines)) _comments._leading[path] = lines = new List<string>();
                lines.AddRange(_pending);
                _pending.Clear();
            }

            private void ReadNode(string path)
            {
                TakeComments();
                var current = _events[_at++];
                if (current is SequenceStart)
                {
                    var index = 0;
                    while (true)
                    {
                        TakeComments();
                        if (_events[_at] is SequenceEnd) { _at++; break; }
                        var itemPath = ItemPath(path, index++, NameAhead());
                        Attach(itemPath);
                        ReadNode(itemPath);
                    }
                }
                else if (current is MappingStart)
                {
                    while (true)
                    {
                        TakeComments();
                        if (_events[_at] is MappingEnd) { _at++; break; }
                        var key = _events[_at] is Scalar scalar ? scalar.Value : null;
                        if (key == null) { ReadNode(path); ReadNode(path); continue; }
                        _at++;
                        var keyPath = KeyPath(path, key);
                        Attach(keyPath);
                        _lastKey = keyPath;
                        ReadNode(keyPath);
                        _lastKey = keyPath;
                    }
                }
            }

            /// <summary>The Name of the mapping that starts at the current event, looking ahead without consuming.</summary>
            private string NameAhead()
            {
                if (!(_events[_at] is MappingStart)) return null;
                var depth = 0;
                for (var i = _at; i < _events.Count; i++)
                {
                    switch (_events[i])
                    {
                        case MappingStart _:
                        case SequenceStart _:
                            depth++;
                            break;
                        case MappingEnd _:
                        case SequenceEnd _:
                            if (--depth == 0) return null;
                            break;
                        case Scalar key when depth == 1 && key.Value == "Name":
                            var next = i + 1;
                            while (next < _events.Count && _events[next] is Comment) next++;
                            return next < _events.Count && _events[next] is Scalar value ? value.Value : null;
                        case Scalar _ when depth == 1:
                            // a key other than Name: skip its value
                            var j = i + 1;
                            while (j < _events.Count && _events[j] is Comment) j++;
                            if (j < _events.Count && _events[j] is Scalar) i = j;
                            break;
                    }
                }
                return null;
            }
        }
    }
}
