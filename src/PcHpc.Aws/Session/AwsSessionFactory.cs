using System;
using PcHpc.Aws.Credentials;
using PcHpc.Aws.Http;
using PcHpc.Core.Activity;
using PcHpc.Core.Connection;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Session
{
    /// <summary>
    /// The production <see cref="IAwsSessionFactory"/>: resolves credentials and region in the AWS Tools order, then
    /// hands out service ports that all go through one process-wide <see cref="AwsHttpClient"/>.
    /// </summary>
    public sealed class AwsSessionFactory : IAwsSessionFactory
    {
        private static readonly Lazy<AwsHttpClient> SharedHttp = new Lazy<AwsHttpClient>(() => new AwsHttpClient());
        private readonly AwsCredentialResolver _resolver;
        private readonly AwsHttpClient _http;

        public AwsSessionFactory() : this(null, null) { }

        public AwsSessionFactory(AwsCredentialResolver resolver, AwsHttpClient http)
        {
            _resolver = resolver ?? new AwsCredentialResolver();
            _http = http;
        }

        public IAwsSession Create(AwsConnectionOptions options, IActivitySink activity)
        {
            activity = activity ?? NullActivitySink.Instance;
            var credentials = _resolver.ResolveCredentials(options);
            var region = _resolver.ResolveRegion(options, credentials);
            activity.Verbose($"AWS credentials: {credentials.Source}.");
            activity.Verbose($"AWS region: {region.Region} ({region.Source}).");
            if (!string.IsNullOrEmpty(options.EndpointUrl)) activity.Verbose($"AWS endpoint override: {options.EndpointUrl}.");
            return new AwsSession(_http ?? SharedHttp.Value, credentials, region, options.EndpointUrl, activity);
        }
    }
}
