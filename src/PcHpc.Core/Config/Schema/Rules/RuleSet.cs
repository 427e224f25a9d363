using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>
    /// What the rule areas share: the loaded values they read (only values the schema loaded, see
    /// <see cref="SchemaValidator"/>), the list they report into with ParallelCluster's failure levels, and the
    /// name validators every area applies (NameValidator, DuplicateNameValidator, MaxCountValidator).
    /// </summary>
    internal abstract class RuleSet
    {
        private readonly SchemaValidator _loaded;
        private readonly List<ConfigProblem> _problems;

        protected RuleSet(ConfigSchema schema, SchemaValidator loaded, List<ConfigProblem> problems)
        {
            Schema = schema;
            _loaded = loaded;
            _problems = problems;
        }

        /// <summary>Another area's rules, reading the same loaded values and reporting into the same list.</summary>
        protected RuleSet(RuleSet shared) : this(shared.Schema, shared._loaded, shared._problems)
        {
        }

        protected ConfigSchema Schema { get; }

        // cluster_validators.py constants
        protected const int NameMaxLength = 25;            // NAME_MAX_LENGTH
        protected const string NameRegex = @"^[a-z][a-z0-9\-]*$"; // NAME_REGEX

        protected void Add(ConfigProblemSeverity severity, string path, object value, string rule, string source, string message) =>
            _problems.Add(new ConfigProblem(path, value == null ? null : Convert.ToString(value, CultureInfo.InvariantCulture), rule, severity,
                $"{message} (ParallelCluster {source})"));

        protected void Error(string path, object value, string rule, string source, string message) => Add(ConfigProblemSeverity.Error, path, value, rule, source, message);
        protected void Warning(string path, object value, string rule, string source, string message) => Add(ConfigProblemSeverity.Warning, path, value, rule, source, message);

        // -------------------------------------------------------------- readers (loaded values only)
        protected static PyNode Sec(PyNode node, string key)
        {
            var v = node?.Get(key);
            return v != null && v.Kind == PyKind.Map ? v : null;
        }

        protected static List<PyNode> Items(PyNode node, string key)
        {
            var v = node?.Get(key);
            return v != null && v.Kind == PyKind.Seq ? v.Seq.Where(i => i.Kind == PyKind.Map).ToList() : new List<PyNode>();
        }

        protected string Str(PyNode node, string key) => _loaded.Loaded(node?.Get(key)) as string;
        protected BigInteger? Int(PyNode node, string key) => _loaded.Loaded(node?.Get(key)) is BigInteger b ? b : (BigInteger?)null;
        protected bool? Bool(PyNode node, string key) => _loaded.Loaded(node?.Get(key)) is bool b ? b : (bool?)null;
        protected static bool Has(PyNode node, string key) => node?.Get(key) != null;

        protected List<string> StrList(PyNode node, string key)
        {
            var v = node?.Get(key);
            if (v == null || v.Kind != PyKind.Seq) return new List<string>();
            return v.Seq.Select(i => _loaded.Loaded(i) as string).Where(s => s != null).ToList();
        }

        /// <summary>NameValidator (cluster_validators.py:313): queues, compute resources, login node pools.</summary>
        protected void Name(string path, string name)
        {
            if (name == null) return;
            if (!PythonValues.PyMatch(NameRegex, name))
            {
                Error(path, name, "NameValidator", "cluster_validators.py:313",
                    $"Invalid name '{name}'. Name must begin with a letter and only contain lowercase letters, digits and hyphens.");
            }
            if (PythonValues.CodePoints(name) > NameMaxLength)
            {
                Error(path, name, "NameValidator", "cluster_validators.py:313", $"Invalid name '{name}'. Name can be at most {NameMaxLength} chars long.");
            }
            if (name == "default")
            {
                Error(path, name, "NameValidator", "cluster_validators.py:313", $"It is forbidden to use '{name}' as a name.");
            }
        }

        /// <summary>DuplicateNameValidator (cluster_validators.py:1091): reported on each repeat.</summary>
        protected void Duplicates(IEnumerable<(string Value, string Path)> items, string resource)
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (value, path) in items)
            {
                if (value == null) continue;
                if (seen.TryGetValue(value, out var first))
                {
                    Error(path, value, "DuplicateNameValidator", "cluster_validators.py:1091", $"{resource} name {value} must be unique (also used at {first}).");
                }
                else seen[value] = path;
            }
        }

        /// <summary>MaxCountValidator (cluster_validators.py:336).</summary>
        protected void MaxCount(string path, int count, long max, string resource)
        {
            if (count > max)
            {
                Error(path, count, "MaxCountValidator", "cluster_validators.py:336",
                    $"Invalid number of {resource} ({count}) specified. Currently only supports up to {max} {resource}.");
            }
        }
    }
}
