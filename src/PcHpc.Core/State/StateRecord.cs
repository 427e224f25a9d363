using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PcHpc.Core.State
{
    /// <summary>
    /// Base of every record the state store keeps. Records are plain data: later features add properties freely,
    /// and properties this version does not know (written by a newer PcHpc) are kept in <see cref="ExtensionData"/>
    /// and written back untouched. Never add a property that could hold a secret: <see cref="SecretGuard"/> refuses
    /// record types with secret-like property names.
    /// </summary>
    public abstract class StateRecord
    {
        /// <summary>The record file's schema version; set by the store when it writes.</summary>
        [JsonPropertyOrder(-100)]
        public int SchemaVersion { get; set; }

        /// <summary>When the store last wrote the record (UTC, ISO 8601).</summary>
        [JsonPropertyOrder(-99)]
        public System.DateTimeOffset? SavedTime { get; set; }

        /// <summary>Properties this version does not know; preserved across read-modify-write.</summary>
        [JsonExtensionData]
        public Dictionary<string, JsonElement> ExtensionData { get; set; }

        /// <summary>
        /// True when the file was written by a newer PcHpc with a schema this version does not understand: such a
        /// record can be read but the store refuses to overwrite or remove it.
        /// </summary>
        [JsonIgnore]
        public bool IsReadOnly { get; internal set; }

        /// <summary>The store key, e.g. "us-east-1/demo". Must not change once the record is stored.</summary>
        public abstract string GetKey();

        /// <summary>Joins key parts with '/', refusing empty parts with a clear message.</summary>
        protected static string JoinKey(string recordKind, params (string Name, string Value)[] parts)
        {
            var values = new string[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(parts[i].Value))
                {
                    throw new Errors.PcHpcException(Errors.ErrorKind.InvalidArgument, "StateRecordKeyMissing",
                        $"A {recordKind} record needs a {parts[i].Name} before it can be saved; set {parts[i].Name} and try again.");
                }
                values[i] = parts[i].Value;
            }
            return string.Join("/", values);
        }
    }
}
