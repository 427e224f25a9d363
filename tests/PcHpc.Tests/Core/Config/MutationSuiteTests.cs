using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PcHpc.Core.Config;
using PcHpc.Core.Config.Schema;
using PcHpc.Tests.Support;
using Xunit.Abstractions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PcHpc.Tests.Core.Config
{
    /// <summary>
    /// One change per config, each with the verdict ParallelCluster gives it:
    /// (1) generated from the schema table over a rich valid config (slurm.full.yaml with its rule errors fixed): for every
    ///     field present, wrong type, null, list/scalar swap, wrong enum case, out of range, bad pattern, bad length,
    ///     missing required, and the YAML 1.1 / marshmallow coercions that are accepted; for every section, unknown keys;
    ///     each expectation follows from the table row (schema file:line) it exercises;
    /// (2) hand-written rule cases, each citing the official validator or schema method.
    /// </summary>
    public class MutationSuiteTests
    {
        private readonly ITestOutputHelper _output;
        public MutationSuiteTests(ITestOutputHelper output) => _output = output;

        // ------------------------------------------------------------------ YAML editing

        internal static YamlMappingNode Load(string yaml)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return (YamlMappingNode)stream.Documents[0].RootNode;
        }

        internal static string Save(YamlNode root)
        {
            var stream = new YamlStream(new YamlDocument(root));
            var writer = new StringWriter(CultureInfo.InvariantCulture);
            stream.Save(writer, false);
            return writer.ToString();
        }

        private static YamlNode Fragment(string yaml)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader("v: " + yaml));
            return ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("v")];
        }

        private static IEnumerable<object> Segments(string path)
        {
            foreach (Match m in Regex.Matches(path, @"([^.\[\]]+)|\[(\d+)\]"))
            {
                if (m.Groups[1].Success) yield return m.Groups[1].Value;
                else yield return int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        private static (YamlNode Parent, object Last) Parent(YamlNode root, string path)
        {
            var segs = Segments(path).ToList();
            YamlNode node = root;
            foreach (var s in segs.Take(segs.Count - 1))
            {
                node = s is int i ? ((YamlSequenceNode)node).Children[i] : ((YamlMappingNode)node).Children[new YamlScalarNode((string)s)];
            }
            return (node, segs.Last());
        }

        internal static void Set(YamlNode root, string path, YamlNode value)
        {
            var (parent, last) = Parent(root, path);
            if (last is int i)
            {
                var seq = (YamlSequenceNode)parent;
                if (i == seq.Children.Count) seq.Add(value); else seq.Children[i] = value;
            }
            else ((YamlMappingNode)parent).Children[new YamlScalarNode((string)last)] = value;
        }

        internal static void Remove(YamlNode root, string path)
        {
            var (parent, last) = Parent(root, path);
            if (last is int i) ((YamlSequenceNode)parent).Children.RemoveAt(i);
            else ((YamlMappingNode)parent).Children.Remove(new YamlScalarNode((string)last));
        }

        internal static YamlNode Get(YamlNode root, string path)
        {
            var (parent, last) = Parent(root, path);
            return last is int i ? ((YamlSequenceNode)parent).Children[i] : ((YamlMappingNode)parent).Children[new YamlScalarNode((string)last)];
        }

        private static YamlScalarNode Plain(string text) => new YamlScalarNode(text) { Style = ScalarStyle.Plain };
        private static YamlScalarNode Quoted(string text) => new YamlScalarNode(text) { Style = ScalarStyle.DoubleQuoted };

        /// <summary>slurm.full.yaml with the errors the official rule validators find fixed (see OfficialExamplesTests).</summary>
        internal static string RichBase()
        {
            var root = Load(File.ReadAllText(TestEnvironment.Shared("parallelcluster/slurm.full.yaml")));
            Remove(root, "HeadNode.LocalStorage.RootVolume.Iops");
            Remove(root, "Scheduling.SlurmQueues[1].ComputeSettings.LocalStorage.RootVolume.Iops");
            Remove(root, "SharedStorage[0].EbsSettings.Iops");
            Remove(root, "Scheduling.SlurmSettings.ExternalSlurmdbd");
            Set(root, "SharedStorage[2].FsxLustreSettings.AutomaticBackupRetentionDays", Plain("7"));
            Set(root, "SharedStorage[2].FsxLustreSettings.PerUnitStorageThroughput", Plain("40"));
            Set(root, "SharedStorage[4].FsxOntapSettings.VolumeId", Plain("fsvol-12345678901234568"));
            return Save(root);
        }

        // ------------------------------------------------------------------ cases

        public sealed class Case
        {
            public string Name;
            public Func<string> Base;
            public Action<YamlMappingNode> Mutate;
            /// <summary>null: accepted (no error anywhere); else an error with this rule at this path.</summary>
            public string Rule;
            public string Path;
            public ConfigProblemSeverity Severity = ConfigProblemSeverity.Error;
            public string Source;
            public string ClusterName;
            public override string ToString() => Name;
        }

        private static readonly string[] Truthy = { "yes", "'true'", "1", "on", "'Y'", "True" };
        private static readonly string[] Falsy = { "no", "'false'", "0", "off", "'N'", "False" };

        /// <summary>Mutations drawn from the table over every field of the rich base.</summary>
        internal static List<Case> TableCases(string baseYaml)
        {
            var schema = ConfigSchema.Official;
            var cases = new List<Case>();
            var root = Load(baseYaml);
            var n = 0;

            void Add(string name, Action<YamlMappingNode> mutate, string rule, string path, string source) =>
                cases.Add(new Case { Name = name, Base = () => baseYaml, Mutate = mutate, Rule = rule, Path = path, Source = source });

            void Section(string schemaName, YamlMappingNode node, string path)
            {
                var def = schema[schemaName];
                var first = def.Fields.First().Key;
                var p = path.Length == 0 ? "" : path + ".";
                // Unknown keys at this depth: a near miss and a wrong-case key (marshmallow unknown=RAISE; keys are case-sensitive).
                var miss = first + "x";
                Add($"{p}{miss}: unknown key", r => ((YamlMappingNode)(path.Length == 0 ? r : Get(r, path))).Add(miss, "1"), "UnknownKey", p + miss, def.Source);
                var lower = first.ToLowerInvariant();
                if (node.Children.Keys.All(k => ((YamlScalarNode)k).Value != lower))
                    Add($"{p}{lower}: wrong-case key", r => ((YamlMappingNode)(path.Length == 0 ? r : Get(r, path))).Add(lower, "1"), "UnknownKey", p + lower, def.Source);

                foreach (var field in def.Fields)
                {
                    var fp = p + field.Key;
                    var key = new YamlScalarNode(field.Key);
                    if (!node.Children.TryGetValue(key, out var value))
                    {
                        continue;
                    }
                    var src = field.Line;
                    n++;
                    // Null is never allowed (allow_none is False for every field).
                    Add($"{fp}: null", r => Set(r, fp, Plain("")), "NotNull", fp, src);
                    // Missing required field.
                    if (field.Required)
                    {
                        // Without Script, a custom action section is neither form: OneOrManyCustomActionField._deserialize
                        // (cluster_schema.py:1264) raises "Either Script or Sequence field must be provided." on the action.
                        if (schemaName == "CustomActionScriptSchema" && !path.EndsWith("]", StringComparison.Ordinal))
                            Add($"{fp}: removed (required)", r => Remove(r, fp), "CustomActionScriptOrSequence", path, "cluster_schema.py:1264");
                        else
                            Add($"{fp}: removed (required)", r => Remove(r, fp), "Required", fp, src);
                    }
                    switch (field.Type)
                    {
                        case "string":
                            Add($"{fp}: number instead of text", r => Set(r, fp, Plain("123")), "ValueType", fp, src);
                            Add($"{fp}: boolean instead of text", r => Set(r, fp, Plain("true")), "ValueType", fp, src);
                            Add($"{fp}: section instead of text", r => Set(r, fp, Fragment("{a: b}")), "ValueType", fp, src);
                            Add($"{fp}: list instead of text", r => Set(r, fp, Fragment("[a]")), "ValueType", fp, src);
                            break;
                        case "integer":
                            Add($"{fp}: text instead of a whole number", r => Set(r, fp, Quoted("abc")), "ValueType", fp, src);
                            Add($"{fp}: boolean instead of a whole number", r => Set(r, fp, Plain("true")), "ValueType", fp, src);
                            if (value is YamlScalarNode iv && Regex.IsMatch(iv.Value, "^[0-9]+$"))
                                Add($"{fp}: quoted number \"{iv.Value}\" is accepted", r => Set(r, fp, Quoted(iv.Value)), null, fp, src);
                            break;
                        case "float":
                            Add($"{fp}: text instead of a number", r => Set(r, fp, Quoted("abc")), "ValueType", fp, src);
                            if (value is YamlScalarNode fv && double.TryParse(fv.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                                Add($"{fp}: quoted number is accepted", r => Set(r, fp, Quoted(fv.Value)), null, fp, src);
                            break;
                        case "boolean":
                            Add($"{fp}: 'maybe' instead of true/false", r => Set(r, fp, Plain("maybe")), "ValueType", fp, src);
                            Add($"{fp}: 2 instead of true/false", r => Set(r, fp, Plain("2")), "ValueType", fp, src);
                            if (value is YamlScalarNode bv)
                            {
                                var isTrue = bv.Value.StartsWith("t", StringComparison.OrdinalIgnoreCase) || bv.Value == "yes";
                                var alt = (isTrue ? Truthy : Falsy)[n % Truthy.Length];
                                Add($"{fp}: {alt} (YAML 1.1 / marshmallow boolean) is accepted", r => Set(r, fp, Fragment(alt)), null, fp, src);
                            }
                            break;
                        case "dict":
                            Add($"{fp}: text instead of a section", r => Set(r, fp, Plain("x")), "ValueType", fp, src);
                            break;
                        case "list":
                            Add($"{fp}: text instead of a list", r => Set(r, fp, Plain("x")), "ValueType", fp, src);
                            if (value is YamlSequenceNode ls && ls.Children.Count > 0)
                                Add($"{fp}: first item alone instead of the list", r => Set(r, fp, ((YamlSequenceNode)Get(r, fp)).Children[0]), "ValueType", fp, src);
                            break;
                        case "nested":
                            if (field.Many)
                            {
                                Add($"{fp}: text instead of a list of sections", r => Set(r, fp, Plain("x")), "ValueType", fp, src);
                                if (value is YamlSequenceNode ms && ms.Children.Count > 0)
                                    Add($"{fp}: first section alone instead of the list", r => Set(r, fp, ((YamlSequenceNode)Get(r, fp)).Children[0]), "ValueType", fp + "", src);
                            }
                            else
                            {
                                Add($"{fp}: text instead of a section", r => Set(r, fp, Plain("x")), "ValueType", fp, src);
                                Add($"{fp}: list instead of a section", r => Set(r, fp, new YamlSequenceNode(Get(r, fp))), "ValueType", fp, src);
                            }
                            break;
                        case "customAction":
                            Add($"{fp}: number instead of a custom action", r => Set(r, fp, Plain("5")), "ValueType", fp, src);
                            Add($"{fp}: neither Script nor Sequence", r => Set(r, fp, Fragment("{Args: [a]}")), "CustomActionScriptOrSequence", fp, src);
                            break;
                    }

                    var scalar = value as YamlScalarNode;
                    if (field.Enum != null && scalar != null)
                    {
                        var str = field.Enum.FirstOrDefault().ValueKind == System.Text.Json.JsonValueKind.String;
                        if (str)
                        {
                            var swapped = scalar.Value == scalar.Value.ToUpperInvariant() ? scalar.Value.ToLowerInvariant() : scalar.Value.ToUpperInvariant();
                            if (swapped != scalar.Value)
                                Add($"{fp}: wrong case '{swapped}'", r => Set(r, fp, Quoted(swapped)), "AllowedValue", fp, src);
                            Add($"{fp}: not an allowed value", r => Set(r, fp, Quoted("bogus")), "AllowedValue", fp, src);
                        }
                        else
                        {
                            var allowed = field.Enum.Select(e => e.GetInt64()).ToList();
                            var bad = Enumerable.Range(0, 5000).First(i => !allowed.Contains(i));
                            Add($"{fp}: {bad} not an allowed value", r => Set(r, fp, Plain(bad.ToString(CultureInfo.InvariantCulture))), "AllowedValue", fp, src);
                        }
                    }
                    if (field.RangeMin != null && scalar != null)
                    {
                        var below = field.MinInclusive ? field.RangeMin.Value - 1 : field.RangeMin.Value;
                        Add($"{fp}: {below} below the range", r => Set(r, fp, Plain(below.ToString(CultureInfo.InvariantCulture))), "Range", fp, src);
                        if (field.MinInclusive)
                            Add($"{fp}: {field.RangeMin} at the minimum is accepted by the schema", r => Set(r, fp, Plain(field.RangeMin.Value.ToString(CultureInfo.InvariantCulture))), "accepted-by-schema", fp, src);
                    }
                    if (field.RangeMax != null && scalar != null)
                    {
                        var above = field.MaxInclusive ? field.RangeMax.Value + 1 : field.RangeMax.Value;
                        Add($"{fp}: {above} above the range", r => Set(r, fp, Plain(above.ToString("0", CultureInfo.InvariantCulture))), "Range", fp, src);
                    }
                    if ((field.Pattern != null || field.PatternAny != null) && scalar != null)
                    {
                        foreach (var bad in new[] { "not valid!", "x" + scalar.Value + "/../", "10.0.0.0/33" })
                        {
                            var patterns = field.PatternAny ?? new[] { field.Pattern };
                            if (patterns.Any(pt => Regex.IsMatch(bad, @"\G(?:" + pt + ")"))) continue;
                            Add($"{fp}: '{bad}' does not match {field.Validator ?? field.Pattern}", r => Set(r, fp, Quoted(bad)), "Pattern", fp, src);
                            break;
                        }
                    }
                    if (field.Type == "list" && (field.LengthEqual != null || field.LengthMin != null) && value is YamlSequenceNode)
                        Add($"{fp}: empty list (length rule)", r => Set(r, fp, new YamlSequenceNode()), "Length", fp, src);
                    if (field.LengthMax != null && value is YamlSequenceNode lv && lv.Children.Count > 0)
                        Add($"{fp}: more than {field.LengthMax} items", r => { var s = (YamlSequenceNode)Get(r, fp); while (s.Children.Count <= field.LengthMax) s.Add(s.Children[0]); }, "Length", fp, src);
                    if (field.Type == "string" && field.LengthMax != null && scalar != null)
                        Add($"{fp}: {field.LengthMax + 1} characters", r => Set(r, fp, Quoted(new string('a', field.LengthMax.Value + 1))), "Length", fp, src);

                    // Recurse into sections (first list item only).
                    if (field.Type == "nested")
                    {
                        if (field.Many && value is YamlSequenceNode seq && seq.Children.Count > 0 && seq.Children[0] is YamlMappingNode item)
                            Section(field.Schema, item, fp + "[0]");
                        else if (!field.Many && value is YamlMappingNode child)
                            Section(field.Schema, child, fp);
                    }
                    else if (field.Type == "customAction" && value is YamlMappingNode ca)
                    {
                        if (ca.Children.ContainsKey(new YamlScalarNode("Script"))) Section(field.Schema, ca, fp);
                        else if (ca.Children.TryGetValue(new YamlScalarNode("Sequence"), out var sq) && sq is YamlSequenceNode s2 && s2.Children.Count > 0 && s2.Children[0] is YamlMappingNode sm)
                            Section(field.Schema, sm, fp + ".Sequence[0]");
                    }
                }
            }

            Section(schema.Root, root, string.Empty);
            return cases;
        }

        private const string Small = ConfigValidatorTests.ValidYaml;

        private static Case R(string name, string source, string rule, string path, params (string Path, string Yaml)[] edits) => new Case
        {
            Name = name, Base = () => Small, Rule = rule, Path = path, Source = source,
            Mutate = r => { foreach (var (p, y) in edits) { if (y == null) Remove(r, p); else Set(r, p, Fragment(y)); } },
        };

        private static Case W(string name, string source, string rule, string path, params (string Path, string Yaml)[] edits)
        {
            var c = R(name, source, rule, path, edits);
            c.Severity = ConfigProblemSeverity.Warning;
            return c;
        }

        private const string Q0 = "Scheduling.SlurmQueues[0]";
        private const string Cr0 = "Scheduling.SlurmQueues[0].ComputeResources[0]";
        private const string S0 = "SharedStorage[0]";

        /// <summary>Hand-written cases, each for one official rule (validator class or schema method, file:line).</summary>
        internal static List<Case> RuleCases() => new List<Case>
        {
            // --- accepted values that a naive check would reject (no false rejections)
            R("MaxCount quoted \"4\" (Int takes strings)", "cluster_schema.py:1530", null, null, ($"{Cr0}.MaxCount", "\"4\"")),
            R("MaxCount 4.7 (Int truncates floats)", "cluster_schema.py:1530", null, null, ($"{Cr0}.MaxCount", "4.7")),
            R("MaxCount 0x10 (YAML 1.1 hex int)", "cluster_schema.py:1530", null, null, ($"{Cr0}.MaxCount", "0x10")),
            R("MaxCount 1_000 (YAML 1.1 underscores)", "cluster_schema.py:1530", null, null, ($"{Cr0}.MaxCount", "1_000")),
            R("SpotPrice 2.0 float", "cluster_schema.py:1536", null, null, ($"{Cr0}.SpotPrice", "2.0")),
            R("SpotPrice '0.5' quoted", "cluster_schema.py:1536", null, null, ($"{Cr0}.SpotPrice", "'0.5'")),
            R("DisableSimultaneousMultithreading yes", "cluster_schema.py:1540", null, null, ($"{Cr0}.DisableSimultaneousMultithreading", "yes")),
            R("Efa.Enabled 'false' quoted + PG", "cluster_schema.py:811", null, null, ($"{Cr0}.Efa", "{Enabled: 'false'}")),
            R("MinCount 10 with MaxCount left at its default 10", "cluster_validators.py:214", null, null, ($"{Cr0}.MinCount", "10"), ($"{Cr0}.MaxCount", null)),
            R("relative MountDir 'shared'", "cluster_validators.py:944", null, null, ($"{S0}.MountDir", "shared")),
            R("MountDir /home/ec2-user (not reserved)", "cluster_validators.py:944", null, null, ($"{S0}.MountDir", "/home/ec2-user")),
            R("parallelcluster:custom_resource tag", "common_schema.py:52", null, null, ("Tags", "[{Key: 'parallelcluster:custom_resource', Value: x}]")),
            R("25-char queue name", "cluster_validators.py:313", null, null, ($"{Q0}.Name", "abcdefghijklmnopqrstuvwxy")),
            R("StaticNodePriority 4294967295", "constants.py:122", null, null, ($"{Cr0}.StaticNodePriority", "4294967295")),
            R("CapacityReservationTarget alone gives the instance type", "cluster_schema.py instance_type_declaration", null, null,
                ($"{Cr0}.InstanceType", null), ($"{Cr0}.CapacityReservationTarget", "{CapacityReservationId: cr-12345678901234567}")),
            R("OnNodeStart Sequence with extra keys beside it", "cluster_schema.py:1264", null, null,
                ($"{Q0}.CustomActions", "{OnNodeStart: {Sequence: [{Script: 's3://b/a.sh'}], Note: x}}")),
            // --- type reading
            R("InstanceType given a number", "cluster_schema.py:1524", "ValueType", $"{Cr0}.InstanceType", ($"{Cr0}.InstanceType", "5")),
            R("KeyName given a date (YAML 1.1 timestamp)", "cluster_schema.py:781", "ValueType", "HeadNode.Ssh.KeyName", ("HeadNode.Ssh", "{KeyName: 2024-01-01}")),
            R("MaxCount '4.5' text", "cluster_schema.py:1530", "ValueType", $"{Cr0}.MaxCount", ($"{Cr0}.MaxCount", "'4.5'")),
            R("MaxCount 1e3 (a string in YAML 1.1)", "cluster_schema.py:1530", "ValueType", $"{Cr0}.MaxCount", ($"{Cr0}.MaxCount", "1e3")),
            R("Efa.Enabled 'yes please'", "cluster_schema.py:811", "ValueType", $"{Cr0}.Efa.Enabled", ($"{Cr0}.Efa", "{Enabled: 'yes please'}")),
            // --- exclusive / dependent groups (@validates_schema)
            R("SecurityGroups with AdditionalSecurityGroups", "cluster_schema.py:701", "no_coexist_security_groups", "HeadNode.Networking.AdditionalSecurityGroups",
                ("HeadNode.Networking.SecurityGroups", "[sg-12345678]"), ("HeadNode.Networking.AdditionalSecurityGroups", "[sg-12345679]")),
            R("empty SecurityGroups list does not coexist", "common_schema.py:126 fields_coexist", null, null,
                ("HeadNode.Networking.SecurityGroups", "[]"), ("HeadNode.Networking.AdditionalSecurityGroups", "[sg-12345679]")),
            R("InstanceRole with S3Access", "cluster_schema.py:984", "no_coexist_s3_access", "HeadNode.Iam.S3Access",
                ("HeadNode.Iam", "{InstanceRole: 'arn:aws:iam::123456789012:role/r', S3Access: [{BucketName: b}]}")),
            R("CapacityReservationTarget with id and group ARN", "cluster_schema.py:1113", "no_coexist_id_and_group_arn", $"{Cr0}.CapacityReservationTarget.CapacityReservationResourceGroupArn",
                ($"{Cr0}.CapacityReservationTarget", "{CapacityReservationId: cr-12345678901234567, CapacityReservationResourceGroupArn: 'arn:aws:resource-groups:us-east-1:123456789012:group/g'}")),
            R("CapacityReservationTarget empty", "cluster_schema.py:1113", "Required", $"{Cr0}.CapacityReservationTarget.CapacityReservationId", ($"{Cr0}.CapacityReservationTarget", "{}")),
            R("SlurmQueues with awsbatch", "cluster_schema.py right_scheduler_schema", "right_scheduler_schema", "Scheduling.SlurmQueues", ("Scheduling.Scheduler", "awsbatch")),
            R("Scheduling without queues", "cluster_schema.py:1841", "Required", "Scheduling.SlurmQueues", ("Scheduling.SlurmQueues", null)),
            R("EbsSettings on an Efs storage", "cluster_schema.py:569", "right_storage_settings", $"{S0}.EbsSettings", ($"{S0}.EbsSettings", "{Size: 10}")),
            R("two *Settings on one storage", "cluster_schema.py:552", "no_coexist_storage_settings", $"{S0}.EfsSettings",
                ($"{S0}.EbsSettings", "{Size: 10}"), ($"{S0}.EfsSettings", "{Encrypted: true}")),
            R("Efs FileSystemId with PerformanceMode", "cluster_schema.py:330", "validate_file_system_id_ignored_parameters", $"{S0}.EfsSettings.PerformanceMode",
                ($"{S0}.EfsSettings", "{FileSystemId: fs-12345678, PerformanceMode: maxIO}")),
            R("Efs provisioned without throughput", "cluster_schema.py:347", "validate_existence_of_mode_throughput", $"{S0}.EfsSettings.ProvisionedThroughput",
                ($"{S0}.EfsSettings", "{ThroughputMode: provisioned}")),
            R("Instances with a duplicate type", "cluster_schema.py no_duplicate_instance_types", "no_duplicate_instance_types", $"{Cr0}.Instances[1].InstanceType",
                ($"{Cr0}.InstanceType", null), ($"{Cr0}.Instances", "[{InstanceType: c5.large}, {InstanceType: c5.large}]")),
            R("MountDir NONE", "cluster_schema.py:643", "shared_dir_validator", $"{S0}.MountDir", ($"{S0}.MountDir", "/NONE")),
            R("DirectoryService with awsbatch", "cluster_schema.py no_settings_for_batch", "no_settings_for_batch", "DirectoryService",
                ("Scheduling", "{Scheduler: awsbatch, AwsBatchQueues: [{Name: q, Networking: {SubnetIds: [subnet-12345678]}, ComputeResources: [{Name: c, InstanceTypes: [optimal]}]}]}"),
                ("HeadNode.Imds", "{Secured: false}"),
                ("DirectoryService", "{DomainName: corp.example.com, DomainAddr: 'ldaps://corp.example.com', PasswordSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:p', DomainReadOnlyUser: 'cn=ro'}")),
            // --- rule validators
            R("cluster name with Slurm accounting over 40", "cluster_validators.py:88", "ClusterNameValidator", "ClusterName",
                ("Scheduling.SlurmSettings", "{Database: {Uri: 'db:3306', UserName: u, PasswordSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s'}}")) ,
            R("queue name with underscore", "cluster_validators.py:313", "NameValidator", $"{Q0}.Name", ($"{Q0}.Name", "my_queue")),
            R("compute resource named default", "cluster_validators.py:313", "NameValidator", $"{Cr0}.Name", ($"{Cr0}.Name", "default")),
            R("duplicate queue names", "cluster_validators.py:1091", "DuplicateNameValidator", "Scheduling.SlurmQueues[1].Name", ("Scheduling.SlurmQueues[1].Name", "cpu")),
            R("MinCount above MaxCount", "cluster_validators.py:214", "ComputeResourceSizeValidator", $"{Cr0}.MaxCount", ($"{Cr0}.MinCount", "5"), ($"{Cr0}.MaxCount", "4")),
            R("Capacity Block with MinCount 0", "cluster_validators.py:214", "ComputeResourceSizeValidator", $"{Cr0}.MinCount", ($"{Q0}.CapacityType", "CAPACITY_BLOCK"), ($"{Cr0}.MinCount", "0"), ($"{Cr0}.MaxCount", "0")),
            R("Capacity Block with MinCount != MaxCount", "cluster_validators.py:214", "ComputeResourceSizeValidator", $"{Cr0}.MaxCount", ($"{Q0}.CapacityType", "CAPACITY_BLOCK"), ($"{Cr0}.MinCount", "1"), ($"{Cr0}.MaxCount", "2")),
            R("InstanceType with two subnets", "networking_validators.py:126", "SingleInstanceTypeSubnetValidator", $"{Q0}.Networking.SubnetIds", ($"{Q0}.Networking.SubnetIds", "[subnet-12345678, subnet-12345679]")),
            R("duplicate subnet in a queue", "networking_validators.py:67", "QueueSubnetsValidator", $"{Q0}.Networking.SubnetIds",
                ($"{Q0}.Networking.SubnetIds", "[subnet-12345678, subnet-12345678]"), ($"{Cr0}.InstanceType", null), ($"{Cr0}.Instances", "[{InstanceType: c5.large}]")),
            R("EFA without a placement group", "cluster_validators.py:372", "EfaPlacementGroupValidator", $"{Cr0}.Networking.PlacementGroup", ($"{Cr0}.Efa", "{Enabled: true}")),
            W("EFA with the placement group disabled", "cluster_validators.py:372", "EfaPlacementGroupValidator", $"{Cr0}.Efa.Enabled",
                ($"{Cr0}.Efa", "{Enabled: true}"), ($"{Cr0}.Networking", "{PlacementGroup: {Enabled: false}}")),
            R("GdrSupport without EFA", "cluster_validators.py:353", "EfaValidator", $"{Cr0}.Efa.GdrSupport", ($"{Cr0}.Efa", "{GdrSupport: true}")),
            R("PlacementGroup Id and Name", "ec2_validators.py:226", "PlacementGroupNamingValidator", $"{Q0}.Networking.PlacementGroup.Id", ($"{Q0}.Networking.PlacementGroup", "{Id: a, Name: b}")),
            R("PlacementGroup Name with Enabled false", "ec2_validators.py:226", "PlacementGroupNamingValidator", $"{Q0}.Networking.PlacementGroup.Enabled", ($"{Q0}.Networking.PlacementGroup", "{Enabled: false, Name: b}")),
            R("reserved mount dir /opt", "cluster_validators.py:944", "SharedStorageMountDirValidator", $"{S0}.MountDir", ($"{S0}.MountDir", "/opt")),
            R("reserved mount dir var (relative)", "cluster_validators.py:944", "SharedStorageMountDirValidator", $"{S0}.MountDir", ($"{S0}.MountDir", "var")),
            R("overlapping mount dirs", "cluster_validators.py:789", "OverlappingMountDirValidator", "SharedStorage[1].MountDir", ("SharedStorage[1]", "{Name: b, StorageType: Ebs, MountDir: /shared/b}")),
            R("storage name with '*'", "cluster_validators.py:915", "SharedStorageNameValidator", $"{S0}.Name", ($"{S0}.Name", "'a*b'")),
            R("storage name of 31 chars", "cluster_validators.py:915", "SharedStorageNameValidator", $"{S0}.Name", ($"{S0}.Name", new string('a', 31))),
            R("two new EFS", "cluster_validators.py:811", "NumberOfStorageValidator", "SharedStorage", ("SharedStorage[1]", "{Name: b, StorageType: Efs, MountDir: /b}")),
            R("FileCache on /home", "cluster_validators.py:989", "SharedFileCacheNotHomeValidator", $"{S0}.MountDir",
                (S0, "{Name: c, StorageType: FileCache, MountDir: /home, FileCacheSettings: {FileCacheId: fc-12345678}}")),
            R("gp3 throughput 2000", "ebs_validators.py:62", "EbsVolumeThroughputValidator", $"{S0}.EbsSettings.Throughput",
                (S0, "{Name: e, StorageType: Ebs, MountDir: /e, EbsSettings: {VolumeType: gp3, Throughput: 2000, Iops: 16000}}")),
            R("gp3 throughput above IOPS/4", "ebs_validators.py:80", "EbsVolumeThroughputIopsValidator", $"{S0}.EbsSettings.Throughput",
                (S0, "{Name: e, StorageType: Ebs, MountDir: /e, EbsSettings: {VolumeType: gp3, Throughput: 1000}}")),
            R("st1 of 100 GiB", "ebs_validators.py:35", "EbsVolumeTypeSizeValidator", $"{S0}.EbsSettings.Size",
                (S0, "{Name: e, StorageType: Ebs, MountDir: /e, EbsSettings: {VolumeType: st1, Size: 100}}")),
            R("io1 IOPS ratio above 50", "ebs_validators.py:99", "EbsVolumeIopsValidator", $"{S0}.EbsSettings.Iops",
                (S0, "{Name: e, StorageType: Ebs, MountDir: /e, EbsSettings: {VolumeType: io1, Size: 10, Iops: 1000}}")),
            R("FSx without StorageCapacity", "fsx_validators.py:178", "FsxStorageCapacityValidator", $"{S0}.FsxLustreSettings.StorageCapacity",
                (S0, "{Name: f, StorageType: FsxLustre, MountDir: /f, FsxLustreSettings: {DeploymentType: SCRATCH_2}}")),
            R("FSx SCRATCH_2 of 1800", "fsx_validators.py:178", "FsxStorageCapacityValidator", $"{S0}.FsxLustreSettings.StorageCapacity",
                (S0, "{Name: f, StorageType: FsxLustre, MountDir: /f, FsxLustreSettings: {StorageCapacity: 1800}}")),
            R("FSx PERSISTENT_2 without per-unit throughput", "fsx_validators.py:73", "FsxPersistentOptionsValidator", $"{S0}.FsxLustreSettings.PerUnitStorageThroughput",
                (S0, "{Name: f, StorageType: FsxLustre, MountDir: /f, FsxLustreSettings: {StorageCapacity: 1200, DeploymentType: PERSISTENT_2}}")),
            R("FSx ExportPath without ImportPath", "fsx_validators.py:18", "FsxS3Validator", $"{S0}.FsxLustreSettings.ExportPath",
                (S0, "{Name: f, StorageType: FsxLustre, MountDir: /f, FsxLustreSettings: {StorageCapacity: 1200, ExportPath: 's3://b/x'}}")),
            R("FSx with FileSystemId and StorageCapacity", "cluster_schema.py:463", "validate_file_system_id_ignored_parameters", $"{S0}.FsxLustreSettings.StorageCapacity",
                (S0, "{Name: f, StorageType: FsxLustre, MountDir: /f, FsxLustreSettings: {FileSystemId: fs-12345678901234567, StorageCapacity: 1200}}")),
            R("managed FSx with a two-subnet queue", "cluster_validators.py:827", "ManagedFsxMultiAzValidator", "SharedStorage",
                (S0, "{Name: f, StorageType: FsxLustre, MountDir: /f, FsxLustreSettings: {StorageCapacity: 1200}}"),
                ($"{Q0}.Networking.SubnetIds", "[subnet-12345678, subnet-12345679]"), ($"{Cr0}.InstanceType", null), ($"{Cr0}.Instances", "[{InstanceType: c5.large}]")),
            R("EFS IAM authorization without TLS", "efs_validators.py:14", "EfsMountOptionsValidator", $"{S0}.EfsSettings.IamAuthorization", ($"{S0}.EfsSettings", "{IamAuthorization: true}")),
            R("EFS access point without file system", "efs_validators.py:30", "EfsAccessPointOptionsValidator", $"{S0}.EfsSettings.AccessPointId",
                ($"{S0}.EfsSettings", "{AccessPointId: fsap-12345678901234567, EncryptionInTransit: true}")),
            R("denied custom Slurm setting at queue level", "slurm_settings_validator.py:81", "CustomSlurmSettingsValidator", $"{Q0}.CustomSlurmSettings", ($"{Q0}.CustomSlurmSettings", "{PartitionName: x}")),
            R("node name with -st-", "slurm_settings_validator.py:107", "CustomSlurmNodeNamesValidator", "Scheduling.SlurmSettings.CustomSlurmSettings",
                ("Scheduling.SlurmSettings", "{CustomSlurmSettings: [{NodeName: a-st-b, CPUs: 2}]}")),
            R("CustomSlurmSettings with IncludeFile", "slurm_settings_validator.py:136", "CustomSlurmSettingsIncludeFileOnlyValidator", "Scheduling.SlurmSettings.CustomSlurmSettingsIncludeFile",
                ("Scheduling.SlurmSettings", "{CustomSlurmSettings: [{Prolog2: x}], CustomSlurmSettingsIncludeFile: 's3://b/f'}")),
            W("static nodes with higher priority than dynamic", "slurm_settings_validator.py:153", "SlurmNodePrioritiesWarningValidator", $"{Q0}.ComputeResources",
                ($"{Cr0}.MinCount", "1"), ($"{Cr0}.StaticNodePriority", "2000")),
            R("41 tags across levels", "tags_validators.py:15", "ComputeResourceTagsValidator", Cr0,
                ("Tags", "[" + string.Join(", ", Enumerable.Range(0, 41).Select(i => $"{{Key: k{i}, Value: v}}")) + "]")),
            R("awsbatch with Secured IMDS", "cluster_validators.py:1294", "HeadNodeImdsValidator", "HeadNode.Imds.Secured",
                ("Scheduling", "{Scheduler: awsbatch, AwsBatchQueues: [{Name: q, Networking: {SubnetIds: [subnet-12345678]}, ComputeResources: [{Name: c, InstanceTypes: [optimal]}]}]}")),
            R("awsbatch desired vCPUs above max", "awsbatch_validators.py:22", "AwsBatchComputeResourceSizeValidator", "Scheduling.AwsBatchQueues[0].ComputeResources[0].DesiredvCpus",
                ("Scheduling", "{Scheduler: awsbatch, AwsBatchQueues: [{Name: q, Networking: {SubnetIds: [subnet-12345678]}, ComputeResources: [{Name: c, InstanceTypes: [optimal], MaxvCpus: 4, DesiredvCpus: 8}]}]}"),
                ("HeadNode.Imds", "{Secured: false}")),
            R("awsbatch with FSx", "awsbatch_validators.py:187", "AwsBatchFsxValidator", $"{S0}.StorageType",
                ("Scheduling", "{Scheduler: awsbatch, AwsBatchQueues: [{Name: q, Networking: {SubnetIds: [subnet-12345678]}, ComputeResources: [{Name: c, InstanceTypes: [optimal]}]}]}"),
                ("HeadNode.Imds", "{Secured: false}"), (S0, "{Name: f, StorageType: FsxLustre, MountDir: /f, FsxLustreSettings: {StorageCapacity: 1200}}")),
            R("LoginNodes with awsbatch", "cluster_validators.py:1562", "LoginNodesSchedulerValidator", "LoginNodes",
                ("Scheduling", "{Scheduler: awsbatch, AwsBatchQueues: [{Name: q, Networking: {SubnetIds: [subnet-12345678]}, ComputeResources: [{Name: c, InstanceTypes: [optimal]}]}]}"),
                ("HeadNode.Imds", "{Secured: false}"), ("LoginNodes", "{Pools: [{Name: p, InstanceType: t3.small, Count: 1, Networking: {SubnetIds: [subnet-12345678]}}]}")),
            R("rocky9 without CustomAmi", "cluster_validators.py:156", "OsCustomAmiValidator", "Image.CustomAmi", ("Image.Os", "rocky9")),
            R("awsbatch with ubuntu", "cluster_validators.py:141", "SchedulerOsValidator", "Image.Os",
                ("Scheduling", "{Scheduler: awsbatch, AwsBatchQueues: [{Name: q, Networking: {SubnetIds: [subnet-12345678]}, ComputeResources: [{Name: c, InstanceTypes: [optimal]}]}]}"),
                ("HeadNode.Imds", "{Secured: false}"), ("Image.Os", "ubuntu2204")),
            R("IntelHpcPlatform (needs centos7)", "cluster_validators.py:1062", "IntelHpcOsValidator", "AdditionalPackages.IntelSoftware.IntelHpcPlatform", ("AdditionalPackages", "{IntelSoftware: {IntelHpcPlatform: true}}")),
            R("Iam ResourcePrefix with a bad character", "iam_validators.py:63", "IamResourcePrefixValidator", "Iam.ResourcePrefix", ("Iam", "{ResourcePrefix: 'a b'}")),
            R("DirectoryService domain with spaces", "directory_service_validators.py:59", "DomainNameValidator", "DirectoryService.DomainName",
                ("DirectoryService", "{DomainName: 'corp example', DomainAddr: 'ldaps://corp.example.com', PasswordSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:p', DomainReadOnlyUser: 'cn=ro'}")),
            R("SSSD id_provider override", "directory_service_validators.py:123", "AdditionalSssdConfigsValidator", "DirectoryService.AdditionalSssdConfigs.id_provider",
                ("DirectoryService", "{DomainName: corp.example.com, DomainAddr: 'ldaps://corp.example.com', PasswordSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:p', DomainReadOnlyUser: 'cn=ro', AdditionalSssdConfigs: {id_provider: ad}}")),
            R("ExternalSlurmdbd without munge key", "slurm_settings_validator.py:202", "ExternalSlurmdbdRequiresCustomMungeKey", "Scheduling.SlurmSettings.MungeKeySecretArn",
                ("Scheduling.SlurmSettings", "{ExternalSlurmdbd: {Host: db.example.com}}")),
            R("MungeKeySecretArn of an SSM parameter", "secret_validators.py:25", "ArnServiceAndResourceValidator", "Scheduling.SlurmSettings.MungeKeySecretArn",
                ("Scheduling.SlurmSettings", "{MungeKeySecretArn: 'arn:aws:ssm:us-east-1:123456789012:parameter/x'}")),
            R("DisableSudoAccessForDefaultUser with awsbatch", "cluster_validators.py:126", "SchedulerDisableSudoAccessForDefaultUserValidator", "DeploymentSettings.DisableSudoAccessForDefaultUser",
                ("Scheduling", "{Scheduler: awsbatch, AwsBatchQueues: [{Name: q, Networking: {SubnetIds: [subnet-12345678]}, ComputeResources: [{Name: c, InstanceTypes: [optimal]}]}]}"),
                ("HeadNode.Imds", "{Secured: false}"), ("DeploymentSettings", "{DisableSudoAccessForDefaultUser: true}")),
            R("AllowedIps not a CIDR", "common_schema.py:85 is_cidr_or_prefix_list", "Pattern", "HeadNode.Ssh.AllowedIps", ("HeadNode.Ssh", "{AllowedIps: 10.0.0.0/33}")),
            R("AllowedIps prefix list", "common_schema.py:85 is_cidr_or_prefix_list", null, null, ("HeadNode.Ssh", "{AllowedIps: pl-12345678}")),
            W("DCV open to the world", "cluster_validators.py:1028", "DcvValidator", "HeadNode.Dcv.AllowedIps", ("HeadNode.Dcv", "{Enabled: true, AllowedIps: 0.0.0.0/0}")),
            W("queue root volumes encrypted differently", "cluster_validators.py:1506", "RootVolumeEncryptionConsistencyValidator", "Scheduling.SlurmQueues[1].ComputeSettings.LocalStorage.RootVolume.Encrypted",
                ("Scheduling.SlurmQueues[1].ComputeSettings", "{LocalStorage: {RootVolume: {Encrypted: false}}}")),
            W("aws: tag prefix (EC2 refuses it; ParallelCluster does not)", "best practice", "TagReservedPrefix", "Tags[0].Key", ("Tags", "[{Key: 'aws:x', Value: y}]")),
        };

        public static IEnumerable<object[]> RuleCaseNames() => RuleCases().Select(c => new object[] { c.Name });

        private static void Check(Case c, string clusterName = null)
        {
            var root = Load(c.Base());
            c.Mutate(root);
            var problems = ConfigValidator.ValidateTree(root, c.Rule == "ClusterNameValidator" ? new string('a', 41) : clusterName);
            var errors = problems.Where(p => p.Severity == ConfigProblemSeverity.Error).ToList();
            var detail = $"case '{c.Name}' ({c.Source}):\n" + string.Join("\n", problems);
            if (c.Rule == null)
            {
                Assert.True(errors.Count == 0, "expected no error; " + detail);
            }
            else if (c.Rule == "accepted-by-schema")
            {
                Assert.True(!errors.Any(p => p.Path == c.Path && (p.Rule == "Range" || p.Rule == "ValueType")), "expected the schema to accept; " + detail);
            }
            else
            {
                Assert.True(problems.Any(p => p.Severity == c.Severity && p.Rule == c.Rule && p.Path == c.Path),
                    $"expected {c.Severity} {c.Rule} at {c.Path}; " + detail);
                if (c.Severity == ConfigProblemSeverity.Warning) Assert.True(errors.Count == 0, "a warning case must not be an error; " + detail);
                if (c.Rule == "UnknownKey") Assert.Contains(problems, p => p.Rule == "UnknownKey" && p.Path == c.Path && p.Message.Contains("Did you mean"));
            }
        }

        [Theory]
        [MemberData(nameof(RuleCaseNames))]
        public void RuleCase(string name) => Check(RuleCases().Single(c => c.Name == name));

        [SharedDataFact("parallelcluster/slurm.full.yaml")]
        public void TableCases_AllGiveTheOfficialVerdict()
        {
            var baseYaml = RichBase();
            var cases = TableCases(baseYaml);
            var failures = new List<string>();
            foreach (var c in cases)
            {
                try { Check(c); }
                catch (Exception ex) { failures.Add(ex.Message.Split('\n')[0] + " :: " + c.Name); }
            }
            var byRule = cases.GroupBy(c => c.Rule ?? "accepted").OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
            _output.WriteLine($"table-driven mutations: {cases.Count} ({string.Join(", ", byRule)}); hand-written rule cases: {RuleCases().Count}");
            Assert.True(cases.Count > 500, $"only {cases.Count} table-driven cases");
            Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases disagree:\n" + string.Join("\n", failures.Take(60)));
        }
    }
}
