using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;
using PcHpc.Core.Stacks;
using PcHpc.Core.State;

namespace PcHpc.Core.Clusters
{
    /// <summary>
    /// Install-HpcApi: deploys the ParallelCluster API stack from the official regional template and, with wait,
    /// follows it with the <see cref="StackWatcher"/> until it is complete, failed, or the timeout passes.
    /// </summary>
    public sealed class ApiInstaller
    {
        /// <summary>How long a wait for the API stack lasts by default (it usually takes 5 to 15 minutes).</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(60);

        private readonly Func<string, IAwsSession> _openSession;
        private readonly StateStore _store;
        private readonly Func<DateTimeOffset> _now;

        public ApiInstaller(Func<string, IAwsSession> openSession, StateStore store, Func<DateTimeOffset> now)
        {
            _openSession = openSession ?? throw new ArgumentNullException(nameof(openSession));
            _store = store;
            _now = now ?? (() => DateTimeOffset.UtcNow);
        }

        /// <summary>Time between two DescribeStacks calls while waiting.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>How long failing DescribeStacks calls are ridden out in a row.</summary>
        public TimeSpan RetryBudget { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>Gives up waiting after this long.</summary>
        public TimeSpan Timeout { get; set; } = DefaultTimeout;

        /// <summary>
        /// Creates the stack (CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND, the version tag); with wait, follows it with
        /// progress and returns the API (cached in the store) or throws naming the first failure, or the timeout.
        /// </summary>
        public async Task<HpcApi> InstallAsync(string region, string version, string stackName, bool wait, IActivitySink sink, CancellationToken cancellationToken)
        {
            version = string.IsNullOrEmpty(version) ? ApiLocator.DefaultVersion : version;
            if (PcVersion.Parse(version) == null)
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "ApiVersionInvalid", $"'{version}' is not a ParallelCluster version; pass -Version like 3.12.0.");
            }
            stackName = string.IsNullOrEmpty(stackName) ? ApiLocator.DefaultStackName : stackName;
            var session = _openSession(region);
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
            var api = new HpcApi { Region = session.Region, StackName = stackName, StackId = stackId, Status = "CREATE_IN_PROGRESS", Version = version, CreatedTime = _now() };
            if (!wait)
            {
                return api;
            }
            var watcher = new StackWatcher(session.CloudFormation, sink, _now) { PollInterval = PollInterval, RetryBudget = RetryBudget, Timeout = Timeout };
            var stack = await watcher.WatchAsync(Watch(session.Region, version, stackId ?? stackName, stackName), cancellationToken).ConfigureAwait(false);
            if (stack.StackStatus != "CREATE_COMPLETE")
            {
                var first = await watcher.FirstFailureAsync(stackId ?? stackName, cancellationToken).ConfigureAwait(false);
                throw new PcHpcException(ErrorKind.ServiceError, "ApiStackFailed",
                    $"The ParallelCluster API stack '{stackName}' in {session.Region} ended {stack.StackStatus}" +
                    (first == null ? "." : $": {first.LogicalResourceId} {first.ResourceStatus} ({first.ResourceStatusReason}).") +
                    $" Fix the cause, delete the stack in the CloudFormation console, and run Install-HpcApi again.") { Target = stackName };
            }
            var done = ApiLocator.FromStack(session.Region, stack);
            done.Version = done.Version ?? version;
            _store?.Apis.Put(ApiLocator.ToRecord(done));
            return done;
        }

        private static StackWatch Watch(string region, string version, string stack, string stackName) => new StackWatch
        {
            Stack = stack,
            Activity = $"Deploying the ParallelCluster API {version} in {region}",
            DoneStatus = "CREATE_COMPLETE",
            Verb = "done",
            Gone = () => new PcHpcException(ErrorKind.NotFound, "ApiStackVanished",
                $"The stack '{stackName}' disappeared from {region} while it was being created; run Install-HpcApi again.") { Target = stackName },
            TimedOut = (s, timeout) => new PcHpcException(ErrorKind.Timeout, "ApiStackWaitTimeout",
                $"Gave up waiting for the ParallelCluster API stack '{stackName}' in {region} after {Duration(timeout)} (still {s.StackStatus});"
                + $" CloudFormation goes on with it: check it later with Get-HpcApi -Region {region}, which lists it once it is complete.") { Target = stackName },
            CheckLater = $"Get-HpcApi -Region {region}",
        };

        private static string Duration(TimeSpan span)
        {
            if (span.TotalMinutes >= 1)
            {
                var minutes = (int)span.TotalMinutes;
                return minutes == 1 ? "1 minute" : minutes + " minutes";
            }
            var seconds = Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));
            return seconds == 1 ? "1 second" : seconds + " seconds";
        }
    }
}
