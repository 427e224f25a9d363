using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;
using PcHpc.Core.Errors;
using PcHpc.Core.Ports;

namespace PcHpc.Core.Jobs
{
    /// <summary>The head node a job transport talks to: its instance id and the login user jobs run as.</summary>
    public sealed class HeadNode
    {
        public string InstanceId { get; set; }
        public string LoginUser { get; set; }
        /// <summary>ParallelCluster OS (alinux2023, ubuntu2204, rhel9, rocky9, ...) when known.</summary>
        public string Os { get; set; }
        /// <summary>Where the head node was found, for -Verbose: "state store", "EC2".</summary>
        public string Source { get; set; }
    }

    /// <summary>
    /// Runs the engine's bash scripts on a cluster's head node through SSM Run Command (AWS-RunShellScript), as the
    /// cluster's login user. The command line SSM runs is fixed text; the engine script and the user name travel as
    /// base64 only. Scripts larger than <see cref="MaxCommandChars"/> are staged in pieces (several SendCommand calls
    /// appending base64 to a 0600 file, then one that checks its length and runs it). Stdout is cut by SSM at 24,000
    /// characters (<see cref="MaxOutputChars"/>): the engine frames its replies and fetches larger ones in pieces; with an
    /// S3 output bucket the whole stdout is read from S3 instead when the inline copy was cut.
    /// </summary>
    public sealed partial class SsmJobTransport : IJobTransport
    {
        /// <summary>SSM's GetCommandInvocation cut for StandardOutputContent.</summary>
        public const int SsmOutputLimit = 24000;

        /// <summary>
        /// Characters of the "commands" parameter per SendCommand. SSM bounds the size of a request's document
        /// parameters; PcHpc stays well below it (48 KiB) so a request never comes near the service limit.
        /// </summary>
        public const int DefaultMaxCommandChars = 48 * 1024;

        private static readonly Regex UserPattern = new Regex("^[a-z_][a-z0-9_.-]{0,31}$", RegexOptions.CultureInvariant);

        private readonly ISsm _ssm;
        private readonly IObjectStore _objectStore;
        private readonly Func<CancellationToken, Task<HeadNode>> _locate;
        private readonly IActivitySink _sink;
        private readonly SemaphoreSlim _locateLock = new SemaphoreSlim(1, 1);
        private HeadNode _headNode;
        private bool _checkedPing;

        public SsmJobTransport(ISsm ssm, JobTarget target, Func<CancellationToken, Task<HeadNode>> locateHeadNode, IObjectStore objectStore = null, IActivitySink sink = null)
        {
            _ssm = ssm ?? throw new ArgumentNullException(nameof(ssm));
            _locate = locateHeadNode ?? throw new ArgumentNullException(nameof(locateHeadNode));
            Target = target ?? throw new ArgumentNullException(nameof(target));
            _objectStore = objectStore;
            _sink = sink ?? NullActivitySink.Instance;
        }

        public SsmJobTransport(ISsm ssm, JobTarget target, HeadNode headNode, IObjectStore objectStore = null, IActivitySink sink = null)
            : this(ssm, target, _ => Task.FromResult(headNode), objectStore, sink)
        {
        }

        public JobTarget Target { get; }

        public string Description => Target.ToString();

        /// <summary>24,000 (SSM's cut); null with an S3 output bucket, whose objects hold the whole stdout.</summary>
        public int? MaxOutputChars => string.IsNullOrEmpty(OutputS3Bucket) || _objectStore == null ? SsmOutputLimit : (int?)null;

        /// <summary>SSM writes the full stdout/stderr here (optional); read back through <see cref="IObjectStore"/>.</summary>
        public string OutputS3Bucket { get; set; }

        public string OutputS3KeyPrefix { get; set; } = "pchpc";

        /// <summary>The AWS-RunShellScript executionTimeout, in seconds.</summary>
        public int ExecutionTimeoutSeconds { get; set; } = 1800;

        /// <summary>Seconds SSM may take to deliver the command (TimeoutSeconds).</summary>
        public int DeliveryTimeoutSeconds { get; set; } = 600;

        public int MaxCommandChars { get; set; } = DefaultMaxCommandChars;

