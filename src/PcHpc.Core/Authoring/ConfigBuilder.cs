using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PcHpc.Core.Bootstrap;
using PcHpc.Core.Config;
using PcHpc.Core.Config.Schema;
using PcHpc.Core.Errors;

namespace PcHpc.Core.Authoring
{
    /// <summary>Builds new configs, queues and storage with local checks; throws before anything is written.</summary>
    public static class ConfigBuilder
    {
        /// <summary>
        /// SSH source written when a key is given without -AllowedIps and no network CIDR is known: loopback only, so the
        /// head node's security group admits no SSH from any network. ParallelCluster itself would default to 0.0.0.0/0.
        /// Jobs go over SSM; SSH still works through an SSM Session Manager tunnel (it arrives on the loopback).
        /// </summary>
        public const string NoNetworkSsh = "127.0.0.1/32";

        /// <summary>The SSH source when -AllowedIps is not given: the piped network's VPC CIDR, else <see cref="NoNetworkSsh"/>.</summary>
        public static string DefaultSshAllowedIps(Vpc network) =>
            !string.IsNullOrWhiteSpace(network?.CidrBlock) ? network.CidrBlock : NoNetworkSsh;

        public static QueueConfig NewQueue(QueueOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            // Bootstrap input first: a missing script or a bad bucket is reported before anything else.
            var actions = BootstrapActions.Build(ActionTarget.Queue, options.Actions, options.ResolvePath, options.StackFolder, $"Queue '{options.Name}'");
            var access = S3Names.AccessFor(options.S3Access, options.Actions);
            var queue = new QueueConfig
            {
                Name = options.Name,
                CapacityType = CapacityType(options.CapacityType),
                AllocationStrategy = SchemaValues.Canonical("SlurmQueueSchema", "AllocationStrategy", options.AllocationStrategy, "AllocationStrategy"),
            };
            // EfaPlacementGroupValidator (cluster_validators.py:372): EFA needs an explicit placement group; enable one.
            var placementGroup = options.PlacementGroup || options.Efa;
            if ((options.SubnetIds?.Length ?? 0) > 0 || placementGroup || options.PlacementGroupName != null)
            {
                queue.Networking = new QueueNetworkingConfig();
                if ((options.SubnetIds?.Length ?? 0) > 0) queue.Networking.SubnetIds = options.SubnetIds.ToList();
                if (placementGroup || options.PlacementGroupName != null)
                {
                    queue.Networking.PlacementGroup = new PlacementGroupConfig { Enabled = true, Name = options.PlacementGroupName };
                }
            }

            if (options.ComputeResources != null && options.ComputeResources.Count > 0)
            {
                queue.ComputeResources = options.ComputeResources.Select((c, i) => ComputeResourceFrom(c, $"ComputeResource[{i}]")).ToList();
            }
            else
            {
                var types = (options.InstanceTypes ?? new string[0]).Where(t => !string.IsNullOrWhiteSpace(t)).ToArray();
                if (types.Length == 0)
                {
                    throw new PcHpcException(ErrorKind.InvalidArgument, "QueueInstanceTypeMissing",
                        $"Queue '{options.Name}' has no compute resources; give -InstanceType or -ComputeResource.");
                }
                queue.ComputeResources = types.Select(t => new ComputeResourceConfig
                {
                    Name = ComputeResourceName(t),
                    InstanceType = t,
                    MinCount = options.MinCount,
                    MaxCount = options.MaxCount,
                }).ToList();
            }
            foreach (var cr in queue.ComputeResources)
            {
                if (options.Efa) cr.Efa = new EfaConfig { Enabled = true };
                if (options.SpotPrice != null) cr.SpotPrice = options.SpotPrice;
            }
            queue.CustomActions = actions;
            if (access.Count > 0)
            {
                queue.Iam = new IamConfig();
                S3Names.Grant(queue.Iam, access);
            }

            // Subnets may come later from New-HpcClusterConfig (the head node's subnet), so a missing one is not an error here.
            ConfigValidationException.ThrowIfErrors(ConfigValidator.ValidateQueue(queue, "Queue").Where(p => !(p.Rule == "Required" && (p.Path == "Queue.Networking" || p.Path == "Queue.Networking.SubnetIds"))),
                $"queue '{options.Name}'", options.Name);
            return queue;
        }

