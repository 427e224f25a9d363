using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using PcHpc.Core.State;
using RemoteVpc = PcHpc.Core.Ports.Vpc;

namespace PcHpc.Tests.Core.Network
{
    /// <summary>
    /// In-memory CloudFormation: a created stack stays CREATE_IN_PROGRESS for <see cref="PollsToFinish"/> DescribeStacks
    /// calls, then completes (outputs filled with made-up ids) or, when <see cref="Fail"/> is set, rolls back with a
    /// CREATE_FAILED event for that resource followed by "cancelled" failures of the others.
    /// </summary>
    internal sealed class CloudFormationDouble : ICloudFormation
    {
        private sealed class Entry
        {
            public StackDescription Stack;
            public List<string> Resources = new List<string>();
            public List<StackEvent> Events = new List<StackEvent>(); // oldest first
            public int Polls;
            public JsonObject Template;
        }

        private readonly Dictionary<string, Entry> _stacks = new Dictionary<string, Entry>(StringComparer.Ordinal);
        private DateTime _clock = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public ConcurrentQueue<string> Calls { get; } = new ConcurrentQueue<string>();
        public int PollsToFinish { get; set; } = 2;
        public (string LogicalId, string Reason)? Fail { get; set; }
        public string DeleteFailure { get; set; }
        /// <summary>This many DescribeStacks calls for one stack fail as throttled (transient) before answers come again.</summary>
        public int ThrottleDescribes { get; set; }
        public List<CreateStackRequest> Created { get; } = new List<CreateStackRequest>();

        public bool Mutated => Calls.Any(c => c == "CreateStack" || c == "DeleteStack" || c == "UpdateStack");

        /// <summary>Adds a finished stack directly (a stack somebody else made, or one made earlier).</summary>
        public void AddStack(StackDescription stack)
        {
            lock (_stacks) _stacks[stack.StackName] = new Entry { Stack = stack };
        }