        /// <summary>
        /// Delay before the n-th GetCommandInvocation poll (tests shorten it): 50 ms growing to 0.5 s, which it stays at
        /// for the first ~10 s; a command that runs longer (a Wait on the head node) is then polled ever less often, at
        /// most every 5 s, so a reply comes at most ~10% (or 5 s) after the command ended.
        /// </summary>
        public Func<int, TimeSpan> PollDelay { get; set; } = n =>
            TimeSpan.FromMilliseconds(n < 25 ? Math.Min(500, 50 * Math.Pow(1.6, n)) : Math.Min(5000, 500 * Math.Pow(1.1, n - 25)));

        /// <summary>How long InvocationDoesNotExist right after SendCommand is taken as "not registered yet".</summary>
        public TimeSpan InvocationAppearTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// How long polls of an accepted command may keep failing (throttled, 5xx, reset, timeout) before PcHpc gives up
        /// learning its outcome; the command keeps running on the head node either way.
        /// </summary>
        public TimeSpan OutcomeBudget { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>SendCommand calls for one command when SSM refuses or the answer is lost (each after checking it did not run).</summary>
        public int MaxSends { get; set; } = 4;

        /// <summary>Wait before looking for a command whose SendCommand answer was lost (ListCommands lags a little behind).</summary>
        public TimeSpan SendCheckDelay { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Pre-checks the managed instance's ping status once (DescribeInstanceInformation).</summary>
        public bool CheckPingStatus { get; set; } = true;

        /// <summary>SendCommand calls made (for -Verbose and the benchmarks).</summary>
        public int SendCommandCalls => _sendCalls;
        private int _sendCalls;

        /// <summary>The command id of the last SendCommand that ran an engine script.</summary>
        public string LastCommandId { get; private set; }

        /// <summary>
        /// Run scripts as the SSM agent (root, with the agent's environment), as ParallelCluster runs bootstrap scripts,
        /// instead of as the login user. For small system queries (software status); staging is not used.
        /// </summary>
        public bool RunAsAgent { get; set; }

        public async Task<RemoteResult> RunAsync(string bashScript, CancellationToken cancellationToken)
        {
            var node = await HeadNodeAsync(cancellationToken).ConfigureAwait(false);
            // gzip first: the engine's scripts are mostly base64 and the driver text, which shrink well.
            var scriptB64 = Convert.ToBase64String(Gzip(Encoding.UTF8.GetBytes(bashScript ?? string.Empty)));
            if (RunAsAgent)
            {
                return await SendAndWaitAsync(node, "printf %s '" + scriptB64 + "' | base64 -d | gzip -dc | bash -s\n", true, cancellationToken).ConfigureAwait(false);
            }
            var userB64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(node.LoginUser));
            var inline = WrapInline(userB64, scriptB64);
            if (inline.Length <= MaxCommandChars)
            {
                return await SendAndWaitAsync(node, inline, true, cancellationToken).ConfigureAwait(false);
            }
            // Too large for one request: stage the base64 in pieces, then run it.
            var stage = "pchpc-stage-" + Guid.NewGuid().ToString("N");
            var piece = Math.Max(1024, MaxCommandChars - 512);
            var pieces = (scriptB64.Length + piece - 1) / piece;
            _sink.Verbose($"The request to {Target} is {scriptB64.Length} characters: sending it in {pieces} piece(s) before running it.");
            for (var at = 0; at < scriptB64.Length; at += piece)
            {
                var chunk = scriptB64.Substring(at, Math.Min(piece, scriptB64.Length - at));
                var append = StagePrefix(stage) + "printf %s '" + chunk + "' >> \"$f\" || exit 96\n";
                var r = await SendAndWaitAsync(node, append, false, cancellationToken).ConfigureAwait(false);
                if (r.ExitCode != 0)
                {
                    throw new PcHpcException(ErrorKind.ServiceError, "SsmStagingFailed",
                        $"Sending a large request to the head node {node.InstanceId} of {Target} failed (exit code {r.ExitCode}: {Trim(r.Stderr)}); check that {TempDir} on the head node is writable and has space, then retry.");
                }
            }
            var run = StagePrefix(stage)
                + "trap 'rm -f \"$f\"' EXIT\n"
                + "[ \"$(wc -c < \"$f\")\" -eq " + scriptB64.Length.ToString(CultureInfo.InvariantCulture) + " ] || { echo '@@PCHPC-ERROR staging@@'; exit 98; }\n"
                + "u=$(printf %s '" + userB64 + "' | base64 -d)\n"
                + RunLine("base64 -d \"$f\" | gzip -dc");
            return await SendAndWaitAsync(node, run, true, cancellationToken).ConfigureAwait(false);
        }

        private const string TempDir = "/tmp";

        private static string StagePrefix(string stage) => "umask 077\nf=\"" + TempDir + "/" + stage + ".b64\"\n";

        /// <summary>
        /// The whole command SSM runs: decode the user name and the script (base64 in single quotes), then run the
        /// script with bash as that user through runuser -l (a login shell, like an interactive login). When the agent
        /// is not root and already is that user (e.g. a test agent), bash runs directly: runuser cannot switch users
        /// without root, and there is nothing to switch.
        /// </summary>
        internal static string WrapInline(string userB64, string scriptB64) =>
            "u=$(printf %s '" + userB64 + "' | base64 -d)\n"
            + RunLine("printf %s '" + scriptB64 + "' | base64 -d | gzip -dc");

        /// <summary>What the head node answers when the login user does not exist there (runuser would only say "does not exist").</summary>
        internal const string NoUserMarker = "@@PCHPC-NOUSER@@";

        private static string RunLine(string source) =>
            "if ! id -u \"$u\" >/dev/null 2>&1; then echo '" + NoUserMarker + "'; exit 97; fi\n"
            + "if [ \"$(id -u)\" -ne 0 ] && [ \"$(id -un)\" = \"$u\" ]; then " + source + " | bash -s; else " + source + " | runuser -l \"$u\" -c 'bash -s'; fi\n";

        /// <summary>Validates a login user name before it is ever sent (it then travels as base64 only).</summary>
        public static string CheckUser(string user)
        {
            if (string.IsNullOrEmpty(user) || !UserPattern.IsMatch(user))
            {
                throw new PcHpcException(ErrorKind.InvalidArgument, "InvalidRunAsUser",
                    $"'{user}' is not a valid Linux user name for -RunAsUser; use the cluster's login user, such as ec2-user, ubuntu or rocky.") { Target = user };
            }
            return user;
        }

        private async Task<HeadNode> HeadNodeAsync(CancellationToken token)
        {
            if (_headNode != null) return _headNode;
            await _locateLock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                if (_headNode != null) return _headNode;
                var node = await _locate(token).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(Target.RunAsUser)) node.LoginUser = Target.RunAsUser;
                if (string.IsNullOrEmpty(node.LoginUser)) node.LoginUser = "ec2-user";
                CheckUser(node.LoginUser);
                if (CheckPingStatus && !_checkedPing)
                {
                    await CheckManagedAsync(node, token).ConfigureAwait(false);
                    _checkedPing = true;
                }
                _sink.Verbose($"Jobs on {Target} go through SSM to head node {node.InstanceId} as '{node.LoginUser}'" + (node.Source != null ? " (head node from " + node.Source + ")." : "."));
                _headNode = node;
                return node;
            }
            finally
            {
                _locateLock.Release();
            }
        }