        /// <summary>A compute-resource name from an instance type: c5n.18xlarge -> c5n-18xlarge.</summary>
        public static string ComputeResourceName(string instanceType)
        {
            var name = new string(instanceType.ToLowerInvariant().Select(ch => char.IsLetterOrDigit(ch) ? ch : '-').ToArray()).Trim('-');
            return name.Length > ConfigValidator.MaxQueueNameLength ? name.Substring(0, ConfigValidator.MaxQueueNameLength).TrimEnd('-') : name;
        }

        /// <summary>A ComputeResourceConfig as given, or one built from a dictionary (Name, InstanceType or Instances, MinCount, MaxCount, Efa, SpotPrice).</summary>
        public static ComputeResourceConfig ComputeResourceFrom(object value, string what)
        {
            if (value is ComputeResourceConfig cr) return cr;
            if (!(value is IDictionary dict))
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "ComputeResourceInvalid",
                    $"{what} must be a hashtable such as @{{Name='c5'; InstanceType='c5.xlarge'; MaxCount=4}}, not {value?.GetType().Name ?? "null"}.");
            }
            var result = new ComputeResourceConfig();
            foreach (DictionaryEntry entry in dict)
            {
                var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture);
                var v = entry.Value;
                try
                {
                    switch (key.ToLowerInvariant())
                    {
                        case "name": result.Name = Convert.ToString(v, CultureInfo.InvariantCulture); break;
                        case "instancetype": result.InstanceType = Convert.ToString(v, CultureInfo.InvariantCulture); break;
                        case "instances":
                            var types = v is string s ? new[] { s } : ((IEnumerable)v).Cast<object>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture));
                            result.Instances = types.Select(t => new InstanceTypeConfig { InstanceType = t }).ToList();
                            break;
                        case "mincount": result.MinCount = Convert.ToInt32(v, CultureInfo.InvariantCulture); break;
                        case "maxcount": result.MaxCount = Convert.ToInt32(v, CultureInfo.InvariantCulture); break;
                        case "efa": result.Efa = new EfaConfig { Enabled = Convert.ToBoolean(v, CultureInfo.InvariantCulture) }; break;
                        case "spotprice": result.SpotPrice = Convert.ToDouble(v, CultureInfo.InvariantCulture); break;
                        default:
                            throw new PcHpcException(ErrorKind.InvalidArgument, "ComputeResourceUnknownKey",
                                $"{what} has an unknown key '{key}'; use Name, InstanceType, Instances, MinCount, MaxCount, Efa or SpotPrice.");
                    }
                }
                catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException)
                {
                    throw new PcHpcException(ErrorKind.InvalidArgument, "ComputeResourceInvalidValue",
                        $"{what}.{key} has the value '{v}' of the wrong kind; give {(key.EndsWith("Count", StringComparison.OrdinalIgnoreCase) ? "a whole number" : "a valid value")}.", ex);
                }
            }
            if (result.Name == null)
            {
                var type = result.InstanceType ?? result.Instances?.FirstOrDefault()?.InstanceType;
                if (type != null) result.Name = ComputeResourceName(type);
            }
            return result;
        }

        public static StorageConfig NewStorage(StorageOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var storage = new StorageConfig { Name = options.Name, MountDir = options.MountDir };
            switch ((options.Type ?? string.Empty).ToLowerInvariant())
            {
                case "ebs":
                    storage.StorageType = "Ebs";
                    storage.EbsSettings = new EbsSettingsConfig
                    {
                        VolumeId = options.ExistingId,
                        Size = options.Size,
                        VolumeType = SchemaValues.Canonical("EbsSettingsSchema", "VolumeType", options.VolumeType, "VolumeType"),
                        Encrypted = options.Encrypted,
                        DeletionPolicy = SchemaValues.Canonical("EbsSettingsSchema", "DeletionPolicy", options.DeletionPolicy, "DeletionPolicy"),
                    };
                    break;
                case "efs":
                    storage.StorageType = "Efs";
                    if (options.Size != null || options.VolumeType != null || options.DeploymentType != null)
                    {
                        throw new PcHpcException(ErrorKind.InvalidArgument, "StorageOptionNotForEfs",
                            "EFS file systems grow on their own and have no -Size, -VolumeType or -DeploymentType; remove those parameters.");
                    }
                    storage.EfsSettings = new EfsSettingsConfig
                    {
                        FileSystemId = options.ExistingId,
                        Encrypted = options.Encrypted,
                        DeletionPolicy = SchemaValues.Canonical("EfsSettingsSchema", "DeletionPolicy", options.DeletionPolicy, "DeletionPolicy"),
                    };
                    break;
                case "fsxlustre":
                    storage.StorageType = "FsxLustre";
                    storage.FsxLustreSettings = new FsxLustreSettingsConfig
                    {
                        FileSystemId = options.ExistingId,
                        StorageCapacity = options.Size,
                        DeploymentType = SchemaValues.Canonical("FsxLustreSettingsSchema", "DeploymentType", options.DeploymentType, "DeploymentType"),
                        DeletionPolicy = SchemaValues.Canonical("FsxLustreSettingsSchema", "DeletionPolicy", options.DeletionPolicy, "DeletionPolicy"),
                    };
                    break;
                default:
                    throw new PcHpcException(ErrorKind.InvalidArgument, "StorageTypeInvalid",
                        $"Storage type '{options.Type}' is not supported; use Ebs, Efs or FsxLustre.");
            }
            if (options.ExistingId != null && options.Size != null)
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "StorageExistingWithSize",
                    $"Storage '{options.Name}' mounts existing {options.ExistingId}, whose size is fixed; remove -Size or -ExistingId.");
            }
            if (options.ExistingId != null && (options.Encrypted != null || options.VolumeType != null || options.DeploymentType != null))
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "StorageExistingWithSettings",
                    $"Storage '{options.Name}' mounts existing {options.ExistingId}, whose settings can't be changed; remove -Encrypted, -VolumeType and -DeploymentType.");
            }
            ConfigValidationException.ThrowIfErrors(ConfigValidator.ValidateStorage(storage, "Storage"), $"storage '{options.Name}'", options.Name);
            return storage;
        }

        public static ClusterConfig NewCluster(ClusterOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            var actions = BootstrapActions.Build(ActionTarget.HeadNode, options.Actions, options.ResolvePath, options.StackFolder, "The head node");
            var access = S3Names.AccessFor(options.S3Access, options.Actions);
            var placement = NetworkPlacement.From(options);
            var config = new ClusterConfig
            {
                Region = options.Region ?? options.Network?.Region,
                Image = new ImageConfig { Os = SchemaValues.Canonical("ImageSchema", "Os", options.Os, "Os"), CustomAmi = options.CustomAmi },
                HeadNode = new HeadNodeConfig { InstanceType = options.HeadNodeInstanceType },
                Scheduling = new SchedulingConfig { Scheduler = "slurm" },
            };
            var head = config.HeadNode;
            var headGroups = (options.HeadNodeSecurityGroupIds ?? new string[0]).Concat(placement.HeadNodeSecurityGroupIds).Distinct(StringComparer.Ordinal).ToList();
            if (placement.HeadNodeSubnetId != null || headGroups.Count > 0)
            {
                head.Networking = new HeadNodeNetworkingConfig { SubnetId = placement.HeadNodeSubnetId };
                if (headGroups.Count > 0) head.Networking.AdditionalSecurityGroups = headGroups;
            }
            if (options.KeyName != null || options.AllowedIps != null)
            {
                head.Ssh = new SshConfig { KeyName = options.KeyName, AllowedIps = SchemaValues.Canonical("HeadNodeSshSchema", "AllowedIps", options.AllowedIps, "AllowedIps") ?? DefaultSshAllowedIps(options.Network) };
            }
            if (options.HeadNodeRootVolumeSize != null)
            {
                head.LocalStorage = new LocalStorageConfig { RootVolume = new RootVolumeConfig { Size = options.HeadNodeRootVolumeSize } };
            }
            var policies = (options.HeadNodeIamPolicies ?? new string[0]).Where(p => !string.IsNullOrWhiteSpace(p))
                .Select(p => SchemaValues.PolicyArn(p, "HeadNodeIamPolicy")).Distinct().ToList();
            if (policies.Count > 0)
            {
                head.Iam = new IamConfig { AdditionalIamPolicies = policies.Select(p => new IamPolicyConfig { Policy = p }).ToList() };
            }
            if (access.Count > 0)
            {
                head.Iam = head.Iam ?? new IamConfig();
                S3Names.Grant(head.Iam, access);
            }
            head.CustomActions = actions;
            head.Imds = new HeadNodeImdsConfig { Secured = options.HeadNodeImdsSecured };
            if (options.ImdsSupport != null) config.Imds = new ClusterImdsConfig { ImdsSupport = SchemaValues.Canonical("TopLevelImdsSchema", "ImdsSupport", options.ImdsSupport, "ImdsSupport") };

            if (options.ScaledownIdletime != null || options.QueueUpdateStrategy != null)
            {
                config.Scheduling.SlurmSettings = new SlurmSettingsConfig
                {
                    ScaledownIdletime = options.ScaledownIdletime,
                    QueueUpdateStrategy = SchemaValues.Canonical("SlurmSettingsSchema", "QueueUpdateStrategy", options.QueueUpdateStrategy, "QueueUpdateStrategy"),
                };
            }
            var queues = (options.Queues ?? new List<QueueConfig>()).Where(q => q != null).ToList();
            if (queues.Count > 0)
            {
                config.Scheduling.SlurmQueues = queues.Select(q => CloneQueueWithSubnets(q, placement.QueueSubnetsFor(q))).ToList();
            }
            var storage = (options.Storage ?? new List<StorageConfig>()).Where(s => s != null).ToList();
            if (storage.Count > 0) config.SharedStorage = storage;
            if (options.Tags != null && options.Tags.Count > 0)
            {
                config.Tags = new List<TagConfig>();
                foreach (DictionaryEntry entry in options.Tags)
                {
                    config.Tags.Add(new TagConfig
                    {
                        Key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture),
                        Value = Convert.ToString(entry.Value, CultureInfo.InvariantCulture) ?? string.Empty,
                    });
                }
            }

            // Missing pieces (subnet, queues) may still be filled in before export; anything else wrong stops here.
            ConfigValidationException.ThrowIfErrors(ConfigValidator.Validate(config).Where(p => p.Rule != "Required"), "cluster configuration", null);
            return config;
        }

        /// <summary>The queue with the given subnets when it has none of its own (the given object is not changed).</summary>
        private static QueueConfig CloneQueueWithSubnets(QueueConfig queue, IList<string> subnetIds)
        {
            if (subnetIds == null || subnetIds.Count == 0 || (queue.Networking?.SubnetIds?.Count ?? 0) > 0) return queue;
            var wrapper = new ClusterConfig { Scheduling = new SchedulingConfig { SlurmQueues = new List<QueueConfig> { queue } } };
            var copy = ConfigYaml.Clone(wrapper).Scheduling.SlurmQueues[0];
            copy.Networking = copy.Networking ?? new QueueNetworkingConfig();
            copy.Networking.SubnetIds = subnetIds.ToList();
            if (subnetIds.Count > 1)
            {
                // SingleInstanceTypeSubnetValidator (networking_validators.py:126): several subnets need the Instances form.
                foreach (var cr in copy.ComputeResources ?? new List<ComputeResourceConfig>())
                {
                    if (cr.InstanceType == null || (cr.Instances != null && cr.Instances.Count > 0)) continue;
                    cr.Instances = new List<InstanceTypeConfig> { new InstanceTypeConfig { InstanceType = cr.InstanceType } };
                    cr.InstanceType = null;
                }
            }
            return copy;
        }

        /// <summary>Where the head node and the queues go: from -HeadNodeSubnetId, or from a network (-Vpc).</summary>
        private sealed class NetworkPlacement
        {
            public string HeadNodeSubnetId;
            public string[] HeadNodeSecurityGroupIds = new string[0];
            private string[] _queueSubnets = new string[0];

            public static NetworkPlacement From(ClusterOptions options)
            {
                var vpc = options.Network;
                if (vpc == null)
                {
                    return new NetworkPlacement
                    {
                        HeadNodeSubnetId = options.HeadNodeSubnetId,
                        _queueSubnets = options.HeadNodeSubnetId == null ? new string[0] : new[] { options.HeadNodeSubnetId },
                    };
                }
                if (options.HeadNodeSubnetId != null)
                    throw new PcHpcException(ErrorKind.InvalidArgument, "VpcAndSubnetGiven",
                        "Both -Vpc and -HeadNodeSubnetId were given; pass either the network from New-HpcVpc or a subnet id, not both.") { Target = vpc.Name };
                var publicSubnets = vpc.PublicSubnetIds ?? new string[0];
                var privateSubnets = vpc.PrivateSubnetIds ?? new string[0];
                if (vpc.Status != VpcStatus.Ready || privateSubnets.Length == 0 || (!vpc.PrivateEndpoints && publicSubnets.Length == 0))
                    throw new PcHpcException(ErrorKind.InvalidState, "NetworkNotReady",
                        "The network '" + vpc.Name + "' is " + vpc.Status + " and has no subnets to use yet; create it with New-HpcVpc -Wait, or pipe Get-HpcVpc -Name "
                        + vpc.Name + " once it is Ready.") { Target = vpc.Name };
                return new NetworkPlacement
                {
                    // With private endpoints the network is meant to be reached through SSM only: keep the head node private too.
                    HeadNodeSubnetId = vpc.PrivateEndpoints ? privateSubnets[0] : publicSubnets[0],
                    HeadNodeSecurityGroupIds = string.IsNullOrEmpty(vpc.SshSecurityGroupId) ? new string[0] : new[] { vpc.SshSecurityGroupId },
                    _queueSubnets = privateSubnets,
                };
            }

            /// <summary>Every private subnet, except for queues with a placement group or EFA: ParallelCluster wants one subnet there.</summary>
            public IList<string> QueueSubnetsFor(QueueConfig queue)
            {
                if (_queueSubnets.Length <= 1) return _queueSubnets;
                bool single = queue.Networking?.PlacementGroup?.Enabled == true
                    || !string.IsNullOrEmpty(queue.Networking?.PlacementGroup?.Name)
                    || !string.IsNullOrEmpty(queue.Networking?.PlacementGroup?.Id)
                    || (queue.ComputeResources ?? new List<ComputeResourceConfig>()).Any(c => c.Efa?.Enabled == true);
                return single ? new[] { _queueSubnets[0] } : _queueSubnets;
            }
        }

        /// <summary>The table's spelling (ONDEMAND, SPOT, CAPACITY_BLOCK) of OnDemand, spot, Capacity_Block, ...</summary>
        private static string CapacityType(string value) => SchemaValues.Canonical("SlurmQueueSchema", "CapacityType", value, "CapacityType");
    }
}
