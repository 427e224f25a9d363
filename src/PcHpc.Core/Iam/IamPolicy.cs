using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace PcHpc
{
    /// <summary>One statement of an IAM policy document.</summary>
    public sealed class IamStatement
    {
        public string Sid { get; set; }
        public string Effect { get; set; } = "Allow";
        public string[] Action { get; set; } = new string[0];
        public string[] Resource { get; set; } = new string[0];
        /// <summary>Operator → (condition key → values), e.g. StringEquals → ssm:resourceTag/parallelcluster:cluster-name → [demo].</summary>
        public Dictionary<string, Dictionary<string, string[]>> Condition { get; set; }

        public override string ToString() => Sid;
    }

    /// <summary>An IAM policy document (Version, Statement) for a set of PcHpc cmdlets; ToString() is its JSON.</summary>
    public sealed class IamPolicy
    {
        public string Version { get; set; } = "2012-10-17";
        public IamStatement[] Statement { get; set; } = new IamStatement[0];
        /// <summary>The cmdlets the policy is for.</summary>
        public string[] Cmdlets { get; set; } = new string[0];
        /// <summary>The distinct IAM actions the policy allows.</summary>
        public string[] Actions => Statement.SelectMany(s => s.Action).Distinct().OrderBy(a => a, System.StringComparer.Ordinal).ToArray();

        public string ToJson(bool indented = true)
        {
            var doc = new Dictionary<string, object>
            {
                ["Version"] = Version,
                ["Statement"] = Statement.Select(s =>
                {
                    var d = new Dictionary<string, object> { ["Sid"] = s.Sid, ["Effect"] = s.Effect, ["Action"] = s.Action, ["Resource"] = s.Resource };
                    if (s.Condition != null && s.Condition.Count > 0) d["Condition"] = s.Condition;
                    return d;
                }).ToList(),
            };
            return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = indented });
        }

        public override string ToString() => ToJson();
    }
}
