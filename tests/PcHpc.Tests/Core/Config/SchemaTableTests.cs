using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PcHpc.Core.Config.Schema;
using PcHpc.Tests.Support;
using Xunit.Abstractions;

namespace PcHpc.Tests.Core.Config
{
    /// <summary>A fact that needs the official ParallelCluster source in ../shared and python3; skipped with the reason otherwise.</summary>
    public sealed class OfficialSchemaFactAttribute : FactAttribute
    {
        public OfficialSchemaFactAttribute(bool needsPython = false)
        {
            if (!TestEnvironment.SharedExists(SchemaTableTests.SourceRelative))
            {
                Skip = $"The official ParallelCluster source '{SchemaTableTests.SourceRelative}' is not under {TestEnvironment.SharedRoot} (clone ../shared beside the repository, or set PCHPC_SHARED).";
            }
            else if (needsPython && SchemaTableTests.FindPython() == null)
            {
                Skip = "python3 is not on PATH; the table generator (tools/schema/generate-config-schema.py) needs Python 3.11+ (standard library only).";
            }
        }
    }

    public class SchemaTableTests
    {
        internal const string SourceRelative = "parallelcluster/src/pcluster/schemas/cluster_schema.py";
        private readonly ITestOutputHelper _output;

        public SchemaTableTests(ITestOutputHelper output) => _output = output;

        private static string Src => TestEnvironment.Shared("parallelcluster/src");
        private static string TablePath => Path.Combine(TestEnvironment.RepoRoot, "src", "PcHpc.Core", "Config", "Schema", "cluster-schema.json");

        internal static string FindPython()
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
            {
                foreach (var name in new[] { "python3", "python3.exe", "python.exe" })
                {
                    var candidate = Path.Combine(dir, name);
                    if (File.Exists(candidate)) return candidate;
                }
            }
            return null;
        }

