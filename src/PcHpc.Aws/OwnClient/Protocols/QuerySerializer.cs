using System.Collections.Generic;
using System.Linq;
using System.Text;
using PcHpc.Aws.Http;

namespace PcHpc.Aws.Protocols
{
    /// <summary>The query protocol (CloudFormation): Action, Version and the input flattened into form pairs.</summary>
    internal static class QuerySerializer
    {
        internal static AwsHttpRequest Serialize(Operation operation, IDictionary<string, object> input)
        {
            var pairs = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("Action", operation.Name),
                new KeyValuePair<string, string>("Version", operation.Model.ApiVersion),
            };
            if (operation.Input != null) QueryStructure(pairs, input, operation.Input.Shape, "");
            var request = new AwsHttpRequest { Method = "POST", Path = "/" };
            request.SetHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
            request.Body = Encoding.UTF8.GetBytes(FormEncode(pairs));
            return request;
        }

        internal static string FormEncode(IEnumerable<KeyValuePair<string, string>> pairs) =>
            string.Join("&", pairs.Select(p => WireValues.PercentEncode(p.Key) + "=" + WireValues.PercentEncode(p.Value ?? "")));

        private static void QueryValue(List<KeyValuePair<string, string>> pairs, object value, Member member, string prefix)
        {
            var shape = member.Shape;
            switch (shape.Type)
            {
                case "structure":
                    QueryStructure(pairs, value, shape, prefix);
                    break;
                case "list":
                    QueryList(pairs, value, member, prefix);
                    break;
                case "map":
                    QueryMap(pairs, value, member, prefix);
                    break;
                default:
                    pairs.Add(new KeyValuePair<string, string>(prefix, WireValues.FormatScalar(value, member, "iso8601")));
                    break;
            }
        }

        private static void QueryStructure(List<KeyValuePair<string, string>> pairs, object value, Shape shape, string prefix)
        {
            var dict = value as IDictionary<string, object> ?? WireValues.Entries(value).ToDictionary(kv => kv.Key, kv => kv.Value);
            foreach (var m in shape.Members)
            {
                if (!dict.TryGetValue(m.Name, out var v) || v == null) continue;
                var name = m.LocationName ?? m.Name;
                var p = prefix.Length == 0 ? name : prefix + "." + name;
                QueryValue(pairs, v, m, p);
            }
        }

        private static void QueryList(List<KeyValuePair<string, string>> pairs, object value, Member member, string prefix)
        {
            var items = WireValues.Items(value).ToList();
            var element = member.Shape.ListMember;
            if (items.Count == 0)
            {
                pairs.Add(new KeyValuePair<string, string>(prefix, ""));
                return;
            }
            string listPrefix;
            if (member.Flattened)
            {
                listPrefix = prefix;
                var n = element.LocationName;
                if (!string.IsNullOrEmpty(n))
                {
                    var dot = prefix.LastIndexOf('.');
                    listPrefix = dot < 0 ? n : prefix.Substring(0, dot + 1) + n;
                }
            }
            else
            {
                listPrefix = prefix + "." + (element.LocationName ?? "member");
            }
            for (int i = 0; i < items.Count; i++) QueryValue(pairs, items[i], element, listPrefix + "." + (i + 1));
        }

        private static void QueryMap(List<KeyValuePair<string, string>> pairs, object value, Member member, string prefix)
        {
            var full = member.Flattened ? prefix : prefix + ".entry";
            var key = member.Shape.MapKey;
            var val = member.Shape.MapValue;
            var keyName = key.LocationName ?? "key";
            var valName = val.LocationName ?? "value";
            int i = 1;
            foreach (var kv in WireValues.Entries(value))
            {
                QueryValue(pairs, kv.Key, key, full + "." + i + "." + keyName);
                QueryValue(pairs, kv.Value, val, full + "." + i + "." + valName);
                i++;
            }
        }
    }
}