        private async Task CheckManagedAsync(HeadNode node, CancellationToken token)
        {
            IReadOnlyList<ManagedInstance> info;
            try
            {
                info = await _ssm.DescribeInstanceInformationAsync(new[] { node.InstanceId }, token).ConfigureAwait(false);
            }
            catch (PcHpcException ex) when (ex.Kind == ErrorKind.PermissionDenied)
            {
                _sink.Verbose("Could not check the head node's SSM status (" + ex.Message + "); sending the command anyway.");
                return;
            }
            ManagedInstance found = null;
            foreach (var m in info) if (string.Equals(m.InstanceId, node.InstanceId, StringComparison.Ordinal)) found = m;
            if (found == null) throw NotManaged(node.InstanceId, null);
            if (!string.Equals(found.PingStatus, "Online", StringComparison.OrdinalIgnoreCase))
            {
                throw new PcHpcException(ErrorKind.Connection, "SsmAgentOffline",
                    $"The head node {node.InstanceId} of {Target} is an SSM managed instance but its agent is {found.PingStatus}" +
                    (found.LastPingDateTime.HasValue ? " (last seen " + found.LastPingDateTime.Value.ToString("u", CultureInfo.InvariantCulture) + ")" : string.Empty) +
                    "; check that the head node is running (Get-HpcClusterInstance) and that its amazon-ssm-agent service is running and can reach the SSM endpoints, then retry.")
                { Target = node.InstanceId };
            }
        }

