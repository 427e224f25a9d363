using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text.RegularExpressions;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>
    /// Ports of the offline rule validators ParallelCluster registers in pcluster/config/cluster_config.py (the ones
    /// that need no AWS call), with their failure levels: ERROR becomes an error, WARNING a warning, INFO is not
    /// reported. Each finding's Rule is the official validator's class name; each message cites its file:line.
    /// Values are read only where the schema loaded them (see <see cref="SchemaValidator"/>), with the defaults
    /// ParallelCluster's resources apply (MinCount 0, MaxCount 10, gp3 volumes, ...).
    /// </summary>
    internal sealed class RuleValidators
    {
        private readonly ConfigSchema _schema;
        private readonly SchemaValidator _loaded;
        private readonly List<ConfigProblem> _problems;

        public RuleValidators(ConfigSchema schema, SchemaValidator loaded, List<ConfigProblem> problems)
        {
            _schema = schema;
            _loaded = loaded;
            _problems = problems;
        }

        // cluster_validators.py constants
        private const int NameMaxLength = 25;            // NAME_MAX_LENGTH
        private const int SharedStorageNameMaxLength = 30; // SHARED_STORAGE_NAME_MAX_LENGTH
        private const string NameRegex = @"^[a-z][a-z0-9\-]*$"; // NAME_REGEX

        private void Add(ConfigProblemSeverity severity, string path, object value, string rule, string source, string message) =>
            _problems.Add(new ConfigProblem(path, value == null ? null : Convert.ToString(value, CultureInfo.InvariantCulture), rule, severity,
                $"{message} (ParallelCluster {source})"));

        private void Error(string path, object value, string rule, string source, string message) => Add(ConfigProblemSeverity.Error, path, value, rule, source, message);
        private void Warning(string path, object value, string rule, string source, string message) => Add(ConfigProblemSeverity.Warning, path, value, rule, source, message);

        // -------------------------------------------------------------- readers (loaded values only)
        private static PyNode Sec(PyNode node, string key)
        {
            var v = node?.Get(key);
            return v != null && v.Kind == PyKind.Map ? v : null;
        }

        private static List<PyNode> Items(PyNode node, string key)
        {
            var v = node?.Get(key);
            return v != null && v.Kind == PyKind.Seq ? v.Seq.Where(i => i.Kind == PyKind.Map).ToList() : new List<PyNode>();
        }

        private string Str(PyNode node, string key) => _loaded.Loaded(node?.Get(key)) as string;
        private BigInteger? Int(PyNode node, string key) => _loaded.Loaded(node?.Get(key)) is BigInteger b ? b : (BigInteger?)null;
        private bool? Bool(PyNode node, string key) => _loaded.Loaded(node?.Get(key)) is bool b ? b : (bool?)null;
        private static bool Has(PyNode node, string key) => node?.Get(key) != null;

        private List<string> StrList(PyNode node, string key)
        {
            var v = node?.Get(key);
            if (v == null || v.Kind != PyKind.Seq) return new List<string>();
            return v.Seq.Select(i => _loaded.Loaded(i) as string).Where(s => s != null).ToList();
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

            if (clusterName != null) ClusterName(clusterName, scheduler == "slurm" && Has(slurmSettings, "Database"));

            // BaseClusterConfig._register_validators (cluster_config.py:1604)
            if (os != null && scheduler != null) SchedulerOs(os, scheduler);
            if (os != null) OsCustomAmi(os, Str(image, "CustomAmi"));
            if (headNode != null && scheduler != null)
            {
                var imds = Sec(headNode, "Imds");
                var secured = Bool(imds, "Secured") ?? true; // Imds(secured default True), cluster_config.py:1089
                if (secured && !_schema.StringList("SCHEDULERS_SUPPORTING_IMDS_SECURED").Contains(scheduler))
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
            RootVolume(Sec(Sec(headNode, "LocalStorage"), "RootVolume"), "HeadNode.LocalStorage.RootVolume");

            SharedStorage(root, scheduling, scheduler);
            if (scheduler == "slurm") Slurm(root, scheduling);
            if (scheduler == "awsbatch") AwsBatch(root, scheduling);
            LoginNodes(root, scheduler);
            Iam(Sec(root, "Iam"));
            DirectoryService(Sec(root, "DirectoryService"));
            TagBestPractice(root);
        }

        // -------------------------------------------------------------- names

        /// <summary>ClusterNameValidator (cluster_validators.py:88): PCLUSTER_NAME_REGEX with 60 chars, 40 with Slurm accounting.</summary>
        public void ClusterName(string name, bool accounting)
        {
            var max = accounting ? _schema.Long("PCLUSTER_NAME_MAX_LENGTH_SLURM_ACCOUNTING") : _schema.Long("PCLUSTER_NAME_MAX_LENGTH");
            var regex = _schema.Text("PCLUSTER_NAME_REGEX").Replace("%d", (max - 1).ToString(CultureInfo.InvariantCulture));
            if (name == null || !SchemaValidator.PyMatch(regex, name))
            {
                Error("ClusterName", name, "ClusterNameValidator", "cluster_validators.py:88",
                    "The cluster name can contain only alphanumeric characters (case-sensitive) and hyphens. It must start with an alphabetic character" +
                    (accounting ? $" and when using Slurm accounting it can't be longer than {max} characters." : $" and can't be longer than {max} characters."));
            }
        }

        /// <summary>NameValidator (cluster_validators.py:313): queues, compute resources, login node pools.</summary>
        private void Name(string path, string name)
        {
            if (name == null) return;
            if (!SchemaValidator.PyMatch(NameRegex, name))
            {
                Error(path, name, "NameValidator", "cluster_validators.py:313",
                    $"Invalid name '{name}'. Name must begin with a letter and only contain lowercase letters, digits and hyphens.");
            }
            if (SchemaValidator.CodePoints(name) > NameMaxLength)
            {
                Error(path, name, "NameValidator", "cluster_validators.py:313", $"Invalid name '{name}'. Name can be at most {NameMaxLength} chars long.");
            }
            if (name == "default")
            {
                Error(path, name, "NameValidator", "cluster_validators.py:313", $"It is forbidden to use '{name}' as a name.");
            }
        }

        /// <summary>DuplicateNameValidator (cluster_validators.py:1091): reported on each repeat.</summary>
        private void Duplicates(IEnumerable<(string Value, string Path)> items, string resource)
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
        private void MaxCount(string path, int count, long max, string resource)
        {
            if (count > max)
            {
                Error(path, count, "MaxCountValidator", "cluster_validators.py:336",
                    $"Invalid number of {resource} ({count}) specified. Currently only supports up to {max} {resource}.");
            }
        }

        private void SchedulerOs(string os, string scheduler)
        {
            var map = _schema.Constant("SUPPORTED_OSES_FOR_SCHEDULER");
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

        // -------------------------------------------------------------- EBS (ebs_validators.py)

        private static readonly Dictionary<string, (int Min, int Max)> VolumeSizeBounds = new Dictionary<string, (int, int)>
        {
            ["standard"] = (1, 1024), ["io1"] = (4, 16 * 1024), ["io2"] = (4, 64 * 1024), ["gp2"] = (1, 16 * 1024),
            ["gp3"] = (1, 16 * 1024), ["st1"] = (500, 16 * 1024), ["sc1"] = (500, 16 * 1024),
        }; // EBS_VOLUME_TYPE_TO_VOLUME_SIZE_BOUNDS

        private static readonly Dictionary<string, (int Min, int Max)> IopsBounds = new Dictionary<string, (int, int)>
        {
            ["io1"] = (100, 64000), ["io2"] = (100, 256000), ["gp3"] = (3000, 16000),
        }; // EBS_VOLUME_IOPS_BOUNDS

        private static readonly Dictionary<string, int> IopsRatio = new Dictionary<string, int> { ["io1"] = 50, ["io2"] = 1000, ["gp3"] = 500 };

        /// <summary>The Ebs resource validators (cluster_config.py:215) plus size/IOPS checks, with the resource defaults.</summary>
        private void Ebs(PyNode section, string path, BigInteger? size, bool sizeKnown)
        {
            if (section == null && !sizeKnown) return;
            var type = Str(section, "VolumeType") ?? _schema.Text("EBS_VOLUME_TYPE_DEFAULT");
            var iopsDefaults = _schema.Constant("EBS_VOLUME_TYPE_IOPS_DEFAULT");
            var iops = Int(section, "Iops") ?? (iopsDefaults.TryGetProperty(type, out var d) ? d.GetInt64() : (BigInteger?)null);
            var throughput = Int(section, "Throughput") ?? (type == "gp3" ? 125 : (BigInteger?)null);

            if (type == "gp3" && throughput != null && (throughput < 125 || throughput > 1000))
            {
                Error(path + ".Throughput", throughput, "EbsVolumeThroughputValidator", "ebs_validators.py:62",
                    $"Throughput must be between 125 MB/s and 1000 MB/s when provisioning {type} volumes.");
            }
            if (type == "gp3" && throughput != null && throughput > 0 && iops != null && (double)throughput > (double)iops * 0.25)
            {
                Error(path + ".Throughput", throughput, "EbsVolumeThroughputIopsValidator", "ebs_validators.py:80",
                    $"Throughput to IOPS ratio of {((double)throughput / (double)iops).ToString(CultureInfo.InvariantCulture)} is too high; maximum is 0.25.");
            }
            if (size != null && VolumeSizeBounds.TryGetValue(type, out var bounds))
            {
                if (size > bounds.Max)
                    Error(path + ".Size", size, "EbsVolumeTypeSizeValidator", "ebs_validators.py:35", $"The size of {type} volumes can not exceed {bounds.Max} GiB.");
                else if (size < bounds.Min)
                    Error(path + ".Size", size, "EbsVolumeTypeSizeValidator", "ebs_validators.py:35", $"The size of {type} volumes must be at least {bounds.Min} GiB.");
            }
            if (IopsBounds.TryGetValue(type, out var ib))
            {
                if (iops != null && iops != 0 && (iops < ib.Min || iops > ib.Max))
                {
                    Error(path + ".Iops", iops, "EbsVolumeIopsValidator", "ebs_validators.py:99", $"IOPS rate must be between {ib.Min} and {ib.Max} when provisioning {type} volumes.");
                }
                else if (iops != null && iops != 0 && size != null && iops > size * IopsRatio[type])
                {
                    Error(path + ".Iops", iops, "EbsVolumeIopsValidator", "ebs_validators.py:99",
                        $"IOPS to volume size ratio of {((double)iops / (double)size).ToString(CultureInfo.InvariantCulture)} is too high; maximum is {IopsRatio[type]}.");
                }
            }
            else if (iops != null && iops != 0 && sizeKnown)
            {
                Error(path + ".Iops", iops, "EbsVolumeIopsValidator", "ebs_validators.py:99", $"The parameter IOPS is not supported for {type} volumes.");
            }
        }

        /// <summary>Root volumes: throughput checks always; size and IOPS checks when Size is given (else it is the AMI's size, known only to AWS).</summary>
        private void RootVolume(PyNode root, string path)
        {
            if (root == null) { Ebs(null, path, null, false); return; }
            var size = Int(root, "Size");
            var type = Str(root, "VolumeType") ?? _schema.Text("EBS_VOLUME_TYPE_DEFAULT");
            if (size == null)
            {
                // Without the AMI size, only the checks that do not depend on it.
                var hasIops = Int(root, "Iops");
                Ebs(root, path, null, false);
                if (hasIops != null && hasIops != 0 && !IopsBounds.ContainsKey(type))
                    Error(path + ".Iops", hasIops, "EbsVolumeIopsValidator", "ebs_validators.py:99", $"The parameter IOPS is not supported for {type} volumes.");
                return;
            }
            Ebs(root, path, size, true);
        }

        // -------------------------------------------------------------- shared storage

        private static readonly string[] ReservedMountDirs =
        {
            "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/media", "/mnt", "/opt", "/opt/parallelcluster", "/opt/parallelcluster/shared",
            "/opt/parallelcluster/shared_login_nodes", "/opt/slurm", "/opt/intel", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var",
        }; // SharedStorageMountDirValidator (cluster_validators.py:944)

        /// <summary>The directories SharedStorageMountDirValidator reserves (exact matches, after prefixing a missing '/').</summary>
        public static IReadOnlyList<string> Reserved => ReservedMountDirs;

        private void SharedStorage(PyNode root, PyNode scheduling, string scheduler)
        {
            var storages = Items(root, "SharedStorage");
            if (storages.Count == 0) return;
            Duplicates(storages.Select((s, i) => (Str(s, "Name"), $"SharedStorage[{i}].Name")), "Shared Storage");

            var ids = new List<(string, string)>();
            int ebs = 0;
            var fresh = new Dictionary<string, int> { ["efs"] = 0, ["fsx"] = 0, ["raid"] = 0 };
            var existing = new Dictionary<string, int> { ["efs"] = 0, ["fsx"] = 0, ["raid"] = 0 };
            var mountDirs = new List<(string Dir, string Path)>();
            for (var i = 0; i < storages.Count; i++)
            {
                var s = storages[i];
                var path = $"SharedStorage[{i}]";
                var name = Str(s, "Name");
                var type = Str(s, "StorageType");
                var dir = Str(s, "MountDir");
                if (name != null) SharedStorageName($"{path}.Name", name);
                if (dir != null)
                {
                    mountDirs.Add((dir, $"{path}.MountDir"));
                    var rooted = dir.StartsWith("/", StringComparison.Ordinal) ? dir : "/" + dir;
                    if (ReservedMountDirs.Contains(rooted))
                    {
                        Error($"{path}.MountDir", dir, "SharedStorageMountDirValidator", "cluster_validators.py:944",
                            $"The shared storage mount directory {rooted} is reserved. Please use another directory.");
                    }
                }
                switch (type)
                {
                    case "Ebs":
                    {
                        var settings = Sec(s, "EbsSettings");
                        var volumeId = Str(settings, "VolumeId");
                        if (volumeId != null) ids.Add((volumeId, $"{path}.EbsSettings.VolumeId"));
                        if (Has(settings, "Raid")) fresh["raid"]++; else ebs++;
                        Ebs(settings, $"{path}.EbsSettings", Int(settings, "Size") ?? _schema.Long("EBS_VOLUME_SIZE_DEFAULT"), true);
                        break;
                    }
                    case "Efs":
                    {
                        var settings = Sec(s, "EfsSettings");
                        var fsId = Str(settings, "FileSystemId");
                        if (fsId != null) { ids.Add((fsId, $"{path}.EfsSettings.FileSystemId")); existing["efs"]++; } else fresh["efs"]++;
                        Efs(settings, $"{path}.EfsSettings", name);
                        break;
                    }
                    case "FsxLustre":
                    {
                        var settings = Sec(s, "FsxLustreSettings");
                        var fsId = Str(settings, "FileSystemId");
                        if (fsId != null) { ids.Add((fsId, $"{path}.FsxLustreSettings.FileSystemId")); existing["fsx"]++; } else fresh["fsx"]++;
                        FsxLustre(settings, $"{path}.FsxLustreSettings");
                        break;
                    }
                    case "FsxOpenZfs":
                    case "FsxOntap":
                    {
                        var settings = Sec(s, type + "Settings");
                        var volumeId = Str(settings, "VolumeId");
                        if (volumeId != null) ids.Add((volumeId, $"{path}.{type}Settings.VolumeId"));
                        existing["fsx"]++;
                        break;
                    }
                    case "FileCache":
                    {
                        var settings = Sec(s, "FileCacheSettings");
                        var cacheId = Str(settings, "FileCacheId");
                        if (cacheId != null) ids.Add((cacheId, $"{path}.FileCacheSettings.FileCacheId"));
                        existing["fsx"]++;
                        if (dir == "/home" || dir == "home")
                        {
                            Error($"{path}.MountDir", dir, "SharedFileCacheNotHomeValidator", "cluster_validators.py:989",
                                $"FileCache cannot be used to mount the shared storage directory '{dir}'. Please select a supported filesystem.");
                        }
                        break;
                    }
                }
                if (scheduler == "awsbatch" && type != null && (type.StartsWith("Fsx", StringComparison.Ordinal) || type == "FileCache"))
                {
                    Error($"{path}.StorageType", type, "AwsBatchFsxValidator", "awsbatch_validators.py:187", "FSx is not supported when using AWS Batch as scheduler.");
                }
            }
            // DuplicateNameValidator on existing_storage_id_list (cluster_config.py:1888)
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (id, p) in ids)
            {
                if (seen.TryGetValue(id, out var first)) Error(p, id, "DuplicateNameValidator", "cluster_validators.py:1091", $"Shared Storage IDs name {id} must be unique (also used at {first}).");
                else seen[id] = p;
            }

            // NumberOfStorageValidator via _validate_max_storage_count (cluster_config.py:1804)
            var newMax = _schema.Constant("MAX_NEW_STORAGE_COUNT");
            var existingMax = _schema.Constant("MAX_EXISTING_STORAGE_COUNT");
            foreach (var (label, key) in new[] { ("EFS", "efs"), ("FSx", "fsx"), ("RAID", "raid") })
            {
                var maxNew = newMax.GetProperty(key).GetInt32();
                var maxExisting = existingMax.GetProperty(key).GetInt32();
                if (fresh[key] > maxNew)
                    Error("SharedStorage", fresh[key], "NumberOfStorageValidator", "cluster_validators.py:811", $"Too many new {label} shared storage specified in the configuration. ParallelCluster supports {maxNew} new {label}.");
                if (existing[key] > maxExisting)
                    Error("SharedStorage", existing[key], "NumberOfStorageValidator", "cluster_validators.py:811", $"Too many existing {label} shared storage specified in the configuration. ParallelCluster supports {maxExisting} existing {label}.");
            }
            var maxEbs = _schema.Long("MAX_EBS_COUNT");
            if (ebs > maxEbs)
                Error("SharedStorage", ebs, "NumberOfStorageValidator", "cluster_validators.py:811", $"Too many EBS shared storage specified in the configuration. ParallelCluster supports {maxEbs} EBS.");

            // ManagedFsxMultiAzValidator (cluster_validators.py:827): compute_subnet_ids is the set of all queues' subnets.
            if (fresh["fsx"] > 0)
            {
                var queues = Items(scheduling, "SlurmQueues").Concat(Items(scheduling, "AwsBatchQueues"));
                var subnets = new HashSet<string>(queues.SelectMany(q => StrList(Sec(q, "Networking"), "SubnetIds")), StringComparer.Ordinal);
                if (subnets.Count > 1)
                {
                    Error("SharedStorage", null, "ManagedFsxMultiAzValidator", "cluster_validators.py:827",
                        "Managed FSx storage created by ParallelCluster is not supported when specifying multiple subnet Ids under the SubnetIds configuration of a queue. Provide an existing FSx file system or use one subnet.");
                }
            }

            // DuplicateMountDirValidator (cluster_validators.py:758) and OverlappingMountDirValidator (:789), on the dirs as written.
            var byDir = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (dir, p) in mountDirs)
            {
                if (byDir.TryGetValue(dir, out var first))
                    Error(p, dir, "DuplicateMountDirValidator", "cluster_validators.py:758", $"The mount directory `{dir}` is used for multiple shared storage ({first}). Shared storage mount directories should be unique.");
                else byDir[dir] = p;
            }
            for (var a = 0; a < mountDirs.Count; a++)
            {
                for (var b = a + 1; b < mountDirs.Count; b++)
                {
                    var (d1, _) = mountDirs[a];
                    var (d2, p2) = mountDirs[b];
                    if (d1.StartsWith(d2 + "/", StringComparison.Ordinal) || d2.StartsWith(d1 + "/", StringComparison.Ordinal))
                        Error(p2, d2, "OverlappingMountDirValidator", "cluster_validators.py:789", $"Mount directories {d1}, {d2} cannot overlap.");
                }
            }
        }

        /// <summary>SharedStorageNameValidator (cluster_validators.py:915): tag-value characters, at most 30, not 'default'.</summary>
        private void SharedStorageName(string path, string name)
        {
            if (!SchemaValidator.PyMatch(_schema.Text("PCLUSTER_TAG_VALUE_REGEX"), name))
            {
                Error(path, name, "SharedStorageNameValidator", "cluster_validators.py:915",
                    $"The shared storage name {name} is not valid. Allowed characters are letters, numbers and white spaces that can be represented in UTF-8 and the following characters: '+' '-' '=' '.' '_' ':' '/'.");
            }
            if (SchemaValidator.CodePoints(name) > SharedStorageNameMaxLength)
            {
                Error(path, name, "SharedStorageNameValidator", "cluster_validators.py:915", $"Invalid name '{name}'. Name can be at most {SharedStorageNameMaxLength} chars long.");
            }
            if (name == "default")
            {
                Error(path, name, "SharedStorageNameValidator", "cluster_validators.py:915", $"It is forbidden to use '{name}' as a name.");
            }
        }

        private void Efs(PyNode s, string path, string name)
        {
            if (s == null) return;
            var transit = Bool(s, "EncryptionInTransit") ?? false;
            if ((Bool(s, "IamAuthorization") ?? false) && !transit)
            {
                Error(path + ".IamAuthorization", true, "EfsMountOptionsValidator", "efs_validators.py:14",
                    $"EFS IAM authorization cannot be enabled when encryption in-transit is disabled. Please either disable IAM authorization or enable encryption in-transit for file system {name}.");
            }
            var ap = Str(s, "AccessPointId");
            if (!string.IsNullOrEmpty(ap) && string.IsNullOrEmpty(Str(s, "FileSystemId")))
            {
                Error(path + ".AccessPointId", ap, "EfsAccessPointOptionsValidator", "efs_validators.py:30", "An access point can only be specified when using an existing EFS file system (FileSystemId).");
            }
            if (!string.IsNullOrEmpty(ap) && !transit)
            {
                Error(path + ".AccessPointId", ap, "EfsAccessPointOptionsValidator", "efs_validators.py:30", "An access point can only be specified when encryption in transit is enabled.");
            }
        }

        private void FsxLustre(PyNode s, string path)
        {
            var fsId = Str(s, "FileSystemId");
            var backupId = Str(s, "BackupId");
            var deployment = Str(s, "DeploymentType") ?? (backupId == null && fsId == null ? "SCRATCH_2" : null); // cluster_config.py:492
            var capacity = Int(s, "StorageCapacity");
            var perUnit = Int(s, "PerUnitStorageThroughput");
            var storageType = Str(s, "StorageType");
            var importPath = Str(s, "ImportPath");
            var exportPath = Str(s, "ExportPath");
            var chunk = Int(s, "ImportedFileChunkSize");
            var autoImport = Str(s, "AutoImportPolicy");
            var retention = Int(s, "AutomaticBackupRetentionDays");
            var dras = Items(s, "DataRepositoryAssociations");
            const string fsx = "fsx_validators.py";

            // FsxDraValidator (:51)
            if (dras.Count > 0 && (!string.IsNullOrEmpty(importPath) || !string.IsNullOrEmpty(exportPath)))
                Error(path + ".DataRepositoryAssociations", null, "FsxDraValidator", fsx + ":51", "When specifying data repository associations, import and export path can not be used on the same file system.");
            if (dras.Count > 8)
                Error(path + ".DataRepositoryAssociations", dras.Count, "FsxDraValidator", fsx + ":51", "The number of data repository association used for one file system cannot be greater that 8.");
            for (var i = 0; i < dras.Count; i++)
            {
                var draName = Str(dras[i], "Name");
                if (draName != null) SharedStorageName($"{path}.DataRepositoryAssociations[{i}].Name", draName);
            }
            // FsxS3Validator (:18)
            if (chunk != null && chunk != 0 && string.IsNullOrEmpty(importPath))
                Error(path + ".ImportedFileChunkSize", chunk, "FsxS3Validator", fsx + ":18", "When specifying imported file chunk size, the import path option must be specified.");
            if (!string.IsNullOrEmpty(exportPath) && string.IsNullOrEmpty(importPath))
                Error(path + ".ExportPath", exportPath, "FsxS3Validator", fsx + ":18", "When specifying export path, the import path option must be specified.");
            if (!string.IsNullOrEmpty(autoImport) && string.IsNullOrEmpty(importPath))
                Error(path + ".AutoImportPolicy", autoImport, "FsxS3Validator", fsx + ":18", "When specifying auto import policy, the import path option must be specified.");
            // FsxPersistentOptionsValidator (:73)
            var persistent = deployment == "PERSISTENT_1" || deployment == "PERSISTENT_2";
            if (persistent && (perUnit == null || perUnit == 0))
                Error(path + ".PerUnitStorageThroughput", null, "FsxPersistentOptionsValidator", fsx + ":73", $"Per unit storage throughput must be specified when deployment type is {deployment}.");
            if (!persistent && !string.IsNullOrEmpty(Str(s, "KmsKeyId")))
                Error(path + ".KmsKeyId", Str(s, "KmsKeyId"), "FsxPersistentOptionsValidator", fsx + ":73", "KMS key id can only be used when deployment type is one of PERSISTENT_1, PERSISTENT_2.");
            if (!persistent && perUnit != null && perUnit != 0)
                Error(path + ".PerUnitStorageThroughput", perUnit, "FsxPersistentOptionsValidator", fsx + ":73", "Per unit storage throughput can only be used when deployment type is one of PERSISTENT_1, PERSISTENT_2.");
            // FsxBackupOptionsValidator (:102)
            var hasRetention = retention != null && retention != 0;
            if (!hasRetention && !string.IsNullOrEmpty(Str(s, "DailyAutomaticBackupStartTime")))
                Error(path + ".DailyAutomaticBackupStartTime", Str(s, "DailyAutomaticBackupStartTime"), "FsxBackupOptionsValidator", fsx + ":102", "When specifying daily automatic backup start time, the automatic backup retention days option must be specified.");
            if (!hasRetention && Bool(s, "CopyTagsToBackups") != null)
                Error(path + ".CopyTagsToBackups", Bool(s, "CopyTagsToBackups"), "FsxBackupOptionsValidator", fsx + ":102", "When specifying copy tags to backups, the automatic backup retention days option must be specified.");
            if (!persistent && hasRetention)
                Error(path + ".AutomaticBackupRetentionDays", retention, "FsxBackupOptionsValidator", fsx + ":102", "FSx automatic backup features can be used only with PERSISTENT_1, PERSISTENT_2 file systems.");
            if (hasRetention && ((chunk != null && chunk != 0) || !string.IsNullOrEmpty(importPath) || !string.IsNullOrEmpty(exportPath) || !string.IsNullOrEmpty(autoImport)))
                Error(path + ".AutomaticBackupRetentionDays", retention, "FsxBackupOptionsValidator", fsx + ":102", "Backups cannot be created on S3-linked file systems.");
            // FsxStorageTypeOptionsValidator (:142)
            if (storageType == "HDD")
            {
                if (deployment != "PERSISTENT_1")
                    Error(path + ".DeploymentType", deployment, "FsxStorageTypeOptionsValidator", fsx + ":142", "For HDD file systems, deployment type must be PERSISTENT_1.");
                var hdd = _schema.Constant("FSX_HDD_THROUGHPUT").EnumerateArray().Select(e => e.GetInt64()).ToList();
                if (perUnit == null || !hdd.Contains((long)perUnit.Value))
                    Error(path + ".PerUnitStorageThroughput", perUnit, "FsxStorageTypeOptionsValidator", fsx + ":142", $"For HDD file systems, per unit storage throughput can only have the following values: {string.Join(", ", hdd)}.");
            }
            else
            {
                if (!string.IsNullOrEmpty(Str(s, "DriveCacheType")))
                    Error(path + ".DriveCacheType", Str(s, "DriveCacheType"), "FsxStorageTypeOptionsValidator", fsx + ":142", "Drive cache type features can be used only with HDD file systems.");
                if (perUnit != null && perUnit != 0)
                {
                    var ssd = _schema.Constant("FSX_SSD_THROUGHPUT");
                    // FSX_SSD_THROUGHPUT[deployment_type] raises for SCRATCH types: the service fails the config either way.
                    if (deployment == null || !ssd.TryGetProperty(deployment, out var allowed) || !allowed.EnumerateArray().Select(e => e.GetInt64()).Contains((long)perUnit.Value))
                    {
                        Error(path + ".PerUnitStorageThroughput", perUnit, "FsxStorageTypeOptionsValidator", fsx + ":142",
                            $"For {deployment} SSD file systems, per unit storage throughput can only have the allowed values for that deployment type (PERSISTENT_1: 50, 100, 200; PERSISTENT_2: 125, 250, 500, 1000).");
                    }
                }
            }
            // FsxStorageCapacityValidator (:178)
            if (fsId == null && backupId == null)
            {
                if (capacity == null || capacity == 0)
                    Error(path + ".StorageCapacity", null, "FsxStorageCapacityValidator", fsx + ":178", "When specifying FSx configuration, storage capacity must be specified.");
                else if (deployment == "SCRATCH_1")
                {
                    if (!(capacity == 1200 || capacity == 2400 || capacity % 3600 == 0))
                        Error(path + ".StorageCapacity", capacity, "FsxStorageCapacityValidator", fsx + ":178", "Capacity for FSx SCRATCH_1 file systems is 1,200 GB, 2,400 GB or increments of 3,600 GB.");
                }
                else if (deployment == "PERSISTENT_1" && storageType == "HDD")
                {
                    if (perUnit == 12 && capacity % 6000 != 0)
                        Error(path + ".StorageCapacity", capacity, "FsxStorageCapacityValidator", fsx + ":178", "Capacity for FSx PERSISTENT HDD 12 MB/s/TiB file systems is increments of 6,000 GiB.");
                    else if (perUnit == 40 && capacity % 1800 != 0)
                        Error(path + ".StorageCapacity", capacity, "FsxStorageCapacityValidator", fsx + ":178", "Capacity for FSx PERSISTENT HDD 40 MB/s/TiB file systems is increments of 1,800 GiB.");
                }
                else if (deployment == "SCRATCH_2" || deployment == "PERSISTENT_1" || deployment == "PERSISTENT_2")
                {
                    if (!(capacity == 1200 || capacity % 2400 == 0))
                        Error(path + ".StorageCapacity", capacity, "FsxStorageCapacityValidator", fsx + ":178", $"Capacity for FSx {deployment} file systems is 1,200 GB or increments of 2,400 GB.");
                }
            }
        }

        // -------------------------------------------------------------- Slurm

        private void Slurm(PyNode root, PyNode scheduling)
        {
            var queues = Items(scheduling, "SlurmQueues");
            const string qp = "Scheduling.SlurmQueues";
            // SlurmScheduling._register_validators (cluster_config.py:2853)
            Duplicates(queues.Select((q, i) => (Str(q, "Name"), $"{qp}[{i}].Name")), "Queue");
            MaxCount(qp, queues.Count, _schema.Long("MAX_NUMBER_OF_QUEUES"), "SlurmQueues");
            MaxCount(qp, queues.Sum(q => Items(q, "ComputeResources").Count), _schema.Long("MAX_NUMBER_OF_COMPUTE_RESOURCES_PER_CLUSTER"), "ComputeResources per Cluster");
            // RootVolumeEncryptionConsistencyValidator (cluster_validators.py:1506): Encrypted defaults to true.
            if (queues.Count > 1)
            {
                var reference = Bool(Sec(Sec(Sec(queues[0], "ComputeSettings"), "LocalStorage"), "RootVolume"), "Encrypted") ?? true;
                for (var i = 1; i < queues.Count; i++)
                {
                    var enc = Bool(Sec(Sec(Sec(queues[i], "ComputeSettings"), "LocalStorage"), "RootVolume"), "Encrypted") ?? true;
                    if (enc != reference)
                        Warning($"{qp}[{i}].ComputeSettings.LocalStorage.RootVolume.Encrypted", enc, "RootVolumeEncryptionConsistencyValidator", "cluster_validators.py:1506",
                            $"The Encryption parameter of the root volume of the queue {Str(queues[i], "Name")} is not consistent with the value set for the queue {Str(queues[0], "Name")}, and may cause a problem in case of Service Control Policies (SCPs) enforcing encryption.");
                }
            }
            // MixedSecurityGroupOverwriteValidator (cluster_validators.py:1119)
            var headSgNode = Sec(Sec(root, "HeadNode"), "Networking")?.Get("SecurityGroups");
            var headSg = headSgNode != null && headSgNode.Kind == PyKind.Seq ? headSgNode : null;
            var custom = queues.Any(q => StrList(Sec(q, "Networking"), "SecurityGroups").Count > 0);
            var managed = queues.Any(q => StrList(Sec(q, "Networking"), "SecurityGroups").Count == 0);
            var status = custom && managed ? "mixed" : custom ? "custom" : "managed";
            if (queues.Count > 0 && ((headSg != null && headSg.Seq.Count > 0 && status != "custom") || (headSg == null && status != "managed")))
            {
                Warning("Scheduling.SlurmQueues", null, "MixedSecurityGroupOverwriteValidator", "cluster_validators.py:1119",
                    "Please make sure that all cluster nodes are reachable to each other, or consider using additional security groups rather than replacing ParallelCluster security groups.");
            }

            var clusterTags = TagKeys(root);
            var settings = Sec(scheduling, "SlurmSettings");
            SlurmSettings(settings);

            for (var qi = 0; qi < queues.Count; qi++)
            {
                var q = queues[qi];
                var path = $"{qp}[{qi}]";
                var qname = Str(q, "Name");
                Name($"{path}.Name", qname);
                var crs = Items(q, "ComputeResources");
                if (!Has(q, "ComputeResources"))
                {
                    // The schema does not require it, but SlurmQueue.__init__ iterates compute_resources (None): the service fails.
                    Error($"{path}.ComputeResources", null, "Required", "cluster_config.py:2591", "A Slurm queue needs ComputeResources (at least one compute resource).");
                }
                else if (crs.Count == 0)
                {
                    Warning($"{path}.ComputeResources", null, "EmptyQueue", "best practice", "The queue has no compute resources, so it can run no jobs; add one or remove the queue.");
                }
                Duplicates(crs.Select((c, i) => (Str(c, "Name"), $"{path}.ComputeResources[{i}].Name")), "Compute resource");
                MaxCount($"{path}.ComputeResources", crs.Count, _schema.Long("MAX_COMPUTE_RESOURCES_PER_QUEUE"), "ComputeResources per Queue");
                var networking = Sec(q, "Networking");
                var subnets = StrList(networking, "SubnetIds");
                // QueueSubnetsValidator (networking_validators.py:67): duplicate subnet ids.
                var dup = subnets.GroupBy(x => x).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                if (dup.Count > 0)
                    Error($"{path}.Networking.SubnetIds", string.Join(", ", dup), "QueueSubnetsValidator", "networking_validators.py:67",
                        $"The following Subnet Ids are specified multiple times in the SubnetId's configuration of the '{qname}' queue: '{string.Join(", ", dup)}'. Please remove the duplicate subnet Ids.");
                // SingleInstanceTypeSubnetValidator (networking_validators.py:126)
                if (subnets.Count > 1 && crs.Any(c => !IsFlexible(c)))
                    Error($"{path}.Networking.SubnetIds", subnets.Count, "SingleInstanceTypeSubnetValidator", "networking_validators.py:126",
                        $"At least one compute resource in the '{qname}' queue is configured using the 'ComputeResource/InstanceType' parameter to specify the Instance Type. Multiple subnets configuration is not supported when using 'ComputeResource/InstanceType', please use 'ComputeResource/Instances/InstanceType'.");
                var multiSubnet = new HashSet<string>(subnets).Count > 1; // AZs are known only to AWS: one subnet means one AZ.

                var capacityType = Str(q, "CapacityType") ?? "ONDEMAND";
                RootVolume(Sec(Sec(Sec(q, "ComputeSettings"), "LocalStorage"), "RootVolume"), $"{path}.ComputeSettings.LocalStorage.RootVolume");
                var queueCustom = Sec(q, "CustomSlurmSettings");
                if (queueCustom != null && queueCustom.Map.Count > 0) CustomSlurmSettings(new[] { queueCustom }, "Queue", "Global", $"{path}.CustomSlurmSettings", false);
                var queueTags = TagKeys(q);
                var queuePg = Sec(networking, "PlacementGroup");
                PlacementGroupNaming(queuePg, $"{path}.Networking.PlacementGroup");

                var statics = new List<(string Name, BigInteger Priority)>();
                var dynamics = new List<(string Name, BigInteger Priority)>();
                for (var ci = 0; ci < crs.Count; ci++)
                {
                    var c = crs[ci];
                    var cpath = $"{path}.ComputeResources[{ci}]";
                    var cname = Str(c, "Name");
                    Name($"{cpath}.Name", cname);
                    var min = Int(c, "MinCount") ?? _schema.Long("DEFAULT_MIN_COUNT");
                    var max = Int(c, "MaxCount") ?? _schema.Long("DEFAULT_MAX_COUNT");
                    // ComputeResourceSizeValidator (cluster_validators.py:214)
                    if (max < min)
                        Error($"{cpath}.MaxCount", max, "ComputeResourceSizeValidator", "cluster_validators.py:214", $"Max count must be greater than or equal to min count (MinCount is {min}, MaxCount {max}; MaxCount defaults to 10).");
                    if (capacityType == "CAPACITY_BLOCK")
                    {
                        if (max != min)
                            Error($"{cpath}.MaxCount", max, "ComputeResourceSizeValidator", "cluster_validators.py:214", "Max count must be set to the same value of min count when using Capacity Block reservation.");
                        if (min == 0)
                            Error($"{cpath}.MinCount", min, "ComputeResourceSizeValidator", "cluster_validators.py:214", "Min count must be a value > 0 when using Capacity Block reservation.");
                    }
                    if (min > 0) statics.Add((cname, Int(c, "StaticNodePriority") ?? 1));
                    if (max > min) dynamics.Add((cname, Int(c, "DynamicNodePriority") ?? 1000));

                    var efa = Sec(c, "Efa");
                    var efaEnabled = Bool(efa, "Enabled") == true;
                    // EfaValidator (cluster_validators.py:353), offline part
                    if (Bool(efa, "GdrSupport") == true && !efaEnabled)
                        Error($"{cpath}.Efa.GdrSupport", true, "EfaValidator", "cluster_validators.py:353", "The EFA GDR Support can be used only if EFA is enabled.");
                    // EfaPlacementGroupValidator (cluster_validators.py:372); multi-AZ (known only to AWS) suppresses it, so only one-subnet queues are judged.
                    var crPg = Sec(Sec(c, "Networking"), "PlacementGroup");
                    var chosen = crPg ?? queuePg;
                    PlacementGroupNaming(crPg, $"{cpath}.Networking.PlacementGroup");
                    if (efaEnabled && capacityType != "CAPACITY_BLOCK" && !multiSubnet)
                    {
                        var disabled = Bool(chosen, "Enabled") == false;
                        var assigned = !string.IsNullOrEmpty(Str(chosen, "Name")) || !string.IsNullOrEmpty(Str(chosen, "Id"));
                        var key = assigned || Bool(chosen, "Enabled") == true;
                        if (disabled)
                            Warning($"{cpath}.Efa.Enabled", true, "EfaPlacementGroupValidator", "cluster_validators.py:372", "You may see better performance using a placement group for the queue.");
                        else if (!key)
                            Error($"{cpath}.Networking.PlacementGroup", null, "EfaPlacementGroupValidator", "cluster_validators.py:372",
                                "The placement group for EFA-enabled compute resources must be explicit. You may see better performance using a placement group, but if you don't wish to use one please add 'Enabled: false' to the compute resource's configuration section.");
                    }
                    var crCustom = Sec(c, "CustomSlurmSettings");
                    if (crCustom != null && crCustom.Map.Count > 0) CustomSlurmSettings(new[] { crCustom }, "ComputeResource", "Global", $"{cpath}.CustomSlurmSettings", false);
                    // SchedulableMemoryValidator (cluster_validators.py:246): the < 1 check needs no instance data.
                    var mem = Int(c, "SchedulableMemory");
                    if (mem != null && mem < 1)
                        Error($"{cpath}.SchedulableMemory", mem, "SchedulableMemoryValidator", "cluster_validators.py:246", "SchedulableMemory must be at least 1 MiB.");
                    // ComputeResourceTagsValidator (tags_validators.py:15)
                    ComputeResourceTags(clusterTags, queueTags, TagKeys(c), qname, cname, cpath);
                }
                // SlurmNodePrioritiesWarningValidator (slurm_settings_validator.py:153)
                if (statics.Count > 0 && dynamics.Count > 0)
                {
                    var maxStatic = statics.Max(x => x.Priority);
                    var minDynamic = dynamics.Min(x => x.Priority);
                    if (statics.Any(x => x.Priority >= minDynamic) || dynamics.Any(x => x.Priority <= maxStatic))
                        Warning($"{path}.ComputeResources", null, "SlurmNodePrioritiesWarningValidator", "slurm_settings_validator.py:153",
                            $"Some compute resources in queue {qname} have static nodes with higher or equal priority than other dynamic nodes in the same queue.");
                }
            }
        }

        private bool IsFlexible(PyNode cr)
        {
            var instances = cr.Get("Instances");
            return instances != null && instances.Kind == PyKind.Seq && instances.Seq.Count > 0;
        }

        private void PlacementGroupNaming(PyNode pg, string path)
        {
            if (pg == null) return;
            var id = Str(pg, "Id");
            var name = Str(pg, "Name");
            if (!string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(name))
                Error(path + ".Id", id, "PlacementGroupNamingValidator", "ec2_validators.py:226", "PlacementGroup Id cannot be set when setting PlacementGroup Name. Please set either Id or Name but not both.");
            if ((!string.IsNullOrEmpty(name) || !string.IsNullOrEmpty(id)) && Bool(pg, "Enabled") == false)
                Error(path + ".Enabled", false, "PlacementGroupNamingValidator", "ec2_validators.py:226", "The PlacementGroup feature must be enabled (Enabled: true) in order to assign a Name or Id parameter.");
        }

        private HashSet<string> TagKeys(PyNode owner) => new HashSet<string>(Items(owner, "Tags").Select(t => Str(t, "Key")).Where(k => k != null), StringComparer.Ordinal);

        private void ComputeResourceTags(HashSet<string> cluster, HashSet<string> queue, HashSet<string> cr, string qname, string cname, string path)
        {
            var all = new HashSet<string>(cluster, StringComparer.Ordinal);
            all.UnionWith(queue);
            all.UnionWith(cr);
            var max = _schema.Long("MAX_TAGS_COUNT");
            if (all.Count > max)
                Error(path, all.Count, "ComputeResourceTagsValidator", "tags_validators.py:15",
                    $"The number of tags ({all.Count}) associated with ComputeResource '{cname}' in queue '{qname}' has exceeded the limit of {max} (cluster, queue and compute-resource tags together).");
            var overlap = cluster.Intersect(queue).Concat(queue.Intersect(cr)).Concat(cluster.Intersect(cr)).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
            if (overlap.Count > 0)
                Warning(path, string.Join(", ", overlap), "ComputeResourceTagsValidator", "tags_validators.py:15",
                    $"Tag keys {string.Join(", ", overlap)} are defined at more than one level; the most specific value (compute resource, then queue) is used for ComputeResource '{cname}' in queue '{qname}'.");
        }

        private static readonly Dictionary<string, string[]> DenyLists = new Dictionary<string, string[]>
        {
            ["SlurmConf/Global"] = new[] { "epilog", "grestypes", "launchparameters", "prolog", "reconfigflags", "resumefailprogram", "resumeprogram", "resumetimeout", "slurmctldhost", "slurmctldlogfile", "slurmctldparameters", "slurmdlogfile", "slurmuser", "suspendexcnodes", "suspendprogram", "suspendtime", "taskplugin", "treewidth" },
            ["SlurmConf/Accounting"] = new[] { "accountingstoragetype", "accountingstoragehost", "accountingstorageport", "accountingstorageuser", "jobacctgathertype" },
            ["Queue/Global"] = new[] { "nodes", "partitionname", "resumetimeout", "state", "suspendtime", "oversubscribe" },
            ["ComputeResource/Global"] = new[] { "cpus", "features", "gres", "nodeaddr", "nodehostname", "nodename", "state", "weight" },
        }; // SLURM_SETTINGS_DENY_LIST (slurm_settings_validator.py)

        /// <summary>CustomSlurmSettingsValidator (slurm_settings_validator.py:81).</summary>
        private void CustomSlurmSettings(IEnumerable<PyNode> dicts, string level, string context, string path, bool slurmConf)
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

        private void SlurmSettings(PyNode settings)
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

        // -------------------------------------------------------------- AWS Batch

        private void AwsBatch(PyNode root, PyNode scheduling)
        {
            var queues = Items(scheduling, "AwsBatchQueues");
            const string qp = "Scheduling.AwsBatchQueues";
            Duplicates(queues.Select((q, i) => (Str(q, "Name"), $"{qp}[{i}].Name")), "Queue");
            for (var qi = 0; qi < queues.Count; qi++)
            {
                var q = queues[qi];
                var path = $"{qp}[{qi}]";
                Name($"{path}.Name", Str(q, "Name"));
                var crs = Items(q, "ComputeResources");
                Duplicates(crs.Select((c, i) => (Str(c, "Name"), $"{path}.ComputeResources[{i}].Name")), "Compute resource");
                for (var ci = 0; ci < crs.Count; ci++)
                {
                    var c = crs[ci];
                    var cpath = $"{path}.ComputeResources[{ci}]";
                    Name($"{cpath}.Name", Str(c, "Name"));
                    // AwsBatchComputeResourceSizeValidator (awsbatch_validators.py:22), defaults from cluster_config.py:2090
                    var max = Int(c, "MaxvCpus") ?? _schema.Long("DEFAULT_MAX_COUNT");
                    var min = Int(c, "MinvCpus") ?? _schema.Long("DEFAULT_MIN_COUNT");
                    var desired = Int(c, "DesiredvCpus") ?? min;
                    if (desired < min) Error($"{cpath}.DesiredvCpus", desired, "AwsBatchComputeResourceSizeValidator", "awsbatch_validators.py:22", "The number of desired vCPUs must be greater than or equal to min vCPUs.");
                    if (desired > max) Error($"{cpath}.DesiredvCpus", desired, "AwsBatchComputeResourceSizeValidator", "awsbatch_validators.py:22", "The number of desired vCPUs must be fewer than or equal to max vCPUs.");
                    if (max < min) Error($"{cpath}.MaxvCpus", max, "AwsBatchComputeResourceSizeValidator", "awsbatch_validators.py:22", "Max vCPUs must be greater than or equal to min vCPUs.");
                }
            }
        }

        // -------------------------------------------------------------- login nodes, IAM, directory, monitoring

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

        private void Iam(PyNode iam)
        {
            var prefix = Str(iam, "ResourcePrefix");
            if (prefix == null) return;
            // IamResourcePrefixValidator (iam_validators.py:63) with split_resource_prefix (utils.py:342)
            if (!SchemaValidator.PyMatch(@"^((/[a-zA-Z0-9_.,+@=-]+)+)/", prefix) && !SchemaValidator.PyMatch(@"^[a-zA-Z0-9_.,+@=-]+$", prefix))
                Error("Iam.ResourcePrefix", prefix, "IamResourcePrefixValidator", "iam_validators.py:63", $"Unsupported format for ResourcePrefix {prefix}.");
            var split = prefix.LastIndexOf('/') + 1;
            var iamPath = split == 0 ? null : split == prefix.Length ? prefix : prefix.Substring(0, split);
            var namePrefix = split == prefix.Length ? null : split == 0 ? prefix : prefix.Substring(split);
            if (namePrefix != null && namePrefix.Length > _schema.Long("IAM_NAME_PREFIX_LENGTH_LIMIT"))
                Error("Iam.ResourcePrefix", prefix, "IamResourcePrefixValidator", "iam_validators.py:63", $"Length of Name Prefix {namePrefix} must be less than {_schema.Long("IAM_NAME_PREFIX_LENGTH_LIMIT")} characters.");
            if (iamPath != null && iamPath.Length > _schema.Long("IAM_PATH_LENGTH_LIMIT"))
                Error("Iam.ResourcePrefix", prefix, "IamResourcePrefixValidator", "iam_validators.py:63", $"Length of Path {iamPath} must be less than {_schema.Long("IAM_PATH_LENGTH_LIMIT")} characters.");
        }

        private void DirectoryService(PyNode ds)
        {
            if (ds == null) return;
            var domain = Str(ds, "DomainName");
            if (domain != null && !SchemaValidator.PyMatch("^([a-zA-Z0-9_-]+)(\\.[a-zA-Z0-9_-]+)*$", domain) && !SchemaValidator.PyMatch("^((DC|dc)=[a-zA-Z0-9_-]+)(,(DC|dc)=[a-zA-Z0-9_-]+)*$", domain))
                Error("DirectoryService.DomainName", domain, "DomainNameValidator", "directory_service_validators.py:59",
                    "Unsupported domain address format. Supported formats are FQDN (corp.example.com) or LDAP Distinguished Name (DC=corp,DC=example,DC=com).");
            var req = Str(ds, "LdapTlsReqCert");
            if (req != null && req != "hard" && req != "demand")
                Warning("DirectoryService.LdapTlsReqCert", req, "LdapTlsReqCertValidator", "directory_service_validators.py:110", "For security reasons it's recommended to use hard or demand.");
            var sssd = Sec(ds, "AdditionalSssdConfigs");
            if (sssd != null)
            {
                var provider = sssd.Get("id_provider");
                if (provider != null && !(provider.Kind == PyKind.Str && provider.Str == "ldap"))
                    Error("DirectoryService.AdditionalSssdConfigs.id_provider", provider.Text, "AdditionalSssdConfigsValidator", "directory_service_validators.py:123",
                        $"Cannot override the SSSD property 'id_provider' with value '{provider.Text}'. Allowed value is: 'ldap'.");
                var access = sssd.Get("access_provider");
                if (access != null && Has(ds, "LdapAccessFilter") && !(access.Kind == PyKind.Str && access.Str == "ldap"))
                    Error("DirectoryService.AdditionalSssdConfigs.access_provider", access.Text, "AdditionalSssdConfigsValidator", "directory_service_validators.py:123",
                        $"Cannot override the SSSD property 'access_provider' with value '{access.Text}' when LdapAccessFilter is specified. Allowed value is: 'ldap'.");
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
