using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PcHpc.FakeAws
{
    public sealed record FakeValidationMessage(string Id, string Type, string Level, string Message);

    public sealed record FakeLogEvent(DateTime Timestamp, string Message);

    public sealed class FakeClusterInstance
    {
        public string InstanceId { get; init; }
        public string InstanceType { get; init; }
        public DateTime LaunchTime { get; init; } = DateTime.UtcNow;
        public string PrivateIpAddress { get; init; }
        public string PublicIpAddress { get; init; }
        public string State { get; set; } = "running";
        public string NodeType { get; init; } = "ComputeNode";
        public string QueueName { get; init; }
        public string PoolName { get; init; }
    }

    /// <summary>A cluster as stored by the fake (read under <see cref="FakeParallelCluster.Lock"/>).</summary>
    public sealed class FakeCluster
    {
        public string Name { get; init; }
        public string Region { get; init; }
        public string Version { get; set; }
        public string Status { get; set; }
        public string StackStatus { get; set; }
        public string StackArn { get; init; }
        public string Configuration { get; set; }
        public string Scheduler { get; set; } = "slurm";
        public DateTime CreationTime { get; init; } = DateTime.UtcNow;
        public DateTime LastUpdatedTime { get; set; } = DateTime.UtcNow;
        public string ComputeFleetStatus { get; set; } = "UNKNOWN";
        public DateTime FleetUpdatedTime { get; set; } = DateTime.UtcNow;
        public bool RollbackOnFailure { get; init; } = true;
        public List<KeyValuePair<string, string>> Tags { get; set; } = new();
        public FakeClusterInstance HeadNode { get; set; }
        public List<FakeClusterInstance> ComputeNodes { get; } = new();
        public List<(string Code, string Reason)> Failures { get; } = new();
        public List<FakeStackEvent> StackEvents { get; } = new();
        public Dictionary<string, List<FakeLogEvent>> LogStreams { get; } = new();
        internal string PendingConfiguration { get; set; }
        internal Transition Pending { get; set; }
        internal Transition FleetPending { get; set; }
    }

    /// <summary>
    /// Fake ParallelCluster v3 REST API (clusters, compute fleet, instances, logs, stack events, official images; custom
    /// images in FakeParallelClusterImages.cs),
    /// under /v3 or /{stage}/v3. Regions come from ?region= (else the SigV4 scope region).
    /// </summary>
    public sealed partial class FakeParallelCluster
    {
        private static readonly Regex NamePattern = new Regex("^[a-zA-Z][a-zA-Z0-9-]+$");
        private readonly FakeAwsServer _server;
        private readonly List<FakeCluster> _clusters = new();
        private readonly Dictionary<string, (string Code, string Reason)> _failCreate = new();
        private readonly HashSet<string> _failUpdate = new();
        private readonly HashSet<string> _failDelete = new();
        private readonly Random _random = new Random(99);

        internal FakeParallelCluster(FakeAwsServer server) { _server = server; }

        public object Lock { get; } = new object();

        /// <summary>The ParallelCluster version the API reports and stamps on new clusters.</summary>
        public string Version { get; set; } = "3.12.0";
        /// <summary>Page size of ListClusters / DescribeClusterInstances / log streams / stack events.</summary>
        public int PageSize { get; set; } = 50;
        /// <summary>When non-empty, create/update answer 400 with these configurationValidationErrors.</summary>
        public List<FakeValidationMessage> ConfigurationValidationErrors { get; set; } = new();
        /// <summary>Non-blocking validation messages returned by a successful create/update.</summary>
        public List<FakeValidationMessage> ValidationMessages { get; set; } = new();
        /// <summary>When true, CreateCluster creates the cluster and then answers 504 "Endpoint request timed out".</summary>
        public bool TimeoutAfterCreate { get; set; }
        /// <summary>When true, an update with changes needs a STOPPED fleet unless forceUpdate=true.</summary>
        public bool UpdateRequiresStoppedFleet { get; set; }
        /// <summary>Register the head node of every created cluster with the fake SSM and EC2 (default true).</summary>
        public bool RegisterHeadNodes { get; set; } = true;

        public void FailCreate(string clusterName, string failureCode, string failureReason) { lock (Lock) _failCreate[clusterName] = (failureCode, failureReason); }

        /// <summary>Makes the next create fail like <see cref="FailCreate(string,string,string)"/>, leaving these lines in the head node's cfn-init log stream (as CloudWatch keeps them).</summary>
        public void FailCreate(string clusterName, string failureCode, string failureReason, params string[] headNodeLog)
        {
            lock (Lock)
            {
                _failCreate[clusterName] = (failureCode, failureReason);
                _failLogs[clusterName] = headNodeLog;
            }
        }

        private readonly Dictionary<string, string[]> _failLogs = new();
        public void FailUpdate(string clusterName) { lock (Lock) _failUpdate.Add(clusterName); }
        /// <summary>Deletion of the cluster ends in DELETE_FAILED until <see cref="ClearDeleteFailure"/>.</summary>
        public void FailDelete(string clusterName) { lock (Lock) _failDelete.Add(clusterName); }
        public void ClearDeleteFailure(string clusterName) { lock (Lock) _failDelete.Remove(clusterName); }

        /// <summary>Sets the version a cluster was created with (a different one makes describe/update fail like the real API).</summary>
        public void SetClusterVersion(string clusterName, string version) { lock (Lock) foreach (var c in _clusters.Where(x => x.Name == clusterName)) c.Version = version; }

        public FakeCluster Find(string name, string region = null) { lock (Lock) return _clusters.FirstOrDefault(c => c.Name == name && (region == null || c.Region == region)); }

        public IReadOnlyList<FakeCluster> Clusters { get { lock (Lock) return _clusters.ToList(); } }

        /// <summary>What the API really did, in order: "CreateCluster region/name", "UpdateCluster ...", "DeleteCluster ..." (a delete of a cluster already being deleted does nothing and is not listed).</summary>
        public IReadOnlyList<string> Acts { get { lock (Lock) return _acts.ToList(); } }
        private readonly List<string> _acts = new();

        public FakeClusterInstance AddComputeNode(string clusterName, string queue, string instanceType = "c5.xlarge", string region = null, string privateIp = null)
        {
            lock (Lock)
            {
                var c = _clusters.First(x => x.Name == clusterName && (region == null || x.Region == region));
                var n = new FakeClusterInstance
                {
                    InstanceId = "i-" + Hex(17), InstanceType = instanceType, NodeType = "ComputeNode", QueueName = queue,
                    PrivateIpAddress = privateIp ?? $"10.0.{_random.Next(16, 250)}.{_random.Next(2, 250)}",
                };
                c.ComputeNodes.Add(n);
                return n;
            }
        }

        /// <summary>Most events GetClusterLogEvents returns per page (the real API: up to 10,000 or 1 MB).</summary>
        public int LogEventsPageSize { get; set; } = 10000;

        /// <summary>Streams whose GetClusterLogEvents answers 500 (an interrupted export).</summary>
        public ISet<string> FailLogStreams { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Adds events at <paramref name="start"/>, <paramref name="step"/> apart (for -Since/-Until windows).</summary>
        public void AddLogEventsAt(string clusterName, string logStreamName, DateTime start, TimeSpan step, params string[] messages)
        {
            lock (Lock)
            {
                var c = _clusters.First(x => x.Name == clusterName);
                if (!c.LogStreams.TryGetValue(logStreamName, out var list)) c.LogStreams[logStreamName] = list = new List<FakeLogEvent>();
                foreach (var m in messages) { list.Add(new FakeLogEvent(start.ToUniversalTime(), m)); start += step; }
                list.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
            }
        }

        public void AddLogEvents(string clusterName, string logStreamName, params string[] messages)
        {
            lock (Lock)
            {
                var c = _clusters.First(x => x.Name == clusterName);
                if (!c.LogStreams.TryGetValue(logStreamName, out var list)) c.LogStreams[logStreamName] = list = new List<FakeLogEvent>();
                var t = list.Count > 0 ? list[^1].Timestamp : DateTime.UtcNow;
                foreach (var m in messages) list.Add(new FakeLogEvent(t = t.AddMilliseconds(1), m));
            }
        }

        private string Hex(int n)
        {
            const string chars = "0123456789abcdef";
            var c = new char[n];
            for (int i = 0; i < n; i++) c[i] = chars[_random.Next(16)];
            return new string(c);
        }

        /// <summary>The API operation of a request (derived from the spec's paths; also used by the IAM proof test).</summary>
        public static string OperationOf(string method, string path)
        {
            var p = path.TrimEnd('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            // p[0] == "v3"
            if (p.Length == 3 && p[1] == "images" && p[2] == "official" && method == "GET") return "ListOfficialImages";
            if (p.Length >= 3 && p[1] == "images" && p[2] == "custom") return ImageOperationOf(method, p);
            if (p.Length < 2 || p[1] != "clusters") return "Unknown";
            return (p.Length, method, p.Length > 3 ? p[3] : null) switch
            {
                (2, "GET", _) => "ListClusters",
                (2, "POST", _) => "CreateCluster",
                (3, "GET", _) => "DescribeCluster",
                (3, "PUT", _) => "UpdateCluster",
                (3, "DELETE", _) => "DeleteCluster",
                (4, "GET", "computefleet") => "DescribeComputeFleet",
                (4, "PATCH", "computefleet") => "UpdateComputeFleet",
                (4, "GET", "instances") => "DescribeClusterInstances",
                (4, "DELETE", "instances") => "DeleteClusterInstances",
                (4, "GET", "logstreams") => "ListClusterLogStreams",
                (5, "GET", "logstreams") => "GetClusterLogEvents",
                (4, "GET", "stackevents") => "GetClusterStackEvents",
                _ => "Unknown",
            };
        }

        private static FakeAwsError BadRequest(string message, object body = null) => new FakeAwsError(400, "BadRequestException", message, body);
        private static FakeAwsError NotFound(string name) =>
            new FakeAwsError(404, "NotFoundException", $"Cluster '{name}' does not exist or belongs to an incompatible ParallelCluster major version.");

        private static FakeResponse Ok(object body, int status = 200) =>
            new FakeResponse { Status = status, ContentType = "application/json", Body = Json.Serialize(body) };

        internal FakeResponse Handle(FakeRequest r, string method, string path)
        {
            var op = r.Action;
            var parts = path.TrimEnd('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            var region = r.Param("region") ?? r.Region;
            lock (Lock)
            {
                switch (op)
                {
                    case "ListClusters": return ListClusters(r, region);
                    case "CreateCluster": return CreateCluster(r, region);
                    case "ListOfficialImages": return ListOfficialImages(r, region);
                    case "BuildImage": case "ListImages": case "DescribeImage": case "DeleteImage":
                    case "ListImageLogStreams": case "GetImageLogEvents": case "GetImageStackEvents":
                        return HandleImage(r, op, parts, region);
                    case "Unknown": throw new FakeAwsError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
                }
                var name = parts[2];
                var c = _clusters.FirstOrDefault(x => x.Name == name && x.Region == region);
                if (c == null) throw NotFound(name);
                Tick(c);
                if (_clusters.FirstOrDefault(x => x.Name == name && x.Region == region) == null) throw NotFound(name);
                switch (op)
                {
                    case "DescribeCluster":
                        CheckMajorVersion(c);
                        return Ok(Describe(c));
                    case "UpdateCluster": return UpdateCluster(r, c);
                    case "DeleteCluster": return DeleteCluster(c);
                    case "DescribeComputeFleet":
                        return Ok(new Dictionary<string, object> { ["status"] = c.ComputeFleetStatus, ["lastStatusUpdatedTime"] = Json.Iso(c.FleetUpdatedTime) });
                    case "UpdateComputeFleet": return UpdateComputeFleet(r, c);
                    case "DescribeClusterInstances": return DescribeInstances(r, c);
                    case "DeleteClusterInstances":
                        c.ComputeNodes.Clear();
                        return new FakeResponse { Status = 202, ContentType = "application/json", Body = "{}" };
                    case "ListClusterLogStreams": return ListLogStreams(r, c);
                    case "GetClusterLogEvents": return GetLogEvents(r, c, parts[4]);
                    case "GetClusterStackEvents": return StackEvents(r, c);
                }
            }
            throw new FakeAwsError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        private void CheckMajorVersion(FakeCluster c)
        {
            if (c.Version.Split('.')[0] != Version.Split('.')[0])
                throw NotFound(c.Name);
        }

        private void Tick(FakeCluster c)
        {
            if (c.FleetPending != null && _server.Due(c.FleetPending))
            {
                c.FleetPending = null;
                c.ComputeFleetStatus = c.ComputeFleetStatus switch { "STOP_REQUESTED" => "STOPPED", "START_REQUESTED" => "RUNNING", var s => s };
                if (c.ComputeFleetStatus == "STOPPED") c.ComputeNodes.Clear();
                c.FleetUpdatedTime = DateTime.UtcNow;
            }
            if (c.Pending == null || !_server.Due(c.Pending)) return;
            c.Pending = null;
            c.LastUpdatedTime = DateTime.UtcNow;
            switch (c.Status)
            {
                case "CREATE_IN_PROGRESS":
                    if (_failCreate.TryGetValue(c.Name, out var failure))
                    {
                        _failCreate.Remove(c.Name);
                        c.Status = "CREATE_FAILED";
                        c.Failures.Add(failure);
                        var failedId = "i-" + Hex(17);
                        if (_failLogs.Remove(c.Name, out var lines) && lines != null)
                            c.LogStreams[$"ip-10-0-0-9.{failedId}.cfn-init"] = lines.Select((line, i) => new FakeLogEvent(DateTime.UtcNow.AddSeconds(i - lines.Length), line)).ToList();
                        AddStackEvent(c, "HeadNode", failedId, "AWS::EC2::Instance", "CREATE_FAILED", failure.Reason);
                        c.StackStatus = c.RollbackOnFailure ? "ROLLBACK_COMPLETE" : "CREATE_FAILED";
                        AddStackEvent(c, c.Name, c.StackArn, "AWS::CloudFormation::Stack", c.RollbackOnFailure ? "ROLLBACK_IN_PROGRESS" : "CREATE_FAILED",
                            "The following resource(s) failed to create: [HeadNode]. " + (c.RollbackOnFailure ? "Rollback requested by user." : ""));
                        if (c.RollbackOnFailure) AddStackEvent(c, c.Name, c.StackArn, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null);
                        c.ComputeFleetStatus = "UNKNOWN";
                        break;
                    }
                    var ip = $"10.0.{_random.Next(0, 15)}.{_random.Next(4, 250)}";
                    c.HeadNode = new FakeClusterInstance
                    {
                        InstanceId = "i-" + Hex(17), InstanceType = HeadNodeType(c.Configuration), NodeType = "HeadNode",
                        PrivateIpAddress = ip, PublicIpAddress = $"54.{_random.Next(1, 250)}.{_random.Next(1, 250)}.{_random.Next(1, 250)}",
                    };
                    AddStackEvent(c, "HeadNode", c.HeadNode.InstanceId, "AWS::EC2::Instance", "CREATE_COMPLETE", null);
                    AddStackEvent(c, c.Name, c.StackArn, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null);
                    c.Status = "CREATE_COMPLETE";
                    c.StackStatus = "CREATE_COMPLETE";
                    c.ComputeFleetStatus = c.Scheduler == "awsbatch" ? "ENABLED" : "RUNNING";
                    c.FleetUpdatedTime = DateTime.UtcNow;
                    var host = "ip-" + ip.Replace('.', '-');
                    foreach (var log in new[] { "cfn-init", "chef-client", "clustermgtd", "slurmctld" })
                        c.LogStreams[$"{host}.{c.HeadNode.InstanceId}.{log}"] = new List<FakeLogEvent>
                        {
                            new(DateTime.UtcNow.AddSeconds(-2), $"{log} starting"),
                            new(DateTime.UtcNow.AddSeconds(-1), $"{log} running on {host}"),
                        };
                    if (RegisterHeadNodes)
                    {
                        var m = _server.Ssm.RegisterInstance(c.HeadNode.InstanceId, c.Region);
                        _server.Ec2.AddInstance(new FakeInstance
                        {
                            InstanceId = c.HeadNode.InstanceId, Region = c.Region, InstanceType = c.HeadNode.InstanceType,
                            PrivateIpAddress = c.HeadNode.PrivateIpAddress, PublicIpAddress = c.HeadNode.PublicIpAddress,
                            Tags = new() { new("Name", "HeadNode"), new("parallelcluster:cluster-name", c.Name), new("parallelcluster:node-type", "HeadNode") },
                        });
                    }
                    break;
                case "UPDATE_IN_PROGRESS":
                    if (_failUpdate.Remove(c.Name))
                    {
                        c.Status = "UPDATE_FAILED";
                        c.StackStatus = "UPDATE_ROLLBACK_COMPLETE";
                        c.Failures.Add(("UpdateFailure", "Cluster update failed and was rolled back."));
                        AddStackEvent(c, c.Name, c.StackArn, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE", null);
                    }
                    else
                    {
                        c.Configuration = c.PendingConfiguration;
                        c.Status = "UPDATE_COMPLETE";
                        c.StackStatus = "UPDATE_COMPLETE";
                        AddStackEvent(c, c.Name, c.StackArn, "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", null);
                    }
                    c.PendingConfiguration = null;
                    break;
                case "DELETE_IN_PROGRESS":
                    if (_failDelete.Contains(c.Name))
                    {
                        c.Status = "DELETE_FAILED";
                        c.StackStatus = "DELETE_FAILED";
                        c.Failures.Clear();
                        c.Failures.Add(("DeletionFailure", "Failed to delete the cluster stack."));
                        AddStackEvent(c, c.Name, c.StackArn, "AWS::CloudFormation::Stack", "DELETE_FAILED", "The following resource(s) failed to delete: [HeadNode].");
                    }
                    else
                    {
                        _clusters.Remove(c);
                        if (c.HeadNode != null)
                        {
                            _server.Ssm.UnregisterInstance(c.HeadNode.InstanceId);
                            _server.Ec2.RemoveInstance(c.HeadNode.InstanceId);
                        }
                    }
                    break;
            }
        }

        private void AddStackEvent(FakeCluster c, string logical, string physical, string type, string status, string reason)
        {
            var t = DateTime.UtcNow;
            if (c.StackEvents.Count > 0 && c.StackEvents[^1].Timestamp >= t) t = c.StackEvents[^1].Timestamp.AddMilliseconds(1);
            c.StackEvents.Add(new FakeStackEvent(Guid.NewGuid().ToString(), c.StackArn, c.Name, logical, physical, type, status, reason, t));
        }

        private static Dictionary<string, object> Summary(FakeCluster c) => new()
        {
            ["clusterName"] = c.Name,
            ["region"] = c.Region,
            ["version"] = c.Version,
            ["cloudformationStackArn"] = c.StackArn,
            ["cloudformationStackStatus"] = c.StackStatus,
            ["clusterStatus"] = c.Status,
            ["scheduler"] = new Dictionary<string, object> { ["type"] = c.Scheduler },
        };

        private Dictionary<string, object> Describe(FakeCluster c)
        {
            var d = new Dictionary<string, object>
            {
                ["clusterName"] = c.Name,
                ["region"] = c.Region,
                ["version"] = c.Version,
                ["cloudFormationStackStatus"] = c.StackStatus,
                ["clusterStatus"] = c.Status,
                ["scheduler"] = new Dictionary<string, object> { ["type"] = c.Scheduler },
                ["cloudformationStackArn"] = c.StackArn,
                ["creationTime"] = Json.Iso(c.CreationTime),
                ["lastUpdatedTime"] = Json.Iso(c.LastUpdatedTime),
                ["clusterConfiguration"] = new Dictionary<string, object>
                {
                    ["url"] = $"https://parallelcluster-{Hex(16)}-v1-do-not-delete.s3.{c.Region}.amazonaws.com/parallelcluster/{c.Version}/clusters/{c.Name}/configs/cluster-config.yaml?X-Amz-Expires=3600",
                },
                ["computeFleetStatus"] = c.ComputeFleetStatus,
                ["tags"] = c.Tags.Select(t => new Dictionary<string, object> { ["key"] = t.Key, ["value"] = t.Value }).ToList(),
            };
            if (c.HeadNode != null)
                d["headNode"] = Instance(c.HeadNode, false);
            if (c.Failures.Count > 0)
                d["failures"] = c.Failures.Select(f => new Dictionary<string, object> { ["failureCode"] = f.Code, ["failureReason"] = f.Reason }).ToList();
            return d;
        }

        private static Dictionary<string, object> Instance(FakeClusterInstance i, bool withNodeType)
        {
            var d = new Dictionary<string, object>
            {
                ["instanceId"] = i.InstanceId,
                ["instanceType"] = i.InstanceType,
                ["launchTime"] = Json.Iso(i.LaunchTime),
                ["privateIpAddress"] = i.PrivateIpAddress,
                ["state"] = i.State,
            };
            if (i.PublicIpAddress != null) d["publicIpAddress"] = i.PublicIpAddress;
            if (withNodeType)
            {
                d["nodeType"] = i.NodeType;
                if (i.QueueName != null) d["queueName"] = i.QueueName;
                if (i.PoolName != null) d["poolName"] = i.PoolName;
            }
            return d;
        }

        private (int Start, int Size) Page(FakeRequest r, int total)
        {
            int start = 0;
            var token = r.Param("nextToken");
            if (token != null && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > total))
                throw BadRequest("Bad Request: invalid nextToken");
            return (start, Math.Max(1, PageSize));
        }

        private static void AddToken(Dictionary<string, object> body, int start, int size, int total)
        {
            if (start + size < total) body["nextToken"] = (start + size).ToString(CultureInfo.InvariantCulture);
        }

        private FakeResponse ListClusters(FakeRequest r, string region)
        {
            foreach (var c in _clusters.Where(x => x.Region == region).ToList()) Tick(c);
            var statuses = r.Form.TryGetValue("clusterStatus", out var s) ? s.SelectMany(x => x.Split(',')).ToList() : new List<string>();
            var all = _clusters.Where(c => c.Region == region && (statuses.Count == 0 || statuses.Contains(c.Status))
                                           && c.Version.Split('.')[0] == Version.Split('.')[0]).ToList();
            var (start, size) = Page(r, all.Count);
            var body = new Dictionary<string, object> { ["clusters"] = all.Skip(start).Take(size).Select(Summary).ToList() };
            AddToken(body, start, size, all.Count);
            return Ok(body);
        }

        private static JsonObject ParseBody(FakeRequest r)
        {
            try { return string.IsNullOrWhiteSpace(r.Body) ? new JsonObject() : JsonNode.Parse(r.Body) as JsonObject ?? new JsonObject(); }
            catch (System.Text.Json.JsonException) { throw BadRequest("Bad Request: request body is not valid JSON"); }
        }

        private static YamlMappingNode ParseConfig(string yaml)
        {
            try
            {
                var stream = new YamlStream();
                stream.Load(new System.IO.StringReader(yaml));
                if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m) return m;
            }
            catch (YamlDotNet.Core.YamlException) { }
            throw BadRequest("Bad Request: configuration must be a valid YAML document");
        }

        private static string Scalar(YamlNode node, params string[] path)
        {
            foreach (var p in path)
            {
                if (node is not YamlMappingNode m || !m.Children.TryGetValue(new YamlScalarNode(p), out node)) return null;
            }
            return (node as YamlScalarNode)?.Value;
        }

        private static string HeadNodeType(string config) => Scalar(ParseConfig(config), "HeadNode", "InstanceType") ?? "t3.medium";

        private static List<object> Messages(IEnumerable<FakeValidationMessage> list) =>
            list.Select(m => (object)new Dictionary<string, object> { ["id"] = m.Id, ["type"] = m.Type, ["level"] = m.Level, ["message"] = m.Message }).ToList();

        private FakeResponse CreateCluster(FakeRequest r, string region)
        {
            var body = ParseBody(r);
            var name = body["clusterName"]?.ToString();
            if (string.IsNullOrEmpty(name)) throw BadRequest("Bad Request: 'clusterName' is a required property");
            var config = body["clusterConfiguration"]?.ToString();
            if (string.IsNullOrEmpty(config)) throw BadRequest("Bad Request: 'clusterConfiguration' is a required property");
            if (!NamePattern.IsMatch(name)) throw BadRequest($"Bad Request: '{name}' does not match '^[a-zA-Z][a-zA-Z0-9-]+$'");
            if (name.Length > 60)
                throw BadRequest($"Bad Request: Invalid cluster name '{name}'. Cluster name must be 60 characters or less, start with an alphabetic character and contain only alphanumeric characters and hyphens.");
            var root = ParseConfig(config);
            if (ConfigurationValidationErrors.Count > 0)
                throw BadRequest("Invalid cluster configuration.", new Dictionary<string, object>
                {
                    ["message"] = "Invalid cluster configuration.",
                    ["configurationValidationErrors"] = Messages(ConfigurationValidationErrors),
                });
            if (_clusters.Any(c => c.Name == name && c.Region == region))
                throw new FakeAwsError(409, "ConflictException", $"Cluster '{name}' already exists.");
            if (r.Param("dryrun") == "true")
                throw new FakeAwsError(412, "DryrunOperationException", "Request would have succeeded, but DryRun flag is set.", new Dictionary<string, object>
                {
                    ["message"] = "Request would have succeeded, but DryRun flag is set.",
                    ["validationMessages"] = Messages(ValidationMessages),
                });
            var account = _server.Sts.IdentityFor(r.AccessKey).Account;
            var tags = new List<KeyValuePair<string, string>>();
            if (root.Children.TryGetValue(new YamlScalarNode("Tags"), out var tagNode) && tagNode is YamlSequenceNode tagSeq)
                foreach (var t in tagSeq)
                    tags.Add(new(Scalar(t, "Key"), Scalar(t, "Value")));
            tags.Add(new("parallelcluster:version", Version));
            var c = new FakeCluster
            {
                Name = name, Region = region, Version = Version, Status = "CREATE_IN_PROGRESS", StackStatus = "CREATE_IN_PROGRESS",
                StackArn = $"arn:aws:cloudformation:{region}:{account}:stack/{name}/{Guid.NewGuid()}",
                Configuration = config, Scheduler = Scalar(root, "Scheduling", "Scheduler") ?? "slurm",
                RollbackOnFailure = r.Param("rollbackOnFailure") != "false",
                Tags = tags, Pending = new Transition(),
            };
            _clusters.Add(c);
            _acts.Add("CreateCluster " + region + "/" + name);
            AddStackEvent(c, name, c.StackArn, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated");
            if (TimeoutAfterCreate) throw new FakeAwsError(504, "InternalServiceException", "Endpoint request timed out");
            return Ok(new Dictionary<string, object> { ["cluster"] = Summary(c), ["validationMessages"] = Messages(ValidationMessages) }, 202);
        }

        /// <summary>Flattens a YAML config into parameter paths like Scheduling.SlurmQueues[q1].ComputeResources[cr1].MaxCount.</summary>
        private static void Flatten(YamlNode node, string path, Dictionary<string, string> into)
        {
            switch (node)
            {
                case YamlMappingNode m:
                    foreach (var kv in m.Children)
                        Flatten(kv.Value, path.Length == 0 ? ((YamlScalarNode)kv.Key).Value : path + "." + ((YamlScalarNode)kv.Key).Value, into);
                    break;
                case YamlSequenceNode s:
                    int i = 0;
                    foreach (var item in s.Children)
                    {
                        var key = Scalar(item, "Name") ?? (i++).ToString(CultureInfo.InvariantCulture);
                        if (item is YamlScalarNode sc) { into[$"{path}[{sc.Value}]"] = sc.Value; continue; }
                        Flatten(item, $"{path}[{key}]", into);
                    }
                    break;
                case YamlScalarNode sc2:
                    into[path] = sc2.Value;
                    break;
            }
        }

        private FakeResponse UpdateCluster(FakeRequest r, FakeCluster c)
        {
            if (c.Version != Version)
                throw BadRequest($"Cluster '{c.Name}' belongs to an incompatible ParallelCluster version ({c.Version}); it can be updated only with ParallelCluster {c.Version}.");
            var body = ParseBody(r);
            var config = body["clusterConfiguration"]?.ToString();
            if (string.IsNullOrEmpty(config)) throw BadRequest("Bad Request: 'clusterConfiguration' is a required property");
            if (c.Status is not ("CREATE_COMPLETE" or "UPDATE_COMPLETE" or "UPDATE_FAILED"))
                throw BadRequest($"Cluster '{c.Name}' is in '{c.Status}' state and cannot be updated.");
            var newRoot = ParseConfig(config);
            if (ConfigurationValidationErrors.Count > 0)
                throw BadRequest("Invalid cluster configuration.", new Dictionary<string, object>
                {
                    ["message"] = "Invalid cluster configuration.",
                    ["configurationValidationErrors"] = Messages(ConfigurationValidationErrors),
                });
            var before = new Dictionary<string, string>();
            var after = new Dictionary<string, string>();
            Flatten(ParseConfig(c.Configuration), "", before);
            Flatten(newRoot, "", after);
            var changes = before.Keys.Union(after.Keys).Where(k => !(before.TryGetValue(k, out var a) && after.TryGetValue(k, out var b) && a == b))
                .OrderBy(k => k, StringComparer.Ordinal)
                .Select(k => new Dictionary<string, object>
                {
                    ["parameter"] = k,
                    ["currentValue"] = before.TryGetValue(k, out var cur) ? cur : "-",
                    ["requestedValue"] = after.TryGetValue(k, out var req) ? req : "-",
                }).ToList();
            if (changes.Count == 0) throw BadRequest("No changes found in your cluster configuration.");
            if (UpdateRequiresStoppedFleet && c.ComputeFleetStatus != "STOPPED" && r.Param("forceUpdate") != "true")
                throw BadRequest("Update failure", new Dictionary<string, object>
                {
                    ["message"] = "Update failure",
                    ["updateValidationErrors"] = changes.Select(ch => new Dictionary<string, object>(ch)
                    {
                        ["message"] = "All compute nodes must be stopped. Stop the compute fleet with the pcluster update-compute-fleet command",
                    }).ToList(),
                    ["changeSet"] = changes,
                });
            if (r.Param("dryrun") == "true")
                throw new FakeAwsError(412, "DryrunOperationException", "Request would have succeeded, but DryRun flag is set.", new Dictionary<string, object>
                {
                    ["message"] = "Request would have succeeded, but DryRun flag is set.",
                    ["changeSet"] = changes,
                    ["validationMessages"] = Messages(ValidationMessages),
                });
            c.PendingConfiguration = config;
            _acts.Add("UpdateCluster " + c.Region + "/" + c.Name);
            c.Status = "UPDATE_IN_PROGRESS";
            c.StackStatus = "UPDATE_IN_PROGRESS";
            c.Failures.Clear();
            c.LastUpdatedTime = DateTime.UtcNow;
            c.Pending = new Transition();
            AddStackEvent(c, c.Name, c.StackArn, "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated");
            return Ok(new Dictionary<string, object> { ["cluster"] = Summary(c), ["validationMessages"] = Messages(ValidationMessages), ["changeSet"] = changes }, 202);
        }

        private FakeResponse DeleteCluster(FakeCluster c)
        {
            if (c.Status != "DELETE_IN_PROGRESS")
            {
                _acts.Add("DeleteCluster " + c.Region + "/" + c.Name);
                c.Status = "DELETE_IN_PROGRESS";
                c.StackStatus = "DELETE_IN_PROGRESS";
                c.Pending = new Transition();
                AddStackEvent(c, c.Name, c.StackArn, "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "User Initiated");
            }
            return Ok(new Dictionary<string, object> { ["cluster"] = Summary(c) }, 202);
        }

        private FakeResponse UpdateComputeFleet(FakeRequest r, FakeCluster c)
        {
            var status = ParseBody(r)["status"]?.ToString();
            var allowed = c.Scheduler == "awsbatch" ? new[] { "ENABLED", "DISABLED" } : new[] { "START_REQUESTED", "STOP_REQUESTED" };
            if (status == null || !allowed.Contains(status))
                throw BadRequest($"Bad Request: the compute fleet status can only be set to {string.Join(" or ", allowed)} for {c.Scheduler} clusters.");
            if (c.Status is not ("CREATE_COMPLETE" or "UPDATE_COMPLETE" or "UPDATE_FAILED"))
                throw BadRequest($"Cluster '{c.Name}' is in '{c.Status}' state: the compute fleet cannot be changed.");
            c.ComputeFleetStatus = status;
            c.FleetUpdatedTime = DateTime.UtcNow;
            c.FleetPending = status.EndsWith("_REQUESTED") ? new Transition() : null;
            return new FakeResponse { Status = 204 };
        }

        private FakeResponse DescribeInstances(FakeRequest r, FakeCluster c)
        {
            var nodeType = r.Param("nodeType");
            var queue = r.Param("queueName");
            var all = new List<FakeClusterInstance>();
            if (c.HeadNode != null) all.Add(c.HeadNode);
            all.AddRange(c.ComputeNodes);
            all = all.Where(i => (nodeType == null || i.NodeType == nodeType) && (queue == null || i.QueueName == queue)).ToList();
            var (start, size) = Page(r, all.Count);
            var body = new Dictionary<string, object> { ["instances"] = all.Skip(start).Take(size).Select(i => Instance(i, true)).ToList() };
            AddToken(body, start, size, all.Count);
            return Ok(body);
        }

        private static Dictionary<string, List<string>> ParseLogFilters(FakeRequest r)
        {
            var result = new Dictionary<string, List<string>>();
            if (!r.Form.TryGetValue("filters", out var raw)) return result;
            foreach (var f in raw.SelectMany(x => x.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                var m = Regex.Match(f, "^Name=([^,]+),Values=(.+)$");
                if (!m.Success) throw BadRequest($"Bad Request: invalid filter '{f}': the format is 'Name=a,Values=1 Name=b,Values=2,3'.");
                var name = m.Groups[1].Value;
                if (name != "private-dns-name" && name != "node-type") throw BadRequest($"Bad Request: filter '{name}' is not supported.");
                result[name] = m.Groups[2].Value.Split(',').ToList();
            }
            if (result.TryGetValue("node-type", out var nt) && nt.Any(v => v != "HeadNode"))
                throw BadRequest("Bad Request: the only accepted value for filter node-type is HeadNode.");
            return result;
        }

        private FakeResponse ListLogStreams(FakeRequest r, FakeCluster c)
        {
            var filters = ParseLogFilters(r);
            var all = c.LogStreams.Where(kv =>
                (!filters.TryGetValue("private-dns-name", out var dns) || dns.Any(d => kv.Key.StartsWith(d + ".", StringComparison.Ordinal))) &&
                (!filters.ContainsKey("node-type") || (c.HeadNode != null && kv.Key.Contains("." + c.HeadNode.InstanceId + "."))))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            var (start, size) = Page(r, all.Count);
            var body = new Dictionary<string, object>
            {
                ["logStreams"] = all.Skip(start).Take(size).Select(kv => new Dictionary<string, object>
                {
                    ["logStreamName"] = kv.Key,
                    ["creationTime"] = Json.Iso(kv.Value.Count > 0 ? kv.Value[0].Timestamp : c.CreationTime),
                    ["firstEventTimestamp"] = Json.Iso(kv.Value.Count > 0 ? kv.Value[0].Timestamp : c.CreationTime),
                    ["lastEventTimestamp"] = Json.Iso(kv.Value.Count > 0 ? kv.Value[^1].Timestamp : c.CreationTime),
                    ["lastIngestionTime"] = Json.Iso(kv.Value.Count > 0 ? kv.Value[^1].Timestamp : c.CreationTime),
                    ["uploadSequenceToken"] = "49612345678901234567890123456789012345678901234567890",
                    ["logStreamArn"] = $"arn:aws:logs:{c.Region}:{c.StackArn.Split(':')[4]}:log-group:/aws/parallelcluster/{c.Name}-202401010000:log-stream:{kv.Key}",
                }).ToList(),
            };
            AddToken(body, start, size, all.Count);
            return Ok(body);
        }

        private static DateTime? Time(string s) =>
            s != null && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;

        private FakeResponse GetLogEvents(FakeRequest r, FakeCluster c, string stream)
        {
            if (!c.LogStreams.TryGetValue(stream, out var events))
                throw new FakeAwsError(404, "NotFoundException", $"Log stream '{stream}' does not exist for cluster '{c.Name}'.");
            lock (Lock)
                if (FailLogStreams.Contains(stream)) throw new FakeAwsError(500, "InternalServiceException", "Internal server error");
            return LogEventsPage(r, events);
        }

        private FakeResponse LogEventsPage(FakeRequest r, List<FakeLogEvent> events)
        {
            var from = Time(r.Param("startTime"));
            var to = Time(r.Param("endTime"));
            var list = events.Where(e => (from == null || e.Timestamp >= from) && (to == null || e.Timestamp < to)).ToList();
            int limit = Math.Min(LogEventsPageSize, int.TryParse(r.Param("limit"), out var l) ? Math.Clamp(l, 1, 10000) : 10000);
            bool head = r.Param("startFromHead") == "true";
            var token = r.Param("nextToken");
            int start;
            if (token != null)
            {
                var m = Regex.Match(token, "^([fb])/(\\d+)$");
                if (!m.Success) throw BadRequest("Bad Request: invalid nextToken");
                var pos = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                start = m.Groups[1].Value == "f" ? pos : Math.Max(0, pos - limit);
            }
            else start = head ? 0 : Math.Max(0, list.Count - limit);
            start = Math.Min(start, list.Count);
            var page = list.Skip(start).Take(limit).ToList();
            var body = new Dictionary<string, object>
            {
                ["events"] = page.Select(e => new Dictionary<string, object> { ["timestamp"] = Json.Iso(e.Timestamp), ["message"] = e.Message }).ToList(),
                ["nextToken"] = "f/" + (start + page.Count).ToString(CultureInfo.InvariantCulture),
                ["prevToken"] = "b/" + start.ToString(CultureInfo.InvariantCulture),
            };
            return Ok(body);
        }

        private FakeResponse StackEvents(FakeRequest r, FakeCluster c) => StackEventsPage(r, c.StackEvents);

        private FakeResponse StackEventsPage(FakeRequest r, List<FakeStackEvent> events)
        {
            var all = events.AsEnumerable().Reverse().ToList();
            var (start, size) = Page(r, all.Count);
            var body = new Dictionary<string, object>
            {
                ["events"] = all.Skip(start).Take(size).Select(e =>
                {
                    var d = new Dictionary<string, object>
                    {
                        ["stackId"] = e.StackId, ["eventId"] = e.EventId, ["stackName"] = e.StackName, ["logicalResourceId"] = e.LogicalResourceId,
                        ["physicalResourceId"] = e.PhysicalResourceId, ["resourceType"] = e.ResourceType, ["timestamp"] = Json.Iso(e.Timestamp),
                        ["resourceStatus"] = e.ResourceStatus,
                    };
                    if (e.ResourceStatusReason != null) d["resourceStatusReason"] = e.ResourceStatusReason;
                    return d;
                }).ToList(),
            };
            AddToken(body, start, size, all.Count);
            return Ok(body);
        }

        private FakeResponse ListOfficialImages(FakeRequest r, string region)
        {
            var os = r.Param("os");
            var arch = r.Param("architecture");
            var images = new List<Dictionary<string, object>>();
            int n = 0;
            foreach (var o in new[] { "alinux2", "alinux2023", "ubuntu2004", "ubuntu2204", "rhel8", "rhel9", "rocky8", "rocky9" })
                foreach (var a in new[] { "x86_64", "arm64" })
                {
                    n++;
                    if ((os != null && os != o) || (arch != null && arch != a)) continue;
                    images.Add(new Dictionary<string, object>
                    {
                        ["architecture"] = a,
                        ["amiId"] = "ami-0" + (region.Length * 7919 % 1000000).ToString("D6", CultureInfo.InvariantCulture) + n.ToString("D10", CultureInfo.InvariantCulture),
                        ["name"] = $"aws-parallelcluster-{Version}-{o}-hvm-{a}-202501010000 2025-01-01T00-00-00.000Z",
                        ["os"] = o,
                        ["version"] = Version,
                    });
                }
            return Ok(new Dictionary<string, object> { ["images"] = images });
        }
    }
}