        private PcHpcException NotManaged(string instanceId, Exception inner) =>
            new PcHpcException(ErrorKind.InvalidState, "HeadNodeNotManaged",
                $"The head node {instanceId} of {Target} is not an SSM managed instance, so PcHpc cannot run commands on it; attach the AmazonSSMManagedInstanceCore policy to the head node's IAM role (New-HpcClusterConfig adds it by default: HeadNode/Iam/AdditionalIamPolicies), check that the SSM agent runs on it and that it is running (Get-HpcClusterInstance), then retry.",
                inner)
            { Target = instanceId };

        private async Task<RemoteResult> SendAndWaitAsync(HeadNode node, string commands, bool engineCall, CancellationToken token)
        {
            var requestId = NewRequestId();
            var request = new SendCommandRequest
            {
                InstanceIds = new List<string> { node.InstanceId },
                DocumentName = "AWS-RunShellScript",
                Comment = CommentFor(requestId, Target.ClusterName),
                TimeoutSeconds = DeliveryTimeoutSeconds,
                Parameters = new Dictionary<string, IList<string>>
                {
                    ["commands"] = new List<string> { commands },
                    ["executionTimeout"] = new List<string> { ExecutionTimeoutSeconds.ToString(CultureInfo.InvariantCulture) },
                },
            };
            var s3 = engineCall && !string.IsNullOrEmpty(OutputS3Bucket) && _objectStore != null;
            if (!string.IsNullOrEmpty(OutputS3Bucket))
            {
                request.OutputS3BucketName = OutputS3Bucket;
                request.OutputS3KeyPrefix = OutputS3KeyPrefix;
            }
            var commandId = await SendOnceAsync(node, request, requestId, token).ConfigureAwait(false);
            if (engineCall) LastCommandId = commandId;
            var invocation = await PollAsync(commandId, node.InstanceId, token).ConfigureAwait(false);
            var stdout = invocation.StandardOutputContent ?? string.Empty;
            var stderr = invocation.StandardErrorContent ?? string.Empty;
            switch (invocation.Status)
            {
                case "Success":
                case "Failed":
                    break;
                case "TimedOut":
                    throw new PcHpcException(ErrorKind.Timeout, "SsmCommandTimedOut",
                        $"The SSM command {commandId} on head node {node.InstanceId} of {Target} timed out ({invocation.StatusDetails}); check that the head node is responsive (Get-HpcClusterInstance) and retry.")
                    { Target = commandId };
                case "Cancelled":
                    throw new PcHpcException(ErrorKind.ServiceError, "SsmCommandCancelled",
                        $"The SSM command {commandId} on head node {node.InstanceId} of {Target} was cancelled ({invocation.StatusDetails}); retry the command.")
                    { Target = commandId };
                default:
                    throw new PcHpcException(ErrorKind.ServiceError, "SsmCommandUndeliverable",
                        $"The SSM command {commandId} could not run on head node {node.InstanceId} of {Target} (status {invocation.Status}, {invocation.StatusDetails}); check the SSM agent on the head node and retry.")
                    { Target = commandId };
            }
            if (stdout.StartsWith(NoUserMarker, StringComparison.Ordinal))
            {
                throw new PcHpcException(ErrorKind.NotFound, "RunAsUserNotFound",
                    $"The login user '{node.LoginUser}' does not exist on head node {node.InstanceId} of {Target}" +
                    (string.IsNullOrEmpty(Target.RunAsUser) ? " (the default for the cluster's OS" + (string.IsNullOrEmpty(node.Os) ? string.Empty : " " + node.Os) + ")" : " (given with -RunAsUser)") +
                    "; give the head node's login user with -RunAsUser, e.g. -RunAsUser ubuntu on Ubuntu or -RunAsUser rocky on Rocky Linux.")
                { Target = node.LoginUser };
            }
            if (s3 && stdout.Length >= SsmOutputLimit)
            {
                stdout = await ReadS3Async(commandId, node.InstanceId, "stdout", token).ConfigureAwait(false);
            }
            return new RemoteResult(invocation.ResponseCode, stdout, stderr);
        }

