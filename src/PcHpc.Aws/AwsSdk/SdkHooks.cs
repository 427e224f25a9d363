using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using PcHpc.Aws.Http;
using PcHpc.Aws.Session;
using PcHpc.Core.Activity;

namespace PcHpc.Aws.AwsSdk
{
    /// <summary>What one SDK client of one session needs besides its config: names for messages, the sink, the retry seams.</summary>
    internal sealed class SdkClientContext
    {
        public string ServiceName { get; set; }
        public string SigningName { get; set; }
        public string Region { get; set; }
        public Uri Endpoint { get; set; }
        public IActivitySink Activity { get; set; }
        public AwsHttpClientOptions Options { get; set; }

        /// <summary>A <see cref="ServiceCall"/> describing <paramref name="operation"/>, for <see cref="AwsErrorMapper"/>.</summary>
        public ServiceCall Describe(string operation) => new ServiceCall
        {
            ServiceName = ServiceName, SigningName = SigningName, Operation = operation, Region = Region, Endpoint = Endpoint,
        };
    }

    /// <summary>
    /// Builds the AWSSDK client configs of a session (same credentials, region and -EndpointUrl as the rest of PcHpc,
    /// standard retry mode, AWS_MAX_ATTEMPTS) and hooks their pipelines: one verbose line per attempt, and the
    /// standard-mode backoff slept through the session's delay seam.
    /// </summary>
    internal static class SdkHooks
    {
        private static readonly ConditionalWeakTable<IClientConfig, SdkClientContext> Contexts = new ConditionalWeakTable<IClientConfig, SdkClientContext>();
        private static readonly AsyncLocal<AttemptCounter> Counter = new AsyncLocal<AttemptCounter>();

        public static T Configure<T>(T config, AwsSession session, string serviceName, string signingName) where T : ClientConfig
        {
            var options = session.Http.Options;
            if (session.EndpointOverride != null)
            {
                config.ServiceURL = session.EndpointOverride;
                config.AuthenticationRegion = session.Region;
            }
            else
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(session.Region);
            }
            config.RetryMode = RequestRetryMode.Standard;
            config.MaxErrorRetry = Math.Max(0, options.MaxAttempts - 1);
            config.Timeout = options.AttemptTimeout;
            Contexts.Add(config, new SdkClientContext
            {
                ServiceName = serviceName,
                SigningName = signingName,
                Region = session.Region,
                Endpoint = session.Endpoint(signingName),
                Activity = session.Activity,
                Options = options,
            });
            return config;
        }

        internal static SdkClientContext ContextOf(IClientConfig config) => config != null && Contexts.TryGetValue(config, out var c) ? c : null;

