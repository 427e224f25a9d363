using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace PcHpc.Core.Config.Schema
{
    /// <summary>The Slurm scheduling rules: queues and compute resources (cluster_validators.py, networking_validators.py, ec2_validators.py, tags_validators.py); SlurmSettings in <see cref="SlurmSettingsRules"/>.</summary>
    internal sealed class SlurmQueueRules : RuleSet
    {
        private readonly EbsRules _ebs;
        private readonly SlurmSettingsRules _settings;

        public SlurmQueueRules(RuleSet shared, EbsRules ebs) : base(shared)
        {
            _ebs = ebs;
            _settings = new SlurmSettingsRules(shared);
        }

        public void Slurm(PyNode root, PyNode scheduling)
        {
            var queues = Items(scheduling, "SlurmQueues");
            const string qp = "Scheduling.SlurmQueues";
            // SlurmScheduling._register_validators (cluster_config.py:2853)
            Duplicates(queues.Select((q, i) => (Str(q, "Name"), $"{qp}[{i}].Name")), "Queue");
            MaxCount(qp, queues.Count, Schema.Long("MAX_NUMBER_OF_QUEUES"), "SlurmQueues");
            MaxCount(qp, queues.Sum(q => Items(q, "ComputeResources").Count), Schema.Long("MAX_NUMBER_OF_COMPUTE_RESOURCES_PER_CLUSTER"), "ComputeResources per Cluster");
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
            _settings.SlurmSettings(settings);

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
                MaxCount($"{path}.ComputeResources", crs.Count, Schema.Long("MAX_COMPUTE_RESOURCES_PER_QUEUE"), "ComputeResources per Queue");
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
                _ebs.RootVolume(Sec(Sec(Sec(q, "ComputeSettings"), "LocalStorage"), "RootVolume"), $"{path}.ComputeSettings.LocalStorage.RootVolume");
                var queueCustom = Sec(q, "CustomSlurmSettings");
                if (queueCustom != null && queueCustom.Map.Count > 0) _settings.CustomSlurmSettings(new[] { queueCustom }, "Queue", "Global", $"{path}.CustomSlurmSettings", false);
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
                    var min = Int(c, "MinCount") ?? Schema.Long("DEFAULT_MIN_COUNT");
                    var max = Int(c, "MaxCount") ?? Schema.Long("DEFAULT_MAX_COUNT");
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
                    if (crCustom != null && crCustom.Map.Count > 0) _settings.CustomSlurmSettings(new[] { crCustom }, "ComputeResource", "Global", $"{cpath}.CustomSlurmSettings", false);
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
            var max = Schema.Long("MAX_TAGS_COUNT");
            if (all.Count > max)
                Error(path, all.Count, "ComputeResourceTagsValidator", "tags_validators.py:15",
                    $"The number of tags ({all.Count}) associated with ComputeResource '{cname}' in queue '{qname}' has exceeded the limit of {max} (cluster, queue and compute-resource tags together).");
            var overlap = cluster.Intersect(queue).Concat(queue.Intersect(cr)).Concat(cluster.Intersect(cr)).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
            if (overlap.Count > 0)
                Warning(path, string.Join(", ", overlap), "ComputeResourceTagsValidator", "tags_validators.py:15",
                    $"Tag keys {string.Join(", ", overlap)} are defined at more than one level; the most specific value (compute resource, then queue) is used for ComputeResource '{cname}' in queue '{qname}'.");
        }
    }
}
