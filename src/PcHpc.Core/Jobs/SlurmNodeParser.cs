using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PcHpc.Core.Jobs
{
    /// <summary>Parses SLURM's node view: <c>scontrol show node -o</c> (one node per line) and <c>sinfo -h -N -o %N␟%P␟%t</c>.</summary>
    public static class SlurmNodeParser
    {
        private const char Sep = '\x1f';

        /// <summary>Nodes in scontrol's order; <paramref name="sinfo"/> (optional) supplies sinfo's own short state per node.</summary>
        public static List<HpcNode> Parse(string scontrol, string sinfo)
        {
            var shortStates = new Dictionary<string, string>(StringComparer.Ordinal);
            var partitions = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var line in Lines(sinfo))
            {
                var f = line.Split(Sep);
                if (f.Length < 3) continue;
                shortStates[f[0]] = f[2].Trim();
                if (!partitions.TryGetValue(f[0], out var list)) partitions[f[0]] = list = new List<string>();
                var p = f[1].TrimEnd('*');
                if (p.Length > 0 && !list.Contains(p)) list.Add(p);
            }
            var nodes = new List<HpcNode>();
            foreach (var line in Lines(scontrol))
            {
                var kv = KeyValues(line);
                if (!kv.TryGetValue("NodeName", out var name) || name.Length == 0) continue;
                var node = new HpcNode { Name = name };
                var state = Get(kv, "State") ?? "UNKNOWN";
                var parts = state.Split('+');
                node.SlurmState = state;
                node.BaseState = parts[0];
                node.StateFlags = parts.Skip(1).ToArray();
                node.IsCloud = Has(node, "CLOUD");
                node.IsPoweredDown = Has(node, "POWERED_DOWN") || Has(node, "POWER");
                node.IsDrained = Has(node, "DRAIN") || node.BaseState == "DRAINED" || node.BaseState == "DRAINING";
                node.IsDown = node.BaseState == "DOWN";
                node.State = shortStates.TryGetValue(name, out var s) ? s : ShortState(node.BaseState, node.StateFlags);
                var fromScontrol = (Get(kv, "Partitions") ?? string.Empty).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
                node.Partitions = fromScontrol.Length > 0 ? fromScontrol : (partitions.TryGetValue(name, out var ps) ? ps.ToArray() : new string[0]);
                node.Partition = node.Partitions.Length == 0 ? null : string.Join(",", node.Partitions);
                SplitReason(node, Get(kv, "Reason"));
                node.CpusAllocated = Int(Get(kv, "CPUAlloc"));
                node.CpusTotal = Int(Get(kv, "CPUTot"));
                node.CpuLoad = double.TryParse(Get(kv, "CPULoad"), NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : (double?)null;
                node.MemoryMB = Long(Get(kv, "RealMemory"));
                node.AllocatedMemoryMB = Long(Get(kv, "AllocMem"));
                node.FreeMemoryMB = Long(Get(kv, "FreeMem"));
                node.Features = List(Get(kv, "AvailableFeatures") ?? Get(kv, "Features"));
                node.ActiveFeatures = List(Get(kv, "ActiveFeatures"));
                node.Address = Get(kv, "NodeAddr");
                node.HostName = Get(kv, "NodeHostName");
                nodes.Add(node);
            }
            return nodes;
        }

        /// <summary>
        /// sinfo's short state from scontrol's, for when sinfo gave none: drain wins over the base state (drng while
        /// jobs still run), then the power and responsiveness suffixes (~ powered down, # powering up, % powering down,
        /// ! power down pending, * not responding, @ reboot requested, ^ reboot issued, $ maintenance, - planned).
        /// </summary>
        public static string ShortState(string baseState, IList<string> flags)
        {
            bool F(string f) => flags.Contains(f);
            string text;
            if (F("DRAIN")) text = baseState == "ALLOCATED" || baseState == "MIXED" || F("COMPLETING") ? "drng" : "drain";
            else if (F("FAIL")) text = baseState == "ALLOCATED" || baseState == "MIXED" ? "failg" : "fail";
            else if (F("COMPLETING")) text = "comp";
            else if (F("MAINT")) text = "maint";
            else if (F("RESERVED")) text = "resv";
            else if (F("PLANNED") && baseState == "IDLE") text = "plnd";
            else
            {
                switch (baseState)
                {
                    case "IDLE": text = "idle"; break;
                    case "ALLOCATED": text = "alloc"; break;
                    case "MIXED": text = "mix"; break;
                    case "DOWN": text = "down"; break;
                    case "FUTURE": text = "futr"; break;
                    case "ERROR": text = "err"; break;
                    default: text = "unk"; break;
                }
            }
            if (F("NOT_RESPONDING")) text += "*";
            else if (F("REBOOT_ISSUED")) text += "^";
            else if (F("REBOOT_REQUESTED")) text += "@";
            else if (F("POWERING_UP")) text += "#";
            else if (F("POWERED_DOWN") || F("POWER")) text += "~";
            else if (F("POWERING_DOWN")) text += "%";
            else if (F("POWER_DOWN")) text += "!";
            else if (F("MAINT") || F("RES")) text += "$";
            else if (F("PLANNED")) text += "-";
            return text;
        }

        /// <summary>
        /// Adds EC2 data to the nodes: a node matches the instance whose private IP is its NodeAddr (ParallelCluster
        /// sets it when the node powers up) or whose IP its host name spells (ip-10-0-0-12). Returns the nodes matched.
        /// </summary>
        public static int AttachInstances(IEnumerable<HpcNode> nodes, IEnumerable<ClusterNode> instances)
        {
            var byIp = new Dictionary<string, ClusterNode>(StringComparer.Ordinal);
            foreach (var i in instances ?? Enumerable.Empty<ClusterNode>())
            {
                if (!string.IsNullOrEmpty(i.PrivateIpAddress) && i.NodeType != "HeadNode") byIp[i.PrivateIpAddress] = i;
            }
            var matched = 0;
            foreach (var node in nodes)
            {
                var instance = Lookup(byIp, node.Address) ?? Lookup(byIp, IpOfHostName(node.HostName));
                if (instance == null) continue;
                node.InstanceId = instance.InstanceId;
                node.InstanceType = instance.InstanceType;
                node.InstanceState = instance.State;
                node.PrivateIpAddress = instance.PrivateIpAddress;
                node.LaunchTime = instance.LaunchTime;
                matched++;
            }
            return matched;
        }

        private static ClusterNode Lookup(Dictionary<string, ClusterNode> byIp, string key) =>
            key != null && byIp.TryGetValue(key, out var i) ? i : null;

        private static string IpOfHostName(string host)
        {
            if (host == null || !host.StartsWith("ip-", StringComparison.Ordinal)) return null;
            var dot = host.IndexOf('.');
            var ip = (dot > 0 ? host.Substring(3, dot - 3) : host.Substring(3)).Replace('-', '.');
            return System.Net.IPAddress.TryParse(ip, out _) ? ip : null;
        }

        private static bool Has(HpcNode node, string flag) => Array.IndexOf(node.StateFlags, flag) >= 0;

        /// <summary>"Reason=Scheduler health check failed [root@2026-11-30T07:00:00]" → text, user, time.</summary>
        private static void SplitReason(HpcNode node, string reason)
        {
            if (reason == null) return;
            var open = reason.LastIndexOf(" [", StringComparison.Ordinal);
            if (open >= 0 && reason.EndsWith("]", StringComparison.Ordinal))
            {
                var inner = reason.Substring(open + 2, reason.Length - open - 3);
                var at = inner.IndexOf('@');
                if (at > 0)
                {
                    node.ReasonUser = inner.Substring(0, at);
                    node.ReasonTime = SlurmParsers.Time(inner.Substring(at + 1));
                    reason = reason.Substring(0, open);
                }
            }
            node.Reason = reason.Length == 0 ? null : reason;
        }

        /// <summary>Key=Value pairs of one line; a key starts after a space, begins with a letter and ends at '='; values may hold spaces.</summary>
        internal static Dictionary<string, string> KeyValues(string line)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            string key = null;
            var valueStart = 0;
            for (var i = 0; i < line.Length; i++)
            {
                if (i != 0 && line[i - 1] != ' ') continue;
                if (!char.IsLetter(line[i])) continue;
                var j = i;
                while (j < line.Length && (char.IsLetterOrDigit(line[j]) || line[j] == '_')) j++;
                if (j >= line.Length || line[j] != '=') continue;
                if (key != null) result[key] = line.Substring(valueStart, Math.Max(0, i - 1 - valueStart)).TrimEnd(' ');
                key = line.Substring(i, j - i);
                valueStart = j + 1;
                i = j;
            }
            if (key != null) result[key] = line.Substring(valueStart).TrimEnd(' ');
            return result;
        }

        private static string Get(Dictionary<string, string> kv, string key) =>
            kv.TryGetValue(key, out var v) && v.Length > 0 && v != "(null)" && v != "N/A" && v != "n/a" && v != "none" && v != "None" ? v : null;

        private static string[] List(string v) => v == null ? new string[0] : v.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);

        private static int? Int(string v) => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;

        private static long? Long(string v) => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;

        private static IEnumerable<string> Lines(string text) =>
            (text ?? string.Empty).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0);
    }
}