        public Task<string> CreateStackAsync(CreateStackRequest request, CancellationToken cancellationToken)
        {
            Calls.Enqueue("CreateStack");
            lock (_stacks)
            {
                if (_stacks.TryGetValue(request.StackName, out var old) && old.Stack.StackStatus != "DELETE_COMPLETE")
                    throw new PcHpcException(ErrorKind.AlreadyExists, "AlreadyExistsException", "Stack [" + request.StackName + "] already exists");
                Created.Add(request);
                var template = JsonNode.Parse(request.TemplateBody).AsObject();
                var id = "arn:aws:cloudformation:us-east-1:123456789012:stack/" + request.StackName + "/" + Guid.NewGuid();
                var e = new Entry
                {
                    Template = template,
                    Resources = template["Resources"].AsObject().Select(p => p.Key).ToList(),
                    Stack = new StackDescription
                    {
                        StackId = id,
                        StackName = request.StackName,
                        StackStatus = "CREATE_IN_PROGRESS",
                        Description = template["Description"]?.GetValue<string>(),
                        CreationTime = _clock,
                        Tags = request.Tags.ToList(),
                    },
                };
                AddEvent(e, request.StackName, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated");
                _stacks[request.StackName] = e;
                return Task.FromResult(id);
            }
        }

        public Task<string> UpdateStackAsync(UpdateStackRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeleteStackAsync(string stackNameOrId, CancellationToken cancellationToken)
        {
            Calls.Enqueue("DeleteStack");
            lock (_stacks)
            {
                var e = Find(stackNameOrId);
                if (e != null)
                {
                    e.Stack.StackStatus = "DELETE_IN_PROGRESS";
                    e.Polls = 0;
                }
            }
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<StackDescription>> DescribeStacksAsync(string stackNameOrId, CancellationToken cancellationToken)
        {
            Calls.Enqueue("DescribeStacks");
            lock (_stacks)
            {
                if (stackNameOrId != null && ThrottleDescribes > 0)
                {
                    ThrottleDescribes--;
                    throw new PcHpcException(ErrorKind.Throttled, "Throttling", "Rate exceeded") { Transient = true };
                }
                if (stackNameOrId == null)
                    return Task.FromResult<IReadOnlyList<StackDescription>>(_stacks.Values.Where(s => s.Stack.StackStatus != "DELETE_COMPLETE").Select(s => s.Stack).ToList());
                var e = Find(stackNameOrId);
                if (e == null || (e.Stack.StackStatus == "DELETE_COMPLETE" && !stackNameOrId.StartsWith("arn:", StringComparison.Ordinal)))
                    throw new PcHpcException(ErrorKind.NotFound, "ValidationError", "Stack with id " + stackNameOrId + " does not exist");
                Tick(e);
                return Task.FromResult<IReadOnlyList<StackDescription>>(new[] { e.Stack });
            }
        }

        public Task<IReadOnlyList<StackEvent>> DescribeStackEventsAsync(string stackNameOrId, CancellationToken cancellationToken)
        {
            Calls.Enqueue("DescribeStackEvents");
            lock (_stacks)
            {
                var e = Find(stackNameOrId) ?? throw new PcHpcException(ErrorKind.NotFound, "ValidationError", "Stack with id " + stackNameOrId + " does not exist");
                return Task.FromResult<IReadOnlyList<StackEvent>>(Enumerable.Reverse(e.Events).ToList());
            }
        }

        public Task<IReadOnlyList<StackEvent>> DescribeStackResourcesAsync(string stackNameOrId, CancellationToken cancellationToken)
        {
            Calls.Enqueue("DescribeStackResources");
            lock (_stacks)
            {
                var e = Find(stackNameOrId) ?? throw new PcHpcException(ErrorKind.NotFound, "ValidationError", "Stack with id " + stackNameOrId + " does not exist");
                return Task.FromResult<IReadOnlyList<StackEvent>>(e.Resources.Select(r => new StackEvent { LogicalResourceId = r, StackName = e.Stack.StackName }).ToList());
            }
        }

        public Task<IReadOnlyList<StackSummary>> ListStacksAsync(IEnumerable<string> statusFilter, CancellationToken cancellationToken) =>
            throw new NotSupportedException("ListStacks has no tags; the service must use DescribeStacks.");

        private Entry Find(string nameOrId) =>
            _stacks.Values.FirstOrDefault(s => s.Stack.StackName == nameOrId || s.Stack.StackId == nameOrId);

        private void Tick(Entry e)
        {
            var status = e.Stack.StackStatus;
            if (status == "CREATE_IN_PROGRESS" && e.Template != null)
            {
                e.Polls++;
                int half = e.Resources.Count / 2;
                if (e.Polls == 1)
                    foreach (var r in e.Resources.Take(half)) AddEvent(e, r, TypeOf(e, r), "CREATE_COMPLETE", null);
                if (e.Polls < PollsToFinish) return;
                if (Fail is (string failId, string reason))
                {
                    AddEvent(e, failId, TypeOf(e, failId), "CREATE_FAILED", reason);
                    foreach (var r in e.Resources.Skip(half).Where(r => r != failId)) AddEvent(e, r, TypeOf(e, r), "CREATE_FAILED", "Resource creation cancelled");
                    AddEvent(e, e.Stack.StackName, "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [" + failId + "].");
                    AddEvent(e, e.Stack.StackName, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", null);
                    e.Stack.StackStatus = "ROLLBACK_COMPLETE";
                    e.Stack.StackStatusReason = null;
                    return;
                }
                foreach (var r in e.Resources.Skip(half)) AddEvent(e, r, TypeOf(e, r), "CREATE_COMPLETE", null);
                AddEvent(e, e.Stack.StackName, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null);
                e.Stack.StackStatus = "CREATE_COMPLETE";
                e.Stack.Outputs = Outputs(e.Template);
            }
            else if (status == "DELETE_IN_PROGRESS")
            {
                e.Polls++;
                if (e.Polls < PollsToFinish) return;
                if (DeleteFailure != null)
                {
                    AddEvent(e, "Vpc", "AWS::EC2::VPC", "DELETE_FAILED", DeleteFailure);
                    e.Stack.StackStatus = "DELETE_FAILED";
                    return;
                }
                foreach (var r in e.Resources) AddEvent(e, r, TypeOf(e, r), "DELETE_COMPLETE", null);
                e.Stack.StackStatus = "DELETE_COMPLETE";
            }
        }

        private static string TypeOf(Entry e, string logicalId) => e.Template?["Resources"]?[logicalId]?["Type"]?.GetValue<string>() ?? "AWS::EC2::Unknown";

        private void AddEvent(Entry e, string logicalId, string type, string status, string reason)
        {
            _clock = _clock.AddSeconds(1);
            e.Events.Add(new StackEvent
            {
                StackId = e.Stack?.StackId,
                StackName = e.Stack?.StackName ?? logicalId,
                EventId = Guid.NewGuid().ToString(),
                LogicalResourceId = logicalId,
                ResourceType = type,
                ResourceStatus = status,
                ResourceStatusReason = reason,
                Timestamp = _clock,
            });
        }

        /// <summary>Evaluates the network template's outputs with made-up physical ids.</summary>
        internal static Dictionary<string, string> Outputs(JsonObject template)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var o in template["Outputs"].AsObject())
                result[o.Key] = Eval(o.Value["Value"]);
            return result;
        }

        internal const string VpcId = "vpc-0abc0000000000000";
        internal static string Pub(int i) => "subnet-0a" + i.ToString("x15");
        internal static string Prv(int i) => "subnet-0b" + i.ToString("x15");
        internal const string StorageGroup = "sg-05000000000000000";
        internal const string SshGroup = "sg-05500000000000000";

        internal static string PhysicalId(string logicalId) =>
            logicalId == "Vpc" ? VpcId :
            logicalId.StartsWith("PublicSubnet", StringComparison.Ordinal) ? Pub(int.Parse(logicalId.Substring("PublicSubnet".Length))) :
            logicalId.StartsWith("PrivateSubnet", StringComparison.Ordinal) ? Prv(int.Parse(logicalId.Substring("PrivateSubnet".Length))) :
            logicalId == "SshSecurityGroup" ? SshGroup :
            logicalId.EndsWith("SecurityGroup", StringComparison.Ordinal) ? StorageGroup :
            logicalId.ToLowerInvariant() + "-1";

        private static string Eval(JsonNode node)
        {
            if (node is JsonValue v) return v.GetValue<string>();
            var obj = node.AsObject();
            if (obj["Ref"] != null) return PhysicalId(obj["Ref"].GetValue<string>());
            if (obj["Fn::GetAtt"] != null) return PhysicalId(obj["Fn::GetAtt"][0].GetValue<string>());
            if (obj["Fn::Join"] != null)
            {
                var args = obj["Fn::Join"].AsArray();
                return string.Join(args[0].GetValue<string>(), args[1].AsArray().Select(Eval));
            }
            throw new NotSupportedException(node.ToJsonString());
        }
    }

    /// <summary>In-memory EC2: zones, VPCs and instances set by the test; every call is logged.</summary>
    internal sealed class Ec2Double : IEc2
    {
        public ConcurrentQueue<string> Calls { get; } = new ConcurrentQueue<string>();
        public List<AvailabilityZone> Zones { get; } = new List<AvailabilityZone>
        {
            new AvailabilityZone { ZoneName = "us-east-1c", State = "available", ZoneType = "availability-zone" },
            new AvailabilityZone { ZoneName = "us-east-1a", State = "available", ZoneType = "availability-zone" },
            new AvailabilityZone { ZoneName = "us-east-1b", State = "impaired", ZoneType = "availability-zone" },
            new AvailabilityZone { ZoneName = "us-east-1-bos-1a", State = "available", ZoneType = "local-zone" },
            new AvailabilityZone { ZoneName = "us-east-1d", State = "available", ZoneType = "availability-zone" },
        };
        public List<RemoteVpc> Vpcs { get; } = new List<RemoteVpc>();
        public List<Instance> Instances { get; } = new List<Instance>();
        public List<IList<Ec2Filter>> InstanceFilters { get; } = new List<IList<Ec2Filter>>();

        public Task<IReadOnlyList<RemoteVpc>> DescribeVpcsAsync(IEnumerable<string> vpcIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            Calls.Enqueue("DescribeVpcs");
            return Task.FromResult<IReadOnlyList<RemoteVpc>>(Vpcs.ToList());
        }

        public Task<IReadOnlyList<AvailabilityZone>> DescribeAvailabilityZonesAsync(IEnumerable<string> zoneNames, IEnumerable<Ec2Filter> filters, bool allAvailabilityZones, CancellationToken cancellationToken)
        {
            Calls.Enqueue("DescribeAvailabilityZones");
            return Task.FromResult<IReadOnlyList<AvailabilityZone>>(Zones.ToList());
        }

        public Task<IReadOnlyList<Instance>> DescribeInstancesAsync(IEnumerable<string> instanceIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken)
        {
            Calls.Enqueue("DescribeInstances");
            var list = (filters ?? Enumerable.Empty<Ec2Filter>()).ToList();
            InstanceFilters.Add(list);
            IEnumerable<Instance> result = Instances;
            foreach (var f in list)
                if (f.Name == "subnet-id") result = result.Where(i => f.Values.Contains(i.SubnetId));
            return Task.FromResult<IReadOnlyList<Instance>>(result.ToList());
        }

        public Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(IEnumerable<string> subnetIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<InstanceTypeInfo>> DescribeInstanceTypesAsync(IEnumerable<string> instanceTypes, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<KeyPair>> DescribeKeyPairsAsync(IEnumerable<string> keyNames, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<SecurityGroup>> DescribeSecurityGroupsAsync(IEnumerable<string> groupIds, IEnumerable<Ec2Filter> filters, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>A state store in a temporary folder, deleted on dispose.</summary>
    internal sealed class TempStore : IDisposable
    {
        public TempStore()
        {
            Root = Path.Combine(Path.GetTempPath(), "pchpc-vpc-" + Guid.NewGuid().ToString("N"));
            Store = StateStore.Open(Root);
        }

        public string Root { get; }
        public StateStore Store { get; }

        public void Dispose()
        {
            try { Directory.Delete(Root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Collects what the engine reports.</summary>
    internal sealed class RecordingSink : IActivitySink
    {
        public ConcurrentQueue<ProgressUpdate> Progress { get; } = new ConcurrentQueue<ProgressUpdate>();
        public ConcurrentQueue<string> Warnings { get; } = new ConcurrentQueue<string>();
        public ConcurrentQueue<string> VerboseLines { get; } = new ConcurrentQueue<string>();
        public void Verbose(string message) => VerboseLines.Enqueue(message);
        public void Debug(string message) { }
        public void Warning(string message) => Warnings.Enqueue(message);
        void IActivitySink.Progress(ProgressUpdate update) => Progress.Enqueue(update);
    }
}
