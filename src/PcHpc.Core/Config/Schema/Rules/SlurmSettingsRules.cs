using System;
using System.Collections.Generic;
using System.Linq;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>Scheduling.SlurmSettings and custom Slurm settings (slurm_settings_validator.py, secret_validators.py).</summary>
    internal sealed class SlurmSettingsRules : RuleSet
    {
        public SlurmSettingsRules(RuleSet shared) : base(shared)
        {
        }

        private static readonly Dictionary<string, string[]> DenyLists = new Dictionary<string, string[]>
        {
            ["SlurmConf/Global"] = new[] { "epilog", "grestypes", "launchparameters", "prolog", "reconfigflags", "resumefailprogram", "resumeprogram", "resumetimeout", "slurmctldhost", "slurmctldlogfile", "slurmctldparameters", "slurmdlogfile", "slurmuser", "suspendexcnodes", "suspendprogram", "suspendtime", "taskplugin", "treewidth" },
            ["SlurmConf/Accounting"] = new[] { "accountingstoragetype", "accountingstoragehost", "accountingstorageport", "accountingstorageuser", "jobacctgathertype" },
            ["Queue/Global"] = new[] { "nodes", "partitionname", "resumetimeout", "state", "suspendtime", "oversubscribe" },
            ["ComputeResource/Global"] = new[] { "cpus", "features", "gres", "nodeaddr", "nodehostname", "nodename", "state", "weight" },
        }; // SLURM_SETTINGS_DENY_LIST (slurm_settings_validator.py)

        /// <summary>CustomSlurmSettingsValidator (slurm_settings_validator.py:81).</summary>
        internal void CustomSlurmSettings(IEnumerable<PyNode> dicts, string level, string context, string path, bool slurmConf)
        {
            var deny = DenyLists[level + "/" + context];
            var denied = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var d in dicts)
            {
                if (slurmConf && d.Map.Count > 1) continue; // custom nodes, nodesets, partitions
                foreach (var pair in d.Map)
                {
                    var key = pair.Key.Kind == PyKind.Str ? pair.Key.Str : pair.Key.Text;
                    if (key != null && deny.Contains(key.ToLowerInvariant())) denied.Add(key);
                }
            }
            if (denied.Count > 0)
                Error(path, string.Join(",", denied), "CustomSlurmSettingsValidator", "slurm_settings_validator.py:81",
                    $"Using the following custom Slurm settings at {level} level is not allowed: {string.Join(",", denied)}");
        }

        internal void SlurmSettings(PyNode settings)
        {
            if (settings == null) return;
            const string path = "Scheduling.SlurmSettings";
            var customNode = settings.Get("CustomSlurmSettings");
            var custom = customNode != null && customNode.Kind == PyKind.Seq ? customNode.Seq.Where(x => x.Kind == PyKind.Map).ToList() : new List<PyNode>();
            if (custom.Count > 0)
            {
                CustomSlurmSettings(custom, "SlurmConf", "Global", path + ".CustomSlurmSettings", true);
                // CustomSlurmNodeNamesValidator (slurm_settings_validator.py:107)
                var bad = custom.SelectMany(d => d.Map.Where(p => p.Key.Kind == PyKind.Str && p.Key.Str.ToLowerInvariant() == "nodename").Select(p => p.Value.Text ?? string.Empty))
                    .Where(n => n.Contains("-st-") || n.Contains("-dy-")).OrderBy(n => n, StringComparer.Ordinal).ToList();
                if (bad.Count > 0)
                    Error(path + ".CustomSlurmSettings", string.Join(", ", bad), "CustomSlurmNodeNamesValidator", "slurm_settings_validator.py:107",
                        $"Substrings '-st-' and '-dy-' in node names are reserved for nodes managed by ParallelCluster. Please rename the following custom Slurm nodes: {string.Join(", ", bad)}");
                if (Has(settings, "Database")) CustomSlurmSettings(custom, "SlurmConf", "Accounting", path + ".CustomSlurmSettings", true);
            }
            var include = Str(settings, "CustomSlurmSettingsIncludeFile");
            if (!string.IsNullOrEmpty(include) && custom.Count > 0)
                Error(path + ".CustomSlurmSettingsIncludeFile", include, "CustomSlurmSettingsIncludeFileOnlyValidator", "slurm_settings_validator.py:136",
                    "CustomSlurmsettings and CustomSlurmSettingsIncludeFile cannot be used together under SlurmSettings.");
            var munge = Str(settings, "MungeKeySecretArn");
            if (!string.IsNullOrEmpty(munge))
            {
                // ArnServiceAndResourceValidator (secret_validators.py:25): arn:<partition>:secretsmanager:<region>:<account>:secret:<name>
                var parts = munge.Split(':'); // get_arn_components (validators/common.py:152); fewer than 6 parts fails too
                if (parts.Length < 6 || parts[2] != "secretsmanager" || parts[5] != "secret")
                    Error(path + ".MungeKeySecretArn", munge, "ArnServiceAndResourceValidator", "secret_validators.py:25",
                        "The MungeKeySecretArn must be a Secrets Manager secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>).");
            }
            var db = Has(settings, "Database");
            var external = Has(settings, "ExternalSlurmdbd");
            if (db && external)
                Error(path + ".ExternalSlurmdbd", null, "ExternalSlurmdbdVsDatabaseIncompatibility", "slurm_settings_validator.py:186", "Database and ExternalSlurmdbd cannot be defined at the same time within SlurmSettings.");
            if (external && munge == null)
                Error(path + ".MungeKeySecretArn", null, "ExternalSlurmdbdRequiresCustomMungeKey", "slurm_settings_validator.py:202", "When ExternalSlurmdbd is defined, MungeKeySecretArn is required.");
            if (external)
                Warning(path + ".ExternalSlurmdbd", null, "ExternalSlurmdbdTrafficNotEncrypted", "slurm_settings_validator.py:213",
                    "Traffic between ParallelCluster and the external Slurmdbd is not encrypted. It is recommended to run the cluster and the external Slurmdbd in a trusted network.");
        }
    }
}
