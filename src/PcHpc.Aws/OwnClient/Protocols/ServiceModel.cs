using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace PcHpc.Aws.Protocols
{
    /// <summary>A botocore-format service model: {metadata, operations, shapes}. Shapes are resolved lazily by name.</summary>
    public sealed class ServiceModel
    {
        private readonly Dictionary<string, Shape> _shapes = new Dictionary<string, Shape>(StringComparer.Ordinal);
        private readonly Dictionary<string, Operation> _operations = new Dictionary<string, Operation>(StringComparer.Ordinal);

        public ServiceModel(JsonObject root)
        {
            Raw = root ?? throw new ArgumentNullException(nameof(root));
            var md = root["metadata"] as JsonObject ?? new JsonObject();
            Protocol = Str(md, "protocol");
            if (Protocol == null && md["protocols"] is JsonArray ps && ps.Count > 0) Protocol = (string)ps[0];
            ApiVersion = Str(md, "apiVersion");
            EndpointPrefix = Str(md, "endpointPrefix");
            SigningName = Str(md, "signingName") ?? EndpointPrefix;
            ServiceId = Str(md, "serviceId");
            if (root["shapes"] is JsonObject shapes)
            {
                foreach (var kv in shapes) _shapes[kv.Key] = new Shape(this, kv.Key, (JsonObject)kv.Value);
            }
            if (root["operations"] is JsonObject ops)
            {
                foreach (var kv in ops) _operations[kv.Key] = new Operation(this, kv.Key, (JsonObject)kv.Value);
            }
        }

        public static ServiceModel Parse(string json) => new ServiceModel((JsonObject)JsonNode.Parse(json));

        public JsonObject Raw { get; }
        public string Protocol { get; }
        public string ApiVersion { get; }
        public string EndpointPrefix { get; }
        public string SigningName { get; }
        public string ServiceId { get; }
        public IReadOnlyDictionary<string, Shape> Shapes => _shapes;
        public IReadOnlyDictionary<string, Operation> Operations => _operations;

        /// <summary>Paginator definitions (botocore paginators-1.json "pagination" entries) embedded with the model, if any.</summary>
        public JsonObject Paginators => Raw["pagination"] as JsonObject;

        /// <summary>The error parser for this model's protocol.</summary>
        public PcHpc.Aws.Http.IProtocolErrorParser ErrorParser => ProtocolErrorParsers.For(Protocol);

        public Operation Operation(string name)
        {
            if (_operations.TryGetValue(name, out var op)) return op;
            throw new KeyNotFoundException($"Operation '{name}' is not in the {ServiceId ?? EndpointPrefix} model.");
        }

        /// <summary>Builds an operation from a stand-alone operation definition (as the protocol tests' "given").</summary>
        public Operation OperationFrom(JsonObject definition) => new Operation(this, (string)definition["name"], definition);

        public Shape Shape(string name)
        {
            if (name != null && _shapes.TryGetValue(name, out var s)) return s;
            throw new KeyNotFoundException($"Shape '{name}' is not in the model.");
        }

        internal static string Str(JsonObject o, string key) =>
            o != null && o.TryGetPropertyValue(key, out var v) && v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : null;

        internal static bool Bool(JsonObject o, string key) =>
            o != null && o.TryGetPropertyValue(key, out var v) && v is JsonValue jv && jv.TryGetValue<bool>(out var b) && b;
    }

    public sealed class Operation
    {
        internal Operation(ServiceModel model, string name, JsonObject raw)
        {
            Model = model;
            Name = name;
            Raw = raw;
            var http = raw["http"] as JsonObject;
            Method = ServiceModel.Str(http, "method") ?? "POST";
            RequestUri = ServiceModel.Str(http, "requestUri") ?? "/";
            if (http != null && http["responseCode"] is JsonValue rc && rc.TryGetValue<int>(out var code)) ResponseCode = code;
            Input = raw["input"] is JsonObject i ? new Member(model, "input", i) : null;
            Output = raw["output"] is JsonObject o ? new Member(model, "output", o) : null;
            ResultWrapper = ServiceModel.Str(raw["output"] as JsonObject, "resultWrapper");
            HostPrefix = ServiceModel.Str(raw["endpoint"] as JsonObject, "hostPrefix");
            var errors = new List<Member>();
            if (raw["errors"] is JsonArray ea)
            {
                foreach (var e in ea) if (e is JsonObject eo) errors.Add(new Member(model, ServiceModel.Str(eo, "shape"), eo));
            }
            Errors = errors;
        }

        public ServiceModel Model { get; }
        public string Name { get; }
        public JsonObject Raw { get; }
        public string Method { get; }
        public string RequestUri { get; }
        public int ResponseCode { get; } = 200;
        public Member Input { get; }
        public Member Output { get; }
        public string ResultWrapper { get; }
        public string HostPrefix { get; }
        public IReadOnlyList<Member> Errors { get; }
    }

    /// <summary>A reference to a shape with the member-level traits that override the shape's own.</summary>
    public sealed class Member
    {
        private readonly ServiceModel _model;
        private Shape _shape;

        internal Member(ServiceModel model, string name, JsonObject raw)
        {
            _model = model;
            Name = name;
            Raw = raw;
            ShapeName = ServiceModel.Str(raw, "shape");
        }

        public string Name { get; }
        public JsonObject Raw { get; }
        public string ShapeName { get; }
        public Shape Shape => _shape ?? (_shape = _model.Shape(ShapeName));
        public string Type => Shape.Type;

        private string Trait(string key) => ServiceModel.Str(Raw, key) ?? ServiceModel.Str(Shape.Raw, key);
        private bool BoolTrait(string key) => ServiceModel.Bool(Raw, key) || ServiceModel.Bool(Shape.Raw, key);

        public string Location => ServiceModel.Str(Raw, "location");
        /// <summary>The serialized name: member locationName, else the shape's, else null.</summary>
        public string LocationName => Trait("locationName");
        public string QueryName => Trait("queryName");
        public bool Flattened => BoolTrait("flattened");
        public string TimestampFormat => Trait("timestampFormat");
        public bool JsonValue => BoolTrait("jsonvalue");
        public bool IdempotencyToken => BoolTrait("idempotencyToken");
        public bool HostLabel => BoolTrait("hostLabel");
        public bool XmlAttribute => BoolTrait("xmlAttribute");
        public bool Streaming => BoolTrait("streaming");
        public string WireName => LocationName ?? Name;

        /// <summary>
        /// PcHpc model extension: other wire names the parser also accepts for this member (the ParallelCluster spec
        /// spells cloudFormationStackStatus two ways).
        /// </summary>
        public IReadOnlyList<string> Aliases
        {
            get
            {
                var list = new List<string>();
                if (Raw["aliases"] is JsonArray a) foreach (var x in a) list.Add((string)x);
                return list;
            }
        }
    }

    public sealed class Shape
    {
        private readonly ServiceModel _model;
        private List<Member> _members;

        internal Shape(ServiceModel model, string name, JsonObject raw)
        {
            _model = model;
            Name = name;
            Raw = raw;
            Type = ServiceModel.Str(raw, "type");
        }

        public string Name { get; }
        public JsonObject Raw { get; }
        public string Type { get; }
        public string Payload => ServiceModel.Str(Raw, "payload");
        public bool IsDocument => ServiceModel.Bool(Raw, "document");
        public bool IsException => ServiceModel.Bool(Raw, "exception");
        public bool IsUnion => ServiceModel.Bool(Raw, "union");
        public bool Flattened => ServiceModel.Bool(Raw, "flattened");

        /// <summary>The error code of an exception shape: its "error": {"code"} trait, else its name.</summary>
        public string ErrorCode => ServiceModel.Str(Raw["error"] as JsonObject, "code") ?? Name;

        public IReadOnlyList<Member> Members
        {
            get
            {
                if (_members == null)
                {
                    var list = new List<Member>();
                    if (Raw["members"] is JsonObject ms)
                    {
                        foreach (var kv in ms) list.Add(new Member(_model, kv.Key, (JsonObject)kv.Value));
                    }
                    _members = list;
                }
                return _members;
            }
        }

        public Member FindMember(string name)
        {
            foreach (var m in Members) if (m.Name == name) return m;
            return null;
        }

        public Member ListMember => Raw["member"] is JsonObject o ? new Member(_model, "member", o) : null;
        public Member MapKey => Raw["key"] is JsonObject o ? new Member(_model, "key", o) : null;
        public Member MapValue => Raw["value"] is JsonObject o ? new Member(_model, "value", o) : null;
    }
}
