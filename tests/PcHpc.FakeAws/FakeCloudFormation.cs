using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PcHpc.FakeAws
{
    /// <summary>A stack event as stored by the fake.</summary>
    public sealed record FakeStackEvent(string EventId, string StackId, string StackName, string LogicalResourceId,
        string PhysicalResourceId, string ResourceType, string ResourceStatus, string ResourceStatusReason, DateTime Timestamp);

    public sealed class FakeStackResource
    {
        public string LogicalId { get; init; }
        public string Type { get; init; }
        public string PhysicalId { get; set; }
        public string Status { get; set; }
        public string StatusReason { get; set; }
        public DateTime Timestamp { get; set; }
        public JsonObject Properties { get; set; }
    }

    /// <summary>A stack as stored by the fake (read it under <see cref="FakeCloudFormation.Lock"/>).</summary>
    public sealed class FakeStack
    {
        public string StackId { get; init; }
        public string StackName { get; init; }
        public string Region { get; init; }
        public string Account { get; init; }
        /// <summary>The CreateStack request's ClientRequestToken (null when none was sent).</summary>
        public string ClientRequestToken { get; init; }
        public string Status { get; set; }
        public string StatusReason { get; set; }
        public string Description { get; set; }
        public DateTime CreationTime { get; init; }
        public DateTime? LastUpdatedTime { get; set; }
        public DateTime? DeletionTime { get; set; }
        public bool DisableRollback { get; set; }
        public string OnFailure { get; set; }
        public string TemplateBody { get; set; }
        public JsonObject Template { get; set; }
        public Dictionary<string, string> Parameters { get; set; } = new();
        public List<KeyValuePair<string, string>> Tags { get; set; } = new();
        public List<string> Capabilities { get; set; } = new();
        public Dictionary<string, string> Outputs { get; set; } = new();
        public List<FakeStackResource> Resources { get; set; } = new();
        public List<FakeStackEvent> Events { get; } = new();
        internal Transition Pending { get; set; }
        internal List<FakeStackResource> Removed { get; set; } = new();
    }

    /// <summary>
    /// Fake CloudFormation (query protocol, 2010-05-15). Stacks move from *_IN_PROGRESS to their next state after
    /// <see cref="FakeKnobs.TransitionPolls"/> DescribeStacks/ListStacks calls (or <see cref="FakeKnobs.TransitionDelay"/>).
    /// </summary>
    public sealed class FakeCloudFormation
    {
        public const string Namespace = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
        private readonly FakeAwsServer _server;
        private readonly List<FakeStack> _stacks = new();
        private readonly Dictionary<(string Stack, string Resource), string> _failures = new();
        private readonly Random _random = new Random(42);
        private long _eventTicks;

        internal FakeCloudFormation(FakeAwsServer server) { _server = server; }

        /// <summary>The lock guarding all stack state.</summary>
        public object Lock { get; } = new object();

        /// <summary>Knob: the next creation of <paramref name="stackName"/> fails at <paramref name="logicalResourceId"/> with <paramref name="reason"/>.</summary>
        public void FailResource(string stackName, string logicalResourceId, string reason)
        {
            lock (Lock) _failures[(stackName, logicalResourceId)] = reason;
        }

        /// <summary>Snapshot of all stacks (including deleted ones).</summary>
        public IReadOnlyList<FakeStack> Stacks { get { lock (Lock) return _stacks.ToList(); } }

        public FakeStack Find(string nameOrId) { lock (Lock) return FindLocked(nameOrId, null); }

        private FakeStack FindLocked(string nameOrId, string region)
        {
            if (nameOrId == null) return null;
            if (nameOrId.StartsWith("arn:", StringComparison.Ordinal))
                return _stacks.FirstOrDefault(s => s.StackId == nameOrId);
            return _stacks.LastOrDefault(s => s.StackName == nameOrId && s.Status != "DELETE_COMPLETE" && (region == null || s.Region == region));
        }

        internal FakeResponse Handle(FakeRequest r)
        {
            var sb = new StringBuilder();
            lock (Lock)
            {
                switch (r.Action)
                {
                    case "CreateStack": CreateStack(r, sb); break;
                    case "UpdateStack": UpdateStack(r, sb); break;
                    case "DeleteStack": DeleteStack(r); break;
                    case "DescribeStacks": DescribeStacks(r, sb); break;
                    case "DescribeStackEvents": DescribeStackEvents(r, sb); break;
                    case "DescribeStackResources": DescribeStackResources(r, sb); break;
                    case "ListStacks": ListStacks(r, sb); break;
                    case "GetTemplate":
                    {
                        var s = Require(r, r.Param("StackName"));
                        Xml.E(sb, "TemplateBody", s.TemplateBody);
                        break;
                    }
                    default:
                        throw new FakeAwsError(400, "InvalidAction", $"Could not find operation {r.Action} for version 2010-05-15");
                }
            }
            if (r.Action == "DeleteStack")
                return new FakeResponse
                {
                    ContentType = "text/xml",
                    Body = $"<DeleteStackResponse xmlns=\"{Namespace}\">\n  <ResponseMetadata>\n    <RequestId>{r.RequestId}</RequestId>\n  </ResponseMetadata>\n</DeleteStackResponse>\n",
                };
            return FakeSts.QueryResponse(Namespace, r.Action, sb.ToString(), r.RequestId);
        }

        private FakeStack Require(FakeRequest r, string nameOrId)
        {
            var s = FindLocked(nameOrId, r.Region);
            if (s == null) throw new FakeAwsError(400, "ValidationError", $"Stack with id {nameOrId} does not exist");
            return s;
        }

        private static Dictionary<string, string> ParametersOf(FakeRequest r, Dictionary<string, string> previous)
        {
            var p = new Dictionary<string, string>();
            for (int i = 1; ; i++)
            {
                var key = r.Param($"Parameters.member.{i}.ParameterKey");
                if (key == null) break;
                if (r.Param($"Parameters.member.{i}.UsePreviousValue") == "true" && previous != null && previous.TryGetValue(key, out var old))
                    p[key] = old;
                else
                    p[key] = r.Param($"Parameters.member.{i}.ParameterValue") ?? "";
            }
            return p;
        }

        private static List<KeyValuePair<string, string>> TagsOf(FakeRequest r)
        {
            var t = new List<KeyValuePair<string, string>>();
            for (int i = 1; ; i++)
            {
                var key = r.Param($"Tags.member.{i}.Key");
                if (key == null) break;
                t.Add(new(key, r.Param($"Tags.member.{i}.Value") ?? ""));
            }
            return t;
        }

        /// <summary>
        /// CreateStack with TemplateURL, as CloudFormation takes it: the URL must be an S3 object URL. Offline, the only
        /// objects the fake "has" are the official ParallelCluster API templates
        /// (https://{region}-aws-parallelcluster.s3.{region}.amazonaws.com/parallelcluster/{version}/api/parallelcluster-api.yaml):
        /// they become a stand-in stack whose outputs point at this server's ParallelCluster API and a user role.
        /// </summary>
        private string TemplateFromUrl(string url, string region, string account)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "https" || !uri.Host.EndsWith(".amazonaws.com", StringComparison.Ordinal) || !uri.Host.Contains(".s3"))
                throw new FakeAwsError(400, "ValidationError", "TemplateURL must be a supported URL.");
            var official = System.Text.RegularExpressions.Regex.Match(url, @"^https://([a-z0-9-]+)-aws-parallelcluster\.s3\.([a-z0-9-]+)\.amazonaws\.com/parallelcluster/(\d+\.\d+\.\d+)/api/parallelcluster-api\.yaml$");
            if (!official.Success)
                throw new FakeAwsError(400, "ValidationError", "S3 error: Access Denied");
            return "{\"Description\":\"AWS ParallelCluster API " + official.Groups[3].Value + " (fake stand-in)\"," +
                   "\"Resources\":{\"ApiUserRole\":{\"Type\":\"AWS::IAM::Role\",\"Properties\":{\"RoleName\":\"ParallelClusterApiUserRole\"}}}," +
                   "\"Outputs\":{\"ParallelClusterApiInvokeUrl\":{\"Value\":\"" + _server.ParallelClusterInvokeUrl + "\"}," +
                   "\"ParallelClusterApiUserRole\":{\"Value\":\"arn:aws:iam::" + account + ":role/ParallelClusterApiUserRole-" + region + "\"}}}";
        }

        private static JsonObject ParseTemplate(string body)
        {
            if (string.IsNullOrWhiteSpace(body))
                throw new FakeAwsError(400, "ValidationError", "Either Template URL or Template Body must be specified.");
            JsonNode node;
            try
            {
                node = body.TrimStart().StartsWith("{") ? JsonNode.Parse(body) : YamlTemplate.ToJson(body);
            }
            catch (Exception e) when (e is JsonException || e is YamlDotNet.Core.YamlException)
            {
                throw new FakeAwsError(400, "ValidationError", "Template format error: " + (body.TrimStart().StartsWith("{") ? "JSON not well-formed." : "YAML not well-formed."));
            }
            if (node is not JsonObject obj || obj["Resources"] is not JsonObject res || res.Count == 0)
                throw new FakeAwsError(400, "ValidationError", "Template format error: At least one Resources member must be defined.");
            return obj;
        }

        private static Dictionary<string, string> ResolveParameters(JsonObject template, Dictionary<string, string> given)
        {
            var declared = template["Parameters"] as JsonObject ?? new JsonObject();
            var unknown = given.Keys.Where(k => !declared.ContainsKey(k)).ToList();
            if (unknown.Count > 0)
                throw new FakeAwsError(400, "ValidationError", $"Parameters: [{string.Join(", ", unknown)}] do not exist in the template");
            var result = new Dictionary<string, string>();
            var missing = new List<string>();
            foreach (var kv in declared)
            {
                if (given.TryGetValue(kv.Key, out var v)) result[kv.Key] = v;
                else if (kv.Value?["Default"] is JsonNode d) result[kv.Key] = d is JsonValue ? d.ToString() : string.Join(",", d.AsArray().Select(x => x.ToString()));
                else missing.Add(kv.Key);
            }
            if (missing.Count > 0)
                throw new FakeAwsError(400, "ValidationError", $"Parameters: [{string.Join(", ", missing)}] must have values");
            return result;
        }

        private static void CheckCapabilities(JsonObject template, List<string> capabilities)
        {
            var res = (JsonObject)template["Resources"];
            bool named = res.Any(kv => (kv.Value?["Type"]?.ToString() ?? "").StartsWith("AWS::IAM::") && kv.Value?["Properties"]?["RoleName"] != null);
            bool iam = res.Any(kv => (kv.Value?["Type"]?.ToString() ?? "").StartsWith("AWS::IAM::"));
            if (named && !capabilities.Contains("CAPABILITY_NAMED_IAM"))
                throw new FakeAwsError(400, "InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_NAMED_IAM]");
            if (iam && !capabilities.Contains("CAPABILITY_IAM") && !capabilities.Contains("CAPABILITY_NAMED_IAM"))
                throw new FakeAwsError(400, "InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]");
        }

        private void CreateStack(FakeRequest r, StringBuilder sb)
        {
            var name = r.Param("StackName");
            if (string.IsNullOrEmpty(name) || !System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-zA-Z][-a-zA-Z0-9]{0,127}$"))
                throw new FakeAwsError(400, "ValidationError", $"1 validation error detected: Value '{name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
            var existing = FindLocked(name, r.Region);
            var token = r.Param("ClientRequestToken");
            if (!string.IsNullOrEmpty(token) && !System.Text.RegularExpressions.Regex.IsMatch(token, "^[a-zA-Z0-9][-a-zA-Z0-9]{0,127}$"))
                throw new FakeAwsError(400, "ValidationError", $"1 validation error detected: Value '{token}' at 'clientRequestToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-Z0-9]*");
            if (existing != null && !string.IsNullOrEmpty(token) && existing.ClientRequestToken == token)
            {
                // The same request again (its answer was lost): CloudFormation knows it by its token.
                Xml.E(sb, "StackId", existing.StackId);
                return;
            }
            if (existing != null)
                throw new FakeAwsError(400, "AlreadyExistsException", $"Stack [{name}] already exists");
            var body = r.Param("TemplateBody");
            var url = r.Param("TemplateURL");
            if (!string.IsNullOrEmpty(body) && !string.IsNullOrEmpty(url))
                throw new FakeAwsError(400, "ValidationError", "Specify either TemplateBody or TemplateURL, not both.");
            if (string.IsNullOrEmpty(body) && !string.IsNullOrEmpty(url)) body = TemplateFromUrl(url, r.Region, _server.Sts.IdentityFor(r.AccessKey).Account);
            var template = ParseTemplate(body);
            var capabilities = FakeAwsServer.Members(r, "Capabilities.member");
            CheckCapabilities(template, capabilities);
            var parameters = ResolveParameters(template, ParametersOf(r, null));
            var account = _server.Sts.IdentityFor(r.AccessKey).Account;
            var stack = new FakeStack
            {
                StackId = $"arn:aws:cloudformation:{r.Region}:{account}:stack/{name}/{Guid.NewGuid()}",
                StackName = name,
                Region = r.Region,
                Account = account,
                Status = "CREATE_IN_PROGRESS",
                StatusReason = "User Initiated",
                CreationTime = DateTime.UtcNow,
                DisableRollback = r.Param("DisableRollback") == "true",
                OnFailure = r.Param("OnFailure") ?? "ROLLBACK",
                TemplateBody = body,
                Template = template,
                Description = template["Description"]?.ToString(),
                Parameters = parameters,
                Tags = TagsOf(r),
                Capabilities = capabilities,
                Pending = new Transition(),
                ClientRequestToken = token,
            };
            foreach (var kv in (JsonObject)template["Resources"])
            {
                var type = kv.Value?["Type"]?.ToString() ?? "AWS::CloudFormation::WaitConditionHandle";
                stack.Resources.Add(new FakeStackResource { LogicalId = kv.Key, Type = type, PhysicalId = MakePhysicalId(stack, kv.Key, type), Status = "CREATE_IN_PROGRESS" });
            }
            _stacks.Add(stack);
            AddEvent(stack, stack.StackName, stack.StackId, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated");
            Xml.E(sb, "StackId", stack.StackId);
        }

        private void UpdateStack(FakeRequest r, StringBuilder sb)
        {
            var stack = Require(r, r.Param("StackName"));
            if (stack.Status.EndsWith("_IN_PROGRESS") || stack.Status is "CREATE_FAILED" or "ROLLBACK_COMPLETE" or "ROLLBACK_FAILED" or "DELETE_FAILED")
                throw new FakeAwsError(400, "ValidationError", $"Stack:{stack.StackId} is in {stack.Status} state and can not be updated.");
            var body = r.Param("UsePreviousTemplate") == "true" ? stack.TemplateBody : r.Param("TemplateBody");
            var template = ParseTemplate(body);
            var capabilities = FakeAwsServer.Members(r, "Capabilities.member");
            CheckCapabilities(template, capabilities);
            var parameters = ResolveParameters(template, ParametersOf(r, stack.Parameters));
            var tags = r.Param("Tags.member.1.Key") != null ? TagsOf(r) : stack.Tags;
            bool sameTags = tags.SequenceEqual(stack.Tags);
            if (body == stack.TemplateBody && parameters.OrderBy(p => p.Key).SequenceEqual(stack.Parameters.OrderBy(p => p.Key)) && sameTags)
                throw new FakeAwsError(400, "ValidationError", "No updates are to be performed.");
            var oldResources = stack.Resources.ToDictionary(x => x.LogicalId);
            var newResources = new List<FakeStackResource>();
            foreach (var kv in (JsonObject)template["Resources"])
            {
                var type = kv.Value?["Type"]?.ToString() ?? "AWS::CloudFormation::WaitConditionHandle";
                if (oldResources.TryGetValue(kv.Key, out var existing) && existing.Type == type)
                {
                    existing.Status = "UPDATE_IN_PROGRESS";
                    newResources.Add(existing);
                }
                else
                    newResources.Add(new FakeStackResource { LogicalId = kv.Key, Type = type, PhysicalId = MakePhysicalId(stack, kv.Key, type), Status = "CREATE_IN_PROGRESS" });
            }
            stack.Removed = stack.Resources.Where(x => !newResources.Contains(x)).ToList();
            stack.Resources = newResources;
            stack.TemplateBody = body;
            stack.Template = template;
            stack.Parameters = parameters;
            stack.Tags = tags;
            stack.Capabilities = capabilities;
            stack.Status = "UPDATE_IN_PROGRESS";
            stack.StatusReason = "User Initiated";
            stack.LastUpdatedTime = DateTime.UtcNow;
            stack.Pending = new Transition();
            AddEvent(stack, stack.StackName, stack.StackId, "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated");
            Xml.E(sb, "StackId", stack.StackId);
        }

        private void DeleteStack(FakeRequest r)
        {
            var stack = FindLocked(r.Param("StackName"), r.Region);
            if (stack == null || stack.Status == "DELETE_COMPLETE" || stack.Status == "DELETE_IN_PROGRESS") return;
            stack.Status = "DELETE_IN_PROGRESS";
            stack.StatusReason = "User Initiated";
            stack.Pending = new Transition();
            AddEvent(stack, stack.StackName, stack.StackId, "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "User Initiated");
        }

        /// <summary>Moves every in-progress stack whose time has come.</summary>
        private void Tick(IEnumerable<FakeStack> stacks)
        {
            foreach (var s in stacks.ToList())
            {
                if (s.Pending == null || !_server.Due(s.Pending)) continue;
                s.Pending = null;
                Advance(s);
            }
        }

        private void Advance(FakeStack s)
        {
            switch (s.Status)
            {
                case "CREATE_IN_PROGRESS":
                {
                    string failed = null, reason = null;
                    foreach (var res in s.Resources)
                    {
                        if (failed != null)
                        {
                            res.Status = "CREATE_FAILED";
                            res.StatusReason = "Resource creation cancelled";
                            AddEvent(s, res.LogicalId, res.PhysicalId, res.Type, "CREATE_FAILED", "Resource creation cancelled");
                            continue;
                        }
                        AddEvent(s, res.LogicalId, "", res.Type, "CREATE_IN_PROGRESS", null);
                        if (_failures.TryGetValue((s.StackName, res.LogicalId), out var why))
                        {
                            _failures.Remove((s.StackName, res.LogicalId));
                            failed = res.LogicalId;
                            reason = why;
                            res.Status = "CREATE_FAILED";
                            res.StatusReason = why;
                            AddEvent(s, res.LogicalId, res.PhysicalId, res.Type, "CREATE_FAILED", why);
                            continue;
                        }
                        AddEvent(s, res.LogicalId, res.PhysicalId, res.Type, "CREATE_IN_PROGRESS", "Resource creation Initiated");
                        res.Status = "CREATE_COMPLETE";
                        res.Timestamp = DateTime.UtcNow;
                        Materialize(s, res);
                        AddEvent(s, res.LogicalId, res.PhysicalId, res.Type, "CREATE_COMPLETE", null);
                    }
                    if (failed == null)
                    {
                        s.Outputs = EvaluateOutputs(s);
                        s.Status = "CREATE_COMPLETE";
                        s.StatusReason = null;
                        AddEvent(s, s.StackName, s.StackId, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null);
                    }
                    else
                    {
                        var why = $"The following resource(s) failed to create: [{failed}]. ";
                        if (s.DisableRollback || s.OnFailure == "DO_NOTHING")
                        {
                            s.Status = "CREATE_FAILED";
                            s.StatusReason = why;
                            AddEvent(s, s.StackName, s.StackId, "AWS::CloudFormation::Stack", "CREATE_FAILED", why);
                        }
                        else if (s.OnFailure == "DELETE")
                        {
                            s.Status = "DELETE_IN_PROGRESS";
                            s.StatusReason = why + "Delete requested by user.";
                            AddEvent(s, s.StackName, s.StackId, "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", s.StatusReason);
                            s.Pending = new Transition();
                        }
                        else
                        {
                            s.Status = "ROLLBACK_IN_PROGRESS";
                            s.StatusReason = why + "Rollback requested by user.";
                            AddEvent(s, s.StackName, s.StackId, "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS", s.StatusReason);
                            s.Pending = new Transition();
                        }
                    }
                    break;
                }
                case "ROLLBACK_IN_PROGRESS":
                    DeleteResources(s, s.Resources);
                    s.Status = "ROLLBACK_COMPLETE";
                    AddEvent(s, s.StackName, s.StackId, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null);
                    break;
                case "UPDATE_IN_PROGRESS":
                    foreach (var res in s.Resources)
                    {
                        bool created = res.Status == "CREATE_IN_PROGRESS";
                        var verb = created ? "CREATE" : "UPDATE";
                        AddEvent(s, res.LogicalId, res.PhysicalId, res.Type, verb + "_IN_PROGRESS", null);
                        res.Status = verb + "_COMPLETE";
                        res.Timestamp = DateTime.UtcNow;
                        Materialize(s, res);
                        AddEvent(s, res.LogicalId, res.PhysicalId, res.Type, verb + "_COMPLETE", null);
                    }
                    DeleteResources(s, s.Removed);
                    s.Removed = new List<FakeStackResource>();
                    s.Outputs = EvaluateOutputs(s);
                    s.Status = "UPDATE_COMPLETE";
                    s.StatusReason = null;
                    AddEvent(s, s.StackName, s.StackId, "AWS::CloudFormation::Stack", "UPDATE_COMPLETE", null);
                    break;
                case "DELETE_IN_PROGRESS":
                    DeleteResources(s, s.Resources);
                    s.Status = "DELETE_COMPLETE";
                    s.StatusReason = null;
                    s.DeletionTime = DateTime.UtcNow;
                    AddEvent(s, s.StackName, s.StackId, "AWS::CloudFormation::Stack", "DELETE_COMPLETE", null);
                    break;
            }
        }

        private void DeleteResources(FakeStack s, IEnumerable<FakeStackResource> resources)
        {
            foreach (var res in resources.Reverse())
            {
                if (res.Status is "DELETE_COMPLETE") continue;
                bool existed = res.Status is "CREATE_COMPLETE" or "UPDATE_COMPLETE";
                AddEvent(s, res.LogicalId, res.PhysicalId, res.Type, "DELETE_IN_PROGRESS", null);
                if (existed) _server.Ec2.RemoveStackResource(s.Region, res.PhysicalId);
                res.Status = "DELETE_COMPLETE";
                AddEvent(s, res.LogicalId, res.PhysicalId, res.Type, "DELETE_COMPLETE", null);
            }
        }

        private void AddEvent(FakeStack s, string logicalId, string physicalId, string type, string status, string reason)
        {
            var t = DateTime.UtcNow;
            var ticks = System.Threading.Interlocked.Increment(ref _eventTicks);
            var stamp = s.Events.Count > 0 && s.Events[^1].Timestamp >= t ? s.Events[^1].Timestamp.AddMilliseconds(1) : t;
            var id = type == "AWS::CloudFormation::Stack" ? Guid.NewGuid().ToString() : $"{logicalId}-{status}-{stamp:yyyy-MM-ddTHH:mm:ss.fffZ}-{ticks}";
            s.Events.Add(new FakeStackEvent(id, s.StackId, s.StackName, logicalId, physicalId ?? "", type, status, reason, stamp));
        }

        private string Rand(int n, string chars = "0123456789abcdef")
        {
            var c = new char[n];
            for (int i = 0; i < n; i++) c[i] = chars[_random.Next(chars.Length)];
            return new string(c);
        }

        private string MakePhysicalId(FakeStack s, string logicalId, string type)
        {
            string prefix = type switch
            {
                "AWS::EC2::VPC" => "vpc-",
                "AWS::EC2::Subnet" => "subnet-",
                "AWS::EC2::SecurityGroup" => "sg-",
                "AWS::EC2::InternetGateway" => "igw-",
                "AWS::EC2::NatGateway" => "nat-",
                "AWS::EC2::RouteTable" => "rtb-",
                "AWS::EC2::EIP" => "eipalloc-",
                "AWS::EC2::VPCEndpoint" => "vpce-",
                "AWS::EC2::Instance" => "i-",
                "AWS::EC2::LaunchTemplate" => "lt-",
                "AWS::EC2::SubnetRouteTableAssociation" => "rtbassoc-",
                "AWS::EC2::NetworkAcl" => "acl-",
                "AWS::EC2::DHCPOptions" => "dopt-",
                "AWS::EC2::PlacementGroup" => null,
                _ => null,
            };
            if (prefix != null) return prefix + Rand(17);
            var name = $"{s.StackName}-{logicalId}-{Rand(12, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}";
            return type switch
            {
                "AWS::S3::Bucket" => name.ToLowerInvariant(),
                "AWS::SNS::Topic" or "AWS::SQS::Queue" => $"arn:aws:sns:{s.Region}:{s.Account}:{name}",
                _ => name,
            };
        }

        /// <summary>Registers VPCs, subnets and security groups with the fake EC2.</summary>
        private void Materialize(FakeStack s, FakeStackResource res)
        {
            var props = s.Template["Resources"]?[res.LogicalId]?["Properties"] as JsonObject ?? new JsonObject();
            var tags = new List<KeyValuePair<string, string>>(s.Tags)
            {
                new("aws:cloudformation:stack-name", s.StackName),
                new("aws:cloudformation:stack-id", s.StackId),
                new("aws:cloudformation:logical-id", res.LogicalId),
            };
            if (props["Tags"] is JsonArray tagArray)
                foreach (var t in tagArray)
                    tags.Add(new(Str(s, t?["Key"]), Str(s, t?["Value"])));
            switch (res.Type)
            {
                case "AWS::EC2::VPC":
                    _server.Ec2.AddVpc(new FakeVpc
                    {
                        VpcId = res.PhysicalId, Region = s.Region, OwnerId = s.Account,
                        CidrBlock = Str(s, props["CidrBlock"]) ?? "10.0.0.0/16", Tags = tags,
                    });
                    break;
                case "AWS::EC2::Subnet":
                    _server.Ec2.AddSubnet(new FakeSubnet
                    {
                        SubnetId = res.PhysicalId, Region = s.Region, OwnerId = s.Account,
                        VpcId = Str(s, props["VpcId"]),
                        CidrBlock = Str(s, props["CidrBlock"]) ?? "10.0.0.0/24",
                        AvailabilityZone = Str(s, props["AvailabilityZone"]) ?? s.Region + "a",
                        MapPublicIpOnLaunch = Str(s, props["MapPublicIpOnLaunch"]) == "true",
                        Tags = tags,
                    });
                    break;
                case "AWS::EC2::SecurityGroup":
                    var sg = new FakeSecurityGroup
                    {
                        GroupId = res.PhysicalId, Region = s.Region, OwnerId = s.Account,
                        GroupName = Str(s, props["GroupName"]) ?? $"{s.StackName}-{res.LogicalId}-{Rand(12, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}",
                        Description = Str(s, props["GroupDescription"]) ?? "",
                        VpcId = Str(s, props["VpcId"]),
                        Tags = tags,
                    };
                    if (props["SecurityGroupIngress"] is JsonArray ingress)
                        foreach (var rule in ingress)
                            sg.Ingress.Add(new FakeSgRule(Str(s, rule?["IpProtocol"]) ?? "-1",
                                int.TryParse(Str(s, rule?["FromPort"]), out var f) ? f : null,
                                int.TryParse(Str(s, rule?["ToPort"]), out var to) ? to : null,
                                Str(s, rule?["CidrIp"]), Str(s, rule?["SourceSecurityGroupId"])));
                    sg.Egress.Add(new FakeSgRule("-1", null, null, "0.0.0.0/0", null));
                    _server.Ec2.AddSecurityGroup(sg);
                    break;
            }
        }

        private string Str(FakeStack s, JsonNode node)
        {
            var v = Eval(s, node);
            return v switch
            {
                null => null,
                JsonValue jv => jv.TryGetValue<string>(out var str) ? str : jv.ToJsonString(),
                JsonArray a => string.Join(",", a.Select(x => x?.ToString())),
                _ => v.ToJsonString(),
            };
        }

        private Dictionary<string, string> EvaluateOutputs(FakeStack s)
        {
            var outputs = new Dictionary<string, string>();
            if (s.Template["Outputs"] is JsonObject o)
                foreach (var kv in o)
                {
                    try { outputs[kv.Key] = Str(s, kv.Value?["Value"]) ?? ""; }
                    catch (Exception) { outputs[kv.Key] = ""; }
                }
            return outputs;
        }

        /// <summary>Evaluates Ref / Fn::GetAtt / Fn::Join / Fn::Select / Fn::Sub / Fn::GetAZs / Fn::Split / literals.</summary>
        private JsonNode Eval(FakeStack s, JsonNode node)
        {
            if (node is JsonObject obj && obj.Count == 1)
            {
                var (fn, arg) = (obj.First().Key, obj.First().Value);
                switch (fn)
                {
                    case "Ref":
                    {
                        var name = arg?.ToString();
                        switch (name)
                        {
                            case "AWS::Region": return JsonValue.Create(s.Region);
                            case "AWS::StackName": return JsonValue.Create(s.StackName);
                            case "AWS::StackId": return JsonValue.Create(s.StackId);
                            case "AWS::AccountId": return JsonValue.Create(s.Account);
                            case "AWS::Partition": return JsonValue.Create("aws");
                            case "AWS::URLSuffix": return JsonValue.Create("amazonaws.com");
                            case "AWS::NoValue": return null;
                        }
                        if (s.Parameters.TryGetValue(name ?? "", out var p))
                        {
                            var type = s.Template["Parameters"]?[name]?["Type"]?.ToString() ?? "String";
                            if (type.StartsWith("List<") || type == "CommaDelimitedList")
                                return new JsonArray(p.Split(',').Select(x => (JsonNode)JsonValue.Create(x.Trim())).ToArray());
                            return JsonValue.Create(p);
                        }
                        var res = s.Resources.FirstOrDefault(x => x.LogicalId == name);
                        return res != null ? JsonValue.Create(res.PhysicalId) : null;
                    }
                    case "Fn::GetAtt":
                    {
                        string logical, attr;
                        if (arg is JsonArray ga) { logical = ga[0]?.ToString(); attr = ga[1]?.ToString(); }
                        else { var t = arg?.ToString() ?? ""; var dot = t.IndexOf('.'); logical = t[..Math.Max(dot, 0)]; attr = t[(dot + 1)..]; }
                        var res = s.Resources.FirstOrDefault(x => x.LogicalId == logical);
                        if (res == null) return null;
                        var props = s.Template["Resources"]?[logical]?["Properties"];
                        return JsonValue.Create(attr switch
                        {
                            "CidrBlock" => Str(s, props?["CidrBlock"]),
                            "DefaultSecurityGroup" => "sg-" + res.PhysicalId.Replace("vpc-", "").PadRight(17, '0')[..17],
                            "AvailabilityZone" => Str(s, props?["AvailabilityZone"]) ?? s.Region + "a",
                            "GroupId" or "VpcId" when res.Type == "AWS::EC2::SecurityGroup" => attr == "GroupId" ? res.PhysicalId : Str(s, props?["VpcId"]),
                            "SubnetId" or "RouteTableId" or "InternetGatewayId" or "AllocationId" => res.PhysicalId,
                            "PublicIp" => "3.80." + (res.PhysicalId.Length % 200) + ".10",
                            "Arn" => $"arn:aws:{res.Type.Split("::")[1].ToLowerInvariant()}:{s.Region}:{s.Account}:{res.PhysicalId}",
                            _ => res.PhysicalId,
                        });
                    }
                    case "Fn::Join":
                    {
                        var a = arg as JsonArray;
                        var sep = a?[0]?.ToString() ?? "";
                        var items = Eval(s, a?[1]) as JsonArray ?? new JsonArray();
                        return JsonValue.Create(string.Join(sep, items.Select(x => x is JsonValue v && v.TryGetValue<string>(out var str) ? str : x?.ToJsonString())));
                    }
                    case "Fn::Select":
                    {
                        var a = arg as JsonArray;
                        var index = int.Parse(Str(s, a?[0]) ?? "0");
                        var list = Eval(s, a?[1]) as JsonArray;
                        return list != null && index < list.Count ? list[index]?.DeepClone() : null;
                    }
                    case "Fn::Split":
                    {
                        var a = arg as JsonArray;
                        var text = Str(s, a?[1]) ?? "";
                        return new JsonArray(text.Split(a?[0]?.ToString() ?? ",").Select(x => (JsonNode)JsonValue.Create(x)).ToArray());
                    }
                    case "Fn::GetAZs":
                        return new JsonArray(_server.Ec2.ZoneNames(s.Region).Select(x => (JsonNode)JsonValue.Create(x)).ToArray());
                    case "Fn::Sub":
                    {
                        string text; JsonObject vars = null;
                        if (arg is JsonArray sa) { text = sa[0]?.ToString(); vars = sa[1] as JsonObject; }
                        else text = arg?.ToString();
                        return JsonValue.Create(System.Text.RegularExpressions.Regex.Replace(text ?? "", @"\$\{([^}!]+)\}", m =>
                        {
                            var key = m.Groups[1].Value;
                            if (vars != null && vars[key] != null) return Str(s, vars[key]);
                            if (key.Contains('.') && !key.StartsWith("AWS::"))
                                return Str(s, new JsonObject { ["Fn::GetAtt"] = JsonValue.Create(key) });
                            return Str(s, new JsonObject { ["Ref"] = key });
                        }));
                    }
                }
            }
            if (node is JsonArray arr)
                return new JsonArray(arr.Select(x => Eval(s, x)?.DeepClone()).ToArray());
            return node;
        }

        private void DescribeStacks(FakeRequest r, StringBuilder sb)
        {
            var name = r.Param("StackName");
            List<FakeStack> stacks;
            if (name != null)
            {
                var s = Require(r, name);
                Tick(new[] { s });
                stacks = new List<FakeStack> { s };
            }
            else
            {
                Tick(_stacks.Where(x => x.Region == r.Region));
                stacks = _stacks.Where(x => x.Region == r.Region && x.Status != "DELETE_COMPLETE").ToList();
            }
            Xml.E(sb, "Stacks", b =>
            {
                foreach (var s in stacks)
                    Xml.E(b, "member", m =>
                    {
                        Xml.E(m, "StackId", s.StackId);
                        Xml.E(m, "StackName", s.StackName);
                        Xml.E(m, "Description", s.Description);
                        Xml.E(m, "Parameters", p =>
                        {
                            foreach (var kv in s.Parameters)
                                Xml.E(p, "member", x => { Xml.E(x, "ParameterKey", kv.Key); Xml.E(x, "ParameterValue", kv.Value); });
                        });
                        Xml.E(m, "CreationTime", Xml.Time(s.CreationTime));
                        if (s.LastUpdatedTime is DateTime lu) Xml.E(m, "LastUpdatedTime", Xml.Time(lu));
                        if (s.DeletionTime is DateTime dt) Xml.E(m, "DeletionTime", Xml.Time(dt));
                        Xml.E(m, "RollbackConfiguration", _ => { });
                        Xml.E(m, "StackStatus", s.Status);
                        Xml.E(m, "StackStatusReason", s.StatusReason);
                        Xml.E(m, "DisableRollback", Xml.B(s.DisableRollback));
                        Xml.E(m, "NotificationARNs", _ => { });
                        if (s.Capabilities.Count > 0)
                            Xml.E(m, "Capabilities", c => { foreach (var cap in s.Capabilities) Xml.E(c, "member", cap); });
                        if (s.Outputs.Count > 0)
                            Xml.E(m, "Outputs", o =>
                            {
                                foreach (var kv in s.Outputs)
                                    Xml.E(o, "member", x =>
                                    {
                                        Xml.E(x, "OutputKey", kv.Key);
                                        Xml.E(x, "OutputValue", kv.Value);
                                        Xml.E(x, "Description", s.Template["Outputs"]?[kv.Key]?["Description"]?.ToString());
                                    });
                            });
                        Xml.E(m, "Tags", t =>
                        {
                            foreach (var kv in s.Tags)
                                Xml.E(t, "member", x => { Xml.E(x, "Key", kv.Key); Xml.E(x, "Value", kv.Value); });
                        });
                        Xml.E(m, "EnableTerminationProtection", "false");
                        Xml.E(m, "DriftInformation", d => Xml.E(d, "StackDriftStatus", "NOT_CHECKED"));
                    });
            });
        }

        private (int Start, int Size) Page(FakeRequest r, int total)
        {
            int start = 0;
            var token = r.Param("NextToken");
            if (token != null && (!token.StartsWith("page-") || !int.TryParse(token.AsSpan(5), out start) || start > total))
                throw new FakeAwsError(400, "ValidationError", "Invalid NextToken");
            return (start, Math.Max(1, _server.Knobs.CloudFormationPageSize));
        }

        private void DescribeStackEvents(FakeRequest r, StringBuilder sb)
        {
            var s = Require(r, r.Param("StackName"));
            var events = s.Events.AsEnumerable().Reverse().ToList();
            var (start, size) = Page(r, events.Count);
            var page = events.Skip(start).Take(size).ToList();
            Xml.E(sb, "StackEvents", b =>
            {
                foreach (var e in page)
                    Xml.E(b, "member", m =>
                    {
                        Xml.E(m, "StackId", e.StackId);
                        Xml.E(m, "EventId", e.EventId);
                        Xml.E(m, "StackName", e.StackName);
                        Xml.E(m, "LogicalResourceId", e.LogicalResourceId);
                        Xml.E(m, "PhysicalResourceId", e.PhysicalResourceId);
                        Xml.E(m, "ResourceType", e.ResourceType);
                        Xml.E(m, "Timestamp", Xml.Time(e.Timestamp));
                        Xml.E(m, "ResourceStatus", e.ResourceStatus);
                        Xml.E(m, "ResourceStatusReason", e.ResourceStatusReason);
                    });
            });
            if (start + size < events.Count) Xml.E(sb, "NextToken", "page-" + (start + size));
        }

        private void DescribeStackResources(FakeRequest r, StringBuilder sb)
        {
            var s = Require(r, r.Param("StackName"));
            var logical = r.Param("LogicalResourceId");
            Xml.E(sb, "StackResources", b =>
            {
                foreach (var res in s.Resources.Where(x => logical == null || x.LogicalId == logical))
                    Xml.E(b, "member", m =>
                    {
                        Xml.E(m, "StackName", s.StackName);
                        Xml.E(m, "StackId", s.StackId);
                        Xml.E(m, "LogicalResourceId", res.LogicalId);
                        Xml.E(m, "PhysicalResourceId", res.PhysicalId);
                        Xml.E(m, "ResourceType", res.Type);
                        Xml.E(m, "Timestamp", Xml.Time(res.Timestamp == default ? s.CreationTime : res.Timestamp));
                        Xml.E(m, "ResourceStatus", res.Status);
                        Xml.E(m, "ResourceStatusReason", res.StatusReason);
                        Xml.E(m, "DriftInformation", d => Xml.E(d, "StackResourceDriftStatus", "NOT_CHECKED"));
                    });
            });
        }

        private void ListStacks(FakeRequest r, StringBuilder sb)
        {
            Tick(_stacks.Where(x => x.Region == r.Region));
            var filter = FakeAwsServer.Members(r, "StackStatusFilter.member");
            var all = _stacks.Where(x => x.Region == r.Region && (filter.Count == 0 || filter.Contains(x.Status)))
                .OrderByDescending(x => x.CreationTime).ToList();
            var (start, size) = Page(r, all.Count);
            Xml.E(sb, "StackSummaries", b =>
            {
                foreach (var s in all.Skip(start).Take(size))
                    Xml.E(b, "member", m =>
                    {
                        Xml.E(m, "StackId", s.StackId);
                        Xml.E(m, "StackName", s.StackName);
                        Xml.E(m, "TemplateDescription", s.Description);
                        Xml.E(m, "CreationTime", Xml.Time(s.CreationTime));
                        if (s.LastUpdatedTime is DateTime lu) Xml.E(m, "LastUpdatedTime", Xml.Time(lu));
                        if (s.DeletionTime is DateTime dt) Xml.E(m, "DeletionTime", Xml.Time(dt));
                        Xml.E(m, "StackStatus", s.Status);
                        Xml.E(m, "StackStatusReason", s.StatusReason);
                        Xml.E(m, "DriftInformation", d => Xml.E(d, "StackDriftStatus", "NOT_CHECKED"));
                    });
            });
            if (start + size < all.Count) Xml.E(sb, "NextToken", "page-" + (start + size));
        }
    }

    /// <summary>Converts a YAML CloudFormation template (with !Ref, !GetAtt, !Sub... short forms) to JSON nodes.</summary>
    internal static class YamlTemplate
    {
        public static JsonNode ToJson(string yaml)
        {
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            stream.Load(new System.IO.StringReader(yaml));
            return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
        }

        private static JsonNode Convert(YamlDotNet.RepresentationModel.YamlNode node)
        {
            JsonNode value = node switch
            {
                YamlDotNet.RepresentationModel.YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
                    new KeyValuePair<string, JsonNode>(((YamlDotNet.RepresentationModel.YamlScalarNode)kv.Key).Value, Convert(kv.Value)))),
                YamlDotNet.RepresentationModel.YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
                YamlDotNet.RepresentationModel.YamlScalarNode sc => sc.Value == null ? null : JsonValue.Create(sc.Value),
                _ => null,
            };
            var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
            if (tag == null || !tag.StartsWith("!") || tag.StartsWith("!!")) return value;
            var fn = tag.Substring(1);
            if (fn == "Ref" || fn == "Condition") return new JsonObject { [fn] = value };
            if (fn == "GetAtt" && value is JsonValue gv)
            {
                var t = gv.ToString();
                var dot = t.IndexOf('.');
                return new JsonObject { ["Fn::GetAtt"] = new JsonArray(JsonValue.Create(t[..dot]), JsonValue.Create(t[(dot + 1)..])) };
            }
            return new JsonObject { ["Fn::" + fn] = value };
        }
    }
}
