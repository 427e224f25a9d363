using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using PcHpc.Core.Config.Schema;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Bootstrap
{
    /// <summary>Where a set of custom actions goes; each maps to the official schema that lists the actions allowed there.</summary>
    public enum ActionTarget
    {
        HeadNode,
        Queue,
    }

    /// <summary>
    /// Turns what the user gives for -OnNodeStart/-OnNodeConfigured/-OnNodeUpdated (script paths, s3:// or https:// URIs,
    /// software stacks, @{Script=..; Args=..}) into ParallelCluster's CustomActions, with the official rules: which
    /// actions a head node or a queue may have come from the rule table (HeadNodeCustomActionsSchema,
    /// QueueCustomActionsSchema), several scripts become a Sequence.
    /// </summary>
    public static class BootstrapActions
    {
        public const string OnNodeStart = "OnNodeStart";
        public const string OnNodeConfigured = "OnNodeConfigured";
        public const string OnNodeUpdated = "OnNodeUpdated";

        public static string SchemaFor(ActionTarget target) =>
            target == ActionTarget.HeadNode ? "HeadNodeCustomActionsSchema" : "QueueCustomActionsSchema";

        /// <summary>The actions the official schema allows at <paramref name="target"/>, in its order.</summary>
        public static IReadOnlyList<string> Allowed(ActionTarget target) =>
            ConfigSchema.Official[SchemaFor(target)].Fields.Where(f => f.Type == "customAction").Select(f => f.Key).ToList();

        /// <summary>
        /// The CustomActions section for the given actions (null when none is given). Throws InvalidArgument for an
        /// action not allowed at <paramref name="target"/>, a local script that does not exist, or a URI that cannot work.
        /// </summary>
        /// <param name="actions">Action name to the values given for it (null or empty: not given).</param>
        /// <param name="resolvePath">Turns a path as typed into a full local path (the cmdlet's current location).</param>
        /// <param name="stackFolder">Where software stack scripts are written before staging (content-addressed file names).</param>
        public static CustomActionsConfig Build(ActionTarget target, IDictionary<string, object[]> actions, Func<string, string> resolvePath, string stackFolder, string where)
        {
            if (actions == null) return null;
            var given = actions.Where(a => a.Value != null && a.Value.Length > 0).ToList();
            if (given.Count == 0) return null;
            var allowed = Allowed(target);
            foreach (var action in given)
            {
                if (!allowed.Contains(action.Key))
                {
                    var schema = ConfigSchema.Official[SchemaFor(target)];
                    throw new PcHpcException(ErrorKind.InvalidArgument, "BootstrapActionNotAllowed",
                        $"{where} cannot run an {action.Key} script: ParallelCluster allows only {string.Join(" and ", allowed)} there ({schema.Name}, {schema.Source})."
                        + (target == ActionTarget.Queue && action.Key == OnNodeUpdated ? " OnNodeUpdated runs on the head node: give it to New-HpcClusterConfig." : ""))
                    { Target = action.Key };
                }
            }
            var result = new CustomActionsConfig();
            foreach (var action in given)
            {
                var scripts = action.Value.Select((v, i) => Script(Unwrap(v), $"-{action.Key}", resolvePath, stackFolder)).ToList();
                var section = scripts.Count == 1 ? scripts[0] : new CustomActionConfig { Sequence = scripts };
                typeof(CustomActionsConfig).GetProperty(action.Key).SetValue(result, section);
            }
            return result;
        }

        /// <summary>The object inside a PowerShell PSObject (the engine has no reference to PowerShell).</summary>
        public static object Unwrap(object value)
        {
            if (value == null || value.GetType().FullName != "System.Management.Automation.PSObject") return value;
            var inner = value.GetType().GetProperty("BaseObject")?.GetValue(value);
            return inner == null || inner.GetType().FullName == "System.Management.Automation.Internal.PSCustomObject" ? value : inner;
        }

        /// <summary>One script: a path, a URI, a software stack or a dictionary with Script (and Args).</summary>
        public static CustomActionConfig Script(object value, string parameter, Func<string, string> resolvePath, string stackFolder)
        {
            switch (value)
            {
                case null:
                    throw new PcHpcException(ErrorKind.InvalidArgument, "BootstrapScriptMissing", $"{parameter} has an empty entry; give a script path, an s3:// or https:// URI or a software stack.");
                case CustomActionConfig ready:
                    return new CustomActionConfig { Script = CheckScript(ready.Script, parameter, resolvePath), Args = ready.Args };
                case SoftwareStack stack:
                    return new CustomActionConfig { Script = SoftwareStackScript.WriteTo(stack, stackFolder) };
                case IDictionary dict:
                    string script = null;
                    List<string> args = null;
                    foreach (DictionaryEntry entry in dict)
                    {
                        var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture);
                        if (string.Equals(key, "Script", StringComparison.OrdinalIgnoreCase)) script = Convert.ToString(Unwrap(entry.Value), CultureInfo.InvariantCulture);
                        else if (string.Equals(key, "Args", StringComparison.OrdinalIgnoreCase) || string.Equals(key, "Arguments", StringComparison.OrdinalIgnoreCase))
                            args = (Unwrap(entry.Value) is IEnumerable many && !(Unwrap(entry.Value) is string) ? many.Cast<object>() : new[] { Unwrap(entry.Value) })
                                .Select(a => Convert.ToString(Unwrap(a), CultureInfo.InvariantCulture)).ToList();
                        else throw new PcHpcException(ErrorKind.InvalidArgument, "BootstrapScriptUnknownKey", $"{parameter}: unknown key '{key}'; use @{{Script='./setup.sh'; Args='a','b'}}.");
                    }
                    return new CustomActionConfig { Script = CheckScript(script, parameter, resolvePath), Args = args };
                default:
                    return new CustomActionConfig { Script = CheckScript(Convert.ToString(value, CultureInfo.InvariantCulture), parameter, resolvePath) };
            }
        }

        /// <summary>The script as written into the config: URIs as given (checked), local paths made full and checked to exist.</summary>
        public static string CheckScript(string script, string parameter, Func<string, string> resolvePath)
        {
            if (string.IsNullOrWhiteSpace(script))
                throw new PcHpcException(ErrorKind.InvalidArgument, "BootstrapScriptMissing", $"{parameter} has no script; give a script path, an s3:// or https:// URI or a software stack.");
            if (script.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            {
                var rest = script.Substring(5);
                var slash = rest.IndexOf('/');
                var bucket = slash < 0 ? rest : rest.Substring(0, slash);
                var problem = S3Names.BucketProblem(bucket);
                if (problem != null) throw new PcHpcException(ErrorKind.InvalidArgument, "BootstrapScriptUriInvalid", $"{parameter} '{script}': {problem}") { Target = script };
                if (slash < 0 || slash == rest.Length - 1)
                    throw new PcHpcException(ErrorKind.InvalidArgument, "BootstrapScriptUriInvalid", $"{parameter} '{script}' names a bucket but no object; give s3://{bucket}/path/to/script.sh.") { Target = script };
                return script;
            }
            if (script.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                if (!Uri.TryCreate(script, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || uri.AbsolutePath.Length <= 1)
                    throw new PcHpcException(ErrorKind.InvalidArgument, "BootstrapScriptUriInvalid", $"{parameter} '{script}' is not a usable https:// address of a script.") { Target = script };
                return script;
            }
            if (script.IndexOf("://", StringComparison.Ordinal) > 0)
                throw new PcHpcException(ErrorKind.InvalidArgument, "BootstrapScriptUriInvalid",
                    $"{parameter} '{script}': ParallelCluster fetches scripts from s3:// or https:// only; give one of those or a local path (staged to S3 on export).") { Target = script };
            var full = resolvePath != null ? resolvePath(script) : Path.GetFullPath(script);
            if (!File.Exists(full))
                throw new PcHpcException(ErrorKind.InvalidArgument, "BootstrapScriptNotFound",
                    $"{parameter}: the script '{script}' does not exist ({full}); check the path.") { Target = script };
            return full;
        }

        /// <summary>True when a config script is a local file (to be staged to S3 before the config is used).</summary>
        public static bool IsLocal(string script) =>
            !string.IsNullOrEmpty(script) && script.IndexOf("://", StringComparison.Ordinal) < 0;

        /// <summary>Every script entry of a config (head node and queues), with its config path.</summary>
        public static IEnumerable<(string Path, CustomActionConfig Script)> AllScripts(ClusterConfig config)
        {
            foreach (var item in ScriptsOf(config?.HeadNode?.CustomActions, "HeadNode.CustomActions")) yield return item;
            var queues = config?.Scheduling?.SlurmQueues ?? new List<QueueConfig>();
            for (var q = 0; q < queues.Count; q++)
                foreach (var item in ScriptsOf(queues[q].CustomActions, $"Scheduling.SlurmQueues[{q}].CustomActions")) yield return item;
        }

        private static IEnumerable<(string, CustomActionConfig)> ScriptsOf(CustomActionsConfig actions, string path)
        {
            if (actions == null) yield break;
            foreach (var (name, action) in new[] { (OnNodeStart, actions.OnNodeStart), (OnNodeConfigured, actions.OnNodeConfigured), (OnNodeUpdated, actions.OnNodeUpdated) })
            {
                if (action == null) continue;
                if (action.Sequence != null && action.Sequence.Count > 0)
                {
                    for (var i = 0; i < action.Sequence.Count; i++) yield return ($"{path}.{name}.Sequence[{i}].Script", action.Sequence[i]);
                }
                else yield return ($"{path}.{name}.Script", action);
            }
        }
    }
}
