using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PcHpc.Core.Config
{
    /// <summary>
    /// Local (instant, offline) checks of a ParallelCluster v3 configuration. Returns every problem at once; each
    /// names the path, the bad value, the rule and what to do.
    /// </summary>
    public static class ConfigValidator
    {
        public const int MaxQueues = 50;
        public const int MaxComputeResourcesPerQueue = 50;
        public const int MaxComputeResourcesPerCluster = 50;
        public const int MaxClusterNameLength = 60;
        public const int MaxQueueNameLength = 25;
        public const int MaxTags = 50;
        public const int MaxTagKeyLength = 128;
        public const int MaxTagValueLength = 256;

        private static readonly Regex ClusterNamePattern = new Regex("^[a-zA-Z][a-zA-Z0-9-]*$", RegexOptions.CultureInvariant);
        private static readonly Regex InstanceTypePattern = new Regex(@"^[a-z][a-z0-9-]*\.[a-z0-9-]+$", RegexOptions.CultureInvariant);
        private static readonly Regex ResourceNamePattern = new Regex("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant);

        /// <summary>Top-level directories ParallelCluster or the operating system own; shared storage can't be mounted on or under them.</summary>
        public static readonly string[] ReservedMountDirs =
        {
            "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var",
            "/opt/parallelcluster", "/opt/slurm", "/opt/intel", "/opt/amazon", "/opt/aws",
        };

        /// <summary>Operating systems ParallelCluster 3 supports (an unknown one is a warning: newer releases add more).</summary>
        public static readonly string[] KnownOperatingSystems =
        {
            "alinux2", "alinux2023", "ubuntu2004", "ubuntu2204", "ubuntu2404", "rhel8", "rhel9", "rocky8", "rocky9", "centos7",
        };

        public static readonly string[] CapacityTypes = { "ONDEMAND", "SPOT", "CAPACITY_BLOCK" };
        public static readonly string[] AllocationStrategies = { "lowest-price", "capacity-optimized", "price-capacity-optimized" };
        public static readonly string[] StorageTypes = { "Ebs", "Efs", "FsxLustre", "FsxOpenZfs", "FsxOntap", "FileCache" };

        /// <summary>Checks a cluster name: starts with a letter, letters, digits and hyphens, at most 60 characters.</summary>
        public static IReadOnlyList<ConfigProblem> ValidateClusterName(string name)
        {
            var problems = new List<ConfigProblem>();
            CheckClusterName(name, problems);
            return problems;
        }

        /// <summary>Every problem in <paramref name="config"/> (and in <paramref name="clusterName"/> when given).</summary>
        public static IReadOnlyList<ConfigProblem> Validate(ClusterConfig config, string clusterName = null)
        {
            if (config == null) throw new ArgumentNullException(nameof(config));
            var v = new Run();
            if (clusterName != null) CheckClusterName(clusterName, v.Problems);
            v.Cluster(config);
            v.UnknownKeys(config, string.Empty);
            foreach (var problem in v.Problems) problem.File = config.SourcePath;
            return v.Problems;
        }

        /// <summary>Problems in one queue on its own (names, counts, ids); paths start at <paramref name="path"/>.</summary>
        public static IReadOnlyList<ConfigProblem> ValidateQueue(QueueConfig queue, string path = "Queue")
        {
            var v = new Run();
            v.Queue(queue, path);
            return v.Problems;
        }

        /// <summary>Problems in one shared storage entry on its own; paths start at <paramref name="path"/>.</summary>
        public static IReadOnlyList<ConfigProblem> ValidateStorage(StorageConfig storage, string path = "Storage")
        {
            var v = new Run();
            v.Storage(storage, path);
            return v.Problems;
        }

        private static void CheckClusterName(string name, List<ConfigProblem> problems)
        {
            if (string.IsNullOrEmpty(name) || name.Length > MaxClusterNameLength || !ClusterNamePattern.IsMatch(name))
            {
                problems.Add(new ConfigProblem("ClusterName", name, "ClusterName", ConfigProblemSeverity.Error,
                    $"Cluster name '{name}' is not valid: use 1-{MaxClusterNameLength} characters, letters, digits and hyphens, starting with a letter."));
            }
        }

        private sealed class Run
        {
            public readonly List<ConfigProblem> Problems = new List<ConfigProblem>();

            private void Error(string path, object value, string rule, string message) =>
                Problems.Add(new ConfigProblem(path, Text(value), rule, ConfigProblemSeverity.Error, message));

            private void Warning(string path, object value, string rule, string message) =>
                Problems.Add(new ConfigProblem(path, Text(value), rule, ConfigProblemSeverity.Warning, message));

            private static string Text(object value) => value == null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);

            /// <summary>An EC2 instance type is family.size in lower case (c6i.xlarge, m7i.metal-24xl, u-6tb1.metal).</summary>
            private void InstanceType(string path, string value)
            {
                if (string.IsNullOrEmpty(value) || InstanceTypePattern.IsMatch(value)) return;
                var hint = InstanceTypeSuggestion(value);
                Error(path, value, "InstanceTypeFormat",
                    $"{path} '{value}' is not an EC2 instance type: use family.size in lower case, for example c6i.xlarge" +
                    (hint == null ? "." : $" (did you mean '{hint}'?)."));
            }

            private static string InstanceTypeSuggestion(string value)
            {
                var squeezed = new string(value.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
                return ConfigCatalog.InstanceTypes.FirstOrDefault(t => new string(t.Where(char.IsLetterOrDigit).ToArray()) == squeezed);
            }

            private void Required(string path, object value, string what)
            {
                if (value == null || (value is string s && s.Length == 0) || (value is ICollection c && c.Count == 0))
                {
                    Error(path, null, "Required", $"{path} is required: set {what}.");
                }
            }

            public void Cluster(ClusterConfig config)
            {
                Required("Image.Os", config.Image?.Os, "the operating system (for example alinux2023)");
                if (config.Image?.CustomAmi != null) Id("Image.CustomAmi", config.Image.CustomAmi, "ami");
                if (config.Image?.Os != null && !KnownOperatingSystems.Contains(config.Image.Os))
                {
                    Warning("Image.Os", config.Image.Os, "KnownOs", $"Image.Os '{config.Image.Os}' is not an operating system ParallelCluster is known to support ({string.Join(", ", KnownOperatingSystems)}); check the spelling.");
                }

                var head = config.HeadNode;
                if (head == null)
                {
                    Required("HeadNode", null, "the head node (InstanceType and Networking.SubnetId)");
                }
                else
                {
                    Required("HeadNode.InstanceType", head.InstanceType, "the head node's EC2 instance type");
                    InstanceType("HeadNode.InstanceType", head.InstanceType);
                    Required("HeadNode.Networking.SubnetId", head.Networking?.SubnetId, "the subnet of the head node");
                    if (head.Networking != null)
                    {
                        Id("HeadNode.Networking.SubnetId", head.Networking.SubnetId, "subnet");
                        Ids("HeadNode.Networking.SecurityGroups", head.Networking.SecurityGroups, "sg");
                        Ids("HeadNode.Networking.AdditionalSecurityGroups", head.Networking.AdditionalSecurityGroups, "sg");
                    }
                    Iam("HeadNode.Iam", head.Iam);
                }

                var scheduling = config.Scheduling;
                if (scheduling == null)
                {
                    Required("Scheduling", null, "the scheduler (Scheduler: slurm) and its queues");
                }
                else
                {
                    Required("Scheduling.Scheduler", scheduling.Scheduler, "the scheduler (slurm or awsbatch)");
                    if (scheduling.Scheduler == "slurm")
                    {
                        Slurm(scheduling);
                    }
                }

                Storages(config.SharedStorage);
                Tags(config.Tags);

                if (config.Imds?.ImdsSupport != null && config.Imds.ImdsSupport != "v1.0" && config.Imds.ImdsSupport != "v2.0")
                {
                    Error("Imds.ImdsSupport", config.Imds.ImdsSupport, "AllowedValue", "Imds.ImdsSupport must be v1.0 or v2.0 (v2.0 is recommended).");
                }
            }

            private void Slurm(SchedulingConfig scheduling)
            {
                const string queuesPath = "Scheduling.SlurmQueues";
                var queues = scheduling.SlurmQueues;
                Required(queuesPath, queues, "at least one queue (New-HpcQueueConfig)");
                if (scheduling.SlurmSettings?.ScaledownIdletime is int idle && idle < -1)
                {
                    Error("Scheduling.SlurmSettings.ScaledownIdletime", idle, "NonNegative", "Scheduling.SlurmSettings.ScaledownIdletime must be -1 (never) or a number of minutes of 0 or more.");
                }
                var strategy = scheduling.SlurmSettings?.QueueUpdateStrategy;
                if (strategy != null && strategy != "COMPUTE_FLEET_STOP" && strategy != "DRAIN" && strategy != "TERMINATE")
                {
                    Error("Scheduling.SlurmSettings.QueueUpdateStrategy", strategy, "AllowedValue", "Scheduling.SlurmSettings.QueueUpdateStrategy must be COMPUTE_FLEET_STOP, DRAIN or TERMINATE.");
                }
                if (queues == null) return;
                if (queues.Count > MaxQueues)
                {
                    Error(queuesPath, queues.Count, "MaxQueues", $"{queues.Count} queues is more than the {MaxQueues} a cluster can have; merge or remove queues.");
                }
                for (var i = 0; i < queues.Count; i++)
                {
                    Queue(queues[i], $"{queuesPath}[{i}]");
                }
                Duplicates(queues.Select((q, i) => (q.Name, $"{queuesPath}[{i}].Name")), "queue name");
                var total = queues.Sum(q => q.ComputeResources?.Count ?? 0);
                if (total > MaxComputeResourcesPerCluster)
                {
                    Error(queuesPath, total, "MaxComputeResources", $"The queues have {total} compute resources in all, more than the {MaxComputeResourcesPerCluster} a cluster can have; remove some.");
                }
            }

            public void Queue(QueueConfig queue, string path)
            {
                ResourceName($"{path}.Name", queue.Name, "QueueName", "queue");
                if (queue.CapacityType != null && !CapacityTypes.Contains(queue.CapacityType))
                {
                    Error($"{path}.CapacityType", queue.CapacityType, "AllowedValue", $"{path}.CapacityType must be ONDEMAND, SPOT or CAPACITY_BLOCK.");
                }
                if (queue.AllocationStrategy != null && !AllocationStrategies.Contains(queue.AllocationStrategy))
                {
                    Error($"{path}.AllocationStrategy", queue.AllocationStrategy, "AllowedValue", $"{path}.AllocationStrategy must be lowest-price, capacity-optimized or price-capacity-optimized.");
                }
                Required($"{path}.Networking.SubnetIds", queue.Networking?.SubnetIds, "the queue's subnet(s) (-SubnetId)");
                if (queue.Networking != null)
                {
                    Ids($"{path}.Networking.SubnetIds", queue.Networking.SubnetIds, "subnet");
                    Ids($"{path}.Networking.SecurityGroups", queue.Networking.SecurityGroups, "sg");
                    Ids($"{path}.Networking.AdditionalSecurityGroups", queue.Networking.AdditionalSecurityGroups, "sg");
                }
                Iam($"{path}.Iam", queue.Iam);

                var resources = queue.ComputeResources;
                Required($"{path}.ComputeResources", resources, "at least one compute resource");
                if (resources == null) return;
                if (resources.Count > MaxComputeResourcesPerQueue)
                {
                    Error($"{path}.ComputeResources", resources.Count, "MaxComputeResourcesPerQueue", $"{resources.Count} compute resources is more than the {MaxComputeResourcesPerQueue} a queue can have; split the queue.");
                }
                for (var i = 0; i < resources.Count; i++)
                {
                    ComputeResource(resources[i], $"{path}.ComputeResources[{i}]");
                }
                Duplicates(resources.Select((c, i) => (c.Name, $"{path}.ComputeResources[{i}].Name")), "compute resource name in a queue");
            }

            private void ComputeResource(ComputeResourceConfig cr, string path)
            {
                ResourceName($"{path}.Name", cr.Name, "ComputeResourceName", "compute resource");
                var hasType = cr.InstanceType != null;
                var hasInstances = cr.Instances != null && cr.Instances.Count > 0;
                if (hasType == hasInstances)
                {
                    Error(hasType ? $"{path}.Instances" : $"{path}.InstanceType", hasType ? cr.InstanceType : null, "InstanceTypeXorInstances",
                        $"{path} must have either InstanceType or Instances, not {(hasType ? "both" : "neither")}.");
                }
                if (hasType) InstanceType($"{path}.InstanceType", cr.InstanceType);
                for (var j = 0; hasInstances && j < cr.Instances.Count; j++)
                {
                    InstanceType($"{path}.Instances[{j}].InstanceType", cr.Instances[j]?.InstanceType);
                }
                if (cr.MinCount is int min && min < 0)
                {
                    Error($"{path}.MinCount", min, "NonNegativeCount", $"{path}.MinCount is {min}; use 0 or more.");
                }
                if (cr.MaxCount is int max && max < 0)
                {
                    Error($"{path}.MaxCount", max, "NonNegativeCount", $"{path}.MaxCount is {max}; use 0 or more.");
                }
                var effectiveMin = cr.MinCount ?? 0;
                var effectiveMax = cr.MaxCount ?? 10;
                if (effectiveMin >= 0 && effectiveMax >= 0 && effectiveMin > effectiveMax)
                {
                    Error($"{path}.MaxCount", effectiveMax, "MinCountNotAboveMaxCount",
                        $"{path}.MaxCount ({effectiveMax}) is lower than MinCount ({effectiveMin}); raise MaxCount or lower MinCount.");
                }
                if (cr.SpotPrice is double price && price <= 0)
                {
                    Error($"{path}.SpotPrice", price, "Positive", $"{path}.SpotPrice must be more than 0 (dollars per hour), or left out to pay up to the on-demand price.");
                }
            }

            private void ResourceName(string path, string name, string rule, string what)
            {
                if (string.IsNullOrEmpty(name))
                {
                    Error(path, null, "Required", $"{path} is required: give the {what} a name.");
                }
                else if (name == "default")
                {
                    Error(path, name, rule, $"'default' is reserved and can't be a {what} name; choose another name.");
                }
                else if (name.Length > MaxQueueNameLength || !ResourceNamePattern.IsMatch(name))
                {
                    Error(path, name, rule, $"{what.Substring(0, 1).ToUpperInvariant()}{what.Substring(1)} name '{name}' is not valid: use 1-{MaxQueueNameLength} lowercase letters, digits and hyphens, starting with a letter.");
                }
            }

            private void Iam(string path, IamConfig iam)
            {
                if (iam == null) return;
                var set = new List<string>();
                if (iam.InstanceRole != null) set.Add("InstanceRole");
                if (iam.InstanceProfile != null) set.Add("InstanceProfile");
                if (iam.AdditionalIamPolicies != null && iam.AdditionalIamPolicies.Count > 0) set.Add("AdditionalIamPolicies");
                if (iam.S3Access != null && iam.S3Access.Count > 0) set.Add("S3Access");
                if (set.Count > 1 && (set.Contains("InstanceRole") || set.Contains("InstanceProfile")))
                {
                    var owner = set.Contains("InstanceRole") ? "InstanceRole" : "InstanceProfile";
                    Error($"{path}.{owner}", owner == "InstanceRole" ? iam.InstanceRole : iam.InstanceProfile, "IamExclusive",
                        $"{path} sets {string.Join(" and ", set)}: {owner} replaces the role ParallelCluster creates, so it can't be combined with the others; keep {owner} alone or remove it.");
                }
            }

            private void Storages(List<StorageConfig> storages)
            {
                if (storages == null) return;
                for (var i = 0; i < storages.Count; i++)
                {
                    Storage(storages[i], $"SharedStorage[{i}]");
                }
                Duplicates(storages.Select((s, i) => (s.Name, $"SharedStorage[{i}].Name")), "shared storage name");
                Duplicates(storages.Select((s, i) => (NormalizeDir(s.MountDir), $"SharedStorage[{i}].MountDir")), "mount directory");
            }

            public void Storage(StorageConfig storage, string path)
            {
                Required($"{path}.Name", storage.Name, "a name for the storage");
                if (!string.IsNullOrEmpty(storage.Name) && (storage.Name.Length > 30 || !Regex.IsMatch(storage.Name, "^[a-zA-Z0-9][a-zA-Z0-9_-]*$")))
                {
                    Error($"{path}.Name", storage.Name, "StorageName", $"Storage name '{storage.Name}' is not valid: use 1-30 letters, digits, hyphens and underscores.");
                }
                Required($"{path}.StorageType", storage.StorageType, "the storage type (Ebs, Efs or FsxLustre)");
                if (storage.StorageType != null && !StorageTypes.Contains(storage.StorageType))
                {
                    Error($"{path}.StorageType", storage.StorageType, "AllowedValue", $"{path}.StorageType must be one of {string.Join(", ", StorageTypes)}.");
                }
                Required($"{path}.MountDir", storage.MountDir, "the directory to mount the storage on (for example /shared)");
                if (!string.IsNullOrEmpty(storage.MountDir)) MountDir($"{path}.MountDir", storage.MountDir);

                if (storage.EbsSettings != null)
                {
                    var ebs = storage.EbsSettings;
                    Id($"{path}.EbsSettings.VolumeId", ebs.VolumeId, "vol");
                    Id($"{path}.EbsSettings.SnapshotId", ebs.SnapshotId, "snap");
                    if (ebs.VolumeId != null && ebs.Size != null)
                    {
                        Warning($"{path}.EbsSettings.Size", ebs.Size, "ExistingExclusive", $"{path} mounts existing volume {ebs.VolumeId}, so its Size is ignored; remove Size or VolumeId.");
                    }
                    if (ebs.Size is int size && (size < 1 || size > 65536))
                    {
                        Error($"{path}.EbsSettings.Size", size, "Range", $"{path}.EbsSettings.Size must be 1 to 65536 GiB.");
                    }
                }
                if (storage.EfsSettings != null)
                {
                    Id($"{path}.EfsSettings.FileSystemId", storage.EfsSettings.FileSystemId, "fs");
                }
                if (storage.FsxLustreSettings != null)
                {
                    var fsx = storage.FsxLustreSettings;
                    Id($"{path}.FsxLustreSettings.FileSystemId", fsx.FileSystemId, "fs");
                    if (fsx.FileSystemId != null && fsx.StorageCapacity != null)
                    {
                        Error($"{path}.FsxLustreSettings.StorageCapacity", fsx.StorageCapacity, "ExistingExclusive", $"{path} mounts existing file system {fsx.FileSystemId}, so StorageCapacity can't be set; remove StorageCapacity or FileSystemId.");
                    }
                    if (fsx.StorageCapacity is int capacity && capacity < 1200)
                    {
                        Error($"{path}.FsxLustreSettings.StorageCapacity", capacity, "Range", $"{path}.FsxLustreSettings.StorageCapacity must be at least 1200 GiB.");
                    }
                }
            }

            private void MountDir(string path, string dir)
            {
                var normalized = NormalizeDir(dir);
                if (!dir.StartsWith("/", StringComparison.Ordinal))
                {
                    Error(path, dir, "MountDirAbsolute", $"{path} '{dir}' must be an absolute path such as /shared.");
                    return;
                }
                if (normalized == "/")
                {
                    Error(path, dir, "ReservedMountDir", $"{path} can't be the root directory '/'; use a directory such as /shared.");
                    return;
                }
                if (normalized.StartsWith("/home/", StringComparison.Ordinal))
                {
                    Error(path, dir, "ReservedMountDir", $"{path} '{dir}' is inside /home, which holds the users' home directories; mount on /home itself or outside it (for example /shared).");
                    return;
                }
                var reserved = ReservedMountDirs.FirstOrDefault(r => normalized == r || normalized.StartsWith(r + "/", StringComparison.Ordinal));
                if (reserved != null)
                {
                    Error(path, dir, "ReservedMountDir", $"{path} '{dir}' is on or under {reserved}, which the operating system or ParallelCluster uses; choose a directory such as /shared.");
                }
            }

            private void Tags(List<TagConfig> tags)
            {
                if (tags == null) return;
                if (tags.Count > MaxTags)
                {
                    Error("Tags", tags.Count, "MaxTags", $"{tags.Count} tags is more than the {MaxTags} allowed; remove some.");
                }
                for (var i = 0; i < tags.Count; i++)
                {
                    var path = $"Tags[{i}]";
                    var key = tags[i].Key;
                    var value = tags[i].Value;
                    if (string.IsNullOrEmpty(key))
                    {
                        Error($"{path}.Key", null, "Required", $"{path}.Key is required: give every tag a key.");
                    }
                    else
                    {
                        if (key.Length > MaxTagKeyLength)
                        {
                            Error($"{path}.Key", key, "TagKeyLength", $"Tag key '{key.Substring(0, 20)}...' is {key.Length} characters; keys can have at most {MaxTagKeyLength}.");
                        }
                        if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase) || key.StartsWith("parallelcluster:", StringComparison.OrdinalIgnoreCase))
                        {
                            Error($"{path}.Key", key, "TagReservedPrefix", $"Tag key '{key}' starts with a reserved prefix (aws: or parallelcluster:); rename the tag.");
                        }
                    }
                    if (value != null && value.Length > MaxTagValueLength)
                    {
                        Error($"{path}.Value", value, "TagValueLength", $"The value of tag '{key}' is {value.Length} characters; values can have at most {MaxTagValueLength}.");
                    }
                }
                Duplicates(tags.Select((t, i) => (t.Key, $"Tags[{i}].Key")), "tag key");
            }

            private static string NormalizeDir(string dir)
            {
                if (string.IsNullOrEmpty(dir)) return dir;
                var trimmed = Regex.Replace(dir.Trim(), "/+", "/");
                return trimmed.Length > 1 ? trimmed.TrimEnd('/') : trimmed;
            }

            private void Duplicates(IEnumerable<(string Value, string Path)> items, string what)
            {
                var seen = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (value, path) in items)
                {
                    if (string.IsNullOrEmpty(value)) continue;
                    if (seen.TryGetValue(value, out var first))
                    {
                        Error(path, value, "Duplicate", $"The {what} '{value}' is used twice ({first} and {path}); make each one unique.");
                    }
                    else
                    {
                        seen[value] = path;
                    }
                }
            }

            private void Ids(string path, List<string> ids, string prefix)
            {
                if (ids == null) return;
                for (var i = 0; i < ids.Count; i++) Id($"{path}[{i}]", ids[i], prefix);
            }

            private void Id(string path, string id, string prefix)
            {
                if (id == null) return;
                if (!IsId(id, prefix))
                {
                    Error(path, id, "IdFormat", $"{path} '{id}' is not a valid {prefix}- id; ids look like {prefix}-0123456789abcdef0.");
                }
            }

            public void UnknownKeys(ConfigSection section, string path)
            {
                var typed = ConfigYaml.TypedProperties(section.GetType());
                var known = ConfigYaml.KnownUntypedKeys(section.GetType());
                foreach (var pair in section.Untyped)
                {
                    var keyPath = path.Length == 0 ? pair.Key : $"{path}.{pair.Key}";
                    var property = typed.FirstOrDefault(p => p.Name == pair.Key);
                    if (property != null)
                    {
                        Error(keyPath, NodeText(pair.Value), "ValueType", $"{keyPath} must be {Describe(property.PropertyType)}; fix its value.");
                    }
                    else if (!known.Contains(pair.Key))
                    {
                        var all = typed.Select(p => p.Name).Concat(known).ToList();
                        var guess = all.OrderBy(k => Distance(k, pair.Key)).FirstOrDefault();
                        var hint = guess != null && Distance(guess, pair.Key) <= Math.Max(2, pair.Key.Length / 3) ? $" Did you mean {guess}?" : string.Empty;
                        Warning(keyPath, pair.Key, "UnknownKey", $"{keyPath} is not a key ParallelCluster knows here; check the spelling or remove it.{hint}");
                    }
                }
                foreach (var property in typed)
                {
                    var value = property.GetValue(section);
                    var childPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (value is ConfigSection child)
                    {
                        UnknownKeys(child, childPath);
                    }
                    else if (value is IList list)
                    {
                        for (var i = 0; i < list.Count; i++)
                        {
                            if (list[i] is ConfigSection item) UnknownKeys(item, $"{childPath}[{i}]");
                        }
                    }
                }
            }

            private static string NodeText(YamlNode node) => node is YamlScalarNode s ? s.Value : node?.NodeType.ToString();

            private static string Describe(Type type)
            {
                var t = Nullable.GetUnderlyingType(type) ?? type;
                if (t == typeof(string)) return "a text value";
                if (t == typeof(int)) return "a whole number";
                if (t == typeof(double)) return "a number";
                if (t == typeof(bool)) return "true or false";
                if (t.IsGenericType) return "a list";
                return "a section of keys";
            }

            private static int Distance(string a, string b)
            {
                a = a.ToLowerInvariant();
                b = b.ToLowerInvariant();
                var d = new int[a.Length + 1, b.Length + 1];
                for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
                for (var j = 0; j <= b.Length; j++) d[0, j] = j;
                for (var i = 1; i <= a.Length; i++)
                {
                    for (var j = 1; j <= b.Length; j++)
                    {
                        d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                    }
                }
                return d[a.Length, b.Length];
            }
        }

        /// <summary>True when <paramref name="id"/> is prefix- followed by 8 or 17 lowercase hex digits.</summary>
        public static bool IsId(string id, string prefix)
        {
            return id != null && Regex.IsMatch(id, "^" + Regex.Escape(prefix) + "-([0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant);
        }
    }
}
