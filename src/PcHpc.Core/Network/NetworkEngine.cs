using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using PcHpc.Core.Stacks;
using PcHpc.Core.State;
using PcHpc.Core.State.Records;

namespace PcHpc.Core.Network
{
    /// <summary>What New-HpcVpc found before creating anything: either the existing network, or a plan to create.</summary>
    public sealed class NetworkPreparation
    {
        /// <summary>The network that already exists with the same settings (nothing to create), or null.</summary>
        public Vpc Existing { get; internal set; }
        /// <summary>The plan of the network to create, when <see cref="Existing"/> is null.</summary>
        public NetworkPlan Plan { get; internal set; }

        /// <summary>One line for ShouldProcess / -WhatIf: what would be created.</summary>
        public string Describe() => Plan == null ? null : NetworkChecks.DescribePlan(Plan);
    }

    /// <summary>A cluster or instance still using a network's subnets.</summary>
    public sealed class NetworkUser
    {
        public string ClusterName { get; set; }
        public string InstanceId { get; set; }
        /// <summary>"state store" or "EC2".</summary>
        public string Source { get; set; }
    }

    /// <summary>
    /// The network lifecycle behind New-HpcVpc, Get-HpcVpc and Remove-HpcVpc: one CloudFormation stack per network,
    /// records in the state store. Works against the ports only; the cmdlets own ShouldProcess.
    /// </summary>
    public sealed class NetworkEngine
    {
        private readonly ICloudFormation _cfn;
        private readonly IEc2 _ec2;
        private readonly StateStore _store;
        private readonly string _region;
        private readonly IActivitySink _sink;

        public NetworkEngine(ICloudFormation cloudFormation, IEc2 ec2, StateStore store, string region, IActivitySink sink)
        {
            _cfn = cloudFormation ?? throw new ArgumentNullException(nameof(cloudFormation));
            _ec2 = ec2;
            _store = store;
            _region = region;
            _sink = sink ?? NullActivitySink.Instance;
        }

        public NetworkEngine(IAwsSession session, StateStore store, IActivitySink sink)
            : this(session?.CloudFormation, session?.Ec2, store, session?.Region, sink)
        {
        }

        /// <summary>Time between two DescribeStacks polls while waiting (default 5 s; tests use zero).</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Gives up waiting after this long (default 45 minutes).</summary>
        public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(45);


        /// <summary>
        /// Read-only work before creating: an existing stack of that name (returned when it matches, an error when it differs),
        /// the availability zones (unless pinned) and the region's VPC CIDR blocks for the overlap check.
        /// </summary>
        public async Task<NetworkPreparation> PrepareAsync(NetworkRequest request, CancellationToken cancellationToken)
        {
            NetworkChecks.ValidateOffline(request);
            var existing = await TryDescribeAsync(request.Name, cancellationToken).ConfigureAwait(false);
            if (existing != null)
            {
                _sink.Verbose("A stack named '" + request.Name + "' already exists (" + existing.StackStatus + "); comparing its settings with the request.");
                var vpc = NetworkIdempotency.ResolveExisting(request, existing);
                SaveRecord(vpc, null);
                return new NetworkPreparation { Existing = vpc };
            }

            var planned = NetworkRequest.Copy(request);
            if (planned.Region == null) planned.Region = _region;
            if (planned.AvailabilityZones == null || planned.AvailabilityZones.Count == 0)
            {
                if (_ec2 == null) throw new InvalidOperationException("EC2 is needed to choose availability zones.");
                var zones = await _ec2.DescribeAvailabilityZonesAsync(null, null, false, cancellationToken).ConfigureAwait(false);
                planned.AvailabilityZones = NetworkPlanner.ChooseAvailabilityZones(
                    zones.Select(z => new AvailabilityZoneInfo(z.ZoneName, z.State, z.ZoneType)), request.EffectiveAvailabilityZoneCount, _region).ToList();
                _sink.Verbose("Chose availability zones " + string.Join(", ", planned.AvailabilityZones.ToArray()) + ".");
            }
            if (_ec2 != null)
            {
                var vpcs = await _ec2.DescribeVpcsAsync(null, null, cancellationToken).ConfigureAwait(false);
                var cidrs = new List<string>(request.ExistingCidrBlocks ?? new List<string>());
                foreach (var v in vpcs)
                {
                    if (v.CidrBlocks != null) cidrs.AddRange(v.CidrBlocks.Where(c => !string.IsNullOrEmpty(c)));
                    if (!string.IsNullOrEmpty(v.CidrBlock)) cidrs.Add(v.CidrBlock);
                }
                // Networks still being created may have no VPC yet: their blocks are taken too.
                if (_store != null)
                    cidrs.AddRange(_store.Networks.List()
                        .Where(r => !r.Gone && r.Status == "CREATE_IN_PROGRESS" && !string.IsNullOrEmpty(r.CidrBlock)
                                    && string.Equals(r.Region, _region, StringComparison.Ordinal) && !string.Equals(r.Name, request.Name, StringComparison.Ordinal))
                        .Select(r => r.CidrBlock));
                planned.ExistingCidrBlocks = cidrs.Distinct(StringComparer.Ordinal).ToList();
                var chosen = planned.ChooseFreeCidrBlock();
                if (chosen != null) _sink.Verbose(chosen);
            }
            var plan = NetworkPlanner.Plan(planned);
            foreach (var w in plan.Warnings) _sink.Warning(w);
            return new NetworkPreparation { Plan = plan };
        }

