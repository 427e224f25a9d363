using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Iam
{
    /// <summary>One row of cmdlet-actions.txt: a cmdlet, an IAM action it needs ("-" for none) and its resource kind.</summary>
    public sealed class IamActionRow
    {
        public string Cmdlet { get; set; }
        public string Action { get; set; }
        public string Resource { get; set; }
        /// <summary>Asked only to learn what happened after a lost answer (the "recovery" column).</summary>
        public bool OnlyInRecovery { get; set; }
        public override string ToString() => Cmdlet + " " + Action + " " + Resource;
    }

    /// <summary>The per-cmdlet action table (embedded cmdlet-actions.txt) and the ParallelCluster API routes.</summary>
    public static class IamActionTable
    {
        private static readonly Lazy<(List<IamActionRow> Rows, Dictionary<string, string> Routes)> Data = new Lazy<(List<IamActionRow>, Dictionary<string, string>)>(Load);

        public static IReadOnlyList<IamActionRow> Rows => Data.Value.Rows;

        /// <summary>ParallelCluster API operation → "METHOD /path" ({cluster} for the cluster name).</summary>
        public static IReadOnlyDictionary<string, string> Routes => Data.Value.Routes;

        public static IReadOnlyList<string> Cmdlets => Rows.Select(r => r.Cmdlet).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(c => c, StringComparer.OrdinalIgnoreCase).ToList();

        private static (List<IamActionRow>, Dictionary<string, string>) Load()
        {
            string text;
            using (var stream = typeof(IamActionTable).GetTypeInfo().Assembly.GetManifestResourceStream("PcHpc.Iam.cmdlet-actions.txt"))
            using (var reader = new StreamReader(stream ?? throw new InvalidOperationException("Missing resource cmdlet-actions.txt"), Encoding.UTF8))
            {
                text = reader.ReadToEnd();
            }
            var rows = new List<IamActionRow>();
            var routes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                var f = Regex.Split(line, @"\s+");
                if (f[0] == "route" && f.Length == 4) routes[f[1]] = f[2] + " " + f[3];
                else if (f.Length == 3) rows.Add(new IamActionRow { Cmdlet = f[0], Action = f[1], Resource = f[2] });
                else if (f.Length == 4 && f[3] == "recovery") rows.Add(new IamActionRow { Cmdlet = f[0], Action = f[1], Resource = f[2], OnlyInRecovery = true });
                else if (f.Length == 2 && f[1] == "-") rows.Add(new IamActionRow { Cmdlet = f[0], Action = "-", Resource = "-" });
                else throw new InvalidOperationException("cmdlet-actions.txt: cannot read '" + line + "'.");
            }
            return (rows, routes);
        }
    }

    public sealed class IamPolicyRequest
    {
        /// <summary>Cmdlet names or wildcard patterns; empty means every cmdlet.</summary>
        public IList<string> Cmdlets { get; set; } = new List<string>();
        public string Region { get; set; }
        public string AccountId { get; set; }
        public IList<string> ClusterNames { get; set; } = new List<string>();
    }

    /// <summary>Builds the least-privilege policy for a set of cmdlets from <see cref="IamActionTable"/>.</summary>
    public static class IamPolicyBuilder
    {
        public const string RunShellScript = "AWS-RunShellScript";
        public const string ClusterTagKey = "ssm:resourceTag/parallelcluster:cluster-name";

        /// <summary>The table's cmdlets the request names (every one when none is named); unknown names are an error.</summary>
        public static List<string> ResolveCmdlets(IList<string> requested)
        {
            var known = IamActionTable.Cmdlets;
            if (requested == null || requested.Count == 0) return known.ToList();
            var chosen = new List<string>();
            foreach (var name in requested)
            {
                var matcher = Clusters.ClusterEngine.Wildcard(name);
                var hits = known.Where(k => matcher.IsMatch(k)).ToList();
                if (hits.Count == 0 && name.IndexOfAny(new[] { '*', '?', '[' }) < 0)
                {
                    throw new PcHpcException(ErrorKind.InvalidArgument, "UnknownCmdlet",
                        $"'{name}' is not a PcHpc cmdlet; give names from Get-Command -Module PcHpc (wildcards work, e.g. *-HpcJob).") { Target = name };
                }
                chosen.AddRange(hits.Where(h => !chosen.Contains(h, StringComparer.OrdinalIgnoreCase)));
            }
            return chosen;
        }

        /// <summary>Checks region, account and cluster names (before anything is built).</summary>
        public static void Check(IamPolicyRequest request)
        {
            if (!string.IsNullOrEmpty(request.Region) && request.Region != "*")
            {
                var problem = Connection.AwsRegions.Problem(request.Region, "-Region");
                if (problem != null) throw new PcHpcException(ErrorKind.InvalidArgument, "InvalidRegion", problem) { Target = request.Region };
            }
            if (!string.IsNullOrEmpty(request.AccountId) && request.AccountId != "*" && !Regex.IsMatch(request.AccountId, "^[0-9]{12}$"))
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "InvalidAccountId",
                    $"'{request.AccountId}' is not an AWS account id; give the 12 digits (Get-HpcAwsIdentity shows yours).") { Target = request.AccountId };
            }
            foreach (var name in request.ClusterNames ?? new List<string>())
            {
                var plain = (name ?? string.Empty).Replace("*", string.Empty).Replace("?", string.Empty);
                var problem = Config.ConfigValidator.ValidateClusterName(plain.Length == 0 ? "a" : plain).FirstOrDefault(p => p.Severity == ConfigProblemSeverity.Error);
                if (problem != null || name.IndexOfAny(new[] { '"', '\\', '[', ']' }) >= 0)
                {
                    throw new PcHpcException(ErrorKind.InvalidArgument, "InvalidClusterName",
                        $"'{name}' cannot be a cluster name{(problem != null ? ": " + problem.Message : string.Empty)} Check -ClusterName (IAM wildcards * and ? are allowed).") { Target = name };
                }
            }
        }

        public static IamPolicy Build(IamPolicyRequest request)
        {
            Check(request);
            var cmdlets = ResolveCmdlets(request.Cmdlets);
            var region = string.IsNullOrEmpty(request.Region) ? "*" : request.Region;
            var account = string.IsNullOrEmpty(request.AccountId) ? "*" : request.AccountId;
            var partition = region == "*" ? "aws" : Connection.AwsRegions.PartitionOf(region);
            var clusters = (request.ClusterNames ?? new List<string>()).Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal).ToList();
            var rows = IamActionTable.Rows.Where(r => r.Action != "-" && cmdlets.Contains(r.Cmdlet, StringComparer.OrdinalIgnoreCase)).ToList();

            var statements = new List<IamStatement>();
            void Add(string sid, IEnumerable<string> actions, IEnumerable<string> resources, Dictionary<string, Dictionary<string, string[]>> condition = null)
            {
                var a = actions.Distinct(StringComparer.Ordinal).OrderBy(x => x, StringComparer.Ordinal).ToArray();
                if (a.Length == 0) return;
                statements.Add(new IamStatement { Sid = sid, Action = a, Resource = resources.Distinct(StringComparer.Ordinal).OrderBy(x => x, StringComparer.Ordinal).ToArray(), Condition = condition });
            }
            IEnumerable<string> Of(string resource) => rows.Where(r => r.Resource == resource).Select(r => r.Action);

            Add("PcHpcNoResourceLevelActions", Of("*"), new[] { "*" });
            Add("PcHpcCloudFormationStacks", Of("stack"), new[] { $"arn:{partition}:cloudformation:{region}:{account}:stack/*" });
            Add("PcHpcSsmRunShellScript", Of("document").Concat(Of("instance")), new[] { $"arn:{partition}:ssm:{region}::document/{RunShellScript}" });
            Add("PcHpcSsmClusterHeadNodes", Of("instance"), new[] { $"arn:{partition}:ec2:{region}:{account}:instance/*" },
                clusters.Count == 0 ? null : new Dictionary<string, Dictionary<string, string[]>>
                {
                    [clusters.Any(c => c.IndexOfAny(new[] { '*', '?' }) >= 0) ? "StringLike" : "StringEquals"] =
                        new Dictionary<string, string[]> { [ClusterTagKey] = clusters.ToArray() },
                });
            Add("PcHpcAssumeApiUserRole", Of("userrole"), new[] { $"arn:{partition}:iam::{account}:role/*ParallelClusterApiUserRole*" });

            var routes = rows.Where(r => r.Resource.StartsWith("api:", StringComparison.Ordinal)).Select(r => r.Resource.Substring(4)).Distinct(StringComparer.Ordinal).ToList();
            var arns = new List<string>();
            foreach (var op in routes)
            {
                if (!IamActionTable.Routes.TryGetValue(op, out var route)) throw new InvalidOperationException("cmdlet-actions.txt: no route for " + op);
                var space = route.IndexOf(' ');
                var method = route.Substring(0, space);
                var path = route.Substring(space + 1);
                foreach (var cluster in path.Contains("{cluster}") ? (clusters.Count == 0 ? new List<string> { "*" } : clusters) : new List<string> { null })
                {
                    arns.Add($"arn:{partition}:execute-api:{region}:{account}:*/*/{method}{(cluster == null ? path : path.Replace("{cluster}", cluster))}");
                }
            }
            if (arns.Count > 0) Add("PcHpcParallelClusterApi", new[] { "execute-api:Invoke" }, arns);
            return new IamPolicy { Statement = statements.ToArray(), Cmdlets = cmdlets.ToArray() };
        }
    }
}