        /// <summary>Called from each client's CustomizeRuntimePipeline: our retry policy (standard mode) and the attempt log inside it.</summary>
        public static void Install(RuntimePipeline pipeline, IClientConfig config)
        {
            var context = ContextOf(config);
            if (context == null) return;
            pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(new SeamedStandardRetryPolicy(config, context)));
            pipeline.AddHandlerAfter<RetryHandler>(new AttemptLogHandler(context));
        }

        /// <summary>
        /// Runs one SDK operation and turns its final failure into the same <see cref="AwsServiceException"/> our own
        /// client throws (kind, one sentence with service, operation, region, code and request id, attempts).
        /// </summary>
        public static async Task<T> Call<T>(IClientConfig config, string operation, Func<Task<T>> send, CancellationToken cancellationToken)
        {
            var context = ContextOf(config) ?? throw new InvalidOperationException("The SDK client was not configured by SdkHooks.");
            var counter = new AttemptCounter();
            var previous = Counter.Value;
            Counter.Value = counter;
            try
            {
                return await send().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (AmazonServiceException ex) when (ex.StatusCode != 0 && !IsConnectionFailure(ex.InnerException))
            {
                var error = new AwsServiceError { StatusCode = (int)ex.StatusCode, Code = ex.ErrorCode, Message = ex.Message, RequestId = ex.RequestId };
                throw AwsErrorMapper.FromServiceError(context.Describe(operation), error, Math.Max(1, counter.Attempts), ex.Retryable?.Throttling == true);
            }
            catch (Exception ex) when (IsTimeout(ex, cancellationToken))
            {
                throw AwsErrorMapper.Timeout(context.Describe(operation), context.Endpoint, Math.Max(1, counter.Attempts), context.Options.AttemptTimeout, ex);
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                throw AwsErrorMapper.Connection(context.Describe(operation), context.Endpoint, Math.Max(1, counter.Attempts), ex);
            }
            finally
            {
                Counter.Value = previous;
            }
        }

        internal static void CountAttempt(int attempt)
        {
            var counter = Counter.Value;
            if (counter != null) counter.Attempts = Math.Max(counter.Attempts, attempt);
        }

        internal static bool IsConnectionFailure(Exception ex) =>
            ex != null && (ex is HttpRequestException || ex is IOException || ex is SocketException || IsConnectionFailure(ex.InnerException));

        internal static bool IsTimeout(Exception ex, CancellationToken userToken) =>
            !userToken.IsCancellationRequested && (ex is OperationCanceledException || ex is TimeoutException || (ex.InnerException != null && IsTimeout(ex.InnerException, userToken)));

        internal static string Reason(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e.Message.Trim().TrimEnd('.');
        }

        private sealed class AttemptCounter
        {
            public int Attempts;
        }
    }

    /// <summary>
    /// The SDK's standard retry mode unchanged (which errors, the retry quota, full-jitter backoff with its base and
    /// cap), except that the backoff is slept through <see cref="AwsHttpClientOptions.Delay"/> (instant in tests) and
    /// announced in a verbose line; <see cref="AwsHttpClientOptions.UseRetryQuota"/> false bypasses the quota; and a
    /// reset connection costs an attempt like any transient failure (the SDK otherwise re-sends up to ten times for
    /// free on the first attempt, taking "stale pooled connection" for granted, which breaks the attempt budget).
    /// </summary>
    internal sealed class SeamedStandardRetryPolicy : StandardRetryPolicy
    {
        private readonly SdkClientContext _context;

        public SeamedStandardRetryPolicy(IClientConfig config, SdkClientContext context) : base(config) { _context = context; }

        public override bool IsStaleConnectionError(Exception exception) => false;

        /// <summary>
        /// SSM SendCommand has no client token: after a 5xx, reset or timeout the command may already run, so only a
        /// throttled SendCommand is resent here; the job transport looks for the command before sending it again.
        /// </summary>
        internal static bool NotIdempotent(IExecutionContext executionContext) =>
            executionContext.RequestContext.OriginalRequest is Amazon.SimpleSystemsManagement.Model.SendCommandRequest;

        public override bool RetryForException(IExecutionContext executionContext, Exception exception) =>
            NotIdempotent(executionContext) ? IsThrottlingError(exception) && base.RetryForException(executionContext, exception) : base.RetryForException(executionContext, exception);

        public override async Task<bool> RetryForExceptionAsync(IExecutionContext executionContext, Exception exception) =>
            NotIdempotent(executionContext) ? IsThrottlingError(exception) && await base.RetryForExceptionAsync(executionContext, exception).ConfigureAwait(false)
                : await base.RetryForExceptionAsync(executionContext, exception).ConfigureAwait(false);

        public override bool OnRetry(IExecutionContext executionContext, bool bypassAcquireCapacity, bool isThrottlingError) =>
            base.OnRetry(executionContext, bypassAcquireCapacity || !_context.Options.UseRetryQuota, isThrottlingError);

        public override void WaitBeforeRetry(IExecutionContext executionContext) =>
            WaitBeforeRetryAsync(executionContext).GetAwaiter().GetResult();

        public override Task WaitBeforeRetryAsync(IExecutionContext executionContext)
        {
            var delay = TimeSpan.FromMilliseconds(CalculateRetryDelay(executionContext.RequestContext.Retries, MaxBackoffInMilliseconds));
            _context.Activity.Verbose(_context.ServiceName + " " + AttemptLogHandler.Operation(executionContext) + " " + _context.Region + ": retrying in "
                + ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms");
            return _context.Options.Delay(delay, executionContext.RequestContext.CancellationToken);
        }
    }

    /// <summary>Inside the retry loop: one verbose line per attempt ("EC2 DescribeVpcs us-east-1 attempt 1/3: 200 in 41 ms") and the request id at -Debug.</summary>
    internal sealed class AttemptLogHandler : PipelineHandler
    {
        private readonly SdkClientContext _context;

        public AttemptLogHandler(SdkClientContext context) { _context = context; }

        internal static string Operation(IExecutionContext executionContext)
        {
            var name = executionContext.RequestContext.RequestName ?? "Request";
            return name.EndsWith("Request", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Request".Length) : name;
        }

        public override void InvokeSync(IExecutionContext executionContext)
        {
            var stopwatch = Stopwatch.StartNew();
            try
            {
                base.InvokeSync(executionContext);
                Succeeded(executionContext, stopwatch);
            }
            catch (Exception ex)
            {
                Failed(executionContext, stopwatch, ex);
                throw;
            }
        }

        public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            var stopwatch = Stopwatch.StartNew();
            try
            {
                var result = await base.InvokeAsync<T>(executionContext).ConfigureAwait(false);
                Succeeded(executionContext, stopwatch);
                return result;
            }
            catch (Exception ex)
            {
                Failed(executionContext, stopwatch, ex);
                throw;
            }
        }

        private string Prefix(IExecutionContext executionContext, out string operation)
        {
            var attempt = executionContext.RequestContext.Retries + 1;
            SdkHooks.CountAttempt(attempt);
            operation = Operation(executionContext);
            return _context.ServiceName + " " + operation + " " + _context.Region + " attempt " + attempt.ToString(CultureInfo.InvariantCulture) + "/"
                + (executionContext.RequestContext.ClientConfig.MaxErrorRetry + 1).ToString(CultureInfo.InvariantCulture) + ": ";
        }

        private void Succeeded(IExecutionContext executionContext, Stopwatch stopwatch)
        {
            var prefix = Prefix(executionContext, out var operation);
            var status = executionContext.ResponseContext?.HttpResponse != null ? (int)executionContext.ResponseContext.HttpResponse.StatusCode : 200;
            _context.Activity.Verbose(prefix + status.ToString(CultureInfo.InvariantCulture) + " in " + Ms(stopwatch));
            var requestId = executionContext.ResponseContext?.Response?.ResponseMetadata?.RequestId;
            if (!string.IsNullOrEmpty(requestId)) _context.Activity.Debug(_context.ServiceName + " " + operation + " request id " + requestId);
        }

        private void Failed(IExecutionContext executionContext, Stopwatch stopwatch, Exception ex)
        {
            if (executionContext.RequestContext.CancellationToken.IsCancellationRequested) return;
            var prefix = Prefix(executionContext, out var operation);
            string outcome;
            if (ex is AmazonServiceException service && service.StatusCode != 0 && !SdkHooks.IsConnectionFailure(service.InnerException))
            {
                outcome = ((int)service.StatusCode).ToString(CultureInfo.InvariantCulture) + " " + (service.ErrorCode ?? "(no code)") + " in " + Ms(stopwatch);
                _context.Activity.Verbose(prefix + outcome);
                if (!string.IsNullOrEmpty(service.RequestId)) _context.Activity.Debug(_context.ServiceName + " " + operation + " request id " + service.RequestId);
                return;
            }
            outcome = SdkHooks.IsTimeout(ex, CancellationToken.None) && !SdkHooks.IsConnectionFailure(ex)
                ? "timed out in " + Ms(stopwatch)
                : "connection failed (" + SdkHooks.Reason(ex) + ") in " + Ms(stopwatch);
            _context.Activity.Verbose(prefix + outcome);
        }

        private static string Ms(Stopwatch stopwatch) => stopwatch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms";
    }

    /// <summary>The session's credentials (including assumed-role ones, refreshed) as AWSSDK credentials.</summary>
    internal sealed class SessionAwsCredentials : AWSCredentials
    {
        private readonly AwsSession _session;

        public SessionAwsCredentials(AwsSession session) { _session = session; }

        public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

        public override async Task<ImmutableCredentials> GetCredentialsAsync()
        {
            var s = await _session.CredentialsAsync(CancellationToken.None).ConfigureAwait(false);
            return new ImmutableCredentials(s.AccessKey, s.SecretKey, s.SessionToken);
        }
    }
}
