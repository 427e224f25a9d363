using System;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Credentials;
using PcHpc.Aws.Http;
using PcHpc.Aws.Signing;
using PcHpc.Core.Activity;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Session
{
    /// <summary>One region, one set of credentials, and the service ports built on them.</summary>
    internal sealed partial class AwsSession : IAwsSession
    {
        private readonly Func<CancellationToken, Task<AwsCredentialsSnapshot>> _credentials;
        private readonly string _endpointOverride;

        public AwsSession(AwsHttpClient http, CredentialResolution credentials, RegionResolution region, string endpointOverride, IActivitySink activity)
            : this(http, FromResolution(credentials), region.Region, region.Source, credentials.Source, endpointOverride, activity)
        {
        }

        internal AwsSession(AwsHttpClient http, Func<CancellationToken, Task<AwsCredentialsSnapshot>> credentials, string region, string regionSource,
            string credentialSource, string endpointOverride, IActivitySink activity)
        {
            Http = http ?? throw new ArgumentNullException(nameof(http));
            _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
            Region = region;
            RegionSource = regionSource;
            CredentialSource = credentialSource;
            _endpointOverride = string.IsNullOrEmpty(endpointOverride) ? null : endpointOverride;
            Activity = activity ?? NullActivitySink.Instance;
        }

        public string Region { get; }
        public string RegionSource { get; }
        public string CredentialSource { get; }
        internal AwsHttpClient Http { get; }
        internal IActivitySink Activity { get; }

        /// <summary>Clock used to decide when assumed-role credentials need refreshing (a seam for tests).</summary>
        internal Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        /// <summary>Fresh credentials for each signing (refreshing providers refresh themselves).</summary>
        internal Task<AwsCredentialsSnapshot> CredentialsAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return _credentials(cancellationToken);
        }

        private static Func<CancellationToken, Task<AwsCredentialsSnapshot>> FromResolution(CredentialResolution resolution) => async ct =>
        {
            var immutable = await resolution.Credentials.GetCredentialsAsync().ConfigureAwait(false);
            return new AwsCredentialsSnapshot(immutable.AccessKey, immutable.SecretKey, string.IsNullOrEmpty(immutable.Token) ? null : immutable.Token);
        };

        /// <summary>The service endpoint: -EndpointUrl when given (tests, private endpoints), else the regional one.</summary>
        internal Uri Endpoint(string endpointPrefix)
        {
            if (_endpointOverride != null) return new Uri(_endpointOverride);
            var suffix = Region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
            return new Uri($"https://{endpointPrefix}.{Region}.{suffix}");
        }

        /// <summary>The -EndpointUrl override, or null.</summary>
        internal string EndpointOverride => _endpointOverride;

        public void Dispose()
        {
            _objectStore?.Dispose();
            DisposeClients();
        }
    }
}
