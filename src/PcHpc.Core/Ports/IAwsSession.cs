using System;
using PcHpc.Core.Activity;

using PcHpc.Core.Connection;

namespace PcHpc.Core.Ports
{
    /// <summary>
    /// A resolved connection to AWS: one region, one set of credentials, and the service ports built on them.
    /// Features (network, cluster lifecycle, jobs) are written against these ports only; the adapter behind them
    /// (PcHpc.Aws) owns signing, retries, pagination and wire formats. Ports are cheap to get and safe to share
    /// between threads for the lifetime of the session.
    /// </summary>
    public interface IAwsSession : IDisposable
    {
        /// <summary>The AWS region every call of this session goes to, e.g. "us-east-1".</summary>
        string Region { get; }

        /// <summary>Where the region came from, for -Verbose: "parameter", "session ($StoredAWSRegion)", "profile", "environment", ...</summary>
        string RegionSource { get; }

        /// <summary>Where the credentials came from, for -Verbose: "parameters", "profile 'x'", "environment", "session", "instance role", ...</summary>
        string CredentialSource { get; }

        /// <summary>CloudFormation in <see cref="Region"/>.</summary>
        ICloudFormation CloudFormation { get; }

        /// <summary>EC2 describe calls in <see cref="Region"/>.</summary>
        IEc2 Ec2 { get; }

        /// <summary>Systems Manager Run Command in <see cref="Region"/>.</summary>
        ISsm Ssm { get; }

        /// <summary>STS (caller identity).</summary>
        ISts Sts { get; }

        /// <summary>S3 object access (bucket is a per-call argument).</summary>
        IObjectStore ObjectStore { get; }

        /// <summary>S3 bucket creation and existence checks (staging bootstrap scripts).</summary>
        IBucketStore Buckets { get; }

        /// <summary>
        /// The ParallelCluster REST API reachable at <paramref name="invokeUrl"/> (the API Gateway stage URL, e.g.
        /// https://abc.execute-api.us-east-1.amazonaws.com/prod), signed with this session's credentials for service "execute-api".
        /// </summary>
        IParallelClusterApi ParallelClusterApi(Uri invokeUrl);

        /// <summary>
        /// A session in the same region that signs with the credentials of <paramref name="roleArn"/> (STS AssumeRole
        /// with this session's credentials), refreshed shortly (5 minutes) before they expire and cached per
        /// (source identity, role) for the process. The role is assumed on first use, not here.
        /// Used for the ParallelCluster API, whose resource policy admits only ParallelClusterApiUserRole.
        /// </summary>
        IAwsSession AssumeRole(string roleArn, string sessionName);
    }

    /// <summary>Turns what the user said (<see cref="AwsConnectionOptions"/>) into a live <see cref="IAwsSession"/>.</summary>
    public interface IAwsSessionFactory
    {
        /// <summary>
        /// Resolves region and credentials (parameters, then session defaults, then profile/environment/instance role).
        /// Throws <see cref="Errors.PcHpcException"/> (Authentication / InvalidArgument) when no region or credentials can be found.
        /// Resolution steps are reported to <paramref name="activity"/> as verbose messages.
        /// </summary>
        IAwsSession Create(AwsConnectionOptions options, IActivitySink activity);
    }

    /// <summary>A key/value tag as used by CloudFormation, EC2 and ParallelCluster.</summary>
    public sealed class ResourceTag
    {
        public ResourceTag() { }
        public ResourceTag(string key, string value) { Key = key; Value = value; }
        public string Key { get; set; }
        public string Value { get; set; }
        public override string ToString() => Key + "=" + Value;
    }
}
