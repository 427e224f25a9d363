using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Core.Activity;

namespace PcHpc.Aws.Http
{
    /// <summary>Retry, timeout and test seams of <see cref="AwsHttpClient"/>. Defaults follow the AWS SDKs' standard retry mode.</summary>
    public sealed class AwsHttpClientOptions
    {
        public const int DefaultMaxAttempts = 3;
        public const string MaxAttemptsVariable = "AWS_MAX_ATTEMPTS";

        /// <summary>Attempts per call including the first (standard mode: 3; AWS_MAX_ATTEMPTS overrides).</summary>
        public int MaxAttempts { get; set; } = DefaultMaxAttempts;

        /// <summary>Time allowed for one attempt (send and read the response), distinct from the caller's cancellation.</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Backoff base: delay before retry n is random(0..1) * min(MaxBackoff, BaseDelay * 2^(n-1)).</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

        public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(20);

        /// <summary>Standard-mode retry quota (token bucket) shared by every call of one client; false disables it.</summary>
        public bool UseRetryQuota { get; set; } = true;

        /// <summary>How far the server's Date may be from local time before a skew error is corrected.</summary>
        public TimeSpan ClockSkewThreshold { get; set; } = TimeSpan.FromMinutes(4);

        public string UserAgent { get; set; } = "pchpc/" + typeof(AwsHttpClientOptions).Assembly.GetName().Version;

        /// <summary>Sink used when a call carries none.</summary>
        public IActivitySink Activity { get; set; } = NullActivitySink.Instance;

        // Seams for tests: wall clock, jitter source in [0,1), and the backoff sleep.
        public Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;
        public Func<double> Random { get; set; } = CreateRandom();
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (d, ct) => Task.Delay(d, ct);

        /// <summary>Defaults with AWS_MAX_ATTEMPTS applied when it holds a positive whole number.</summary>
        public static AwsHttpClientOptions FromEnvironment(Func<string, string> getVariable = null)
        {
            getVariable = getVariable ?? Environment.GetEnvironmentVariable;
            var options = new AwsHttpClientOptions();
            var raw = getVariable(MaxAttemptsVariable);
            if (!string.IsNullOrWhiteSpace(raw) && int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1)
            {
                options.MaxAttempts = n;
            }
            return options;
        }

        private static Func<double> CreateRandom()
        {
            var random = new Random();
            var gate = new object();
            return () => { lock (gate) return random.NextDouble(); };
        }
    }
}
