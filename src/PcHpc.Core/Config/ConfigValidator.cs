using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PcHpc.Core.Config.Schema;
using PcHpc.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PcHpc.Core.Config
{
    /// <summary>
    /// Local (instant, offline) validation of a ParallelCluster v3 configuration that gives the service's verdict:
    /// the official schema (table in Config/Schema/cluster-schema.json, generated from aws-parallelcluster by
    /// tools/schema/generate-config-schema.py) applied to the raw YAML tree as marshmallow applies it, then the
    /// offline rule validators ParallelCluster registers, with their failure levels. Checks stricter than the service
    /// are warnings, never errors. Returns every problem at once; each names the path (service form, e.g.
    /// Scheduling.SlurmQueues[0].ComputeResources[1].MaxCount), the value, the rule and what to do.
    /// </summary>
    public static class ConfigValidator
    {
        public const int MaxQueues = 50;                       // MAX_NUMBER_OF_QUEUES
        public const int MaxComputeResourcesPerQueue = 50;     // MAX_COMPUTE_RESOURCES_PER_QUEUE
        public const int MaxComputeResourcesPerCluster = 50;   // MAX_NUMBER_OF_COMPUTE_RESOURCES_PER_CLUSTER
        public const int MaxClusterNameLength = 60;            // PCLUSTER_NAME_MAX_LENGTH
        public const int MaxQueueNameLength = 25;              // NAME_MAX_LENGTH (cluster_validators.py)
        public const int MaxTags = 40;                         // MAX_TAGS_COUNT (per compute resource, all levels)
        public const int MaxTagKeyLength = 128;
        public const int MaxTagValueLength = 256;

        /// <summary>The mount directories ParallelCluster reserves (SharedStorageMountDirValidator: exact matches).</summary>
        public static readonly string[] ReservedMountDirs = SharedStorageRules.Reserved.ToArray();

        /// <summary>Operating systems of the ParallelCluster release the table comes from (SUPPORTED_OSES).</summary>
        public static string[] KnownOperatingSystems => ConfigSchema.Official.StringList("SUPPORTED_OSES").ToArray();

        public static readonly string[] CapacityTypes = { "ONDEMAND", "SPOT", "CAPACITY_BLOCK" };
        public static readonly string[] AllocationStrategies = { "lowest-price", "capacity-optimized", "price-capacity-optimized" };
        public static readonly string[] StorageTypes = { "Ebs", "Efs", "FsxLustre", "FsxOpenZfs", "FsxOntap", "FileCache" };

        /// <summary>Checks a cluster name as ClusterNameValidator does (letters, digits, hyphens, a letter first, at most 60).</summary>
        public static IReadOnlyList<ConfigProblem> ValidateClusterName(string name)
        {
            var problems = new List<ConfigProblem>();
            var schema = ConfigSchema.Official;
            new RuleValidators(schema, new SchemaValidator(schema, problems), problems).ClusterName(name ?? string.Empty, false);
            return problems;
        }

        /// <summary>Every problem in <paramref name="config"/> (and in <paramref name="clusterName"/> when given).</summary>
        public static IReadOnlyList<ConfigProblem> Validate(ClusterConfig config, string clusterName = null)
        {
            if (config == null) throw new ArgumentNullException(nameof(config));
            var problems = ValidateTree(ConfigYaml.WriteSection(config), clusterName);
            foreach (var problem in problems) problem.File = config.SourcePath;
            return problems;
        }

        /// <summary>Every problem in a configuration given as YAML text.</summary>
        public static IReadOnlyList<ConfigProblem> ValidateYaml(string yaml, string clusterName = null)
        {
            var duplicates = new List<string>();
            YamlNode root;
            try
            {
                root = YamlLoader.Load(yaml ?? string.Empty, duplicates);
            }
            catch (YamlException ex)
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "ConfigYamlInvalid", $"The YAML text is not valid YAML ({ex.Message.Trim()}, line {ex.Start.Line}).", ex);
            }
            var problems = ValidateTree(root, clusterName).ToList();
            foreach (var d in duplicates)
            {
                var path = d.Substring(0, d.LastIndexOf(" (line", StringComparison.Ordinal));
                problems.Add(new ConfigProblem(path, null, "DuplicateKey", ConfigProblemSeverity.Warning,
                    $"{path}: the key is repeated ({d.Substring(path.Length + 1)}); ParallelCluster reads YAML with PyYAML, which keeps the last value. Remove the other one."));
            }
            return problems;
        }

        /// <summary>Every problem in a raw YAML tree (the root mapping of a cluster configuration).</summary>
        public static IReadOnlyList<ConfigProblem> ValidateTree(YamlNode root, string clusterName = null)
        {
            var schema = ConfigSchema.Official;
            var problems = new List<ConfigProblem>();
            var node = PyNode.From(root);
            var loader = new SchemaValidator(schema, problems);
            loader.Section(schema.Root, node, string.Empty);
            new RuleValidators(schema, loader, problems).Run(node, clusterName);
            InstanceTypes(root, problems);
            return Ordered(problems, node);
        }

        /// <summary>Problems in one queue on its own (schema and queue-level rules); paths start at <paramref name="path"/>.</summary>
        public static IReadOnlyList<ConfigProblem> ValidateQueue(QueueConfig queue, string path = "Queue")
        {
            if (queue == null) throw new ArgumentNullException(nameof(queue));
            return ValidatePart(queue, "SlurmQueues", "Scheduling.SlurmQueues[0]", path, "Scheduling:\n  Scheduler: slurm\n  SlurmQueues: []\n");
        }

        /// <summary>Problems in one shared storage entry on its own; paths start at <paramref name="path"/>.</summary>
        public static IReadOnlyList<ConfigProblem> ValidateStorage(StorageConfig storage, string path = "Storage")
        {
            if (storage == null) throw new ArgumentNullException(nameof(storage));
            return ValidatePart(storage, "SharedStorage", "SharedStorage[0]", path, "SharedStorage: []\n");
        }

        private static readonly Regex InstanceTypePattern = new Regex(@"^[a-z][a-z0-9-]*\.[a-z0-9-]+$", RegexOptions.CultureInvariant);

        // EC2 instance types are family.size in lower case (c6i.xlarge, m7i.metal-24xl, u-6tb1.metal); the service rejects
        // anything else when it asks EC2 (InstanceTypeValidator), so a malformed one is named here, with a suggestion.
        private static void InstanceTypes(YamlNode root, List<ConfigProblem> problems)
        {
            void Check(string path, YamlNode node)
            {
                var value = (node as YamlScalarNode)?.Value;
                if (string.IsNullOrEmpty(value) || InstanceTypePattern.IsMatch(value)) return;
                var squeezed = new string(value.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
                var hint = ConfigCatalog.InstanceTypes.FirstOrDefault(t => new string(t.Where(char.IsLetterOrDigit).ToArray()) == squeezed);
                problems.Add(new ConfigProblem(path, value, "InstanceTypeFormat", ConfigProblemSeverity.Error,
                    $"{path} '{value}' is not an EC2 instance type: use family.size in lower case, for example c6i.xlarge" + (hint == null ? "." : $" (did you mean '{hint}'?).")));
            }
            YamlNode Child(YamlNode node, string key) =>
                node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
            Check("HeadNode.InstanceType", Child(Child(root, "HeadNode"), "InstanceType"));
            if (Child(Child(root, "Scheduling"), "SlurmQueues") is YamlSequenceNode queues)
            {
                for (var q = 0; q < queues.Children.Count; q++)
                {
                    if (!(Child(queues.Children[q], "ComputeResources") is YamlSequenceNode resources)) continue;
                    for (var r = 0; r < resources.Children.Count; r++)
                    {
                        var path = $"Scheduling.SlurmQueues[{q}].ComputeResources[{r}]";
                        Check(path + ".InstanceType", Child(resources.Children[r], "InstanceType"));
                        if (Child(resources.Children[r], "Instances") is YamlSequenceNode instances)
                        {
                            for (var i = 0; i < instances.Children.Count; i++) Check($"{path}.Instances[{i}].InstanceType", Child(instances.Children[i], "InstanceType"));
                        }
                    }
                }
            }
        }

        // Validates a section inside a minimal cluster and keeps only the findings about it.
        private static IReadOnlyList<ConfigProblem> ValidatePart(ConfigSection section, string listKey, string inner, string path, string skeleton)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(skeleton));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            var holder = listKey == "SharedStorage" ? root : (YamlMappingNode)root.Children[new YamlScalarNode("Scheduling")];
            ((YamlSequenceNode)holder.Children[new YamlScalarNode(listKey)]).Add(ConfigYaml.WriteSection(section));
            return ValidateTree(root)
                .Where(p => p.Path == inner || p.Path.StartsWith(inner + ".", StringComparison.Ordinal) || p.Path.StartsWith(inner + "[", StringComparison.Ordinal))
                .Select(p => new ConfigProblem(path + p.Path.Substring(inner.Length), p.Value, p.Rule, p.Severity, p.Message.Replace(inner, path)))
                .ToList();
        }

        // Cluster name first, then in the order of the paths in the file (a missing key sorts with its section);
        // every message starts with its path.
        private static List<ConfigProblem> Ordered(List<ConfigProblem> problems, PyNode root)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            void Walk(PyNode n, string path)
            {
                if (!index.ContainsKey(path)) index[path] = index.Count;
                if (n == null) return;
                if (n.Kind == PyKind.Map)
                {
                    foreach (var pair in n.Map) Walk(pair.Value, path.Length == 0 ? pair.Key.Text : path + "." + pair.Key.Text);
                }
                else if (n.Kind == PyKind.Seq)
                {
                    for (var i = 0; i < n.Seq.Count; i++) Walk(n.Seq[i], $"{path}[{i}]");
                }
            }
            Walk(root, string.Empty);
            int Rank(string path)
            {
                if (path == "ClusterName") return -1;
                var p = path;
                while (p.Length > 0)
                {
                    if (index.TryGetValue(p, out var i)) return i;
                    var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
                    p = cut < 0 ? string.Empty : p.Substring(0, cut);
                }
                return 0;
            }
            return problems.Select((p, i) => (p, i)).OrderBy(x => Rank(x.p.Path)).ThenBy(x => x.i)
                .Select(x => x.p.Message.StartsWith(x.p.Path, StringComparison.Ordinal) ? x.p
                    : new ConfigProblem(x.p.Path, x.p.Value, x.p.Rule, x.p.Severity, $"{x.p.Path}: {x.p.Message}"))
                .ToList();
        }

        /// <summary>True when <paramref name="id"/> is prefix- followed by 8 or 17 lowercase hex digits.</summary>
        public static bool IsId(string id, string prefix)
        {
            return id != null && Regex.IsMatch(id, "^" + Regex.Escape(prefix) + "-([0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant);
        }
    }
}