        /// <summary>The S3 key SSM writes AWS-RunShellScript output to.</summary>
        internal string OutputKey(string commandId, string instanceId, string stream) =>
            (string.IsNullOrEmpty(OutputS3KeyPrefix) ? string.Empty : OutputS3KeyPrefix.TrimEnd('/') + "/")
            + commandId + "/" + instanceId + "/awsrunShellScript/0.awsrunShellScript/" + stream;

        private async Task<string> ReadS3Async(string commandId, string instanceId, string stream, CancellationToken token)
        {
            var key = OutputKey(commandId, instanceId, stream);
            var buffer = new MemoryStream();
            try
            {
                await _objectStore.GetObjectAsync(OutputS3Bucket, key, buffer, token).ConfigureAwait(false);
            }
            catch (PcHpcException ex) when (ex.Kind == ErrorKind.NotFound)
            {
                throw new PcHpcException(ErrorKind.NotFound, "SsmOutputNotInS3",
                    $"The full output of SSM command {commandId} is not in s3://{OutputS3Bucket}/{key}; check that the head node's role may write to the bucket (s3:PutObject), or leave out -OutputS3Bucket to read large replies in pieces.", ex)
                { Target = key };
            }
            return new UTF8Encoding(false).GetString(buffer.ToArray());
        }

        private async Task<CommandInvocation> PollAsync(string commandId, string instanceId, CancellationToken token)
        {
            var started = DateTime.UtcNow;
            var lastAnswer = started;
            for (var n = 0; ; n++)
            {
                token.ThrowIfCancellationRequested();
                await Task.Delay(PollDelay(n), token).ConfigureAwait(false);
                CommandInvocation inv;
                try
                {
                    inv = await _ssm.GetCommandInvocationAsync(commandId, instanceId, token).ConfigureAwait(false);
                    lastAnswer = DateTime.UtcNow;
                }
                catch (PcHpcException ex) when (ex.Transient)
                {
                    // The command was accepted: a failed poll says nothing about it. Ask again until the budget is spent.
                    if (DateTime.UtcNow - lastAnswer >= OutcomeBudget)
                    {
                        throw new SsmOutcomeUnknownException(commandId, null,
                            $"SSM accepted command {commandId} for head node {instanceId} of {Target}, but its outcome could not be learnt: polls kept failing for {OutcomeBudget.TotalSeconds:0} s (last: {ex.Message}); the command may still run there. PcHpc recorded it: Get-HpcJob -ClusterName {Target.ClusterName} picks it up later.", ex)
                        { Target = commandId, InstanceId = instanceId };
                    }
                    _sink.Verbose($"Poll of SSM command {commandId} failed ({ex.Message}); asking again.");
                    continue;
                }
                catch (PcHpcException ex) when (ex.Kind == ErrorKind.NotFound)
                {
                    // Right after SendCommand the invocation may not be registered yet.
                    if (DateTime.UtcNow - started > InvocationAppearTimeout)
                    {
                        throw new PcHpcException(ErrorKind.Timeout, "SsmInvocationMissing",
                            $"SSM never reported command {commandId} on head node {instanceId} of {Target}; check the SSM agent on the head node (Get-HpcClusterInstance) and retry.", ex)
                        { Target = commandId };
                    }
                    continue;
                }
                if (inv.IsFinished) return inv;
            }
        }

        internal static byte[] Gzip(byte[] data)
        {
            var output = new MemoryStream();
            using (var gz = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal, true))
            {
                gz.Write(data, 0, data.Length);
            }
            return output.ToArray();
        }

        private static string Trunc(string s, int n) => s.Length <= n ? s : s.Substring(0, n);

        private static string Trim(string s)
        {
            s = (s ?? string.Empty).Trim();
            return s.Length > 300 ? s.Substring(0, 300) + "..." : s;
        }
    }
}
