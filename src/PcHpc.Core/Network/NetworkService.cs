using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Connection;
using PcHpc.Core.Identity;
using PcHpc.Core.Ports;
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
        public string Describe() => Plan == null ? null : NetworkService.DescribePlan(Plan);
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
    public sealed class NetworkService
    {
        private readonly ICloudFormation _cfn;
        private readonly IEc2 _ec2;
        private readonly StateStore _store;
        private readonly string _region;
        private readonly IActivitySink _sink;

        public NetworkService(ICloudFormation cloudFormation, IEc2 ec2, StateStore store, string region, IActivitySink sink)
        {
            _cfn = cloudFormation ?? throw new ArgumentNullException(nameof(cloudFormation));
            _ec2 = ec2;
            _store = store;
            _region = region;
            _sink = sink ?? NullActivitySink.Instance;
        }

        public NetworkService(IAwsSession session, StateStore store, IActivitySink sink)
            : this(session?.CloudFormation, session?.Ec2, store, session?.Region, sink)
        {
        }

        /// <summary>Time between two DescribeStacks polls while waiting (default 5 s; tests use zero).</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Gives up waiting after this long (default 45 minutes).</summary>
        public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(45);

        // ---- offline -------------------------------------------------------------------------------------------------

        /// <summary>Checks everything that can be checked without AWS; throws a Validation error naming each bad parameter.</summary>
        public static void ValidateOffline(NetworkRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var problems = request.Validate();
            if (problems.Count > 0)
                throw new PcHpcException(ErrorKind.Validation, "InvalidNetworkRequest",
                    "The network request is not valid: " + NetworkRequest.Describe(problems)) { Target = request.Name };
        }

        /// <summary>The plan from pinned zones only (for -Export without AWS); null when zones are not pinned.</summary>
        public static NetworkPlan PlanOffline(NetworkRequest request)
        {
            ValidateOffline(request);
            if (request.AvailabilityZones == null || request.AvailabilityZones.Count == 0) return null;
            return NetworkPlanner.Plan(request);
        }

        /// <summary>One sentence saying what the plan creates (subnet counts, NAT mode, endpoints, SSH).</summary>
        public static string DescribePlan(NetworkPlan plan)
        {
            int n = plan.Zones.Count;
            return "Create network stack '" + plan.StackName + "'" + (string.IsNullOrEmpty(plan.Region) ? string.Empty : " in " + plan.Region)
                + ": VPC " + plan.VpcCidr + ", " + n + " public and " + n + " private subnet(s) in " + string.Join(", ", plan.Zones.Select(z => z.AvailabilityZone).ToArray())
                + ", NAT gateway " + plan.NatGateway
                + (plan.NatGateway == NatGatewayMode.PerAz ? " (" + n + " NAT gateways)" : plan.NatGateway == NatGatewayMode.Single ? " (1 NAT gateway)" : " (no NAT gateway)")
                + ", private endpoints " + (plan.PrivateEndpoints ? "on" : "off")
                + ", SSH " + (plan.AllowSshFrom.Count == 0 ? "closed" : "from " + string.Join(", ", plan.AllowSshFrom.Select(c => c.ToString()).ToArray()));
        }

        // ---- create --------------------------------------------------------------------------------------------------

        /// <summary>
        /// Read-only work before creating: an existing stack of that name (returned when it matches, an error when it differs),
        /// the availability zones (unless pinned) and the region's VPC CIDR blocks for the overlap check.
        /// </summary>
        public async Task<NetworkPreparation> PrepareAsync(NetworkRequest request, CancellationToken cancellationToken)
        {
            ValidateOffline(request);
            var existing = await TryDescribeAsync(request.Name, cancellationToken).ConfigureAwait(false);
            if (existing != null)
            {
                _sink.Verbose("A stack named '" + request.Name + "' already exists (" + existing.StackStatus + "); comparing its settings with the request.");
                var vpc = NetworkIdempotency.ResolveExisting(request, existing);
                SaveRecord(vpc, null);
                return new NetworkPreparation { Existing = vpc };
            }

            var planned = Copy(request);
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
                var request = RequestFrom(plan);
                var vpc = NetworkIdempotency.ResolveExisting(request, raced);
                SaveRecord(vpc, null);
                return wait && vpc.Status != VpcStatus.Ready ? await WaitForCreateAsync(plan.StackName, raced.StackId, CountResources(definition.TemplateBody), cancellationToken).ConfigureAwait(false) : vpc;
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
            return await WaitForCreateAsync(plan.StackName, stackId, CountResources(definition.TemplateBody), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Waits for a network stack to finish creating; returns it Ready or throws with the failing resource's reason.</summary>
        public async Task<Vpc> WaitForCreateAsync(string name, string stackId, int totalResources, CancellationToken cancellationToken)
        {
            var activity = "Creating network '" + name + "'";
            var final = await PollAsync(stackId ?? name, activity, "created", "CREATE_COMPLETE", totalResources, cancellationToken).ConfigureAwait(false);
            var vpc = VpcMapper.ToVpc(ToInfo(final));
            if (vpc.Status == VpcStatus.Ready)
            {
                SaveRecord(vpc, null);
                return vpc;
            }
            var reason = await FirstFailureAsync(stackId ?? name, "CREATE_FAILED", cancellationToken).ConfigureAwait(false);
            vpc.FailureReason = reason ?? vpc.FailureReason;
            SaveRecord(vpc, vpc.FailureReason);
            throw new PcHpcException(ErrorKind.ServiceError, "NetworkCreateFailed",
                "Network '" + name + "' could not be created (stack " + final.StackStatus + "): " + vpc.FailureReason
                + "; fix the cause, remove the failed network with Remove-HpcVpc -Name " + name + ", then run New-HpcVpc again.")
            { Target = name };
        }

        // ---- list ----------------------------------------------------------------------------------------------------

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
            return live.Where(v => NameMatches(namePattern, v.Name)).OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        }

        /// <summary>Networks from the state store only (no AWS call): -Cached.</summary>
        public static IReadOnlyList<Vpc> ListCached(StateStore store, string region, string namePattern)
        {
            if (store == null) throw new ArgumentNullException(nameof(store));
            return store.Networks.List()
                .Where(r => string.IsNullOrEmpty(region) || string.Equals(r.Region, region, StringComparison.Ordinal))
                .Where(r => NameMatches(namePattern, r.Name))
                .Select(FromRecord)
                .OrderBy(v => v.Name, StringComparer.Ordinal)
                .ThenBy(v => v.Region, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>True when <paramref name="pattern"/> (PowerShell wildcards * ? [], case-insensitive) matches; null matches all.</summary>
        public static bool NameMatches(string pattern, string name)
        {
            if (string.IsNullOrEmpty(pattern)) return true;
            if (name == null) return false;
            var rx = new System.Text.StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '`' && i + 1 < pattern.Length) { rx.Append(Regex.Escape(pattern[++i].ToString())); continue; }
                if (c == '*') rx.Append(".*");
                else if (c == '?') rx.Append('.');
                else if (c == '[')
                {
                    int close = pattern.IndexOf(']', i + 1);
                    if (close < 0) { rx.Append(Regex.Escape("[")); continue; }
                    rx.Append('[').Append(pattern.Substring(i + 1, close - i - 1).Replace("\\", "\\\\")).Append(']');
                    i = close;
                }
                else rx.Append(Regex.Escape(c.ToString()));
            }
            rx.Append('$');
            return Regex.IsMatch(name, rx.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        /// <summary>
        /// Network names for tab completion, from the state store only (no AWS call): records not gone, in
        /// <paramref name="region"/> when given, whose name starts with <paramref name="prefix"/> (case-insensitive; quotes
        /// and a trailing * are ignored), sorted and without duplicates.
        /// </summary>
        public static IReadOnlyList<string> CompleteNames(StateStore store, string region, string prefix)
        {
            if (store == null) return new string[0];
            var start = (prefix ?? string.Empty).Trim('\'', '"').TrimEnd('*');
            return store.Networks.List()
                .Where(r => !r.Gone && !string.IsNullOrEmpty(r.Name) && r.Status != "DELETE_COMPLETE")
                .Where(r => string.IsNullOrEmpty(region) || string.Equals(r.Region, region, StringComparison.OrdinalIgnoreCase))
                .Where(r => r.Name.StartsWith(start, StringComparison.OrdinalIgnoreCase))
                .Select(r => r.Name)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        /// <summary>
        /// Throws a Validation error when <paramref name="name"/> cannot be a network name (checked before any AWS call by
        /// Get-HpcVpc for exact names and by Remove-HpcVpc, which takes no wildcards).
        /// </summary>
        public static void ValidateName(string name, bool wildcardsAllowed, string cmdletName)
        {
            if (wildcardsAllowed && name != null && name.IndexOfAny(new[] { '*', '?', '[' }) >= 0) return;
            var problem = NetworkRequest.NameProblem(name);
            if (problem == null) return;
            if (!wildcardsAllowed && name != null && name.IndexOfAny(new[] { '*', '?', '[' }) >= 0)
                problem = cmdletName + " -Name takes an exact network name, not a wildcard; to act on several networks, pipe them: Get-HpcVpc -Name '"
                    + name + "' | " + cmdletName + ".";
            throw new PcHpcException(ErrorKind.Validation, "InvalidNetworkName", problem) { Target = name };
        }

        // ---- remove --------------------------------------------------------------------------------------------------

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

        /// <summary>The sentence naming who uses a network (for the refusal and the -Force warning).</summary>
        public static string DescribeUsers(Vpc vpc, IReadOnlyList<NetworkUser> users)
        {
            var clusters = users.Where(u => !string.IsNullOrEmpty(u.ClusterName)).Select(u => u.ClusterName).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
            var loose = users.Where(u => string.IsNullOrEmpty(u.ClusterName) && !string.IsNullOrEmpty(u.InstanceId)).Select(u => u.InstanceId).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
            var parts = new List<string>();
            if (clusters.Count > 0) parts.Add("cluster(s) " + string.Join(", ", clusters.ToArray()));
            if (loose.Count > 0) parts.Add("instance(s) " + string.Join(", ", loose.ToArray()));
            return "Network '" + vpc.Name + "' is still used by " + string.Join(" and ", parts.ToArray());
        }

        /// <summary>Throws NetworkInUse naming the clusters and instances when there are users.</summary>
        public static void EnsureUnused(Vpc vpc, IReadOnlyList<NetworkUser> users)
        {
            if (users == null || users.Count == 0) return;
            throw new PcHpcException(ErrorKind.InvalidState, "NetworkInUse",
                DescribeUsers(vpc, users) + "; remove those clusters (Remove-HpcCluster) or instances first, or use -Force to delete the network anyway.")
            { Target = vpc.Name };
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
            StackDescription final;
            try
            {
                final = await PollAsync(id, "Removing network '" + vpc.Name + "'", "deleted", "DELETE_COMPLETE", total, cancellationToken).ConfigureAwait(false);
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
            var reason = await FirstFailureAsync(id, "DELETE_FAILED", cancellationToken).ConfigureAwait(false);
            var failed = VpcMapper.ToVpc(ToInfo(final));
            failed.FailureReason = reason ?? failed.FailureReason;
            SaveRecord(failed, failed.FailureReason);
            throw new PcHpcException(ErrorKind.ServiceError, "NetworkDeleteFailed",
                "Network '" + vpc.Name + "' could not be deleted (stack " + final.StackStatus + "): " + failed.FailureReason
                + "; remove what still uses it, then run Remove-HpcVpc again.")
            { Target = vpc.Name };
        }

        // ---- polling -------------------------------------------------------------------------------------------------

        private async Task<StackDescription> PollAsync(string stackId, string activity, string verb, string doneStatus, int total, CancellationToken cancellationToken)
        {
            var started = DateTime.UtcNow;
            try
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    StackDescription stack;
                    IReadOnlyList<StackEvent> events;
                    try
                    {
                        stack = (await _cfn.DescribeStacksAsync(stackId, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                        events = stack == null ? null : await _cfn.DescribeStackEventsAsync(stackId, cancellationToken).ConfigureAwait(false);
                    }
                    catch (PcHpcException ex) when (ex.Transient && DateTime.UtcNow - started <= WaitTimeout)
                    {
                        // A failed look says nothing about the stack, which goes on: ask again.
                        await Task.Delay(PollInterval > TimeSpan.Zero ? PollInterval : TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    if (stack == null)
                        throw new PcHpcException(ErrorKind.NotFound, "NetworkStackGone", "The network stack '" + stackId + "' no longer exists.") { Target = stackId };
                    ReportProgress(stack, events, activity, verb, doneStatus, total);
                    if (stack.StackStatus == null || !stack.StackStatus.EndsWith("_IN_PROGRESS", StringComparison.Ordinal)) return stack;
                    if (DateTime.UtcNow - started > WaitTimeout)
                        throw new PcHpcException(ErrorKind.Timeout, "NetworkWaitTimeout",
                            "Gave up waiting for '" + stack.StackName + "' after " + (int)WaitTimeout.TotalMinutes + " minutes (still " + stack.StackStatus
                            + "); check it later with Get-HpcVpc.") { Target = stack.StackName };
                    if (PollInterval > TimeSpan.Zero) await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                    else await Task.Yield();
                }
            }
            finally
            {
                _sink.Progress(new ProgressUpdate { Activity = activity, Status = "Done", Completed = true });
            }
        }

        private void ReportProgress(StackDescription stack, IReadOnlyList<StackEvent> events, string activity, string verb, string doneStatus, int total)
        {
            // Events come newest first: the latest status of each resource is its first event.
            var latest = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var e in events)
            {
                if (IsStackEvent(e) || e.LogicalResourceId == null || latest.ContainsKey(e.LogicalResourceId)) continue;
                latest[e.LogicalResourceId] = e.ResourceStatus;
            }
            int done = latest.Values.Count(s => s == doneStatus || (doneStatus == "DELETE_COMPLETE" && s == "DELETE_SKIPPED"));
            if (total < latest.Count) total = latest.Count;
            var last = events.FirstOrDefault();
            var update = new ProgressUpdate
            {
                Activity = activity,
                Status = (total > 0 ? done + " of " + total + " resources " + verb : "Waiting") + " (" + stack.StackStatus + ")",
                PercentComplete = total > 0 ? Math.Min(100, done * 100 / total) : -1,
                CurrentOperation = last == null ? null
                    : last.LogicalResourceId + " (" + last.ResourceType + "): " + last.ResourceStatus
                      + (string.IsNullOrEmpty(last.ResourceStatusReason) ? string.Empty : " - " + last.ResourceStatusReason),
            };
            _sink.Progress(update);
            _sink.Verbose(update.Status + (update.CurrentOperation == null ? string.Empty : "; latest: " + update.CurrentOperation));
        }

        private static bool IsStackEvent(StackEvent e) =>
            e.ResourceType == "AWS::CloudFormation::Stack" || (e.LogicalResourceId != null && e.LogicalResourceId == e.StackName);

        /// <summary>The first (oldest) resource failure, as "LogicalId (Type): reason", skipping "cancelled" knock-on failures when a real one exists.</summary>
        private async Task<string> FirstFailureAsync(string stackId, string failedStatus, CancellationToken cancellationToken)
        {
            IReadOnlyList<StackEvent> events;
            try
            {
                events = await _cfn.DescribeStackEventsAsync(stackId, cancellationToken).ConfigureAwait(false);
            }
            catch (PcHpcException ex) when (ex.Kind == ErrorKind.NotFound)
            {
                return null;
            }
            var failures = events.Where(e => e.ResourceStatus == failedStatus && !IsStackEvent(e))
                .OrderBy(e => e.Timestamp).ToList();
            var first = failures.FirstOrDefault(e => (e.ResourceStatusReason ?? string.Empty).IndexOf("cancelled", StringComparison.OrdinalIgnoreCase) < 0)
                ?? failures.FirstOrDefault();
            if (first == null) return null;
            return "resource " + first.LogicalResourceId + " (" + first.ResourceType + ") failed: " + (first.ResourceStatusReason ?? "no reason given");
        }

        // ---- helpers -------------------------------------------------------------------------------------------------

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

        private static int CountResources(string templateBody)
        {
            try
            {
                return (JsonNode.Parse(templateBody)?["Resources"] as JsonObject)?.Count ?? 0;
            }
            catch (JsonException)
            {
                return 0;
            }
        }

        private static NetworkRequest Copy(NetworkRequest r) => new NetworkRequest
        {
            Name = r.Name,
            Region = r.Region,
            CidrBlock = r.CidrBlock,
            AvailabilityZones = r.AvailabilityZones?.ToList(),
            AvailabilityZoneCount = r.AvailabilityZoneCount,
            NatGateway = r.NatGateway,
            PrivateEndpoints = r.PrivateEndpoints,
            AllowSshFrom = r.AllowSshFrom?.ToList(),
            Tags = r.Tags == null ? null : new Dictionary<string, string>(r.Tags),
            PublicSubnetPrefixLength = r.PublicSubnetPrefixLength,
            ExistingCidrBlocks = r.ExistingCidrBlocks?.ToList(),
            PickFreeCidrBlock = r.PickFreeCidrBlock,
        };

        private static NetworkRequest RequestFrom(NetworkPlan plan) => new NetworkRequest
        {
            Name = plan.Name,
            Region = plan.Region,
            CidrBlock = plan.VpcCidr.ToString(),
            AvailabilityZones = plan.Zones.Select(z => z.AvailabilityZone).ToList(),
            NatGateway = plan.NatGateway,
            PrivateEndpoints = plan.PrivateEndpoints,
            AllowSshFrom = plan.AllowSshFrom.Select(c => c.ToString()).ToList(),
            Tags = plan.Tags.ToDictionary(p => p.Key, p => p.Value),
            PublicSubnetPrefixLength = plan.PublicSubnetPrefixLength,
        };

        private void SaveRecord(Vpc vpc, string failureReason)
        {
            if (_store == null || string.IsNullOrEmpty(vpc.Name)) return;
            var region = vpc.Region ?? _region;
            if (string.IsNullOrEmpty(region)) return;
            _store.Networks.Update(NetworkRecord.KeyFor(region, vpc.Name), current =>
            {
                var r = current ?? new NetworkRecord { Name = vpc.Name, Region = region };
                r.StackName = vpc.Name;
                r.StackId = vpc.StackId ?? r.StackId;
                r.Status = vpc.StackStatus ?? r.Status;
                r.VpcId = vpc.VpcId ?? r.VpcId;
                if (vpc.PublicSubnetIds.Length > 0) r.PublicSubnetIds = vpc.PublicSubnetIds.ToList();
                if (vpc.PrivateSubnetIds.Length > 0) r.PrivateSubnetIds = vpc.PrivateSubnetIds.ToList();
                if (vpc.AvailabilityZones.Length > 0) r.AvailabilityZones = vpc.AvailabilityZones.ToList();
                r.StorageSecurityGroupId = vpc.StorageSecurityGroupId ?? r.StorageSecurityGroupId;
                r.SshSecurityGroupId = vpc.SshSecurityGroupId ?? r.SshSecurityGroupId;
                r.CidrBlock = vpc.CidrBlock ?? r.CidrBlock;
                r.NatGateway = vpc.NatGateway.ToString();
                r.PrivateEndpoints = vpc.PrivateEndpoints;
                r.FailureReason = failureReason ?? vpc.FailureReason;
                r.CreatedTime = vpc.CreatedTime.HasValue ? new DateTimeOffset(DateTime.SpecifyKind(vpc.CreatedTime.Value, DateTimeKind.Utc)) : r.CreatedTime;
                r.LastSeen = DateTimeOffset.UtcNow;
                r.Gone = false;
                return r;
            });
        }

        private void RemoveRecord(Vpc vpc)
        {
            var region = vpc.Region ?? _region;
            if (_store == null || string.IsNullOrEmpty(region)) return;
            _store.Networks.Remove(NetworkRecord.KeyFor(region, vpc.Name));
        }

        /// <summary>A network as the state store last saw it.</summary>
        public static Vpc FromRecord(NetworkRecord r)
        {
            var vpc = new Vpc
            {
                Name = r.Name,
                Region = r.Region,
                Status = r.Gone ? VpcStatus.Deleted : VpcMapper.StatusOf(r.Status),
                StackId = r.StackId,
                StackStatus = r.Status,
                VpcId = r.VpcId,
                CidrBlock = r.CidrBlock,
                AvailabilityZones = (r.AvailabilityZones ?? new List<string>()).ToArray(),
                PublicSubnetIds = (r.PublicSubnetIds ?? new List<string>()).ToArray(),
                PrivateSubnetIds = (r.PrivateSubnetIds ?? new List<string>()).ToArray(),
                StorageSecurityGroupId = r.StorageSecurityGroupId,
                SshSecurityGroupId = r.SshSecurityGroupId,
                PrivateEndpoints = r.PrivateEndpoints,
                CreatedTime = r.CreatedTime?.UtcDateTime,
                FailureReason = r.FailureReason,
            };
            if (Enum.TryParse(r.NatGateway ?? string.Empty, false, out NatGatewayMode mode) && Enum.IsDefined(typeof(NatGatewayMode), mode))
                vpc.NatGateway = mode;
            return vpc;
        }
    }
}
