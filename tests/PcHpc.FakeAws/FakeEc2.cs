using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace PcHpc.FakeAws
{
    public sealed class FakeVpc
    {
        public string VpcId { get; init; }
        public string Region { get; init; }
        public string OwnerId { get; init; } = "123456789012";
        public string CidrBlock { get; init; }
        public string State { get; set; } = "available";
        public bool IsDefault { get; init; }
        public List<KeyValuePair<string, string>> Tags { get; init; } = new();
    }

    public sealed class FakeSubnet
    {
        public string SubnetId { get; init; }
        public string Region { get; init; }
        public string OwnerId { get; init; } = "123456789012";
        public string VpcId { get; init; }
        public string CidrBlock { get; init; }
        public string AvailabilityZone { get; init; }
        public bool MapPublicIpOnLaunch { get; init; }
        public string State { get; set; } = "available";
        public List<KeyValuePair<string, string>> Tags { get; init; } = new();
    }

    public sealed record FakeSgRule(string IpProtocol, int? FromPort, int? ToPort, string CidrIp, string SourceGroupId);

    public sealed class FakeSecurityGroup
    {
        public string GroupId { get; init; }
        public string Region { get; init; }
        public string OwnerId { get; init; } = "123456789012";
        public string GroupName { get; init; }
        public string Description { get; init; }
        public string VpcId { get; init; }
        public List<FakeSgRule> Ingress { get; } = new();
        public List<FakeSgRule> Egress { get; } = new();
        public List<KeyValuePair<string, string>> Tags { get; init; } = new();
    }

    public sealed record FakeAvailabilityZone(string Region, string ZoneName, string ZoneId, string State = "available", string ZoneType = "availability-zone");

    public sealed record FakeInstanceType(string InstanceType, int VCpus, int Cores, long MemoryMiB, string Architecture,
        bool EfaSupported = false, int MaxEfaInterfaces = 0, string NetworkPerformance = "Up to 10 Gigabit",
        int GpuCount = 0, string GpuName = null, string GpuManufacturer = null, long GpuMemoryMiB = 0);

    public sealed record FakeKeyPair(string Region, string KeyName, string KeyPairId, string Fingerprint, string KeyType = "rsa");

    public sealed class FakeInstance
    {
        public string InstanceId { get; init; }
        public string Region { get; init; }
        public string InstanceType { get; init; } = "t3.micro";
        public string State { get; set; } = "running";
        public string ImageId { get; init; } = "ami-0123456789abcdef0";
        public string VpcId { get; init; }
        public string SubnetId { get; init; }
        public string AvailabilityZone { get; init; }
        public string PrivateIpAddress { get; init; } = "10.0.0.10";
        public string PublicIpAddress { get; init; }
        public string KeyName { get; init; }
        public string IamInstanceProfileArn { get; init; }
        public string Architecture { get; init; } = "x86_64";
        public DateTime LaunchTime { get; init; } = DateTime.UtcNow;
        public List<string> SecurityGroupIds { get; init; } = new();
        public List<KeyValuePair<string, string>> Tags { get; init; } = new();
    }

    /// <summary>
    /// Fake EC2 (ec2 protocol, 2016-11-15): describes from fixtures plus VPCs/subnets/security groups created by fake
    /// CloudFormation stacks. Supports ids and Filter.N.Name/Value.M (tag:Key, tag-key, vpc-id, state, instance-type, ...).
    /// </summary>
    public sealed class FakeEc2
    {
        public const string Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";
        private readonly FakeAwsServer _server;
        private readonly object _lock = new object();
        private readonly List<FakeVpc> _vpcs = new();
        private readonly List<FakeSubnet> _subnets = new();
        private readonly List<FakeSecurityGroup> _groups = new();
        private readonly List<FakeAvailabilityZone> _zones = new();
        private readonly List<FakeInstanceType> _types = new();
        private readonly List<FakeKeyPair> _keys = new();
        private readonly List<FakeInstance> _instances = new();

        internal FakeEc2(FakeAwsServer server)
        {
            _server = server;
            foreach (var region in new[] { "us-east-1", "us-east-2", "us-west-2", "eu-west-1" })
            {
                var code = region switch { "us-east-1" => "use1", "us-east-2" => "use2", "us-west-2" => "usw2", _ => "euw1" };
                for (int i = 0; i < 3; i++)
                    _zones.Add(new FakeAvailabilityZone(region, region + (char)('a' + i), $"{code}-az{i + 1}"));
                _keys.Add(new FakeKeyPair(region, "hpc-key", "key-0a1b2c3d4e5f60718", "1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca:9f:f5:f1:6f"));
            }
            _types.AddRange(new[]
            {
                new FakeInstanceType("t3.micro", 2, 1, 1024, "x86_64", NetworkPerformance: "Up to 5 Gigabit"),
                new FakeInstanceType("c5.xlarge", 4, 2, 8192, "x86_64"),
                new FakeInstanceType("c5n.18xlarge", 72, 36, 196608, "x86_64", true, 1, "100 Gigabit"),
                new FakeInstanceType("c6i.xlarge", 4, 2, 8192, "x86_64", NetworkPerformance: "Up to 12.5 Gigabit"),
                new FakeInstanceType("hpc7g.16xlarge", 64, 64, 131072, "arm64", true, 1, "200 Gigabit"),
                new FakeInstanceType("hpc6a.48xlarge", 96, 96, 393216, "x86_64", true, 1, "100 Gigabit"),
                new FakeInstanceType("g4dn.xlarge", 4, 2, 16384, "x86_64", false, 0, "Up to 25 Gigabit", 1, "T4", "NVIDIA", 16384),
                new FakeInstanceType("p4d.24xlarge", 96, 48, 1179648, "x86_64", true, 4, "4x 100 Gigabit", 8, "A100", "NVIDIA", 40960),
            });
        }

        public IReadOnlyList<string> ZoneNames(string region) { lock (_lock) return _zones.Where(z => z.Region == region).Select(z => z.ZoneName).ToList(); }

        public void AddVpc(FakeVpc v) { lock (_lock) _vpcs.Add(v); }
        public void AddSubnet(FakeSubnet s) { lock (_lock) _subnets.Add(s); }
        public void AddSecurityGroup(FakeSecurityGroup g) { lock (_lock) _groups.Add(g); }
        public void AddInstance(FakeInstance i) { lock (_lock) _instances.Add(i); }
        public void AddKeyPair(FakeKeyPair k) { lock (_lock) _keys.Add(k); }
        public void AddInstanceType(FakeInstanceType t) { lock (_lock) _types.Add(t); }
        public void SetAvailabilityZones(string region, IEnumerable<FakeAvailabilityZone> zones)
        {
            lock (_lock) { _zones.RemoveAll(z => z.Region == region); _zones.AddRange(zones); }
        }
        public void SetInstanceState(string instanceId, string state)
        {
            lock (_lock) foreach (var i in _instances.Where(x => x.InstanceId == instanceId)) i.State = state;
        }
        public void RemoveInstance(string instanceId) { lock (_lock) _instances.RemoveAll(x => x.InstanceId == instanceId); }
        public IReadOnlyList<FakeVpc> Vpcs { get { lock (_lock) return _vpcs.ToList(); } }
        public IReadOnlyList<FakeSubnet> Subnets { get { lock (_lock) return _subnets.ToList(); } }
        public IReadOnlyList<FakeSecurityGroup> SecurityGroups { get { lock (_lock) return _groups.ToList(); } }

        internal void RemoveStackResource(string region, string physicalId)
        {
            lock (_lock)
            {
                _vpcs.RemoveAll(v => v.Region == region && v.VpcId == physicalId);
                _subnets.RemoveAll(v => v.Region == region && v.SubnetId == physicalId);
                _groups.RemoveAll(v => v.Region == region && v.GroupId == physicalId);
            }
        }

        private sealed record Filter(string Name, List<string> Values);

        private static List<Filter> Filters(FakeRequest r)
        {
            var list = new List<Filter>();
            for (int i = 1; ; i++)
            {
                var name = r.Param($"Filter.{i}.Name");
                if (name == null) break;
                list.Add(new Filter(name, FakeAwsServer.Members(r, $"Filter.{i}.Value")));
            }
            return list;
        }

        private static bool Like(string value, string pattern) =>
            value != null && Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$");

        /// <summary>Applies EC2 filters; <paramref name="fields"/> gives the values of a named field of an item.</summary>
        private static IEnumerable<T> Apply<T>(IEnumerable<T> items, List<Filter> filters, Func<T, List<KeyValuePair<string, string>>> tags,
            Func<T, string, IEnumerable<string>> fields)
        {
            foreach (var item in items)
            {
                bool ok = true;
                foreach (var f in filters)
                {
                    IEnumerable<string> values;
                    if (f.Name.StartsWith("tag:")) values = (tags(item) ?? new()).Where(t => t.Key == f.Name.Substring(4)).Select(t => t.Value);
                    else if (f.Name == "tag-key") values = (tags(item) ?? new()).Select(t => t.Key);
                    else if (f.Name == "tag-value") values = (tags(item) ?? new()).Select(t => t.Value);
                    else
                    {
                        values = fields(item, f.Name);
                        if (values == null) throw new FakeAwsError(400, "InvalidParameterValue", $"The filter '{f.Name}' is invalid");
                    }
                    if (!values.Any(v => f.Values.Any(p => Like(v, p)))) { ok = false; break; }
                }
                if (ok) yield return item;
            }
        }

        private static IEnumerable<string> One(string v) => v == null ? Array.Empty<string>() : new[] { v };

        private static void CheckIds<T>(List<string> ids, IEnumerable<T> items, Func<T, string> id, string code, string label)
        {
            var missing = ids.Where(x => !items.Any(i => id(i) == x)).ToList();
            if (missing.Count > 0)
                throw new FakeAwsError(400, code, $"The {label} '{string.Join("', '", missing)}' does not exist");
        }

        private List<T> Paged<T>(FakeRequest r, List<T> all, StringBuilder tail)
        {
            int size = int.TryParse(r.Param("MaxResults"), out var m) ? m : _server.Knobs.Ec2PageSize;
            int start = 0;
            var token = r.Param("NextToken");
            if (token != null && !int.TryParse(token.Replace("tok-", ""), out start))
                throw new FakeAwsError(400, "InvalidParameterValue", "Invalid value for NextToken");
            if (size <= 0) return all.Skip(start).ToList();
            if (start + size < all.Count) Xml.E(tail, "nextToken", "tok-" + (start + size));
            return all.Skip(start).Take(size).ToList();
        }

        private static void TagSet(StringBuilder sb, List<KeyValuePair<string, string>> tags)
        {
            if (tags == null || tags.Count == 0) return;
            Xml.E(sb, "tagSet", t =>
            {
                foreach (var kv in tags) Xml.E(t, "item", i => { Xml.E(i, "key", kv.Key); Xml.E(i, "value", kv.Value); });
            });
        }

        internal FakeResponse Handle(FakeRequest r)
        {
            var sb = new StringBuilder();
            var tail = new StringBuilder();
            var filters = Filters(r);
            var region = r.Region;
            lock (_lock)
            {
                switch (r.Action)
                {
                    case "DescribeVpcs":
                    {
                        var ids = FakeAwsServer.Members(r, "VpcId");
                        var items = _vpcs.Where(v => v.Region == region).ToList();
                        CheckIds(ids, items, v => v.VpcId, "InvalidVpcID.NotFound", "vpc ID");
                        var list = Paged(r, Apply(items.Where(v => ids.Count == 0 || ids.Contains(v.VpcId)), filters, v => v.Tags, (v, n) => n switch
                        {
                            "vpc-id" => One(v.VpcId), "state" => One(v.State), "cidr" or "cidr-block" or "cidr-block-association.cidr-block" => One(v.CidrBlock),
                            "is-default" => One(Xml.B(v.IsDefault)), "owner-id" => One(v.OwnerId), _ => null,
                        }).ToList(), tail);
                        Xml.E(sb, "vpcSet", s =>
                        {
                            foreach (var v in list)
                                Xml.E(s, "item", i =>
                                {
                                    Xml.E(i, "vpcId", v.VpcId);
                                    Xml.E(i, "ownerId", v.OwnerId);
                                    Xml.E(i, "state", v.State);
                                    Xml.E(i, "cidrBlock", v.CidrBlock);
                                    Xml.E(i, "cidrBlockAssociationSet", c => Xml.E(c, "item", a =>
                                    {
                                        Xml.E(a, "cidrBlock", v.CidrBlock);
                                        Xml.E(a, "associationId", "vpc-cidr-assoc-" + v.VpcId.Substring(4));
                                        Xml.E(a, "cidrBlockState", st => Xml.E(st, "state", "associated"));
                                    }));
                                    Xml.E(i, "dhcpOptionsId", "dopt-0c0ffee0c0ffee000");
                                    TagSet(i, v.Tags);
                                    Xml.E(i, "instanceTenancy", "default");
                                    Xml.E(i, "isDefault", Xml.B(v.IsDefault));
                                });
                        });
                        break;
                    }
                    case "DescribeSubnets":
                    {
                        var ids = FakeAwsServer.Members(r, "SubnetId");
                        var items = _subnets.Where(v => v.Region == region).ToList();
                        CheckIds(ids, items, v => v.SubnetId, "InvalidSubnetID.NotFound", "subnet ID");
                        var list = Paged(r, Apply(items.Where(v => ids.Count == 0 || ids.Contains(v.SubnetId)), filters, v => v.Tags, (v, n) => n switch
                        {
                            "subnet-id" => One(v.SubnetId), "vpc-id" => One(v.VpcId), "state" => One(v.State),
                            "availability-zone" or "availabilityZone" => One(v.AvailabilityZone), "cidr-block" or "cidrBlock" or "cidr" => One(v.CidrBlock),
                            "map-public-ip-on-launch" => One(Xml.B(v.MapPublicIpOnLaunch)), "owner-id" => One(v.OwnerId), _ => null,
                        }).ToList(), tail);
                        Xml.E(sb, "subnetSet", s =>
                        {
                            foreach (var v in list)
                                Xml.E(s, "item", i =>
                                {
                                    Xml.E(i, "subnetId", v.SubnetId);
                                    Xml.E(i, "subnetArn", $"arn:aws:ec2:{v.Region}:{v.OwnerId}:subnet/{v.SubnetId}");
                                    Xml.E(i, "state", v.State);
                                    Xml.E(i, "ownerId", v.OwnerId);
                                    Xml.E(i, "vpcId", v.VpcId);
                                    Xml.E(i, "cidrBlock", v.CidrBlock);
                                    Xml.E(i, "availableIpAddressCount", Xml.N(AvailableIps(v.CidrBlock)));
                                    Xml.E(i, "availabilityZone", v.AvailabilityZone);
                                    Xml.E(i, "availabilityZoneId", _zones.FirstOrDefault(z => z.ZoneName == v.AvailabilityZone)?.ZoneId);
                                    Xml.E(i, "defaultForAz", "false");
                                    Xml.E(i, "mapPublicIpOnLaunch", Xml.B(v.MapPublicIpOnLaunch));
                                    TagSet(i, v.Tags);
                                });
                        });
                        break;
                    }
                    case "DescribeAvailabilityZones":
                    {
                        var names = FakeAwsServer.Members(r, "ZoneName");
                        var zoneIds = FakeAwsServer.Members(r, "ZoneId");
                        bool all = r.Param("AllAvailabilityZones") == "true";
                        var items = _zones.Where(z => z.Region == region).ToList();
                        CheckIds(names, items, z => z.ZoneName, "InvalidParameterValue", "availability zone");
                        var list = Apply(items.Where(z => (names.Count == 0 || names.Contains(z.ZoneName)) && (zoneIds.Count == 0 || zoneIds.Contains(z.ZoneId))
                                                          && (all || names.Count > 0 || z.State != "unavailable")),
                            filters, _ => null, (z, n) => n switch
                            {
                                "zone-name" => One(z.ZoneName), "zone-id" => One(z.ZoneId), "state" => One(z.State), "region-name" => One(z.Region),
                                "zone-type" => One(z.ZoneType), "opt-in-status" => One("opt-in-not-required"), _ => null,
                            }).ToList();
                        Xml.E(sb, "availabilityZoneInfo", s =>
                        {
                            foreach (var z in list)
                                Xml.E(s, "item", i =>
                                {
                                    Xml.E(i, "optInStatus", "opt-in-not-required");
                                    Xml.E(i, "zoneName", z.ZoneName);
                                    Xml.E(i, "zoneId", z.ZoneId);
                                    Xml.E(i, "zoneState", z.State);
                                    Xml.E(i, "regionName", z.Region);
                                    Xml.E(i, "groupName", z.Region);
                                    Xml.E(i, "networkBorderGroup", z.Region);
                                    Xml.E(i, "zoneType", z.ZoneType);
                                    Xml.E(i, "messageSet", _ => { });
                                });
                        });
                        break;
                    }
                    case "DescribeInstanceTypes":
                    {
                        var ids = FakeAwsServer.Members(r, "InstanceType");
                        var unknown = ids.Where(x => !_types.Any(t => t.InstanceType == x)).ToList();
                        if (unknown.Count > 0)
                            throw new FakeAwsError(400, "InvalidInstanceType", $"The following supplied instance types do not exist: [{string.Join(", ", unknown)}]");
                        var list = Paged(r, Apply(_types.Where(t => ids.Count == 0 || ids.Contains(t.InstanceType)), filters, _ => null, (t, n) => n switch
                        {
                            "instance-type" => One(t.InstanceType), "processor-info.supported-architecture" => One(t.Architecture),
                            "network-info.efa-supported" => One(Xml.B(t.EfaSupported)), "vcpu-info.default-vcpus" => One(Xml.N(t.VCpus)),
                            "current-generation" => One("true"), _ => null,
                        }).ToList(), tail);
                        Xml.E(sb, "instanceTypeSet", s =>
                        {
                            foreach (var t in list)
                                Xml.E(s, "item", i =>
                                {
                                    Xml.E(i, "instanceType", t.InstanceType);
                                    Xml.E(i, "currentGeneration", "true");
                                    Xml.E(i, "freeTierEligible", Xml.B(t.InstanceType == "t3.micro"));
                                    Xml.E(i, "supportedUsageClasses", u => { Xml.E(u, "item", "on-demand"); Xml.E(u, "item", "spot"); });
                                    Xml.E(i, "bareMetal", "false");
                                    Xml.E(i, "hypervisor", "nitro");
                                    Xml.E(i, "processorInfo", p => Xml.E(p, "supportedArchitectures", a => Xml.E(a, "item", t.Architecture)));
                                    Xml.E(i, "vCpuInfo", v =>
                                    {
                                        Xml.E(v, "defaultVCpus", Xml.N(t.VCpus));
                                        Xml.E(v, "defaultCores", Xml.N(t.Cores));
                                        Xml.E(v, "defaultThreadsPerCore", Xml.N(t.VCpus / Math.Max(1, t.Cores)));
                                    });
                                    Xml.E(i, "memoryInfo", m => Xml.E(m, "sizeInMiB", Xml.N(t.MemoryMiB)));
                                    Xml.E(i, "instanceStorageSupported", "false");
                                    Xml.E(i, "networkInfo", n =>
                                    {
                                        Xml.E(n, "networkPerformance", t.NetworkPerformance);
                                        Xml.E(n, "maximumNetworkInterfaces", "15");
                                        Xml.E(n, "efaSupported", Xml.B(t.EfaSupported));
                                        if (t.EfaSupported) Xml.E(n, "efaInfo", e => Xml.E(e, "maximumEfaInterfaces", Xml.N(t.MaxEfaInterfaces)));
                                        Xml.E(n, "enaSupport", "required");
                                    });
                                    if (t.GpuCount > 0)
                                        Xml.E(i, "gpuInfo", g =>
                                        {
                                            Xml.E(g, "gpus", gs => Xml.E(gs, "item", gi =>
                                            {
                                                Xml.E(gi, "name", t.GpuName);
                                                Xml.E(gi, "manufacturer", t.GpuManufacturer);
                                                Xml.E(gi, "count", Xml.N(t.GpuCount));
                                                Xml.E(gi, "memoryInfo", m => Xml.E(m, "sizeInMiB", Xml.N(t.GpuMemoryMiB)));
                                            }));
                                            Xml.E(g, "totalGpuMemoryInMiB", Xml.N(t.GpuMemoryMiB * t.GpuCount));
                                        });
                                    Xml.E(i, "placementGroupInfo", p => Xml.E(p, "supportedStrategies", st =>
                                    {
                                        Xml.E(st, "item", "cluster"); Xml.E(st, "item", "partition"); Xml.E(st, "item", "spread");
                                    }));
                                });
                        });
                        break;
                    }
                    case "DescribeKeyPairs":
                    {
                        var names = FakeAwsServer.Members(r, "KeyName");
                        var items = _keys.Where(k => k.Region == region).ToList();
                        var missing = names.Where(n => !items.Any(k => k.KeyName == n)).ToList();
                        if (missing.Count > 0) throw new FakeAwsError(400, "InvalidKeyPair.NotFound", $"The key pair '{missing[0]}' does not exist");
                        var list = Apply(items.Where(k => names.Count == 0 || names.Contains(k.KeyName)), filters, _ => null, (k, n) => n switch
                        {
                            "key-name" => One(k.KeyName), "key-pair-id" => One(k.KeyPairId), "fingerprint" => One(k.Fingerprint), _ => null,
                        }).ToList();
                        Xml.E(sb, "keySet", s =>
                        {
                            foreach (var k in list)
                                Xml.E(s, "item", i =>
                                {
                                    Xml.E(i, "keyPairId", k.KeyPairId);
                                    Xml.E(i, "keyName", k.KeyName);
                                    Xml.E(i, "keyFingerprint", k.Fingerprint);
                                    Xml.E(i, "keyType", k.KeyType);
                                    Xml.E(i, "createTime", "2024-01-15T10:00:00.000Z");
                                });
                        });
                        break;
                    }
                    case "DescribeInstances":
                    {
                        var ids = FakeAwsServer.Members(r, "InstanceId");
                        var items = _instances.Where(i => i.Region == region).ToList();
                        CheckIds(ids, items, i => i.InstanceId, "InvalidInstanceID.NotFound", "instance ID");
                        var list = Paged(r, Apply(items.Where(i => ids.Count == 0 || ids.Contains(i.InstanceId)), filters, i => i.Tags, (i, n) => n switch
                        {
                            "instance-id" => One(i.InstanceId), "instance-type" => One(i.InstanceType), "instance-state-name" => One(i.State),
                            "vpc-id" => One(i.VpcId), "subnet-id" => One(i.SubnetId), "availability-zone" => One(i.AvailabilityZone),
                            "private-ip-address" => One(i.PrivateIpAddress), "ip-address" => One(i.PublicIpAddress), "key-name" => One(i.KeyName),
                            "instance.group-id" or "group-id" => i.SecurityGroupIds, "image-id" => One(i.ImageId), _ => null,
                        }).ToList(), tail);
                        Xml.E(sb, "reservationSet", s =>
                        {
                            foreach (var x in list)
                                Xml.E(s, "item", res =>
                                {
                                    Xml.E(res, "reservationId", "r-" + x.InstanceId.Substring(2));
                                    Xml.E(res, "ownerId", _server.Sts.IdentityFor(r.AccessKey).Account);
                                    Xml.E(res, "groupSet", _ => { });
                                    Xml.E(res, "instancesSet", set => Xml.E(set, "item", i =>
                                    {
                                        Xml.E(i, "instanceId", x.InstanceId);
                                        Xml.E(i, "imageId", x.ImageId);
                                        Xml.E(i, "instanceState", st =>
                                        {
                                            Xml.E(st, "code", x.State switch { "pending" => "0", "running" => "16", "shutting-down" => "32", "terminated" => "48", "stopping" => "64", _ => "80" });
                                            Xml.E(st, "name", x.State);
                                        });
                                        Xml.E(i, "privateDnsName", x.PrivateIpAddress == null ? "" : $"ip-{x.PrivateIpAddress.Replace('.', '-')}.ec2.internal");
                                        Xml.E(i, "dnsName", x.PublicIpAddress == null ? "" : $"ec2-{x.PublicIpAddress.Replace('.', '-')}.compute-1.amazonaws.com");
                                        Xml.E(i, "keyName", x.KeyName);
                                        Xml.E(i, "amiLaunchIndex", "0");
                                        Xml.E(i, "instanceType", x.InstanceType);
                                        Xml.E(i, "launchTime", Xml.Time(x.LaunchTime));
                                        Xml.E(i, "placement", p => { Xml.E(p, "availabilityZone", x.AvailabilityZone ?? region + "a"); Xml.E(p, "tenancy", "default"); });
                                        Xml.E(i, "monitoring", m => Xml.E(m, "state", "disabled"));
                                        Xml.E(i, "subnetId", x.SubnetId);
                                        Xml.E(i, "vpcId", x.VpcId);
                                        Xml.E(i, "privateIpAddress", x.PrivateIpAddress);
                                        Xml.E(i, "ipAddress", x.PublicIpAddress);
                                        Xml.E(i, "groupSet", g =>
                                        {
                                            foreach (var gid in x.SecurityGroupIds)
                                                Xml.E(g, "item", gi => { Xml.E(gi, "groupId", gid); Xml.E(gi, "groupName", _groups.FirstOrDefault(y => y.GroupId == gid)?.GroupName ?? gid); });
                                        });
                                        Xml.E(i, "architecture", x.Architecture);
                                        Xml.E(i, "rootDeviceType", "ebs");
                                        Xml.E(i, "rootDeviceName", "/dev/xvda");
                                        if (x.IamInstanceProfileArn != null)
                                            Xml.E(i, "iamInstanceProfile", p => { Xml.E(p, "arn", x.IamInstanceProfileArn); Xml.E(p, "id", "AIPA" + x.InstanceId.Substring(2).ToUpperInvariant()); });
                                        TagSet(i, x.Tags);
                                        Xml.E(i, "platformDetails", "Linux/UNIX");
                                    }));
                                });
                        });
                        break;
                    }
                    case "DescribeSecurityGroups":
                    {
                        var ids = FakeAwsServer.Members(r, "GroupId");
                        var items = _groups.Where(g => g.Region == region).ToList();
                        CheckIds(ids, items, g => g.GroupId, "InvalidGroup.NotFound", "security group");
                        var list = Paged(r, Apply(items.Where(g => ids.Count == 0 || ids.Contains(g.GroupId)), filters, g => g.Tags, (g, n) => n switch
                        {
                            "group-id" => One(g.GroupId), "group-name" => One(g.GroupName), "vpc-id" => One(g.VpcId), "description" => One(g.Description),
                            "owner-id" => One(g.OwnerId), _ => null,
                        }).ToList(), tail);
                        Xml.E(sb, "securityGroupInfo", s =>
                        {
                            foreach (var g in list)
                                Xml.E(s, "item", i =>
                                {
                                    Xml.E(i, "ownerId", g.OwnerId);
                                    Xml.E(i, "groupId", g.GroupId);
                                    Xml.E(i, "groupName", g.GroupName);
                                    Xml.E(i, "groupDescription", g.Description);
                                    Xml.E(i, "vpcId", g.VpcId);
                                    Xml.E(i, "ipPermissions", p => Rules(p, g.Ingress, g.OwnerId));
                                    Xml.E(i, "ipPermissionsEgress", p => Rules(p, g.Egress, g.OwnerId));
                                    TagSet(i, g.Tags);
                                });
                        });
                        break;
                    }
                    default:
                        throw new FakeAwsError(400, "InvalidAction", $"The action {r.Action} is not valid for this web service.");
                }
            }
            return new FakeResponse
            {
                ContentType = "text/xml;charset=UTF-8",
                Body = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{r.Action}Response xmlns=\"{Namespace}\">\n    <requestId>{r.RequestId}</requestId>\n    {sb}{tail}\n</{r.Action}Response>",
            };
        }

        private static void Rules(StringBuilder p, List<FakeSgRule> rules, string owner)
        {
            foreach (var rule in rules)
                Xml.E(p, "item", i =>
                {
                    Xml.E(i, "ipProtocol", rule.IpProtocol);
                    if (rule.FromPort is int f) Xml.E(i, "fromPort", Xml.N(f));
                    if (rule.ToPort is int t) Xml.E(i, "toPort", Xml.N(t));
                    Xml.E(i, "groups", g =>
                    {
                        if (rule.SourceGroupId != null) Xml.E(g, "item", x => { Xml.E(x, "userId", owner); Xml.E(x, "groupId", rule.SourceGroupId); });
                    });
                    Xml.E(i, "ipRanges", g =>
                    {
                        if (rule.CidrIp != null) Xml.E(g, "item", x => Xml.E(x, "cidrIp", rule.CidrIp));
                    });
                    Xml.E(i, "ipv6Ranges", _ => { });
                    Xml.E(i, "prefixListIds", _ => { });
                });
        }

        private static long AvailableIps(string cidr)
        {
            var slash = cidr?.IndexOf('/') ?? -1;
            if (slash < 0 || !int.TryParse(cidr.AsSpan(slash + 1), out var bits)) return 251;
            return Math.Max(0, (1L << (32 - bits)) - 5);
        }
    }
}
