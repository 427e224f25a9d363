using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Errors;
using PcHpc.Core.Jobs;

namespace PcHpc.Core.Bootstrap
{
    /// <summary>
    /// What the software stacks installed on a head node: one bash run (one SSM call) reads every stack's status file,
    /// `spack find --json` and `module -t avail`, and tries `module load` on each module; <see cref="Parse"/> turns that
    /// into one <see cref="ClusterSoftware"/> per declared package.
    /// </summary>
    public static class SoftwareReport
    {
        private const string Marker = "@@pchpc ";

        /// <summary>The query. Paths follow PCHPC_ROOT_PREFIX like the stack scripts (empty on a node).</summary>
        public const string QueryScript = @"ROOT=""${PCHPC_ROOT_PREFIX:-}""
shopt -s nullglob
if [ -f /usr/share/lmod/lmod/init/bash ]; then . /usr/share/lmod/lmod/init/bash >/dev/null 2>&1 || true; fi
for status in ""$ROOT""/var/lib/pchpc/software/*.status; do
  echo '@@pchpc status'
  cat ""$status""
  spack_root=$(awk -F'\t' '$1 == ""stack"" { print $3; exit }' ""$status"")
  module_root=$(awk -F'\t' '$1 == ""stack"" { print $4; exit }' ""$status"")
  echo '@@pchpc spack'
  if [ -x ""$ROOT$spack_root/bin/spack"" ]; then ""$ROOT$spack_root/bin/spack"" find --json 2>/dev/null || echo '[]'; else echo '[]'; fi
  echo '@@pchpc modules'
  if type module >/dev/null 2>&1 && [ -d ""$ROOT$module_root"" ]; then
    export MODULEPATH=""$ROOT$module_root""
    for m in $(module -t avail 2>&1 | grep -v ':$' | sed 's/(.*)$//'); do
      if (module load ""$m"") >/dev/null 2>&1; then echo ""ok $m""; else echo ""fail $m""; fi
    done
  else
    echo 'nolmod'
  fi
done
echo '@@pchpc end'
";

        /// <summary>Runs the query through <paramref name="transport"/> (SSM to the head node, or local bash) and parses it.</summary>
        public static async Task<IReadOnlyList<ClusterSoftware>> GetAsync(IJobTransport transport, string clusterName, CancellationToken token)
        {
            var result = await transport.RunAsync(QueryScript, token).ConfigureAwait(false);
            if (result.ExitCode != 0 || !result.Stdout.Contains(Marker + "end"))
                throw new PcHpcException(ErrorKind.ServiceError, "SoftwareQueryFailed",
                    $"Reading the software status on {transport.Description} failed (exit code {result.ExitCode}: {result.Stderr.Trim()}); check that the head node is running and retry.")
                { Target = clusterName };
            return Parse(result.Stdout, clusterName);
        }

        /// <summary>One line for a cluster listing: "12/12 installed", "10/12 installed, 2 failed"; null when no stack declared anything.</summary>
        public static string Summary(IReadOnlyList<ClusterSoftware> packages)
        {
            if (packages == null || packages.Count == 0) return null;
            var ready = packages.Count(p => p.Installed && p.Loadable);
            var failed = packages.Count(p => !p.Installed && p.Error != null && !p.Error.StartsWith("not installed yet", StringComparison.Ordinal));
            return $"{ready}/{packages.Count} installed" + (failed > 0 ? $", {failed} failed" : string.Empty);
        }

        public static IReadOnlyList<ClusterSoftware> Parse(string output, string clusterName)
        {
            var packages = new List<ClusterSoftware>();
            foreach (var block in Blocks(output))
            {
                packages.AddRange(StackPackages(block, clusterName));
            }
            return packages;
        }

        private sealed class StackBlock
        {
            public List<string> Status = new List<string>();
            public string SpackJson = string.Empty;
            public Dictionary<string, bool> Modules = new Dictionary<string, bool>(StringComparer.Ordinal);
            public bool NoLmod;
        }

        private static IEnumerable<StackBlock> Blocks(string output)
        {
            StackBlock current = null;
            var section = string.Empty;
            foreach (var raw in (output ?? string.Empty).Replace("\r\n", "\n").Split('\n'))
            {
                if (raw.StartsWith(Marker, StringComparison.Ordinal))
                {
                    section = raw.Substring(Marker.Length).Trim();
                    if (section == "status" || section == "end")
                    {
                        if (current != null) yield return current;
                        current = section == "status" ? new StackBlock() : null;
                    }
                    continue;
                }
                if (current == null) continue;
                switch (section)
                {
                    case "status": if (raw.Length > 0) current.Status.Add(raw); break;
                    case "spack": current.SpackJson += raw; break;
                    case "modules":
                        if (raw == "nolmod") current.NoLmod = true;
                        else if (raw.StartsWith("ok ", StringComparison.Ordinal)) current.Modules[raw.Substring(3)] = true;
                        else if (raw.StartsWith("fail ", StringComparison.Ordinal)) current.Modules[raw.Substring(5)] = false;
                        break;
                }
            }
            if (current != null) yield return current;
        }

        private static IEnumerable<ClusterSoftware> StackPackages(StackBlock block, string clusterName)
        {
            var fields = block.Status.Select(l => l.Split('\t')).ToList();
            var stack = fields.FirstOrDefault(f => f[0] == "stack");
            var stackName = stack != null && stack.Length > 1 ? stack[1] : "(unknown)";
            var installed = SpackFind(block.SpackJson);
            var lines = fields.Where(f => f[0] == "package" && f.Length >= 3).ToList();
            if (lines.Count == 0)
            {
                // The script stopped before its packages (users, Lmod, Spack clone): one entry that says why.
                var finished = fields.FirstOrDefault(f => f[0] == "finished");
                yield return new ClusterSoftware
                {
                    ClusterName = clusterName, Stack = stackName, Name = "(setup)",
                    Error = finished != null && finished.Length > 2 ? finished[2] + $" (see /var/log/pchpc/software-{stackName}.log)" : "the stack's script has not installed anything yet",
                };
                yield break;
            }
            foreach (var f in lines)
            {
                var spec = f[1];
                var state = f[2];
                string name, declared;
                try { var parsed = SpackSpec.Parse(spec); name = parsed.PackageName; declared = parsed.Version?.TrimStart('='); }
                catch (PcHpcException) { name = spec; declared = null; }
                var found = installed.FirstOrDefault(p => p.Name == name && (declared == null || declared.Contains(":") || declared.Contains(",") || p.Version == declared))
                            ?? installed.FirstOrDefault(p => p.Name == name);
                var version = found?.Version ?? declared;
                var module = block.Modules.Keys.FirstOrDefault(m => m == name + "/" + version)
                             ?? block.Modules.Keys.FirstOrDefault(m => m.StartsWith(name + "/", StringComparison.Ordinal));
                var item = new ClusterSoftware
                {
                    ClusterName = clusterName,
                    Stack = stackName,
                    Spec = spec,
                    Name = name,
                    Version = version,
                    Installed = state == "installed" && found != null,
                    ModuleName = module,
                    Loadable = module != null && block.Modules[module],
                    InstalledAt = state == "installed" && f.Length > 3 && DateTime.TryParse(f[3], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTime?)null,
                };
                item.Error = state.StartsWith("failed: ", StringComparison.Ordinal) ? state.Substring("failed: ".Length)
                    : state != "installed" ? $"not installed yet ({state}); the head node may still be building it (see /var/log/pchpc/software-{stackName}.log)"
                    : found == null ? "the status file says installed but spack find does not list it"
                    : block.NoLmod ? "Lmod is not set up on the head node, so the package has no module"
                    : module == null ? $"Spack generated no module file for {name}"
                    : !item.Loadable ? $"module load {module} failed"
                    : null;
                yield return item;
            }
        }

        private sealed class Found
        {
            public string Name;
            public string Version;
        }

        private static List<Found> SpackFind(string json)
        {
            var result = new List<Found>();
            try
            {
                using (var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json))
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Array) return result;
                    foreach (var e in doc.RootElement.EnumerateArray())
                    {
                        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("name", out var n)) continue;
                        result.Add(new Found { Name = n.GetString(), Version = e.TryGetProperty("version", out var v) ? v.ToString() : null });
                    }
                }
            }
            catch (JsonException) { }
            return result;
        }
    }
}
