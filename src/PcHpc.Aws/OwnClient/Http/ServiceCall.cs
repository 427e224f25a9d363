using System;
using System.Threading;
using System.Threading.Tasks;
using PcHpc.Aws.Signing;
using PcHpc.Core.Activity;

namespace PcHpc.Aws.Http
{
    /// <summary>One AWS operation to send through <see cref="AwsHttpClient"/>: who, where, what and how to read errors.</summary>
    public sealed class ServiceCall
    {
        /// <summary>Name used in the SigV4 credential scope (ec2, cloudformation, ssm, sts, execute-api, s3) and to pick retry rules.</summary>
        public string SigningName { get; set; }

        /// <summary>Name users read in messages (EC2, CloudFormation, SSM, STS, ParallelCluster).</summary>
        public string ServiceName { get; set; }

        public string Operation { get; set; }

        public string Region { get; set; }

        /// <summary>Base URI (scheme, host, port and an optional base path such as an API Gateway stage, e.g. https://x.execute-api.us-east-1.amazonaws.com/prod).</summary>
        public Uri Endpoint { get; set; }

        /// <summary>The serialized request; its Path is appended to the endpoint's base path. It is copied and signed afresh for each attempt.</summary>
        public AwsHttpRequest Request { get; set; }

        /// <summary>The protocol's error parser; when it returns nothing (or no code) the fallback parser fills in.</summary>
        public IProtocolErrorParser ErrorParser { get; set; }

        /// <summary>Gets credentials for an attempt (called before every attempt so refreshed credentials are picked up).</summary>
        public Func<CancellationToken, Task<AwsCredentialsSnapshot>> Credentials { get; set; }

        /// <summary>Where the per-attempt verbose/debug lines go; null uses the client's sink.</summary>
        public IActivitySink Activity { get; set; }

        /// <summary>Errors this call must not retry although the standard rules would (e.g. a 504 on a non-idempotent create); null for none.</summary>
        public Func<AwsServiceError, bool> DoNotRetry { get; set; }

        /// <summary>
        /// The call changes something and carries no idempotency token: only throttling is retried here. After any other
        /// failure (5xx, reset, timeout) the service may have acted, so the caller checks before sending it again.
        /// </summary>
        public bool NotIdempotent { get; set; }

        internal string DisplayService => string.IsNullOrEmpty(ServiceName) ? SigningName : ServiceName;
    }
}
