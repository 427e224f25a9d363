using System;
using System.Threading;
using PcHpc.Aws.Protocols;
using PcHpc.Aws.Services;
using PcHpc.Core.Ports;

namespace PcHpc.Aws.Session
{
    // The service ports: CloudFormation and the ParallelCluster API on our own client (ModelInvoker), EC2/SSM/STS/S3 on AWSSDK clients.
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

        // EC2, SSM and STS: AWSSDK clients of this session (built on first use, disposed with the session).
        public IEc2 Ec2 => Lazy(ref _ec2, () => new Ec2Service(new AwsSdk.Ec2Client(this)));

        public ISsm Ssm => Lazy(ref _ssm, () => new SsmService(new AwsSdk.SsmClient(this)));

        public ISts Sts => Lazy(ref _sts, () => new StsService(new AwsSdk.StsClient(this)));

        /// <summary>S3 (its SDK client is created on the first call, not here).</summary>
        public IObjectStore ObjectStore => LazyInitializer.EnsureInitialized(ref _objectStore, () => new S3ObjectStore(this));

        public IBucketStore Buckets => (S3ObjectStore)ObjectStore;

        public IParallelClusterApi ParallelClusterApi(Uri invokeUrl) => new ParallelClusterApiClient(this, invokeUrl);

        public IAwsSession AssumeRole(string roleArn, string sessionName) => AssumedRoleCredentialCache.CreateSession(this, roleArn, sessionName);

        private readonly object _gate = new object();

        /// <summary>One instance per session (SDK clients are not free to build, so never two).</summary>
        private T Lazy<T>(ref T field, Func<T> create) where T : class
        {
            if (field != null) return field;
            lock (_gate) return field ?? (field = create());
        }

        private void DisposeClients()
        {
            (_ec2 as IDisposable)?.Dispose();
            (_ssm as IDisposable)?.Dispose();
            (_sts as IDisposable)?.Dispose();
        }

        private ModelInvoker Invoker(ServiceModel model, string serviceName, string endpointPrefix) =>
            new ModelInvoker(this, model, serviceName, Endpoint(endpointPrefix));
    }
}
