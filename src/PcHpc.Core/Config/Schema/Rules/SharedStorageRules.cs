using System;
using System.Collections.Generic;
using System.Linq;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>The shared storage rules (cluster_validators.py, efs_validators.py, fsx_validators.py): names, mount directories, counts, EFS and FSx for Lustre options.</summary>
    internal sealed class SharedStorageRules : RuleSet
    {
        private const int SharedStorageNameMaxLength = 30; // SHARED_STORAGE_NAME_MAX_LENGTH
        private readonly EbsRules _ebs;

        public SharedStorageRules(RuleSet shared, EbsRules ebs) : base(shared)
        {
            _ebs = ebs;
        }

        private static readonly string[] ReservedMountDirs =
        {
            "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/media", "/mnt", "/opt", "/opt/parallelcluster", "/opt/parallelcluster/shared",
            "/opt/parallelcluster/shared_login_nodes", "/opt/slurm", "/opt/intel", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var",
        }; // SharedStorageMountDirValidator (cluster_validators.py:944)

        /// <summary>The directories SharedStorageMountDirValidator reserves (exact matches, after prefixing a missing '/').</summary>
        public static IReadOnlyList<string> Reserved => ReservedMountDirs;

        public void SharedStorage(PyNode root, PyNode scheduling, string scheduler)
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
                        _ebs.Ebs(settings, $"{path}.EbsSettings", Int(settings, "Size") ?? Schema.Long("EBS_VOLUME_SIZE_DEFAULT"), true);
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
            Duplicates(ids, "Shared Storage IDs");

            // NumberOfStorageValidator via _validate_max_storage_count (cluster_config.py:1804)
            var newMax = Schema.Constant("MAX_NEW_STORAGE_COUNT");
            var existingMax = Schema.Constant("MAX_EXISTING_STORAGE_COUNT");
            foreach (var (label, key) in new[] { ("EFS", "efs"), ("FSx", "fsx"), ("RAID", "raid") })
            {
                var maxNew = newMax.GetProperty(key).GetInt32();
                var maxExisting = existingMax.GetProperty(key).GetInt32();
                if (fresh[key] > maxNew)
                    Error("SharedStorage", fresh[key], "NumberOfStorageValidator", "cluster_validators.py:811", $"Too many new {label} shared storage specified in the configuration. ParallelCluster supports {maxNew} new {label}.");
                if (existing[key] > maxExisting)
                    Error("SharedStorage", existing[key], "NumberOfStorageValidator", "cluster_validators.py:811", $"Too many existing {label} shared storage specified in the configuration. ParallelCluster supports {maxExisting} existing {label}.");
            }
            var maxEbs = Schema.Long("MAX_EBS_COUNT");
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
            if (!PythonValues.PyMatch(Schema.Text("PCLUSTER_TAG_VALUE_REGEX"), name))
            {
                Error(path, name, "SharedStorageNameValidator", "cluster_validators.py:915",
                    $"The shared storage name {name} is not valid. Allowed characters are letters, numbers and white spaces that can be represented in UTF-8 and the following characters: '+' '-' '=' '.' '_' ':' '/'.");
            }
            if (PythonValues.CodePoints(name) > SharedStorageNameMaxLength)
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
                var hdd = Schema.Constant("FSX_HDD_THROUGHPUT").EnumerateArray().Select(e => e.GetInt64()).ToList();
                if (perUnit == null || !hdd.Contains((long)perUnit.Value))
                    Error(path + ".PerUnitStorageThroughput", perUnit, "FsxStorageTypeOptionsValidator", fsx + ":142", $"For HDD file systems, per unit storage throughput can only have the following values: {string.Join(", ", hdd)}.");
            }
            else
            {
                if (!string.IsNullOrEmpty(Str(s, "DriveCacheType")))
                    Error(path + ".DriveCacheType", Str(s, "DriveCacheType"), "FsxStorageTypeOptionsValidator", fsx + ":142", "Drive cache type features can be used only with HDD file systems.");
                if (perUnit != null && perUnit != 0)
                {
                    var ssd = Schema.Constant("FSX_SSD_THROUGHPUT");
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
    }
}
