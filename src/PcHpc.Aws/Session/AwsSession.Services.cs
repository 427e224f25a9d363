using System;
using System.Threading;
using PcHpc.Aws.Protocols;
using PcHpc.Aws.Services;
using PcHpc.Core.Remote;

namespace PcHpc.Aws.Session
{
    // The service ports; each adapter lives in PcHpc.Aws/Services and goes through ModelInvoker and the session's HTTP client.
    internal sealed partial class AwsSession
    {
        // Adapters are stateless apart from the S3 client; first use publishes one instance (thread-safe, lock-free).
        private ICloudFormation _cloudFormation;
        private IEc2 _ec2;
        private ISsm _ssm;
        private ISts _sts;
        private S3ObjectStore _objectStore;

        public ICloudFormation CloudFormation => LazyInitializer.EnsureInitialized(ref _cloudFormation,
            () => new CloudFormationService(Invoker(ServiceModels.CloudFormation, "CloudFormation", "cloudformation")));

        public IEc2 Ec2 => LazyInitializer.EnsureInitialized(ref _ec2, () => new Ec2Service(Invoker(ServiceModels.Ec2, "EC2", "ec2")));

        public ISsm Ssm => LazyInitializer.EnsureInitialized(ref _ssm, () => new SsmService(Invoker(ServiceModels.Ssm, "SSM", "ssm")));

        public ISts Sts => LazyInitializer.EnsureInitialized(ref _sts, () => new StsService(Invoker(ServiceModels.Sts, "STS", "sts")));

        /// <summary>S3 (its SDK client is created on the first call, not here).</summary>
        public IObjectStore ObjectStore => LazyInitializer.EnsureInitialized(ref _objectStore, () => new S3ObjectStore(this));

        public IParallelClusterApi ParallelClusterApi(Uri invokeUrl) => new ParallelClusterApiClient(this, invokeUrl);

        public IAwsSession AssumeRole(string roleArn, string sessionName) => AssumedRoleCredentialCache.CreateSession(this, roleArn, sessionName);

        private ModelInvoker Invoker(ServiceModel model, string serviceName, string endpointPrefix) =>
            new ModelInvoker(this, model, serviceName, Endpoint(endpointPrefix));
    }
}
