using System;
using System.Collections.Generic;
using System.Linq;
using YamlDotNet.RepresentationModel;

namespace PcHpc.Core.Config
{
    /// <summary>
    /// Lists the keys ParallelCluster accepts in a section that the model carries through without typing them,
    /// so that they are not reported as unknown.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class UntypedKeysAttribute : Attribute
    {
        public UntypedKeysAttribute(params string[] keys) => Keys = keys;
        public string[] Keys { get; }
    }

    /// <summary>
    /// Base of every typed section of a ParallelCluster configuration. Public read/write properties are the typed
    /// keys (property name == YAML key); every other key read from a file is kept, untouched, in
    /// <see cref="Untyped"/> and written back on export, so nothing the model does not know is dropped.
    /// </summary>
    public abstract class ConfigSection
    {
        internal List<KeyValuePair<string, YamlNode>> Untyped { get; } = new List<KeyValuePair<string, YamlNode>>();

        /// <summary>The order of the keys in the file this section was read from, so that export keeps it.</summary>
        internal List<string> KeyOrder { get; set; }

        /// <summary>The keys read from a file that the model carries through without typing them.</summary>
        public string[] UntypedKeys => Untyped.Select(p => p.Key).ToArray();

        internal void SetUntyped(string key, YamlNode value)
        {
            Untyped.RemoveAll(p => p.Key == key);
            if (value != null)
            {
                Untyped.Add(new KeyValuePair<string, YamlNode>(key, value));
            }
        }
    }
}