        [OfficialSchemaFact(needsPython: true)]
        public void CommittedTable_IsWhatTheGeneratorWritesFromTheOfficialSchema()
        {
            var psi = new ProcessStartInfo(FindPython())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(Path.Combine(TestEnvironment.RepoRoot, "tools", "schema", "generate-config-schema.py"));
            psi.ArgumentList.Add("--src");
            psi.ArgumentList.Add(Src);
            psi.ArgumentList.Add("--stdout");
            using var process = Process.Start(psi);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(120_000), "the generator did not finish in 2 minutes");
            Assert.True(process.ExitCode == 0, "generator failed: " + stderr.Result);
            var committed = File.ReadAllText(TablePath).Replace("\r\n", "\n");
            Assert.True(committed == stdout.Result.Replace("\r\n", "\n"),
                "src/PcHpc.Core/Config/Schema/cluster-schema.json differs from the official schema in ../shared; run python3 tools/schema/generate-config-schema.py and commit the result.");
        }

        [Fact]
        public void EmbeddedTable_IsTheCommittedFile()
        {
            var parsed = ConfigSchema.Parse(File.ReadAllText(TablePath));
            Assert.Equal(parsed.Paths.Select(p => p.Path), ConfigSchema.Official.Paths.Select(p => p.Path));
            Assert.Equal("ClusterSchema", ConfigSchema.Official.Root);
        }

        /// <summary>
        /// Coverage, counted independently of the generator: every field declared (`name = fields.X(...)` or
        /// OneOrManyCustomActionField) in a schema class the cluster schema uses, itself or through a base class, has
        /// its row in the table, and every table row comes from such a declaration.
        /// </summary>
        [OfficialSchemaFact]
        public void EveryOfficialSchemaField_HasATableRow()
        {
            var classes = new Dictionary<string, (string File, List<string> Bases, List<string> Fields)>();
            foreach (var file in new[] { "common_schema.py", "cluster_schema.py" })
            {
                string current = null;
                foreach (var line in File.ReadAllLines(Path.Combine(Src, "pcluster", "schemas", file)))
                {
                    var c = Regex.Match(line, @"^class (\w+)\(([^)]*)\):");
                    if (c.Success)
                    {
                        current = c.Groups[1].Value;
                        var key = classes.ContainsKey(current) ? file.Replace(".py", "") + "." + current : current;
                        current = key;
                        classes[current] = (file, c.Groups[2].Value.Split(',').Select(b => b.Trim()).Where(b => b.Length > 0).ToList(), new List<string>());
                        continue;
                    }
                    if (Regex.IsMatch(line, @"^\S")) { current = null; continue; }
                    var f = Regex.Match(line, @"^    (\w+) = (fields\.\w+|OneOrManyCustomActionField)\(");
                    if (current != null && f.Success) classes[current].Fields.Add(f.Groups[1].Value);
                }
            }
            // The schema built inside OneOrManyCustomActionField._build_dynamic_schema_class: "script" and "args".
            classes["CustomActionScriptSchema"] = ("cluster_schema.py", new List<string>(), new List<string> { "script", "args" });
            classes["TopLevelImdsSchema"] = classes["ImdsSchema"]; // `from common_schema import ImdsSchema as TopLevelImdsSchema`

            List<string> AllFields(string name)
            {
                if (!classes.TryGetValue(name, out var c)) return new List<string>();
                var fields = new List<string>();
                foreach (var b in c.Bases)
                {
                    var baseName = c.File == "cluster_schema.py" && classes.ContainsKey("cluster_schema." + b) && b != name ? "cluster_schema." + b : b;
                    fields.AddRange(AllFields(baseName));
                }
                foreach (var f in c.Fields) if (!fields.Contains(f)) fields.Add(f);
                return fields;
            }

            var table = ConfigSchema.Official;
            var declared = 0;
            var missing = new List<string>();
            foreach (var schema in table.Schemas.Values)
            {
                var fields = AllFields(schema.Name);
                Assert.True(fields.Count > 0 || schema.Name == "AwsBatchSettingsSchema", $"{schema.Name}: no declared fields found in the official source");
                declared += fields.Count;
                foreach (var f in fields)
                {
                    if (schema.ByAttr(f) == null) missing.Add($"{schema.Name}.{f}");
                }
                var extra = schema.Fields.Select(x => x.Attr).Except(fields).ToList();
                Assert.True(extra.Count == 0, $"{schema.Name}: table fields not declared in the source: {string.Join(", ", extra)}");
            }
            var rows = table.Schemas.Values.Sum(s => s.Fields.Count);
            _output.WriteLine($"schemas {table.Schemas.Count}, declared fields {declared}, table field rows {rows}, path rows {table.Paths.Count}, coverage {100.0 * (declared - missing.Count) / declared:0.0}%");
            Assert.True(missing.Count == 0, "fields of the official schema without a table row: " + string.Join(", ", missing));
            Assert.Equal(declared, rows);

            // Every schema reachable from ClusterSchema has paths; every path names a field of its schema.
            foreach (var p in table.Paths)
            {
                Assert.NotNull(table[p.Schema].ByAttr(p.Attr));
            }
            var withPaths = new HashSet<string>(table.Paths.Select(p => p.Schema));
            Assert.All(table.Schemas.Values.Where(s => s.Fields.Count > 0), s => Assert.Contains(s.Name, withPaths));
        }

        [Fact]
        public void Table_CarriesConstantsAndGroupsFromTheSource()
        {
            var t = ConfigSchema.Official;
            Assert.Equal(new[] { "alinux2", "alinux2023", "ubuntu2004", "ubuntu2204", "rhel8", "rocky8", "rhel9", "rocky9" }, t.StringList("SUPPORTED_OSES")); // constants.py:26
            Assert.Equal(4294967295L, t.Long("MAX_SLURM_NODE_PRIORITY"));                                                                                     // constants.py:122
            var cr = t["SlurmComputeResourceSchema"];
            Assert.Equal(1, cr.ByKey("MaxCount").RangeMin);
            Assert.Contains(cr.Rules, r => r.Method == "no_coexist_instance_type_flexibility" && r.Groups.Single().Fields.SequenceEqual(new[] { "instance_type", "instances" }));
            Assert.Contains(t["CapacityReservationTargetSchema"].Rules, r => r.Groups.Any(g => g.OneRequired));
            Assert.Equal("Type", t["RaidSchema"].ByAttr("raid_type").Key);               // data_key
            Assert.Equal("MaxvCpus", t["AwsBatchComputeResourceSchema"].ByAttr("max_vcpus").Key);
            Assert.False(t["AwsBatchComputeResourceSchema"].ByKey("SpotBidPercentage").MinInclusive);
            Assert.Equal(2, t["HeadNodeSshSchema"].ByKey("AllowedIps").PatternAny.Count);  // is_cidr_or_prefix_list
        }
    }
}
