using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>
    /// Ports of the offline rule validators ParallelCluster registers in pcluster/config/cluster_config.py (the ones
    /// that need no AWS call), with their failure levels: ERROR becomes an error, WARNING a warning, INFO is not
    /// reported. Each finding's Rule is the official validator's class name; each message cites its file:line.
    /// Values are read only where the schema loaded them (see <see cref="SchemaValidator"/>), with the defaults
    /// ParallelCluster's resources apply (MinCount 0, MaxCount 10, gp3 volumes, ...).
    /// The areas (storage, Slurm queues, ...) are rule sets of their own; this one runs them and holds the cluster-level rules.
    /// </summary>
    internal sealed class RuleValidators : RuleSet
    {
        public RuleValidators(ConfigSchema schema, SchemaValidator loaded, List<ConfigProblem> problems)
            : base(schema, loaded, problems)
        {
        }

        // -------------------------------------------------------------- entry point

        public void Run(PyNode root, string clusterName)
        {
            var scheduling = Sec(root, "Scheduling");
            var scheduler = Str(scheduling, "Scheduler");
            var image = Sec(root, "Image");
            var os = Str(image, "Os");
            var headNode = Sec(root, "HeadNode");
            var slurmSettings = Sec(scheduling, "SlurmSettings");
            var ebs = new EbsRules(this);

            if (clusterName != null) ClusterName(clusterName, scheduler == "slurm" && Has(slurmSettings, "Database"));

            // BaseClusterConfig._register_validators (cluster_config.py:1604)
            if (os != null && scheduler != null) SchedulerOs(os, scheduler);
            if (os != null) OsCustomAmi(os, Str(image, "CustomAmi"));
            if (headNode != null && scheduler != null)
            {
                var imds = Sec(headNode, "Imds");
                var secured = Bool(imds, "Secured") ?? true; // Imds(secured default True), cluster_config.py:1089
                if (secured && !Schema.StringList("SCHEDULERS_SUPPORTING_IMDS_SECURED").Contains(scheduler))
                {
                    Error("HeadNode.Imds.Secured", secured, "HeadNodeImdsValidator", "cluster_validators.py:1294",
                        $"IMDS Secured cannot be enabled when using scheduler {scheduler}. Please, disable IMDS Secured (HeadNode.Imds.Secured: false).");
                }
            }
            var deployment = Sec(root, "DeploymentSettings");
            if (Bool(deployment, "DisableSudoAccessForDefaultUser") == true && scheduler == "awsbatch")
            {
                Error("DeploymentSettings.DisableSudoAccessForDefaultUser", true, "SchedulerDisableSudoAccessForDefaultUserValidator", "cluster_validators.py:126",
                    "DisableSudoAccessForDefaultUser is not supported when using AWS Batch as scheduler.");
            }
            if (Bool(Sec(Sec(root, "AdditionalPackages"), "IntelSoftware"), "IntelHpcPlatform") == true && os != null && os != "centos7")
            {
                Error("AdditionalPackages.IntelSoftware.IntelHpcPlatform", true, "IntelHpcOsValidator", "cluster_validators.py:1062",
                    "When enabling intel software, the operating system is required to be set to one of the following values : ['centos7'].");
            }
            if (headNode != null) Dcv(Sec(headNode, "Dcv"), Str(headNode, "InstanceType"), "HeadNode.Dcv");
            ebs.RootVolume(Sec(Sec(headNode, "LocalStorage"), "RootVolume"), "HeadNode.LocalStorage.RootVolume");

            new SharedStorageRules(this, ebs).SharedStorage(root, scheduling, scheduler);
            if (scheduler == "slurm") new SlurmQueueRules(this, ebs).Slurm(root, scheduling);
            if (scheduler == "awsbatch") new AwsBatchRules(this).AwsBatch(root, scheduling);
            LoginNodes(root, scheduler);
            new IamRules(this).Iam(Sec(root, "Iam"));
            new DirectoryServiceRules(this).DirectoryService(Sec(root, "DirectoryService"));
            TagBestPractice(root);
        }

        // -------------------------------------------------------------- names

        /// <summary>ClusterNameValidator (cluster_validators.py:88): PCLUSTER_NAME_REGEX with 60 chars, 40 with Slurm accounting.</summary>
        public void ClusterName(string name, bool accounting)
        {
            var max = accounting ? Schema.Long("PCLUSTER_NAME_MAX_LENGTH_SLURM_ACCOUNTING") : Schema.Long("PCLUSTER_NAME_MAX_LENGTH");
            var regex = Schema.Text("PCLUSTER_NAME_REGEX").Replace("%d", (max - 1).ToString(CultureInfo.InvariantCulture));
            if (name == null || !PythonValues.PyMatch(regex, name))
            {
                Error("ClusterName", name, "ClusterNameValidator", "cluster_validators.py:88",
                    "The cluster name can contain only alphanumeric characters (case-sensitive) and hyphens. It must start with an alphabetic character" +
                    (accounting ? $" and when using Slurm accounting it can't be longer than {max} characters." : $" and can't be longer than {max} characters."));
            }
        }

        private void SchedulerOs(string os, string scheduler)
        {
            var map = Schema.Constant("SUPPORTED_OSES_FOR_SCHEDULER");
            if (!map.TryGetProperty(scheduler, out var oses)) return;
            var list = oses.EnumerateArray().Select(e => e.GetString()).ToList();
            if (!list.Contains(os))
            {
                Error("Image.Os", os, "SchedulerOsValidator", "cluster_validators.py:141",
                    $"{scheduler} scheduler supports the following operating systems: {string.Join(", ", list)}.");
            }
        }

        private void OsCustomAmi(string os, string customAmi)
        {
            // PRIVATE_OSES (constants.py): rocky8, rocky9
            if (string.IsNullOrEmpty(customAmi) && (os == "rocky8" || os == "rocky9"))
            {
                Error("Image.CustomAmi", null, "OsCustomAmiValidator", "cluster_validators.py:156",
                    $"ParallelCluster has no official AMI for {os}. Build your own AMI (pcluster build-image) and set Image.CustomAmi.");
            }
        }

        private void Dcv(PyNode dcv, string instanceType, string path)
        {
            if (dcv == null || Bool(dcv, "Enabled") != true) return;
            if (instanceType != null && Regex.IsMatch(instanceType, "(micro)|(nano)"))
            {
                Warning(path + ".Enabled", true, "DcvValidator", "cluster_validators.py:1028",
                    $"The packages required for desktop virtualization in the selected instance type '{instanceType}' may cause instability of the instance. If you want to use NICE DCV it is recommended to use an instance type with at least 1.7 GB of memory.");
            }
            if (Str(dcv, "AllowedIps") == "0.0.0.0/0")
            {
                Warning(path + ".AllowedIps", "0.0.0.0/0", "DcvValidator", "cluster_validators.py:1028",
                    $"With this configuration you are opening DCV port {Int(dcv, "Port")?.ToString() ?? "8443"} to the world (0.0.0.0/0). It is recommended to restrict access.");
            }
        }

        // -------------------------------------------------------------- login nodes, tags

        private void LoginNodes(PyNode root, string scheduler)
        {
            var login = Sec(root, "LoginNodes");
            if (login == null) return;
            if (scheduler != null && scheduler != "slurm")
                Error("LoginNodes", null, "LoginNodesSchedulerValidator", "cluster_validators.py:1562", "When using LoginNodes, the configured scheduler must be set to Slurm. Please set the scheduler to Slurm.");
            var pools = Items(login, "Pools");
            Duplicates(pools.Select((p, i) => (Str(p, "Name"), $"LoginNodes.Pools[{i}].Name")), "Pool");
            for (var i = 0; i < pools.Count; i++)
            {
                Name($"LoginNodes.Pools[{i}].Name", Str(pools[i], "Name"));
                Dcv(Sec(pools[i], "Dcv"), Str(pools[i], "InstanceType"), $"LoginNodes.Pools[{i}].Dcv");
            }
        }

        /// <summary>Best practice, stricter than ParallelCluster (so a warning): EC2 rejects tag keys starting with aws: at launch.</summary>
        private void TagBestPractice(PyNode root)
        {
            var tags = Items(root, "Tags");
            for (var i = 0; i < tags.Count; i++)
            {
                var key = Str(tags[i], "Key");
                if (key != null && key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                    Warning($"Tags[{i}].Key", key, "TagReservedPrefix", "best practice",
                        $"Tag key '{key}' starts with aws:, which AWS reserves; EC2 and CloudFormation refuse such tags when the cluster is created.");
            }
        }
    }
}
