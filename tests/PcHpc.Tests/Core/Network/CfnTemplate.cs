using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PcHpc.Tests.Core.Network
{
    /// <summary>A parsed template with the lookups the graph tests need.</summary>
    internal sealed class CfnTemplate
    {
        public CfnTemplate(string json)
        {
            Json = json;
            Root = JsonNode.Parse(json).AsObject();
        }

        public string Json { get; }
        public JsonObject Root { get; }
        public JsonObject Resources => Root["Resources"].AsObject();
        public JsonObject Outputs => Root["Outputs"].AsObject();

        public JsonObject Resource(string id) => Resources[id]?.AsObject();
        public string TypeOf(string id) => Resources[id]?["Type"]?.GetValue<string>();
        public JsonObject Props(string id) => Resources[id]?["Properties"]?.AsObject() ?? new JsonObject();

        public IEnumerable<string> OfType(string type) =>
            Resources.Where(p => p.Value["Type"]?.GetValue<string>() == type).Select(p => p.Key);

        /// <summary>The logical id a {"Ref": X} node points at, or null.</summary>
        public static string RefOf(JsonNode node) => (node as JsonObject)?["Ref"]?.GetValue<string>();

        public static string GetAttOf(JsonNode node) => ((node as JsonObject)?["Fn::GetAtt"] as JsonArray)?[0]?.GetValue<string>();

        /// <summary>The logical id a Ref or GetAtt node points at.</summary>
        public static string Target(JsonNode node) => RefOf(node) ?? GetAttOf(node);

        public static string Str(JsonNode node) => node?.GetValue<string>();

        /// <summary>Every (location, referenced name, attribute) in the template: Ref, Fn::GetAtt and ${X} / ${X.Attr} inside Fn::Sub.</summary>
        public IEnumerable<(string Where, string Name, string Attribute)> References()
        {
            var list = new List<(string, string, string)>();
            Walk(Root, "$", list);
            return list;
        }

        private static readonly Regex SubVariable = new Regex(@"\$\{(?!!)([^}]+)\}");

        private static void Walk(JsonNode node, string path, List<(string, string, string)> list)
        {
            if (node is JsonObject obj)
            {
                foreach (var pair in obj)
                {
                    var here = path + "." + pair.Key;
                    if (pair.Key == "Ref") list.Add((here, pair.Value.GetValue<string>(), null));
                    else if (pair.Key == "Fn::GetAtt")
                    {
                        var arr = pair.Value.AsArray();
                        list.Add((here, arr[0].GetValue<string>(), arr[1].GetValue<string>()));
                    }
                    else if (pair.Key == "Fn::Sub")
                    {
                        var text = pair.Value is JsonArray a ? a[0].GetValue<string>() : pair.Value.GetValue<string>();
                        foreach (Match m in SubVariable.Matches(text))
                        {
                            var name = m.Groups[1].Value;
                            int dot = name.IndexOf('.');
                            if (dot > 0 && !name.StartsWith("AWS::")) list.Add((here, name.Substring(0, dot), name.Substring(dot + 1)));
                            else list.Add((here, name, null));
                        }
                    }
                    Walk(pair.Value, here, list);
                }
            }
            else if (node is JsonArray arr)
            {
                for (int i = 0; i < arr.Count; i++) Walk(arr[i], path + "[" + i + "]", list);
            }
        }

        /// <summary>Every intrinsic-function key used anywhere (Fn::..., Ref).</summary>
        public IEnumerable<string> FunctionsUsed()
        {
            var found = new HashSet<string>();
            void Visit(JsonNode n)
            {
                if (n is JsonObject o)
                    foreach (var p in o)
                    {
                        if (p.Key == "Ref" || p.Key.StartsWith("Fn::")) found.Add(p.Key);
                        Visit(p.Value);
                    }
                else if (n is JsonArray a)
                    foreach (var x in a) Visit(x);
            }
            Visit(Root["Resources"]);
            Visit(Root["Outputs"]);
            return found;
        }

        /// <summary>The route table associated with a subnet (exactly one association is asserted by the caller).</summary>
        public IEnumerable<string> RouteTablesOf(string subnetId) =>
            OfType("AWS::EC2::SubnetRouteTableAssociation")
                .Where(a => RefOf(Props(a)["SubnetId"]) == subnetId)
                .Select(a => RefOf(Props(a)["RouteTableId"]));

        public IEnumerable<string> RoutesIn(string routeTableId) =>
            OfType("AWS::EC2::Route").Where(r => RefOf(Props(r)["RouteTableId"]) == routeTableId);

        public IEnumerable<string> DefaultRoutesIn(string routeTableId) =>
            RoutesIn(routeTableId).Where(r => Str(Props(r)["DestinationCidrBlock"]) == "0.0.0.0/0" || Str(Props(r)["DestinationIpv6CidrBlock"]) == "::/0");

        public Dictionary<string, string> TagsOf(string id)
        {
            var result = new Dictionary<string, string>();
            if (Props(id)["Tags"] is JsonArray tags)
                foreach (var t in tags) result[Str(t["Key"])] = Str(t["Value"]);
            return result;
        }

        public IEnumerable<string> DependsOn(string id)
        {
            var node = Resource(id)?["DependsOn"];
            if (node == null) return Enumerable.Empty<string>();
            if (node is JsonArray arr) return arr.Select(x => x.GetValue<string>());
            return new[] { node.GetValue<string>() };
        }
    }
}
