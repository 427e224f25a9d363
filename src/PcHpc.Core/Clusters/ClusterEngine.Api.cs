using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Connection;
using PcHpc.Core.Identity;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Clusters
{
    public sealed partial class ClusterEngine
    {
        /// <summary>
        /// Deploys the ParallelCluster API stack from the official regional template (CAPABILITY_NAMED_IAM,
        /// CAPABILITY_AUTO_EXPAND); with wait, follows the stack with progress until it is complete.
        /// </summary>
        public async Task<HpcApi> InstallApiAsync(string region, string version, string stackName, bool wait, IActivitySink sink, CancellationToken cancellationToken)
        {
            version = string.IsNullOrEmpty(version) ? ApiLocator.DefaultVersion : version;
            if (PcVersion.Parse(version) == null)
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "ApiVersionInvalid", $"'{version}' is not a ParallelCluster version; pass -Version like 3.12.0.");
            }
            stackName = string.IsNullOrEmpty(stackName) ? ApiLocator.DefaultStackName : stackName;
            var session = OpenSession(region);
            var url = ApiLocator.TemplateUrl(session.Region, version);
            sink.Verbose($"Creating stack {stackName} in {session.Region} from {url}.");
            string stackId;
            try
            {
                stackId = await session.CloudFormation.CreateStackAsync(new CreateStackRequest
                {
                    StackName = stackName,
                    TemplateUrl = url,
                    Capabilities = new List<string> { "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND" },
                    Tags = new List<ResourceTag> { new ResourceTag(ApiLocator.VersionTag, version) },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (PcHpcException ex) when (ex.Kind == ErrorKind.AlreadyExists)
            {
                throw new PcHpcException(ErrorKind.AlreadyExists, "ApiStackExists",
                    $"A stack named '{stackName}' already exists in {session.Region}; see it with Get-HpcApi -Region {session.Region}, or choose another -StackName.", ex) { Target = stackName };
            }
            var api = new HpcApi { Region = session.Region, StackName = stackName, StackId = stackId, Status = "CREATE_IN_PROGRESS", Version = version, CreatedTime = _options.Now() };
            if (!wait)
            {
                return api;
            }
            var activity = $"Deploying the ParallelCluster API {version} in {session.Region}";
            DateTimeOffset? failingSince = null;
            while (true)
            {
                IReadOnlyList<StackDescription> stacks;
                try
                {
                    stacks = await session.CloudFormation.DescribeStacksAsync(stackId ?? stackName, cancellationToken).ConfigureAwait(false);
                    failingSince = null;
                }
                catch (PcHpcException ex) when (ex.Transient)
                {
                    // A failed look says nothing about the stack, which goes on: ask again within the budget.
                    failingSince = failingSince ?? _options.Now();
                    if (_options.Now() - failingSince.Value >= _options.RetryBudget) throw;
                    sink.Verbose($"Reading stack {stackName} failed ({ex.Message}); asking again.");
                    await Task.Delay(Backoff(0), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var stack = stacks.FirstOrDefault();
                if (stack == null)
                {
                    throw new PcHpcException(ErrorKind.NotFound, "ApiStackVanished", $"The stack '{stackName}' disappeared from {session.Region} while it was being created; run Install-HpcApi again.") { Target = stackName };
                }
                if (!stack.StackStatus.EndsWith("_IN_PROGRESS", StringComparison.Ordinal))
                {
                    sink.Progress(new ProgressUpdate { Activity = activity, Status = stack.StackStatus, Completed = true });
                    if (stack.StackStatus != "CREATE_COMPLETE")
                    {
                        var events = await session.CloudFormation.DescribeStackEventsAsync(stackId ?? stackName, cancellationToken).ConfigureAwait(false);
                        var first = events.Where(e => e.ResourceStatus != null && e.ResourceStatus.EndsWith("_FAILED", StringComparison.Ordinal) && !string.IsNullOrEmpty(e.ResourceStatusReason))
                            .OrderBy(e => e.Timestamp).FirstOrDefault();
                        throw new PcHpcException(ErrorKind.ServiceError, "ApiStackFailed",
                            $"The ParallelCluster API stack '{stackName}' in {session.Region} ended {stack.StackStatus}" +
                            (first == null ? "." : $": {first.LogicalResourceId} {first.ResourceStatus} ({first.ResourceStatusReason}).") +
                            $" Fix the cause, delete the stack in the CloudFormation console, and run Install-HpcApi again.") { Target = stackName };
                    }
                    var done = ApiLocator.FromStack(session.Region, stack);
                    done.Version = done.Version ?? version;
                    _options.Store?.Apis.Put(ApiLocator.ToRecord(done));
                    return done;
                }
                var evs = await session.CloudFormation.DescribeStackEventsAsync(stackId ?? stackName, cancellationToken).ConfigureAwait(false);
                var progress = StackProgress.From(evs.Select(e => new ClusterStackEvent
                {
                    LogicalResourceId = e.LogicalResourceId, ResourceStatus = e.ResourceStatus, ResourceStatusReason = e.ResourceStatusReason,
                    ResourceType = e.ResourceType, Timestamp = e.Timestamp,
                }), stackName);
                sink.Progress(new ProgressUpdate
                {
                    Activity = activity,
                    Status = progress.Total == 0 ? stack.StackStatus : $"{stack.StackStatus}: {progress.Done} of {progress.Total} resources done",
                    CurrentOperation = progress.Latest,
                    PercentComplete = progress.Percent,
                });
                await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The APIs of a region, live (and cached), or only from the store.</summary>
        public async Task<IReadOnlyList<HpcApi>> GetApisAsync(string region, bool cached, IActivitySink sink, CancellationToken cancellationToken)
        {
            if (cached) return _locator.Cached(region);
            var session = OpenSession(region);
            return await _locator.DiscoverAsync(session, sink, cancellationToken).ConfigureAwait(false);
        }
    }
}
