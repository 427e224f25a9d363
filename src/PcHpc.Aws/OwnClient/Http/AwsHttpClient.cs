using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Signing;
using PcHpc.Core.Activity;

namespace PcHpc.Aws.Http
{
    /// <summary>
    /// The one signed HTTP client every AWS call goes through: signs each attempt afresh (AWSSDK.Core's SigV4 signer), retries throttling and
    /// transient failures with exponential backoff and full jitter (standard retry mode, with its retry quota), corrects
    /// clock skew once, enforces a per-attempt timeout, logs one verbose line per attempt, and turns the final failure
    /// into an <see cref="AwsServiceException"/>.
    /// </summary>
    public sealed class AwsHttpClient : IDisposable
    {
        private readonly HttpClient _http;
        private readonly AwsHttpClientOptions _options;
        private readonly RetryQuota _quota;
        private long _clockOffsetTicks;

        public AwsHttpClient(HttpMessageHandler handler = null, AwsHttpClientOptions options = null, bool disposeHandler = true)
        {
            _options = options ?? AwsHttpClientOptions.FromEnvironment();
            if (_options.MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1.");
            _http = handler == null ? new HttpClient() : new HttpClient(handler, disposeHandler);
            _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // we time attempts ourselves
            _quota = new RetryQuota();
        }

        public AwsHttpClientOptions Options => _options;

        /// <summary>The correction added to local time when signing (server time minus local time), learned from skew errors.</summary>
        public TimeSpan ClockOffset
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));
            set => Interlocked.Exchange(ref _clockOffsetTicks, value.Ticks);
        }

        /// <summary>Tokens left in the retry quota (standard mode starts with 500).</summary>
        public int RetryQuotaAvailable => _quota.Available;

        public async Task<AwsHttpResponse> SendAsync(ServiceCall call, CancellationToken cancellationToken = default(CancellationToken))
        {
            Validate(call);
            var sink = call.Activity ?? _options.Activity ?? NullActivitySink.Instance;
            var parser = call.ErrorParser ?? FallbackErrorParser.Instance;
            var maxAttempts = _options.MaxAttempts;
            var url = BuildUrl(call.Endpoint, call.Request, out var wirePath, out var host);
            var skewCorrected = false;
            var attempt = 0;
            var lastRetryCost = 0;

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                attempt++;
                var credentials = await call.Credentials(cancellationToken).ConfigureAwait(false);
                if (credentials == null) throw new InvalidOperationException("The credentials provider returned no credentials.");

                var signed = Copy(call.Request, wirePath);
                var signingTime = _options.UtcNow() + ClockOffset;
                signed.SetHeader("Host", host);
                RequestSigner.Sign(signed, url, call.SigningName, call.Region, credentials, signingTime);

                var stopwatch = Stopwatch.StartNew();
                AwsHttpResponse response = null;
                Exception failure = null;
                var timedOut = false;
                using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    attemptCts.CancelAfter(_options.AttemptTimeout);
                    try
                    {
                        response = await SendOnceAsync(url, signed, attemptCts.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                    catch (OperationCanceledException ex) when (attemptCts.IsCancellationRequested)
                    {
                        failure = ex;
                        timedOut = true;
                    }
                    catch (Exception ex) when (IsConnectionFailure(ex))
                    {
                        if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
                        failure = ex;
                    }
                }
                stopwatch.Stop();
                var ms = stopwatch.ElapsedMilliseconds;
                var prefix = call.DisplayService + " " + call.Operation + " " + call.Region + " attempt " + attempt + "/" + maxAttempts + ": ";

                if (response != null && response.StatusCode < 300)
                {
                    sink.Verbose(prefix + response.StatusCode.ToString(CultureInfo.InvariantCulture) + " in " + ms.ToString(CultureInfo.InvariantCulture) + " ms");
                    LogRequestId(sink, call, FallbackErrorParser.RequestIdOf(response));
                    _quota.Release(lastRetryCost);
                    return response;
                }

                AwsServiceError error = null;
                RetryClass retryClass;
                string outcome;
                if (response != null)
                {
                    error = ParseError(parser, response);
                    retryClass = RetryRules.Classify(call.SigningName, error.Code, response.StatusCode);
                    if (call.DoNotRetry != null && call.DoNotRetry(error)) retryClass = RetryClass.None;
                    outcome = response.StatusCode.ToString(CultureInfo.InvariantCulture) + " " + error.Code + " in " + ms.ToString(CultureInfo.InvariantCulture) + " ms";
                }
                else if (timedOut)
                {
                    retryClass = RetryClass.Transient;
                    outcome = "timed out in " + ms.ToString(CultureInfo.InvariantCulture) + " ms";
                }
                else
                {
                    retryClass = RetryClass.Transient;
                    outcome = "connection failed (" + Innermost(failure).Message.Trim().TrimEnd('.') + ") in " + ms.ToString(CultureInfo.InvariantCulture) + " ms";
                }

                if (call.NotIdempotent && retryClass != RetryClass.Throttling) retryClass = RetryClass.None;

                // Clock skew: re-sign once with the server's time, at once and without using up an attempt.
                if (error != null && !skewCorrected && TryGetSkew(error, response, signingTime, out var serverNow))
                {
                    skewCorrected = true;
                    ClockOffset = serverNow - _options.UtcNow();
                    sink.Verbose(prefix + outcome + "; local clock is off by " + FormatOffset(ClockOffset) + ", signing again with the server's time");
                    LogRequestId(sink, call, error.RequestId);
                    attempt--;
                    continue;
                }

                var cost = timedOut ? RetryQuota.TimeoutRetryCost : RetryQuota.RetryCost;
                var canRetry = retryClass != RetryClass.None && attempt < maxAttempts;
                if (canRetry && _options.UseRetryQuota && !_quota.TryAcquire(cost))
                {
                    canRetry = false;
                    sink.Debug(call.DisplayService + " " + call.Operation + ": retry quota exhausted, not retrying");
                }

                if (!canRetry)
                {
                    sink.Verbose(prefix + outcome);
                    if (error != null)
                    {
                        LogRequestId(sink, call, error.RequestId);
                        throw AwsErrorMapper.FromServiceError(call, error, attempt, retryClass == RetryClass.Throttling);
                    }
                    if (timedOut) throw AwsErrorMapper.Timeout(call, url, attempt, _options.AttemptTimeout, failure);
                    throw AwsErrorMapper.Connection(call, url, attempt, failure);
                }

                lastRetryCost = _options.UseRetryQuota ? cost : 0;
                var delay = BackoffDelay(attempt);
                sink.Verbose(prefix + outcome + "; retrying in " + ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms");
                if (error != null) LogRequestId(sink, call, error.RequestId);
                try
                {
                    await _options.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        /// <summary>Full jitter: random(0..1) * min(MaxBackoff, BaseDelay * 2^(attempt-1)).</summary>
        internal TimeSpan BackoffDelay(int attemptJustFailed)
        {
            var exponent = Math.Min(attemptJustFailed - 1, 30);
            var ceiling = Math.Min(_options.MaxBackoff.TotalMilliseconds, _options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
            var r = _options.Random();
            if (r < 0) r = 0;
            if (r >= 1) r = 0.999999;
            return TimeSpan.FromMilliseconds(r * ceiling);
        }

        private bool TryGetSkew(AwsServiceError error, AwsHttpResponse response, DateTime signingTime, out DateTime serverNow)
        {
            serverNow = default(DateTime);
            var code = error.Code ?? string.Empty;
            var message = error.Message ?? string.Empty;
            var skewCode = code == "RequestTimeTooSkewed" || code == "RequestExpired" || code == "RequestInTheFuture"
                || code == "SignatureDoesNotMatch" || code == "AuthFailure"
                || (code == "InvalidSignatureException" && (message.IndexOf("Signature expired", StringComparison.OrdinalIgnoreCase) >= 0
                    || message.IndexOf("not yet current", StringComparison.OrdinalIgnoreCase) >= 0));
            if (!skewCode) return false;
            if (!response.Headers.TryGetValue("Date", out var date) || string.IsNullOrEmpty(date)) return false;
            if (!DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var server)) return false;
            serverNow = server.UtcDateTime;
            var skew = serverNow - signingTime;
            return skew.Duration() >= _options.ClockSkewThreshold;
        }

        private static string FormatOffset(TimeSpan offset)
        {
            var sign = offset < TimeSpan.Zero ? "-" : "+";
            return sign + ((long)offset.Duration().TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s";
        }

        private static void LogRequestId(IActivitySink sink, ServiceCall call, string requestId)
        {
            if (!string.IsNullOrEmpty(requestId)) sink.Debug(call.DisplayService + " " + call.Operation + " request id " + requestId);
        }

        private static AwsServiceError ParseError(IProtocolErrorParser parser, AwsHttpResponse response)
        {
            AwsServiceError error = null;
            try { error = parser.Parse(response); }
            catch (Exception) { error = null; } // a parser that chokes on an odd body must not hide the status
            var fallback = FallbackErrorParser.Instance.Parse(response);
            if (error == null) return fallback;
            if (error.StatusCode == 0) error.StatusCode = response.StatusCode;
            if (string.IsNullOrEmpty(error.Code)) error.Code = fallback.Code;
            if (string.IsNullOrEmpty(error.Message)) error.Message = fallback.Message;
            if (string.IsNullOrEmpty(error.RequestId)) error.RequestId = fallback.RequestId;
            if (error.RawBody == null) error.RawBody = fallback.RawBody;
            return error;
        }

        private async Task<AwsHttpResponse> SendOnceAsync(Uri url, AwsHttpRequest signed, CancellationToken token)
        {
            using (var message = new HttpRequestMessage(new HttpMethod(signed.Method), url))
            {
                var hasBody = signed.Body != null && signed.Body.Length > 0;
                if (hasBody || signed.Method == "POST" || signed.Method == "PUT" || signed.Method == "PATCH")
                {
                    message.Content = new ByteArrayContent(signed.Body ?? Array.Empty<byte>());
                }
                foreach (var h in signed.Headers)
                {
                    if (string.Equals(h.Key, "Host", StringComparison.OrdinalIgnoreCase))
                    {
                        message.Headers.Host = h.Value;
                        continue;
                    }
                    if (string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
                    if (!message.Headers.TryAddWithoutValidation(h.Key, h.Value))
                    {
                        // A content header (Content-Type, Content-MD5, ...): it was signed, so it must be sent even without a body.
                        if (message.Content == null) message.Content = new ByteArrayContent(Array.Empty<byte>());
                        message.Content.Headers.Remove(h.Key);
                        message.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
                    }
                }
                if (!string.IsNullOrEmpty(_options.UserAgent) && signed.GetHeader("User-Agent") == null)
                {
                    message.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
                }

                using (var httpResponse = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false))
                {
                    var response = new AwsHttpResponse { StatusCode = (int)httpResponse.StatusCode };
                    foreach (var h in httpResponse.Headers) response.Headers[h.Key] = string.Join(",", h.Value);
                    if (httpResponse.Content != null)
                    {
                        foreach (var h in httpResponse.Content.Headers) response.Headers[h.Key] = string.Join(",", h.Value);
                        response.Body = await httpResponse.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    }
                    if (!response.Headers.ContainsKey("Date") && httpResponse.Headers.Date.HasValue)
                    {
                        response.Headers["Date"] = httpResponse.Headers.Date.Value.ToString("r", CultureInfo.InvariantCulture);
                    }
                    return response;
                }
            }
        }

        private static bool IsConnectionFailure(Exception ex) =>
            ex is HttpRequestException || ex is IOException || ex is SocketException
            || (ex.InnerException != null && IsConnectionFailure(ex.InnerException));

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e;
        }

        /// <summary>Endpoint base path + request path, and the query encoded in order; also the Host header value.</summary>
        internal static Uri BuildUrl(Uri endpoint, AwsHttpRequest request, out string wirePath, out string host)
        {
            var basePath = endpoint.AbsolutePath.TrimEnd('/');
            var path = string.IsNullOrEmpty(request.Path) ? "/" : request.Path;
            if (path[0] != '/') path = "/" + path;
            wirePath = basePath + path;
            var hostName = endpoint.Host;
            // The endpoint trait's host prefix goes in front of a DNS host name; never in front of an IP literal or localhost
            // (loopback fakes and private endpoints given with -EndpointUrl), as the AWS CLI's inject_host_prefix does not either.
            if (!string.IsNullOrEmpty(request.HostPrefix) && endpoint.HostNameType == UriHostNameType.Dns
                && !string.Equals(hostName, "localhost", StringComparison.OrdinalIgnoreCase))
                hostName = request.HostPrefix + hostName;
            host = endpoint.IsDefaultPort ? hostName : hostName + ":" + endpoint.Port.ToString(CultureInfo.InvariantCulture);
            var sb = new StringBuilder();
            sb.Append(endpoint.Scheme).Append("://").Append(host).Append(wirePath);
            var first = true;
            foreach (var q in request.Query)
            {
                sb.Append(first ? '?' : '&');
                first = false;
                sb.Append(RequestSigner.UriEncode(q.Key ?? string.Empty)).Append('=').Append(RequestSigner.UriEncode(q.Value ?? string.Empty));
            }
            return new Uri(sb.ToString());
        }

        private static AwsHttpRequest Copy(AwsHttpRequest source, string wirePath)
        {
            var copy = new AwsHttpRequest { Method = source.Method, Path = wirePath, Body = source.Body ?? Array.Empty<byte>() };
            copy.Query.AddRange(source.Query);
            copy.Headers.AddRange(source.Headers);
            return copy;
        }

        private static void Validate(ServiceCall call)
        {
            if (call == null) throw new ArgumentNullException(nameof(call));
            if (call.Request == null) throw new ArgumentException("The call has no request.", nameof(call));
            if (call.Endpoint == null || !call.Endpoint.IsAbsoluteUri) throw new ArgumentException("The call needs an absolute endpoint URI.", nameof(call));
            if (call.Credentials == null) throw new ArgumentException("The call has no credentials provider.", nameof(call));
            if (string.IsNullOrEmpty(call.SigningName)) throw new ArgumentException("The call has no signing name.", nameof(call));
            if (string.IsNullOrEmpty(call.Region)) throw new ArgumentException("The call has no region.", nameof(call));
        }

        public void Dispose() => _http.Dispose();

        /// <summary>The standard retry mode's token bucket: retries spend tokens, successes give some back.</summary>
        private sealed class RetryQuota
        {
            public const int Capacity = 500;
            public const int RetryCost = 5;
            public const int TimeoutRetryCost = 10;
            public const int NoRetryIncrement = 1;
            private int _available = Capacity;
            private readonly object _gate = new object();

            public int Available { get { lock (_gate) return _available; } }

            public bool TryAcquire(int cost)
            {
                lock (_gate)
                {
                    if (_available < cost) return false;
                    _available -= cost;
                    return true;
                }
            }

            /// <summary>After a success: give back what the last retry cost, or one token when it needed none.</summary>
            public void Release(int lastRetryCost)
            {
                lock (_gate)
                {
                    _available = Math.Min(Capacity, _available + (lastRetryCost > 0 ? lastRetryCost : NoRetryIncrement));
                }
            }
        }
    }
}
