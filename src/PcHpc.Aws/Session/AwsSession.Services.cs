using System;
using PcHpc.Core.Remote;

namespace PcHpc.Aws.Session
{
    // The service ports; each adapter lives in PcHpc.Aws/Services and is built on the session's HTTP client.
    internal sealed partial class AwsSession
    {
        public ICloudFormation CloudFormation => throw NotWired(nameof(CloudFormation));
        public IEc2 Ec2 => throw NotWired(nameof(Ec2));
        public ISsm Ssm => throw NotWired(nameof(Ssm));
        public ISts Sts => throw NotWired(nameof(Sts));
        public IObjectStore ObjectStore => throw NotWired(nameof(ObjectStore));
        public IParallelClusterApi ParallelClusterApi(Uri invokeUrl) => throw NotWired("ParallelClusterApi");

        private static Exception NotWired(string port) => new NotSupportedException(port + " adapter is being wired (AWS access layer).");
    }
}
