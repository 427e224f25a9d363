using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Services
{
    /// <summary>The JSON body of an error answer: message plus the typed lists of BadRequest/UpdateCluster/DryRun answers.</summary>
    internal sealed class ParallelClusterErrorBody
    {
        public string Message { get; private set; }
        public IList<ConfigValidationMessage> ConfigurationValidationErrors { get; } = new List<ConfigValidationMessage>();
        public IList<ConfigValidationMessage> ValidationMessages { get; } = new List<ConfigValidationMessage>();
        public IList<UpdateError> UpdateValidationErrors { get; } = new List<UpdateError>();
        public IList<ConfigChange> ChangeSet { get; } = new List<ConfigChange>();

        public static ParallelClusterErrorBody Parse(string raw)
        {
            var body = new ParallelClusterErrorBody();
            if (string.IsNullOrWhiteSpace(raw)) return body;
            try
            {
                using (var doc = JsonDocument.Parse(raw))
                {
                    var root = doc.RootElement;
                    if (root.ValueKind != JsonValueKind.Object) return body;
                    body.Message = S(root, "message") ?? S(root, "Message");
                    foreach (var e in Array(root, "configurationValidationErrors")) body.ConfigurationValidationErrors.Add(ToMessage(e));
                    foreach (var e in Array(root, "validationMessages")) body.ValidationMessages.Add(ToMessage(e));
                    foreach (var e in Array(root, "updateValidationErrors"))
                        body.UpdateValidationErrors.Add(new UpdateError { Parameter = S(e, "parameter"), CurrentValue = S(e, "currentValue"), RequestedValue = S(e, "requestedValue"), Message = S(e, "message") });
                    foreach (var e in Array(root, "changeSet"))
                        body.ChangeSet.Add(new ConfigChange { Parameter = S(e, "parameter"), CurrentValue = S(e, "currentValue"), RequestedValue = S(e, "requestedValue") });
                }
            }
            catch (JsonException)
            {
                // not JSON (a gateway's HTML page): only the status and code are known
            }
            return body;
        }

        private static ConfigValidationMessage ToMessage(JsonElement e) =>
            new ConfigValidationMessage { Id = S(e, "id"), Type = S(e, "type"), Level = S(e, "level"), Message = S(e, "message") };

        private static IEnumerable<JsonElement> Array(JsonElement root, string name) =>
            root.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).ToList() : Enumerable.Empty<JsonElement>();

        private static string S(JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
            switch (v.ValueKind)
            {
                case JsonValueKind.String: return v.GetString();
                case JsonValueKind.Null:
                case JsonValueKind.Undefined: return null;
                default: return v.GetRawText();
            }
        }
    }
}