        /// <summary>
        /// Creates the stack. Without <paramref name="wait"/> returns at once (status Creating); with it, reports progress from
        /// the stack events and returns the Ready network, or throws naming the first resource that failed and why.
        /// </summary>
        public async Task<Vpc> CreateAsync(NetworkPlan plan, bool wait, CancellationToken cancellationToken)
        {
            if (plan == null) throw new ArgumentNullException(nameof(plan));
            var definition = NetworkStackDefinition.From(plan);
            string stackId;
            try
            {
                stackId = await _cfn.CreateStackAsync(new CreateStackRequest
                {
                    StackName = definition.StackName,
                    TemplateBody = definition.TemplateBody,
                    Tags = definition.Tags.Select(t => new ResourceTag(t.Key, t.Value)).ToList(),
                    Capabilities = definition.Capabilities.ToList(),
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (PcHpcException ex) when (ex.Kind == ErrorKind.AlreadyExists)
            {
                // Someone created it between our check and our create: treat it like a re-run.
                var raced = await TryDescribeAsync(plan.StackName, cancellationToken).ConfigureAwait(false);
                if (raced == null) throw;
                var request = NetworkRequest.FromPlan(plan);
                var vpc = NetworkIdempotency.ResolveExisting(request, raced);
                SaveRecord(vpc, null);
                return wait && vpc.Status != VpcStatus.Ready ? await WaitForCreateAsync(plan.StackName, raced.StackId, definition.ResourceCount, cancellationToken).ConfigureAwait(false) : vpc;
            }
            _sink.Verbose("CreateStack accepted '" + plan.StackName + "' (" + stackId + ").");
            var creating = new Vpc
            {
                Name = plan.Name,
                Region = _region ?? plan.Region,
                Status = VpcStatus.Creating,
                StackId = stackId,
                StackStatus = "CREATE_IN_PROGRESS",
                CidrBlock = plan.VpcCidr.ToString(),
                AvailabilityZones = plan.Zones.Select(z => z.AvailabilityZone).ToArray(),
                NatGateway = plan.NatGateway,
                PrivateEndpoints = plan.PrivateEndpoints,
                CreatedTime = DateTime.UtcNow,
            };
            SaveRecord(creating, null);
            if (!wait) return creating;
            return await WaitForCreateAsync(plan.StackName, stackId, definition.ResourceCount, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Waits for a network stack to finish creating; returns it Ready or throws with the failing resource's reason.</summary>
        public async Task<Vpc> WaitForCreateAsync(string name, string stackId, int totalResources, CancellationToken cancellationToken)
        {
            var watcher = Watcher();
            var final = await watcher.WatchAsync(Watch(stackId ?? name, "Creating network '" + name + "'", "created", "CREATE_COMPLETE", totalResources), cancellationToken).ConfigureAwait(false);
            var vpc = VpcMapper.ToVpc(ToInfo(final));
            if (vpc.Status == VpcStatus.Ready)
            {
                SaveRecord(vpc, null);
                return vpc;
            }
            var reason = Describe(await watcher.FirstFailureAsync(stackId ?? name, cancellationToken).ConfigureAwait(false));
            vpc.FailureReason = reason ?? vpc.FailureReason;
            SaveRecord(vpc, vpc.FailureReason);
            throw new PcHpcException(ErrorKind.ServiceError, "NetworkCreateFailed",
                "Network '" + name + "' could not be created (stack " + final.StackStatus + "): " + vpc.FailureReason
                + "; fix the cause, remove the failed network with Remove-HpcVpc -Name " + name + ", then run New-HpcVpc again.")
            { Target = name };
        }


        /// <summary>
        /// Networks built by PcHpc in this region (stacks carrying the marker tag), optionally filtered by a wildcard name,
        /// merged into the state store: live stacks refresh their records, records whose stack is gone are removed.
        /// </summary>
        public async Task<IReadOnlyList<Vpc>> ListAsync(string namePattern, CancellationToken cancellationToken)
        {
            var stacks = await _cfn.DescribeStacksAsync(null, cancellationToken).ConfigureAwait(false);
            var live = stacks.Select(ToInfo)
                .Where(s => s.StackStatus != "DELETE_COMPLETE" && VpcMapper.IsNetworkStack(s))
                .Select(VpcMapper.ToVpc)
                .ToList();
            var byName = new HashSet<string>(live.Select(v => v.Name), StringComparer.Ordinal);
            if (_store != null)
            {
                foreach (var vpc in live) SaveRecord(vpc, null);
                foreach (var record in _store.Networks.List())
                {
                    if (!string.Equals(record.Region, _region, StringComparison.Ordinal) || byName.Contains(record.Name)) continue;
                    _store.Networks.Remove(record.GetKey());
                    _sink.Verbose("Network '" + record.Name + "' (" + record.Region + ") no longer has a CloudFormation stack; removed it from the local state.");
                }
            }
            return live.Where(v => NetworkCache.NameMatches(namePattern, v.Name)).OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        }


        /// <summary>
        /// The live network of that name, for Remove-HpcVpc: throws NotFound when no stack exists (removing a leftover state
        /// record first) and InvalidState when the stack is not a PcHpc network.
        /// </summary>
        public async Task<Vpc> GetForRemovalAsync(string name, CancellationToken cancellationToken)
        {
            var stack = await TryDescribeAsync(name, cancellationToken).ConfigureAwait(false);
            if (stack == null)
            {
                bool hadRecord = _store != null && _region != null && _store.Networks.Remove(NetworkRecord.KeyFor(_region, name));
                throw new PcHpcException(ErrorKind.NotFound, "NetworkNotFound",
                    "No network named '" + name + "' exists in " + (_region ?? "this region")
                    + (hadRecord ? " (its stale local record was removed)" : string.Empty) + "; check the name and -Region with Get-HpcVpc.")
                { Target = name };
            }
            if (!VpcMapper.IsNetworkStack(stack))
                throw new PcHpcException(ErrorKind.InvalidState, "NotAPcHpcNetwork",
                    "Stack '" + name + "' is not a PcHpc network (it has no " + VpcTemplateBuilder.MarkerTagKey + " tag); delete it with your own tooling.")
                { Target = name };
            return VpcMapper.ToVpc(stack);
        }

        /// <summary>Clusters (state store) and EC2 instances still using the network's VPC or subnets.</summary>
        public async Task<IReadOnlyList<NetworkUser>> FindUsersAsync(Vpc vpc, CancellationToken cancellationToken)
        {
            var users = new List<NetworkUser>();
            var subnets = new HashSet<string>(vpc.PublicSubnetIds.Concat(vpc.PrivateSubnetIds), StringComparer.Ordinal);
            if (_store != null)
            {
                foreach (var c in _store.Clusters.List())
                {
                    if (c.Gone || !string.Equals(c.Region, vpc.Region ?? _region, StringComparison.Ordinal)) continue;
                    bool uses = string.Equals(c.NetworkName, vpc.Name, StringComparison.Ordinal)
                        || (!string.IsNullOrEmpty(vpc.VpcId) && string.Equals(c.VpcId, vpc.VpcId, StringComparison.Ordinal))
                        || (c.SubnetIds ?? new List<string>()).Any(subnets.Contains);
                    if (uses) users.Add(new NetworkUser { ClusterName = c.Name, Source = "state store" });
                }
            }
            if (_ec2 != null && subnets.Count > 0)
            {
                var instances = await _ec2.DescribeInstancesAsync(null, new[] { new Ec2Filter("subnet-id", subnets.ToArray()) }, cancellationToken).ConfigureAwait(false);
                foreach (var i in instances)
                {
                    if (string.Equals(i.State, "terminated", StringComparison.OrdinalIgnoreCase)) continue;
                    if (!string.IsNullOrEmpty(i.SubnetId) && !subnets.Contains(i.SubnetId)) continue;
                    var cluster = i.Tags?.FirstOrDefault(t => t.Key == "parallelcluster:cluster-name")?.Value;
                    users.Add(new NetworkUser { ClusterName = cluster, InstanceId = i.InstanceId, Source = "EC2" });
                }
            }
            return users;
        }

        /// <summary>
        /// Starts deleting the stack; with <paramref name="wait"/> waits until it is gone and removes the state record (throwing
        /// with the failing resource's reason on DELETE_FAILED). Returns the network as last seen.
        /// </summary>
        public async Task<Vpc> DeleteAsync(Vpc vpc, bool wait, CancellationToken cancellationToken)
        {
            var id = vpc.StackId ?? vpc.Name;
            await _cfn.DeleteStackAsync(id, cancellationToken).ConfigureAwait(false);
            _sink.Verbose("DeleteStack accepted '" + vpc.Name + "'.");
            vpc.Status = VpcStatus.Deleting;
            vpc.StackStatus = "DELETE_IN_PROGRESS";
            if (!wait)
            {
                SaveRecord(vpc, null);
                return vpc;
            }
            int total = 0;
            try
            {
                total = (await _cfn.DescribeStackResourcesAsync(id, cancellationToken).ConfigureAwait(false)).Count;
            }
            catch (PcHpcException ex) when (ex.Kind == ErrorKind.NotFound)
            {
                total = 0;
            }
            var watcher = Watcher();
            StackDescription final;
            try
            {
                final = await watcher.WatchAsync(Watch(id, "Removing network '" + vpc.Name + "'", "deleted", "DELETE_COMPLETE", total), cancellationToken).ConfigureAwait(false);
            }
            catch (PcHpcException ex) when (ex.Kind == ErrorKind.NotFound)
            {
                final = null;
            }
            if (final == null || final.StackStatus == "DELETE_COMPLETE")
            {
                RemoveRecord(vpc);
                vpc.Status = VpcStatus.Deleted;
                vpc.StackStatus = "DELETE_COMPLETE";
                return vpc;
            }
            var reason = Describe(await watcher.FirstFailureAsync(id, cancellationToken).ConfigureAwait(false));
            var failed = VpcMapper.ToVpc(ToInfo(final));
            failed.FailureReason = reason ?? failed.FailureReason;
            SaveRecord(failed, failed.FailureReason);
            throw new PcHpcException(ErrorKind.ServiceError, "NetworkDeleteFailed",
                "Network '" + vpc.Name + "' could not be deleted (stack " + final.StackStatus + "): " + failed.FailureReason
                + "; remove what still uses it, then run Remove-HpcVpc again.")
            { Target = vpc.Name };
        }


        private StackWatcher Watcher() => new StackWatcher(_cfn, _sink) { PollInterval = PollInterval, Timeout = WaitTimeout };

        private StackWatch Watch(string stack, string activity, string verb, string doneStatus, int total) => new StackWatch
        {
            Stack = stack,
            Activity = activity,
            Verb = verb,
            DoneStatus = doneStatus,
            TotalResources = total,
            Gone = () => new PcHpcException(ErrorKind.NotFound, "NetworkStackGone", "The network stack '" + stack + "' no longer exists.") { Target = stack },
            TimedOut = (s, timeout) => new PcHpcException(ErrorKind.Timeout, "NetworkWaitTimeout",
                "Gave up waiting for '" + s.StackName + "' after " + (int)timeout.TotalMinutes + " minutes (still " + s.StackStatus
                + "); check it later with Get-HpcVpc.") { Target = s.StackName },
            CheckLater = "Get-HpcVpc" + (string.IsNullOrEmpty(_region) ? string.Empty : " -Region " + _region),
        };

        /// <summary>A failure as "resource LogicalId (Type) failed: reason", or null.</summary>
        private static string Describe(StackEvent failure) => failure == null ? null
            : "resource " + failure.LogicalResourceId + " (" + failure.ResourceType + ") failed: " + (failure.ResourceStatusReason ?? "no reason given");

        private async Task<NetworkStackInfo> TryDescribeAsync(string name, CancellationToken cancellationToken)
        {
            try
            {
                var stack = (await _cfn.DescribeStacksAsync(name, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                return stack == null || stack.StackStatus == "DELETE_COMPLETE" ? null : ToInfo(stack);
            }
            catch (PcHpcException ex) when (ex.Kind == ErrorKind.NotFound)
            {
                return null;
            }
        }

        private NetworkStackInfo ToInfo(StackDescription s)
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var t in s.Tags ?? new List<ResourceTag>())
                if (t?.Key != null) tags[t.Key] = t.Value ?? string.Empty;
            return new NetworkStackInfo
            {
                StackName = s.StackName,
                StackId = s.StackId,
                StackStatus = s.StackStatus,
                StackStatusReason = s.StackStatusReason,
                Description = s.Description,
                CreationTime = s.CreationTime == default(DateTime) ? (DateTime?)null : s.CreationTime,
                Region = _region,
                Outputs = new Dictionary<string, string>(s.Outputs ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                Tags = tags,
            };
        }

        private void SaveRecord(Vpc vpc, string failureReason) => NetworkCache.Save(_store, _region, vpc, failureReason);

        private void RemoveRecord(Vpc vpc) => NetworkCache.Remove(_store, _region, vpc);
    }
}
